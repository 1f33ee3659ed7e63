// A minimal coroutine task for the check tests (no runtime needed).
#pragma once
#include <coroutine>
#include <exception>
#include <utility>

namespace demo {

template <class T = void> struct task;

template <class T> struct task {
  struct promise_type {
    T value{};
    task get_return_object() { return task{}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T v) { value = std::move(v); }
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() const { return T{}; }
};

template <> struct task<void> {
  struct promise_type {
    task get_return_object() { return task{}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

// Stand-ins for an executor: the callable runs elsewhere.
template <class F> task<void> offload(F f) { (void)f; return {}; }
template <class F> void post(F f) { (void)f; }

struct yield_awaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
inline yield_awaiter yield() { return {}; }

} // namespace demo
