// Stand-in for async_simple's Lazy, Executor, CurrentExecutor, sleep and
// syncAwait. A Lazy started with .via(ex) runs on that executor; one given
// to syncAwait without an executor runs on the calling thread, where no
// event loop exists.
#pragma once

#include <chrono>
#include <condition_variable>
#include <coroutine>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace async_simple {

class Executor {
public:
  using Func = std::function<void()>;
  using Duration = std::chrono::microseconds;
  virtual ~Executor() = default;
  virtual bool schedule(Func f) = 0;
  virtual void schedule(Func f, Duration d) = 0;

  struct timer_awaiter {
    Executor *ex;
    Duration d;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) {
      ex->schedule([h] { h.resume(); }, d);
    }
    void await_resume() const noexcept {}
  };
  // Resumes the awaiting coroutine on this executor after `d`.
  timer_awaiter after(Duration d) { return timer_awaiter{this, d}; }
};

namespace coro {

template <typename T = void> class Lazy;

namespace detail {

struct LazyPromiseBase {
  Executor *executor = nullptr;
  std::coroutine_handle<> continuation{std::noop_coroutine()};
  std::exception_ptr error;

  struct final_awaiter {
    bool await_ready() noexcept { return false; }
    template <typename P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
      return h.promise().continuation;
    }
    void await_resume() noexcept {}
  };
  std::suspend_always initial_suspend() noexcept { return {}; }
  final_awaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept { error = std::current_exception(); }
};

template <typename T> struct LazyPromise : LazyPromiseBase {
  std::optional<T> value;
  Lazy<T> get_return_object();
  template <typename U> void return_value(U &&v) { value.emplace(std::forward<U>(v)); }
};

template <> struct LazyPromise<void> : LazyPromiseBase {
  Lazy<void> get_return_object();
  void return_void() noexcept {}
};

} // namespace detail

template <typename T> class [[nodiscard]] Lazy {
public:
  using promise_type = detail::LazyPromise<T>;

  explicit Lazy(std::coroutine_handle<promise_type> h) : h_(h) {}
  Lazy(Lazy &&o) noexcept : h_(std::exchange(o.h_, {})) {}
  ~Lazy() {
    if (h_)
      h_.destroy();
  }

  Lazy via(Executor *ex) && {
    h_.promise().executor = ex;
    return std::move(*this);
  }

  bool await_ready() const noexcept { return false; }
  template <typename P>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<P> awaiting) noexcept {
    if (!h_.promise().executor)
      h_.promise().executor = awaiting.promise().executor;
    h_.promise().continuation = awaiting;
    return h_;
  }
  T await_resume() {
    if (h_.promise().error)
      std::rethrow_exception(h_.promise().error);
    if constexpr (!std::is_void_v<T>)
      return std::move(*h_.promise().value);
  }

  std::coroutine_handle<promise_type> handle() const noexcept { return h_; }

private:
  std::coroutine_handle<promise_type> h_;
};

namespace detail {
template <typename T> Lazy<T> LazyPromise<T>::get_return_object() {
  return Lazy<T>{std::coroutine_handle<LazyPromise<T>>::from_promise(*this)};
}
inline Lazy<void> LazyPromise<void>::get_return_object() {
  return Lazy<void>{std::coroutine_handle<LazyPromise<void>>::from_promise(*this)};
}
} // namespace detail

// co_await CurrentExecutor{} gives the executor the Lazy runs on, or null.
struct CurrentExecutor {
  Executor *ex = nullptr;
  bool await_ready() const noexcept { return false; }
  template <typename P> bool await_suspend(std::coroutine_handle<P> h) noexcept {
    ex = h.promise().executor;
    return false;
  }
  Executor *await_resume() const noexcept { return ex; }
};

// Sleeps on the executor's timer; a Lazy without an executor is not on any
// event loop (syncAwait drives it on the calling thread), so it sleeps
// there.
template <typename Rep, typename Period> Lazy<void> sleep(std::chrono::duration<Rep, Period> d) {
  auto ex = co_await CurrentExecutor{};
  if (!ex) {
    std::this_thread::sleep_for(d);
    co_return;
  }
  co_await ex->after(std::chrono::duration_cast<Executor::Duration>(d));
}

// Runs a Lazy to completion on the calling thread.
template <typename T> T syncAwait(Lazy<T> lazy) {
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
  auto driver = [&](Lazy<T> &l) -> Lazy<void> {
    struct notify {
      std::mutex &m;
      std::condition_variable &cv;
      bool &done;
      ~notify() {
        std::lock_guard<std::mutex> lk(m);
        done = true;
        cv.notify_all();
      }
    } n{m, cv, done};
    co_await l;
  };
  auto d = driver(lazy);
  d.handle().promise().executor = lazy.handle().promise().executor;
  d.handle().resume();
  std::unique_lock<std::mutex> lk(m);
  cv.wait(lk, [&] { return done; });
  if constexpr (!std::is_void_v<T>)
    return std::move(*lazy.handle().promise().value);
}

} // namespace coro
} // namespace async_simple
