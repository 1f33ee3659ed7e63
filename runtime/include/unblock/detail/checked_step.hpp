#pragma once
// The checked resume step and the scope that the checks skip: the core of
// <unblock/check_blocking.hpp>, which documents them. Here so that the
// runtime's own headers (cancellable.hpp, join.hpp) can use them without
// including the public header.

#include <coroutine>
#include <utility>

#if defined(__has_feature)
#if __has_feature(realtime_sanitizer)
#define UNBLOCK_BLOCKING_CHECKS 1
#endif
#endif
#ifndef UNBLOCK_BLOCKING_CHECKS
#define UNBLOCK_BLOCKING_CHECKS 0
#endif

#if UNBLOCK_BLOCKING_CHECKS
#include <sanitizer/rtsan_interface.h>
// The checked functions call what they are given, which the compiler cannot
// verify: that is the point, RealtimeSanitizer checks it at run time.
#define UNBLOCK_DETAIL_NONBLOCKING [[clang::nonblocking]]
#define UNBLOCK_DETAIL_EFFECTS_OFF \
  _Pragma("clang diagnostic push") _Pragma("clang diagnostic ignored \"-Wfunction-effects\"")
#define UNBLOCK_DETAIL_EFFECTS_ON _Pragma("clang diagnostic pop")
#else
#define UNBLOCK_DETAIL_NONBLOCKING
#define UNBLOCK_DETAIL_EFFECTS_OFF
#define UNBLOCK_DETAIL_EFFECTS_ON
#endif

namespace unblock {

/// True when this translation unit is compiled with -fsanitize=realtime, so
/// the checked functions below report blocking calls.
inline constexpr bool blocking_checks_enabled = UNBLOCK_BLOCKING_CHECKS != 0;

UNBLOCK_DETAIL_EFFECTS_OFF

/// Calls `f()` in a non-blocking context and returns its result.
template <class F>
decltype(auto) call_checked(F&& f) UNBLOCK_DETAIL_NONBLOCKING {
  return std::forward<F>(f)();
}

/// Resumes `h` in a non-blocking context: one checked resume step.
inline void resume_checked(std::coroutine_handle<> h) UNBLOCK_DETAIL_NONBLOCKING { h.resume(); }

UNBLOCK_DETAIL_EFFECTS_ON

/// While alive, the calling thread's blocking calls are not reported: for a
/// scheduler's own legitimate waits and locks made from inside a checked
/// step (posting to another thread, registering a descriptor, ...).
class allow_blocking {
 public:
#if UNBLOCK_BLOCKING_CHECKS
  allow_blocking() noexcept { __rtsan_disable(); }
  ~allow_blocking() { __rtsan_enable(); }
#else
  allow_blocking() noexcept {}
#endif
  allow_blocking(const allow_blocking&) = delete;
  allow_blocking& operator=(const allow_blocking&) = delete;
};

}  // namespace unblock
