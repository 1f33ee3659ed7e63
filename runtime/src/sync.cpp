// event, async_mutex and the waiter queue they share.
#include "unblock/async_mutex.hpp"
#include "unblock/detail/event_loop.hpp"
#include "unblock/detail/waiter_queue.hpp"
#include "unblock/errors.hpp"
#include "unblock/event.hpp"

namespace unblock {
namespace detail {

queued_waiter::~queued_waiter() {
  unwatch();
  leave();
}

bool queued_waiter::wake() noexcept {
  if (!try_complete()) return false;
  loop_->schedule_from_any_thread(handle_);
  return true;
}

void queued_waiter::leave() noexcept {
  if (queue_) queue_->erase(*this);
}

void waiter_queue::push_back(queued_waiter& w) noexcept {
  w.queue_ = this;
  w.next_ = nullptr;
  w.prev_ = tail_;
  if (tail_) {
    tail_->next_ = &w;
  } else {
    head_ = &w;
  }
  tail_ = &w;
}

void waiter_queue::erase(queued_waiter& w) noexcept {
  if (w.prev_) {
    w.prev_->next_ = w.next_;
  } else {
    head_ = w.next_;
  }
  if (w.next_) {
    w.next_->prev_ = w.prev_;
  } else {
    tail_ = w.prev_;
  }
  w.prev_ = w.next_ = nullptr;
  w.queue_ = nullptr;
}

queued_waiter* waiter_queue::pop_front() noexcept {
  queued_waiter* w = head_;
  if (w) erase(*w);
  return w;
}

bool waiter_queue::wake_one() noexcept {
  while (queued_waiter* w = pop_front()) {
    if (w->wake()) return true;
  }
  return false;
}

void waiter_queue::wake_all() noexcept {
  while (queued_waiter* w = pop_front()) w->wake();
}

}  // namespace detail

// ---- event ----------------------------------------------------------------------

void event::set() noexcept {
  set_ = true;
  waiters_.wake_all();
}

bool event::wait_awaitable::suspend(std::coroutine_handle<> h, const std::stop_token& inherited) {
  handle_ = h;
  loop_ = &detail::event_loop::require_current("unblock::event::wait");
  if (precheck_cancelled(token_, inherited)) return false;
  ev_.waiters_.push_back(*this);
  watch(token_, inherited);
  return true;
}

void event::wait_awaitable::await_resume() {
  unwatch();
  if (was_cancelled()) {
    leave();
    throw operation_cancelled();
  }
}

// ---- async_mutex ----------------------------------------------------------------

bool async_mutex::try_lock() noexcept {
  if (locked_) return false;
  locked_ = true;
  return true;
}

void async_mutex::unlock() noexcept {
  // Ownership passes straight to the oldest live waiter: locked_ stays true.
  if (!waiters_.wake_one()) locked_ = false;
}

bool async_mutex::lock_awaitable::suspend(std::coroutine_handle<> h, const std::stop_token& inherited) {
  handle_ = h;
  loop_ = &detail::event_loop::require_current("unblock::async_mutex::lock");
  if (precheck_cancelled(token_, inherited)) return false;
  m_.waiters_.push_back(*this);
  watch(token_, inherited);
  return true;
}

async_mutex::scoped_lock async_mutex::lock_awaitable::await_resume() {
  unwatch();
  if (was_cancelled()) {
    leave();
    throw operation_cancelled();
  }
  return scoped_lock(m_, std::adopt_lock);
}

}  // namespace unblock
