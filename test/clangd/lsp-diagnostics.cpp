// REQUIRES: unblock-clangd
// The coro-* checks in the editor: a .clang-tidy enabling them and a
// compilation database are all unblock-clangd needs (no flags), and it
// publishes the same reports as clang-tidy, with the traps of a clangd AST:
// the preamble (headers are not walked again), templates instantiated
// several times, macros, lambdas, unevaluated operands, NOLINT.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: cp %s %t/main.cpp
// RUN: cp %S/Inputs/header-coroutine.h %S/../checks/Inputs/task.h %t/
// RUN: echo "Checks: '-*,coro-*'" > %t/.clang-tidy
// RUN: echo "CheckOptions: {RuntimeByType: 'demo::task=unblock'}" >> %t/.clang-tidy
// RUN: %python %S/Inputs/lsp_client.py cdb %t/main.cpp -- %clangxx -std=c++20
// RUN: %python %S/Inputs/lsp_client.py diagnostics --server %unblock_clangd %t/main.cpp \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
//
// The built-in headers (stddef.h) are found without --resource-dir: no error.

#include "header-coroutine.h"
#include "task.h"
#include <chrono>
#include <stddef.h>
#include <thread>
#include <type_traits>
#include <unistd.h>

using namespace std::chrono_literals;

demo::task<> tick() {
  std::this_thread::sleep_for(10ms);
  // CHECK: main.cpp:[[@LINE-1]]:3: warning: Blocking call to 'std::this_thread::sleep_for' inside coroutine 'tick'; it stalls every coroutine on this thread {{.*}}[coro-blocking-sleep]
  // CHECK-NEXT: note: main.cpp:[[@LINE-2]]:3: Suspend instead with 'co_await unblock::sleep_for(...)'
  size_t n = 1;
  usleep(static_cast<unsigned>(n));
  // CHECK: main.cpp:[[@LINE-1]]:3: warning: Blocking call to 'usleep' inside coroutine 'tick'
  co_await from_header();
}

// A lambda handed to an executor runs elsewhere; an invoked one runs here.
demo::task<> lambdas() {
  co_await demo::offload([] { sleep(1); });
  [] { usleep(1); }();
  // CHECK: main.cpp:[[@LINE-1]]:8: warning: Blocking call to 'usleep' inside coroutine 'lambdas'
  auto inner = []() -> demo::task<> {
    std::this_thread::sleep_for(1ms);
    // CHECK: main.cpp:[[@LINE-1]]:5: warning: Blocking call to 'std::this_thread::sleep_for' inside coroutine lambda
    co_return;
  };
  co_await inner();
}

// Reported once per location, not once per instantiation.
template <class T> demo::task<> generic(T t) {
  std::this_thread::sleep_for(std::chrono::duration<T>(t));
  // CHECK: main.cpp:[[@LINE-1]]:3: warning: Blocking call to 'std::this_thread::sleep_for' inside coroutine 'generic'
  co_return;
}
void instantiate() {
  (void)generic(1);
  (void)generic(2.0);
}

// Macros: reported at the expansion.
#define NAP() usleep(100)
demo::task<> macros() {
  NAP();
  // CHECK: main.cpp:[[@LINE-1]]:3: warning: Blocking call to 'usleep' inside coroutine 'macros'
  co_return;
}

// Unevaluated operands, NOLINT and plain functions: nothing to report.
demo::task<> quiet() {
  (void)sizeof(sleep(1));
  using R = decltype(usleep(1));
  static_assert(std::is_same_v<R, int>);
  sleep(1); // NOLINT(coro-blocking-sleep)
  co_return;
}
void plain() { sleep(1); }

// CHECK: {{[0-9]+}} diagnostics
