// REQUIRES: clang-effects
// RUN: %check_coro %s coro-blocking-indirect %t -- -I%S/Inputs
// Clang's own function effects (LLVM >= 20): [[clang::blocking]] declares a
// function blocking, [[clang::nonblocking]] marks a context.

#include "task.h"

void legacy_wait() [[clang::blocking]];
void wrapper() { legacy_wait(); }

demo::task<> effects() {
  legacy_wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'legacy_wait' inside coroutine 'effects'; it stalls every coroutine on this thread [coro-blocking-indirect]
  // CHECK-MESSAGES: :[[@LINE-6]]:6: note: 'legacy_wait' is declared blocking here
  wrapper();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'wrapper' may block inside coroutine 'effects': it calls 'legacy_wait' (declared blocking); it stalls every coroutine on this thread [coro-blocking-indirect]
  // CHECK-MESSAGES: :[[@LINE-8]]:18: note: 'wrapper' calls 'legacy_wait' here
  // CHECK-MESSAGES: :[[@LINE-10]]:6: note: 'legacy_wait' is declared blocking here
  co_return;
}

void on_loop() [[clang::nonblocking]] {
  wrapper();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'wrapper' may block inside function 'on_loop' marked non-blocking: it calls 'legacy_wait' (declared blocking)
}
void tick() [[clang::nonblocking]] {
  on_loop(); // a context: checked on its own, not followed
}

int main() { tick(); }
