// Stand-in for the part of Asio that coroutine servers use: io_context,
// thread_pool, awaitable<T> with use_awaitable, co_spawn/detached, post,
// steady_timer, and TCP sockets/acceptor/resolver with both the
// synchronous (blocking) and the async_* (awaited) member functions. Class
// and function names follow Asio's, so unblock's catalog applies as it
// would to the real headers. Bodies are minimal: this is for analysis.
#pragma once

#include <cerrno>
#include <chrono>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <sys/ioctl.h>
#include <functional>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace asio {

using error_code = std::error_code;

namespace error {
// Asio's own error values, compared against error codes built from errno.
enum basic_errors { interrupted = EINTR, would_block = EWOULDBLOCK, try_again = EAGAIN };
inline const std::error_category &get_system_category() { return std::system_category(); }
inline std::error_code make_error_code(basic_errors e) { return {static_cast<int>(e), std::system_category()}; }
} // namespace error

class io_context;

class any_io_executor {
public:
  any_io_executor() = default;
  explicit any_io_executor(std::function<void(std::function<void()>)> post) : post_(std::move(post)) {}
  void execute(std::function<void()> f) const {
    if (post_)
      post_(std::move(f));
  }

private:
  std::function<void(std::function<void()>)> post_;
};

template <typename T = void> class awaitable;

namespace detail {
struct awaitable_promise_base {
  std::coroutine_handle<> continuation{std::noop_coroutine()};
  std::exception_ptr error;
  std::suspend_always initial_suspend() noexcept { return {}; }
  struct final_awaiter {
    bool await_ready() noexcept { return false; }
    template <typename P> std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
      return h.promise().continuation;
    }
    void await_resume() noexcept {}
  };
  final_awaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() { error = std::current_exception(); }
};
template <typename T> struct awaitable_promise : awaitable_promise_base {
  std::optional<T> value;
  awaitable<T> get_return_object();
  template <typename U> void return_value(U &&v) { value.emplace(std::forward<U>(v)); }
};
template <> struct awaitable_promise<void> : awaitable_promise_base {
  awaitable<void> get_return_object();
  void return_void() {}
};
} // namespace detail

// The return type of Asio coroutines; lazy, awaited with co_await.
template <typename T> class [[nodiscard]] awaitable {
public:
  using promise_type = detail::awaitable_promise<T>;
  explicit awaitable(std::coroutine_handle<promise_type> h) : h_(h) {}
  awaitable(awaitable &&o) noexcept : h_(std::exchange(o.h_, {})) {}
  ~awaitable() {
    if (h_)
      h_.destroy();
  }
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) {
    h_.promise().continuation = c;
    return h_;
  }
  T await_resume() {
    if (h_.promise().error)
      std::rethrow_exception(h_.promise().error);
    if constexpr (!std::is_void_v<T>)
      return std::move(*h_.promise().value);
  }
  std::coroutine_handle<promise_type> release() { return std::exchange(h_, {}); }

private:
  std::coroutine_handle<promise_type> h_;
};

namespace detail {
template <typename T> awaitable<T> awaitable_promise<T>::get_return_object() {
  return awaitable<T>{std::coroutine_handle<awaitable_promise<T>>::from_promise(*this)};
}
inline awaitable<void> awaitable_promise<void>::get_return_object() {
  return awaitable<void>{std::coroutine_handle<awaitable_promise<void>>::from_promise(*this)};
}
} // namespace detail

struct use_awaitable_t {};
inline constexpr use_awaitable_t use_awaitable{};
struct detached_t {};
inline constexpr detached_t detached{};

// Completes an async operation: the awaiting coroutine resumes through the
// executor when the operation finishes.
template <typename T> struct async_result_awaiter {
  std::function<void(std::function<void(T)>)> start;
  std::optional<T> value;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    start([this, h](T v) {
      value.emplace(std::move(v));
      h.resume();
    });
  }
  T await_resume() { return std::move(*value); }
};

class io_context {
public:
  using executor_type = any_io_executor;
  executor_type get_executor() {
    return any_io_executor{[this](std::function<void()> f) { queue_.push_back(std::move(f)); }};
  }
  // Runs handlers until there is no more work.
  std::size_t run() {
    std::size_t n = 0;
    while (!queue_.empty()) {
      auto f = std::move(queue_.front());
      queue_.erase(queue_.begin());
      f();
      ++n;
    }
    return n;
  }

private:
  std::vector<std::function<void()>> queue_;
};

class thread_pool {
public:
  explicit thread_pool(std::size_t threads = 4) : threads_(threads) {}
  using executor_type = any_io_executor;
  executor_type get_executor() {
    return any_io_executor{[](std::function<void()> f) { std::thread(std::move(f)).detach(); }};
  }
  void join() {}
  std::size_t size() const noexcept { return threads_; }

private:
  std::size_t threads_;
};

// co_await post(ex, use_awaitable): resumes the coroutine on `ex`.
struct post_awaiter {
  any_io_executor ex;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) { ex.execute([h] { h.resume(); }); }
  void await_resume() const noexcept {}
};
inline post_awaiter post(any_io_executor ex, use_awaitable_t) { return post_awaiter{std::move(ex)}; }
inline post_awaiter dispatch(any_io_executor ex, use_awaitable_t) { return post_awaiter{std::move(ex)}; }
// A completion token bound to an executor: the operation completes there.
template <class Executor, class Token> struct executor_binder {
  Executor ex;
  Token token;
};
template <class Token> executor_binder<any_io_executor, Token> bind_executor(thread_pool &pool, Token t) {
  return {pool.get_executor(), t};
}
template <class Token> post_awaiter post(executor_binder<any_io_executor, Token> b) { return post_awaiter{std::move(b.ex)}; }

template <typename T> void co_spawn(any_io_executor ex, awaitable<T> a, detached_t) {
  auto h = a.release();
  ex.execute([h] { h.resume(); });
}
template <typename Ctx, typename T> void co_spawn(Ctx &ctx, awaitable<T> a, detached_t) {
  co_spawn(ctx.get_executor(), std::move(a), detached);
}

namespace this_coro {
struct executor_t {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  any_io_executor await_resume() const noexcept { return {}; }
};
inline constexpr executor_t executor{};
} // namespace this_coro

struct mutable_buffer {
  void *data;
  std::size_t size;
};
inline mutable_buffer buffer(void *p, std::size_t n) { return {p, n}; }
template <typename C> mutable_buffer buffer(C &c) { return {c.data(), c.size()}; }

class steady_timer {
public:
  explicit steady_timer(any_io_executor ex) : ex_(std::move(ex)) {}
  void expires_after(std::chrono::milliseconds d) { d_ = d; }
  async_result_awaiter<std::error_code> async_wait(use_awaitable_t) {
    return {[ex = ex_](std::function<void(std::error_code)> done) { ex.execute([done] { done({}); }); }};
  }
  // Blocks until the timer expires.
  void wait() { std::this_thread::sleep_for(d_); }

private:
  any_io_executor ex_;
  std::chrono::milliseconds d_{0};
};

template <typename Protocol> class basic_socket {
public:
  explicit basic_socket(any_io_executor ex) : ex_(std::move(ex)) {}
  void connect(const typename Protocol::endpoint &) {}
  async_result_awaiter<std::error_code> async_connect(const typename Protocol::endpoint &, use_awaitable_t) {
    return {[ex = ex_](std::function<void(std::error_code)> done) { ex.execute([done] { done({}); }); }};
  }
  void close() {}

  int native_handle() const noexcept { return fd_; }
  bool native_non_blocking() const noexcept { return non_blocking_; }
  // Puts the descriptor itself in O_NONBLOCK mode.
  void native_non_blocking(bool on) {
    int arg = on ? 1 : 0;
    ::ioctl(fd_, FIONBIO, &arg); // as asio::detail::socket_ops does
    non_blocking_ = on;
  }
  void native_non_blocking(bool on, std::error_code &ec) {
    native_non_blocking(on);
    ec = {};
  }

  enum wait_type { wait_read, wait_write };
  // Resumes the awaiting coroutine when the socket is ready.
  async_result_awaiter<std::error_code> async_wait(wait_type, use_awaitable_t) {
    return {[ex = ex_](std::function<void(std::error_code)> done) { ex.execute([done] { done({}); }); }};
  }
  // Callback form: calls `handler(error_code)` when the socket is ready.
  template <typename Handler> void async_wait(wait_type, Handler handler) {
    ex_.execute([handler]() mutable { handler(std::error_code{}); });
  }

protected:
  any_io_executor ex_;
  int fd_ = -1;
  bool non_blocking_ = false;
};

template <typename Protocol> class basic_stream_socket : public basic_socket<Protocol> {
public:
  using basic_socket<Protocol>::basic_socket;
  // Synchronous: waits for data.
  std::size_t read_some(mutable_buffer b) { return b.size; }
  std::size_t write_some(mutable_buffer b) { return b.size; }
  async_result_awaiter<std::size_t> async_read_some(mutable_buffer b, use_awaitable_t) {
    return {[ex = this->ex_, n = b.size](std::function<void(std::size_t)> done) { ex.execute([done, n] { done(n); }); }};
  }
  async_result_awaiter<std::size_t> async_write_some(mutable_buffer b, use_awaitable_t) {
    return {[ex = this->ex_, n = b.size](std::function<void(std::size_t)> done) { ex.execute([done, n] { done(n); }); }};
  }
};

template <typename Protocol> class basic_socket_acceptor {
public:
  basic_socket_acceptor(any_io_executor ex, typename Protocol::endpoint) : ex_(std::move(ex)) {}
  typename Protocol::socket accept() { return typename Protocol::socket{ex_}; }
  async_result_awaiter<typename Protocol::socket *> async_accept(use_awaitable_t) {
    return {[ex = ex_](std::function<void(typename Protocol::socket *)> done) {
      ex.execute([done, ex] { done(new typename Protocol::socket{ex}); });
    }};
  }

private:
  any_io_executor ex_;
};

namespace ip {

template <typename Protocol> class basic_resolver {
public:
  explicit basic_resolver(any_io_executor ex) : ex_(std::move(ex)) {}
  // Synchronous name resolution (getaddrinfo underneath).
  std::vector<typename Protocol::endpoint> resolve(const std::string &, const std::string &) { return {}; }
  async_result_awaiter<std::vector<typename Protocol::endpoint>> async_resolve(const std::string &, const std::string &,
                                                                                 use_awaitable_t) {
    return {[ex = ex_](std::function<void(std::vector<typename Protocol::endpoint>)> done) {
      ex.execute([done] { done({}); });
    }};
  }

private:
  any_io_executor ex_;
};

struct tcp {
  struct endpoint {
    std::string host;
    unsigned short port = 0;
  };
  using socket = basic_stream_socket<tcp>;
  using acceptor = basic_socket_acceptor<tcp>;
  using resolver = basic_resolver<tcp>;
};

} // namespace ip
} // namespace asio

template <> struct std::is_error_code_enum<asio::error::basic_errors> : std::true_type {};
