// Awaitable shapes for the coro-unawaited and coro-lock-across-suspend tests:
// lazy and eager tasks, awaiters, awaitables with an operator co_await,
// futures, a generator and mutexes (no runtime needed).
#pragma once
#include "task.h"

#include <chrono>
#include <coroutine>
#include <exception>
#include <mutex>

namespace unblock {
// Stand-ins for the runtime's sleep awaitables.
struct sleep_awaitable {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
inline sleep_awaitable sleep_for(std::chrono::milliseconds) { return {}; }
} // namespace unblock

namespace shapes {

// A lazy task whose initial awaiter is not std::suspend_always but whose
// await_ready is a constant false.
struct start_later {
  constexpr bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
struct lazy_job {
  struct promise_type {
    lazy_job get_return_object() { return {}; }
    start_later initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

// A task whose promise_type is an alias of a template defined elsewhere, its
// initial_suspend inherited from a base (the runtime's shape).
template <class T> struct promise_base {
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void unhandled_exception() { std::terminate(); }
};
template <class T> struct aliased_task;
template <class T> struct aliased_promise : promise_base<T> {
  aliased_task<T> get_return_object();
  void return_value(T) {}
};
template <class T> struct aliased_task {
  using promise_type = aliased_promise<T>;
  demo::yield_awaiter operator co_await() const noexcept { return {}; }
};
template <class T> aliased_task<T> aliased_promise<T>::get_return_object() {
  return {};
}

// A task template whose promise's initial_suspend returns auto: lazy, known
// from the body even when no coroutine returning it is defined here.
template <class T> struct deduced_task {
  struct promise_type {
    deduced_task get_return_object() { return {}; }
    auto initial_suspend() noexcept { return std::suspend_always{}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T) {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() const noexcept { return T{}; }
};

// Eager: started by the call (fire-and-forget), not [[nodiscard]].
struct fire_and_forget {
  struct promise_type {
    fire_and_forget get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};

// Eager and [[nodiscard]]: its result is meant to be awaited.
struct [[nodiscard]] eager_task {
  struct promise_type {
    eager_task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

// Whether it starts at once is decided at run time: not provably lazy.
struct maybe_later {
  bool ready;
  bool await_ready() const noexcept { return ready; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
struct maybe_eager {
  struct promise_type {
    maybe_eager get_return_object() { return {}; }
    maybe_later initial_suspend() noexcept { return {true}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};

// A pure awaiter: switches the awaiting coroutine to an executor.
struct executor {};
struct resume_on {
  explicit resume_on(executor &) {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

// Awaitable through a member operator co_await.
struct all_ready {
  demo::yield_awaiter operator co_await() const noexcept { return {}; }
};
all_ready when_all_ready(demo::task<>, demo::task<>);

// Awaitable through a free operator co_await found by ADL, and through a
// hidden friend.
struct signal {};
demo::yield_awaiter operator co_await(signal);
signal raise_signal();
struct ticket {
  friend demo::yield_awaiter operator co_await(ticket) { return {}; }
};
ticket take_ticket();

// A future: the work has started; awaitable, not [[nodiscard]].
template <class T> struct future {
  demo::yield_awaiter operator co_await() const noexcept { return {}; }
};
future<int> start_download();

// when_all written as an operator: the result is awaitable.
all_ready operator&&(demo::task<>, demo::task<>);

// spawn takes the task over and starts it; the handle it returns is an
// awaiter, but dropping it is fire-and-forget.
struct join_handle {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
join_handle spawn(demo::task<>);

// A generator (co_yield suspends).
template <class T> struct generator {
  struct promise_type {
    generator get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T) noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};

// Mutexes and guards for the lock tests.
struct spin_lock {
  void lock() {}
  void unlock() {}
  bool try_lock() { return true; }
};
struct __attribute__((capability("mutex"))) annotated_mutex {
  void lock() __attribute__((acquire_capability())) {}
  void unlock() __attribute__((release_capability())) {}
};
class __attribute__((scoped_lockable)) mutex_lock {
public:
  explicit mutex_lock(annotated_mutex &m) __attribute__((acquire_capability(m)))
      : m_(m) {
    m_.lock();
  }
  ~mutex_lock() __attribute__((release_capability())) { m_.unlock(); }

private:
  annotated_mutex &m_;
};
// A guard for any mutex, and a guard named like a spin lock.
class __attribute__((scoped_lockable)) any_guard {
public:
  template <class M> explicit any_guard(M &) {}
  ~any_guard() {}
};
class __attribute__((scoped_lockable)) SpinGuard {
public:
  explicit SpinGuard(std::mutex &) {}
  ~SpinGuard() {}
};
// A guard class of a project, named in the LockTypes option.
class project_guard {
public:
  explicit project_guard(std::mutex &m) : m_(m) { m_.lock(); }
  ~project_guard() { m_.unlock(); }

private:
  std::mutex &m_;
};

// A coroutine-aware mutex whose lock() awaitable yields a std::unique_lock
// (folly's shape), and a condition variable that releases the lock while
// the waiter is suspended.
struct coro_mutex {
  struct lock_awaiter {
    coro_mutex &m;
    bool await_ready() const noexcept { return true; }
    void await_suspend(std::coroutine_handle<>) const noexcept {}
    std::unique_lock<coro_mutex> await_resume() const noexcept {
      return std::unique_lock<coro_mutex>(m, std::adopt_lock);
    }
  };
  lock_awaiter scoped_lock() { return {*this}; }
  void lock() {}
  void unlock() {}
};
struct condition_variable {
  demo::yield_awaiter wait(std::unique_lock<std::mutex> &) { return {}; }
};

} // namespace shapes

// cppcoro's async mutex: adopted into a std::lock_guard after co_await.
namespace cppcoro {
struct async_mutex {
  demo::yield_awaiter lock_async() { return {}; }
  void unlock() {}
};
} // namespace cppcoro
