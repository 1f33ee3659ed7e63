#pragma once
// event: a manual-reset event coroutines can wait for.

#include <coroutine>
#include <stop_token>

#include "unblock/detail/waiter_queue.hpp"
#include "unblock/task.hpp"

namespace unblock {

/// A manual-reset event. `co_await ev.wait()` completes at once when the
/// event is set, else when set() is called; any number of coroutines may
/// wait. Not thread-safe: use it from coroutines of one loop. It must
/// outlive its waiters.
class event {
 public:
  class [[nodiscard]] wait_awaitable : private detail::queued_waiter {
   public:
    wait_awaitable(event& ev, std::stop_token token) noexcept : ev_(ev), token_(std::move(token)) {}
    bool await_ready() const noexcept { return ev_.set_; }
    template <class P>
    bool await_suspend(std::coroutine_handle<P> h) {
      return suspend(h, detail::inherited_stop_token(h));
    }
    /// Throws unblock::operation_cancelled if the wait was cancelled.
    void await_resume();

   private:
    bool suspend(std::coroutine_handle<> h, const std::stop_token& inherited);
    event& ev_;
    std::stop_token token_;
  };

  event() noexcept = default;
  explicit event(bool initially_set) noexcept : set_(initially_set) {}
  event(const event&) = delete;
  event& operator=(const event&) = delete;

  /// Sets the event and schedules every waiter.
  void set() noexcept;
  void reset() noexcept { set_ = false; }
  bool is_set() const noexcept { return set_; }
  /// Awaitable completing when the event is set; cancellable by `token` or
  /// the task's inherited token (throws unblock::operation_cancelled).
  wait_awaitable wait(std::stop_token token = {}) noexcept { return wait_awaitable(*this, std::move(token)); }

 private:
  bool set_ = false;
  detail::waiter_queue waiters_;
};

}  // namespace unblock
