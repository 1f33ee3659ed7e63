#include "unblock/sleep.hpp"

#include "unblock/errors.hpp"

namespace unblock::detail {

sleep_awaitable::~sleep_awaitable() {
  unwatch();
  if (loop_) loop_->remove_timer(*this);
}

bool sleep_awaitable::suspend(std::coroutine_handle<> h, const std::stop_token& inherited) {
  handle_ = h;
  loop_ = &event_loop::require_current("unblock::sleep_for");
  if (precheck_cancelled(token_, inherited)) return false;
  timer_node::expire = &sleep_awaitable::on_expire;
  loop_->add_timer(*this);
  watch(token_, inherited);
  return true;
}

void sleep_awaitable::on_expire(timer_node& n) noexcept {
  auto& self = static_cast<sleep_awaitable&>(n);
  if (self.try_complete()) self.loop_->resume(self.handle_);
}

void sleep_awaitable::await_resume() {
  unwatch();
  if (was_cancelled()) {
    if (loop_) loop_->remove_timer(*this);
    throw operation_cancelled();
  }
}

}  // namespace unblock::detail
