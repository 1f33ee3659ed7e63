#pragma once
// sleep_for / sleep_until: timers on the event loop.

#include <chrono>
#include <coroutine>
#include <stop_token>

#include "unblock/detail/cancellable.hpp"
#include "unblock/detail/event_loop.hpp"
#include "unblock/task.hpp"

namespace unblock {
namespace detail {

class [[nodiscard]] sleep_awaitable : private cancellable, private timer_node {
 public:
  sleep_awaitable(steady_clock::time_point deadline, std::stop_token token) noexcept : token_(std::move(token)) {
    timer_node::deadline = deadline;
  }
  ~sleep_awaitable();

  bool await_ready() const noexcept { return timer_node::deadline <= steady_clock::now(); }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) {
    return suspend(h, inherited_stop_token(h));
  }
  void await_resume();

 private:
  bool suspend(std::coroutine_handle<> h, const std::stop_token& inherited);
  static void on_expire(timer_node& n) noexcept;

  std::stop_token token_;
};

template <class Rep, class Period>
steady_clock::time_point deadline_after(std::chrono::duration<Rep, Period> d) noexcept {
  // Clamp absurd durations (e.g. hours::max()) to about a century.
  constexpr std::chrono::hours max_wait{24 * 365 * 100};
  const auto now = steady_clock::now();
  if (std::chrono::duration<double>(d) >= std::chrono::duration<double>(max_wait)) return now + max_wait;
  if (d <= d.zero()) return now;
  return now + std::chrono::ceil<steady_clock::duration>(d);
}

}  // namespace detail

/// Suspends the awaiting coroutine for `d` without blocking the loop. A
/// non-positive duration completes without suspending. If `token` (or the
/// stop token the task inherited) is stopped first, the await throws
/// unblock::operation_cancelled.
template <class Rep, class Period>
[[nodiscard]] detail::sleep_awaitable sleep_for(std::chrono::duration<Rep, Period> d, std::stop_token token = {}) {
  return detail::sleep_awaitable(detail::deadline_after(d), std::move(token));
}

/// Suspends until `tp` (of steady_clock, system_clock or any clock; other
/// clocks than steady_clock are converted once, at the call). Cancellation
/// as for sleep_for.
template <class Clock, class Duration>
[[nodiscard]] detail::sleep_awaitable sleep_until(std::chrono::time_point<Clock, Duration> tp,
                                                  std::stop_token token = {}) {
  if constexpr (std::is_same_v<Clock, std::chrono::steady_clock>) {
    return detail::sleep_awaitable(std::chrono::time_point_cast<detail::steady_clock::duration>(tp),
                                   std::move(token));
  } else {
    return detail::sleep_awaitable(detail::deadline_after(tp - Clock::now()), std::move(token));
  }
}

}  // namespace unblock
