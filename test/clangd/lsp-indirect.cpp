// REQUIRES: unblock-clangd
// coro-blocking-indirect in the editor: a chain of calls inside the main
// file is reported by unblock-clangd as by clang-tidy, notes included.
// (Chains through functions defined in headers: lsp-indirect-preamble.cpp.)
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: cp %s %t/main.cpp && cp %S/../checks/Inputs/task.h %t/
// RUN: echo "Checks: '-*,coro-blocking-indirect'" > %t/.clang-tidy
// RUN: %python %S/Inputs/lsp_client.py cdb %t/main.cpp -- %clangxx -std=c++20
// RUN: %python %S/Inputs/lsp_client.py diagnostics --server %unblock_clangd %t/main.cpp \
// RUN:   | FileCheck %s --implicit-check-not=warning:
//
// The same reports from clang-tidy (unblock) on the same file.
// RUN: %unblock --quiet %t/main.cpp 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TIDY --implicit-check-not=warning:

#include "task.h"
#include <unistd.h>

static void backoff() { usleep(100); }
static void retry(int n) {
  for (int i = 0; i < n; ++i)
    backoff();
}
static int pure(int n) { return n + 1; }

demo::task<> poll_loop() {
  retry(3);
  // CHECK: main.cpp:[[@LINE-1]]:3: warning: Call to 'retry' may block inside coroutine 'poll_loop': it calls 'usleep' through 2 functions; it stalls every coroutine on this thread [coro-blocking-indirect]
  // CHECK-NEXT: note: main.cpp:23:5: 'retry' calls 'backoff' here
  // CHECK-NEXT: note: main.cpp:20:25: 'backoff' calls 'usleep' here
  // TIDY: main.cpp:[[@LINE-4]]:3: warning: call to 'retry' may block inside coroutine 'poll_loop': it calls 'usleep' through 2 functions; it stalls every coroutine on this thread [coro-blocking-indirect]
  (void)pure(1);
  co_return;
}

// A plain function calling the same helper is not a context.
void plain() { retry(1); }

// CHECK: 1 diagnostics
