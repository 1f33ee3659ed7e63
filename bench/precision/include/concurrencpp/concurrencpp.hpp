// Stand-in for concurrencpp's results: result<T> is the return type of an
// *eager* coroutine (it starts at once, on the caller's thread or on an
// executor) and of executor::submit; lazy_result<T> starts only when
// awaited. The promise types are attached through std::coroutine_traits,
// as concurrencpp does. result<T>::get() waits for the value.
#pragma once

#include <condition_variable>
#include <coroutine>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace concurrencpp {

namespace details {

template <typename T> struct shared_state {
  std::mutex m;
  std::condition_variable cv;
  std::optional<T> value;
  std::exception_ptr error;
  std::coroutine_handle<> waiter;
  bool ready = false;

  void complete() {
    std::coroutine_handle<> w;
    {
      std::lock_guard<std::mutex> lk(m);
      ready = true;
      w = waiter;
    }
    cv.notify_all();
    if (w)
      w.resume();
  }
};

struct unit {};

} // namespace details

template <typename T> class result {
  using value_type = std::conditional_t<std::is_void_v<T>, details::unit, T>;

public:
  result() = default;
  explicit result(std::shared_ptr<details::shared_state<value_type>> s) : state_(std::move(s)) {}

  bool valid() const noexcept { return state_ != nullptr; }

  // Blocks the calling thread until the value is there.
  T get() {
    std::unique_lock<std::mutex> lk(state_->m);
    state_->cv.wait(lk, [this] { return state_->ready; });
    if (state_->error)
      std::rethrow_exception(state_->error);
    if constexpr (!std::is_void_v<T>)
      return std::move(*state_->value);
  }

  struct awaiter {
    std::shared_ptr<details::shared_state<value_type>> s;
    bool await_ready() const noexcept { return s->ready; }
    bool await_suspend(std::coroutine_handle<> h) {
      std::lock_guard<std::mutex> lk(s->m);
      if (s->ready)
        return false;
      s->waiter = h;
      return true;
    }
    T await_resume() {
      if (s->error)
        std::rethrow_exception(s->error);
      if constexpr (!std::is_void_v<T>)
        return std::move(*s->value);
    }
  };
  awaiter operator co_await() && { return awaiter{std::move(state_)}; }

  struct resolve_awaiter {
    std::shared_ptr<details::shared_state<value_type>> s;
    bool await_ready() const noexcept { return s->ready; }
    bool await_suspend(std::coroutine_handle<> h) {
      std::lock_guard<std::mutex> lk(s->m);
      if (s->ready)
        return false;
      s->waiter = h;
      return true;
    }
    // The same result, now ready: get() on it returns at once.
    result await_resume() { return result{std::move(s)}; }
  };
  // Waits for the result without taking its value.
  resolve_awaiter resolve() && { return resolve_awaiter{std::move(state_)}; }
  bool ready() const noexcept { return state_ && state_->ready; }

private:
  std::shared_ptr<details::shared_state<value_type>> state_;
};

template <typename T> class lazy_result {
public:
  struct promise_type {
    std::optional<T> value;
    std::coroutine_handle<> continuation;
    lazy_result get_return_object() {
      return lazy_result{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct final_awaiter {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        return h.promise().continuation ? h.promise().continuation : std::noop_coroutine();
      }
      void await_resume() noexcept {}
    };
    final_awaiter final_suspend() noexcept { return {}; }
    void return_value(T v) { value.emplace(std::move(v)); }
    void unhandled_exception() { std::terminate(); }
  };

  explicit lazy_result(std::coroutine_handle<promise_type> h) : h_(h) {}
  lazy_result(lazy_result &&o) noexcept : h_(std::exchange(o.h_, {})) {}
  ~lazy_result() {
    if (h_)
      h_.destroy();
  }
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) {
    h_.promise().continuation = c;
    return h_;
  }
  T await_resume() { return std::move(*h_.promise().value); }

private:
  std::coroutine_handle<promise_type> h_;
};

namespace details {

template <typename T> struct result_promise {
  using value_type = std::conditional_t<std::is_void_v<T>, unit, T>;
  std::shared_ptr<shared_state<value_type>> state = std::make_shared<shared_state<value_type>>();

  result<T> get_return_object() { return result<T>{state}; }
  std::suspend_never initial_suspend() noexcept { return {}; }
  std::suspend_never final_suspend() noexcept { return {}; }
  void unhandled_exception() {
    state->error = std::current_exception();
    state->complete();
  }
};

template <typename T> struct value_promise : result_promise<T> {
  void return_value(T v) {
    this->state->value.emplace(std::move(v));
    this->state->complete();
  }
};

struct void_promise : result_promise<void> {
  void return_void() { this->state->complete(); }
};

} // namespace details

// A pool of threads; submit() runs a callable there and hands back its
// result, post() does not.
class thread_pool_executor {
public:
  template <typename F> auto submit(F f) -> result<std::invoke_result_t<F>> {
    using R = std::invoke_result_t<F>;
    using V = std::conditional_t<std::is_void_v<R>, details::unit, R>;
    auto state = std::make_shared<details::shared_state<V>>();
    std::thread([state, f = std::move(f)]() mutable {
      if constexpr (std::is_void_v<R>)
        f();
      else
        state->value.emplace(f());
      state->complete();
    }).detach();
    return result<R>{state};
  }
  template <typename F> void post(F f) { std::thread(std::move(f)).detach(); }
};

// Moves the awaiting coroutine onto the executor's threads.
template <typename Executor> struct resume_on_awaiter {
  std::shared_ptr<Executor> ex;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) { ex->post([h] { h.resume(); }); }
  void await_resume() const noexcept {}
};
template <typename Executor> resume_on_awaiter<Executor> resume_on(std::shared_ptr<Executor> ex) {
  return resume_on_awaiter<Executor>{std::move(ex)};
}

// A coroutine whose first parameter is executor_tag and second an executor
// starts on that executor (its promise's initial_suspend schedules it).
struct executor_tag {};

class runtime {
public:
  std::shared_ptr<thread_pool_executor> thread_pool_executor() { return pool_; }
  std::shared_ptr<concurrencpp::thread_pool_executor> background_executor() { return background_; }

private:
  std::shared_ptr<concurrencpp::thread_pool_executor> pool_ = std::make_shared<concurrencpp::thread_pool_executor>();
  std::shared_ptr<concurrencpp::thread_pool_executor> background_ = std::make_shared<concurrencpp::thread_pool_executor>();
};

namespace details {

template <typename Base, typename Executor> struct scheduled_promise : Base {
  std::shared_ptr<Executor> executor;
  template <typename... Rest>
  explicit scheduled_promise(executor_tag, std::shared_ptr<Executor> ex, Rest &&...) : executor(std::move(ex)) {}

  struct initial_scheduling_awaiter {
    std::shared_ptr<Executor> ex;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) { ex->post([h] { h.resume(); }); }
    void await_resume() const noexcept {}
  };
  initial_scheduling_awaiter initial_suspend() noexcept { return {executor}; }
};

} // namespace details

} // namespace concurrencpp

template <typename T, typename... Args> struct std::coroutine_traits<concurrencpp::result<T>, Args...> {
  using promise_type = concurrencpp::details::value_promise<T>;
};

template <typename... Args> struct std::coroutine_traits<concurrencpp::result<void>, Args...> {
  using promise_type = concurrencpp::details::void_promise;
};

template <typename T, typename Executor, typename... Args>
struct std::coroutine_traits<concurrencpp::result<T>, concurrencpp::executor_tag, std::shared_ptr<Executor>, Args...> {
  using promise_type = concurrencpp::details::scheduled_promise<concurrencpp::details::value_promise<T>, Executor>;
};

template <typename Executor, typename... Args>
struct std::coroutine_traits<concurrencpp::result<void>, concurrencpp::executor_tag, std::shared_ptr<Executor>, Args...> {
  using promise_type = concurrencpp::details::scheduled_promise<concurrencpp::details::void_promise, Executor>;
};
