// REQUIRES: unblock-clangd
// Quick fixes end to end: the client opens this file, receives the
// diagnostics, asks for the code actions of one and applies the edit.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: cp %s %t/main.cpp && cp %S/../checks/Inputs/task.h %t/
// RUN: echo "Checks: '-*,coro-*,readability-braces-around-statements'" > %t/.clang-tidy
// RUN: %python %S/Inputs/lsp_client.py cdb %t/main.cpp -- %clangxx -std=c++20
//
// The quick fix of a coro-* diagnostic is its clang-tidy fix-it: the server
// offers one exactly when `clang-tidy --fix` changes the file, and applying
// it gives the text `clang-tidy --fix` gives (the client checks both and
// fails otherwise). A check without a fix-it gets no quick fix.
// RUN: cp %s %t/tidy-fixed.cpp
// RUN: %unblock --quiet --checks='-*,coro-blocking-sleep' --fix %t/tidy-fixed.cpp -- -std=c++20 -I%t
// RUN: %python %S/Inputs/lsp_client.py code-action --server %unblock_clangd %t/main.cpp \
// RUN:   --code coro-blocking-sleep --compare-with %t/tidy-fixed.cpp \
// RUN:   --fix-contains 'co_await unblock::sleep_for(' \
// RUN:   | FileCheck %s --check-prefix=CORO
//
// Applying a quick fix of a clang-tidy check through the same path.
// RUN: %python %S/Inputs/lsp_client.py code-action --server %unblock_clangd %t/main.cpp \
// RUN:   --code readability-braces-around-statements --apply braces \
// RUN:   | FileCheck %s --check-prefix=BRACES

#include "task.h"
#include <chrono>
#include <thread>

demo::task<> wait_a_bit(bool ready) {
  if (!ready)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // CORO: diagnostic: main.cpp:[[@LINE-1]]:5: warning: Blocking call to 'std::this_thread::sleep_for' inside coroutine 'wait_a_bit'; it stalls every coroutine on this thread {{.*}}[coro-blocking-sleep]
  // CORO: coro-blocking-sleep: {{no fix-it: clang-tidy --fix changes nothing and the server offers no quick fix|quick fix '.*' gives the text clang-tidy --fix gives}}
  // BRACES: diagnostic: main.cpp:[[@LINE-3]]:5: warning: Statement should be inside braces {{.*}}[readability-braces-around-statements]
  // BRACES: action: quickfix: statement should be inside braces (quick fix for this diagnostic)
  // BRACES: applied: statement should be inside braces
  // BRACES:      {{^}}edited| demo::task<> wait_a_bit(bool ready) {
  // BRACES-NEXT: {{^}}edited| if (!ready) {
  // BRACES-NEXT: {{^}}edited| std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // BRACES-NEXT: {{^}}edited| }
  co_return;
}
