// REQUIRES: unblock-clangd
// XFAIL: *
// A known gap: a blocking chain through a function defined in a header.
// clang-tidy walks the whole translation unit and reports the call below.
// clangd restricts the walk to the main file's declarations (the headers
// are in its preamble), so the analysis never sees the body of
// nap_in_header() and unblock-clangd does not report the call yet. This
// test states the behaviour wanted; when the analysis learns to summarise
// callees it did not walk, it passes and the XFAIL line goes.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: cp %s %t/main.cpp
// RUN: cp %S/../checks/Inputs/task.h %S/Inputs/blocking-helpers.h %t/
// RUN: echo "Checks: '-*,coro-blocking-indirect'" > %t/.clang-tidy
// RUN: %python %S/Inputs/lsp_client.py cdb %t/main.cpp -- %clangxx -std=c++20
// RUN: %python %S/Inputs/lsp_client.py diagnostics --server %unblock_clangd %t/main.cpp \
// RUN:   | FileCheck %s --implicit-check-not=warning:

#include "blocking-helpers.h"
#include "task.h"

demo::task<> from_header() {
  nap_in_header();
  // CHECK: main.cpp:[[@LINE-1]]:3: warning: Call to 'nap_in_header' may block inside coroutine 'from_header': it calls 'sleep'; it stalls every coroutine on this thread [coro-blocking-indirect]
  (void)quiet_in_header();
  co_return;
}
// CHECK: 1 diagnostics
