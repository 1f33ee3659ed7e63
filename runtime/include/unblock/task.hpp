#pragma once
// task<T>: the runtime's lazy coroutine type.

#include <concepts>
#include <coroutine>
#include <cstdint>
#include <exception>
#include <stdexcept>
#include <stop_token>
#include <type_traits>
#include <utility>

#include "unblock/detail/result.hpp"

namespace unblock {

template <class T = void>
class task;

namespace detail {

/// Promises that carry a stop token which awaited tasks and waits inherit.
template <class P>
concept stop_token_provider = requires(const P& p) {
  { p.get_stop_token() } -> std::convertible_to<std::stop_token>;
};

/// The stop token of the coroutine `h` (empty when its promise has none).
template <class P>
std::stop_token inherited_stop_token(std::coroutine_handle<P> h) noexcept {
  if constexpr (!std::is_void_v<P> && stop_token_provider<P>) {
    return h.promise().get_stop_token();
  } else {
    return {};
  }
}

// How a task was started: inline by its awaiter (which is still on the
// stack, waiting to learn whether the task completed synchronously), or
// asynchronously (its continuation is suspended and must be resumed).
enum class start_mode : std::uint8_t { inline_running, inline_completed, async };

class task_promise_base {
 public:
  std::suspend_always initial_suspend() const noexcept { return {}; }

  struct final_awaiter {
    bool await_ready() const noexcept { return false; }
    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
      task_promise_base& p = h.promise();
      if (p.mode_ == start_mode::inline_running) {
        p.mode_ = start_mode::inline_completed;
        return std::noop_coroutine();
      }
      return p.continuation_;  // symmetric transfer
    }
    void await_resume() const noexcept {}
  };
  final_awaiter final_suspend() const noexcept { return {}; }

  const std::stop_token& get_stop_token() const noexcept { return stop_token_; }

 private:
  template <class>
  friend class task_awaiter;
  friend struct task_access;

  std::coroutine_handle<> continuation_ = std::noop_coroutine();
  std::stop_token stop_token_;
  start_mode mode_ = start_mode::async;
};

template <class T>
class task_promise : public task_promise_base {
 public:
  task<T> get_return_object() noexcept;
  void unhandled_exception() noexcept { result.set_exception(std::current_exception()); }
  template <class U = T>
    requires std::convertible_to<U&&, T>
  void return_value(U&& value) {
    result.set_value(std::forward<U>(value));
  }
  result_slot<T> result;
};

template <>
class task_promise<void> : public task_promise_base {
 public:
  task<void> get_return_object() noexcept;
  void unhandled_exception() noexcept { result.set_exception(std::current_exception()); }
  void return_void() noexcept { result.set_value(); }
  result_slot<void> result;
};

template <class T>
class task_awaiter {
 public:
  explicit task_awaiter(std::coroutine_handle<task_promise<T>> h) noexcept : h_(h) {}

  bool await_ready() const noexcept { return !h_ || h_.done(); }

  // Starts the task inline. If it completes without suspending, the awaiter
  // continues without suspending either (no stack growth however many
  // synchronously completing tasks are awaited in a row); otherwise the task's
  // final_suspend resumes the awaiter by symmetric transfer.
  template <class P>
  bool await_suspend(std::coroutine_handle<P> awaiting) noexcept {
    task_promise_base& p = h_.promise();
    p.continuation_ = awaiting;
    p.stop_token_ = inherited_stop_token(awaiting);
    p.mode_ = start_mode::inline_running;
    h_.resume();
    if (p.mode_ == start_mode::inline_completed) return false;
    p.mode_ = start_mode::async;
    return true;
  }

  T await_resume() {
    if (!h_) throw std::logic_error("unblock::task: awaiting an empty task");
    return h_.promise().result.get();
  }

 private:
  std::coroutine_handle<task_promise<T>> h_;
};

struct task_access;

}  // namespace detail

/// A lazy coroutine producing a T (or void, or a reference). Nothing runs
/// until the task is awaited (or handed to run(), spawn(), when_all(),
/// when_any() or timeout()). Move-only; destroying a task destroys its
/// coroutine frame. The value, or the exception the coroutine let escape,
/// is delivered to the awaiter. A task can be awaited once.
template <class T>
class [[nodiscard]] task {
 public:
  using promise_type = detail::task_promise<T>;
  using value_type = T;

  task() noexcept = default;
  task(task&& other) noexcept : h_(std::exchange(other.h_, {})) {}
  task& operator=(task&& other) noexcept {
    if (this != &other) {
      if (h_) h_.destroy();
      h_ = std::exchange(other.h_, {});
    }
    return *this;
  }
  task(const task&) = delete;
  task& operator=(const task&) = delete;
  ~task() {
    if (h_) h_.destroy();
  }

  /// False for a default-constructed or moved-from task.
  explicit operator bool() const noexcept { return static_cast<bool>(h_); }

  detail::task_awaiter<T> operator co_await() && noexcept { return detail::task_awaiter<T>{h_}; }
  detail::task_awaiter<T> operator co_await() & noexcept { return detail::task_awaiter<T>{h_}; }

 private:
  friend promise_type;
  friend struct detail::task_access;
  explicit task(std::coroutine_handle<promise_type> h) noexcept : h_(h) {}

  std::coroutine_handle<promise_type> h_;
};

namespace detail {

template <class T>
task<T> task_promise<T>::get_return_object() noexcept {
  return task<T>{std::coroutine_handle<task_promise<T>>::from_promise(*this)};
}
inline task<void> task_promise<void>::get_return_object() noexcept {
  return task<void>{std::coroutine_handle<task_promise<void>>::from_promise(*this)};
}

/// Used by run() to drive a task as the root of a loop.
struct task_access {
  template <class T>
  static std::coroutine_handle<> prepare_root(task<T>& t, std::stop_token token) noexcept {
    task_promise_base& p = t.h_.promise();
    p.continuation_ = std::noop_coroutine();
    p.mode_ = start_mode::async;
    p.stop_token_ = std::move(token);
    return t.h_;
  }
  template <class T>
  static T take_result(task<T>& t) {
    return t.h_.promise().result.get();
  }
};

}  // namespace detail
}  // namespace unblock
