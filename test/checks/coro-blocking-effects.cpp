// Clang's own function effect attributes (LLVM 20 and later).
// REQUIRES: clang-effects
// RUN: %check_coro %s 'coro-blocking-sleep' %t -- -I%S/Inputs -Wno-function-effects

#include "task.h"
#include <unistd.h>

void on_audio_thread() [[clang::nonblocking]] {
  usleep(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep' inside function 'on_audio_thread' marked non-blocking; it stalls every coroutine on this thread [coro-blocking-sleep]
}

void allowed_to_block() [[clang::blocking]] { usleep(10); }
