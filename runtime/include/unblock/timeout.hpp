#pragma once
// timeout(d, t): t's result, or unblock::timed_out after d.

#include <chrono>
#include <type_traits>
#include <utility>
#include <variant>

#include "unblock/errors.hpp"
#include "unblock/sleep.hpp"
#include "unblock/task.hpp"
#include "unblock/when_any.hpp"

namespace unblock {

namespace detail {
inline task<void> sleep_until_deadline(steady_clock::time_point deadline) { co_await sleep_until(deadline); }
}  // namespace detail

/// Runs `work`; if it has not finished when `d` has passed, its stop token
/// is stopped (its cancellable waits throw unblock::operation_cancelled)
/// and, once it has finished, unblock::timed_out is thrown — its result, if
/// it produced one anyway, is discarded. Otherwise its result or exception
/// is passed through. Built on when_any(work, sleep).
template <class Rep, class Period, class T>
  requires(!std::is_reference_v<T>)
task<T> timeout(std::chrono::duration<Rep, Period> d, task<T> work) {
  auto r = co_await when_any(std::move(work), detail::sleep_until_deadline(detail::deadline_after(d)));
  if (r.index() == 1) throw timed_out();
  if constexpr (!std::is_void_v<T>) co_return std::get<0>(std::move(r));
}

}  // namespace unblock
