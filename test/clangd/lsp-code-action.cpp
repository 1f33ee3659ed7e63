// REQUIRES: unblock-clangd
// Quick fixes end to end: the client opens this file, receives the
// diagnostics, asks for the code actions of one and applies the edit.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: cp %s %t/main.cpp && cp %S/../checks/Inputs/task.h %t/
// RUN: echo "Checks: '-*,coro-*,readability-braces-around-statements'" > %t/.clang-tidy
// RUN: echo "CheckOptions: {RuntimeByType: 'demo::task=unblock'}" >> %t/.clang-tidy
// RUN: %python %S/Inputs/lsp_client.py cdb %t/main.cpp -- %clangxx -std=c++20
//
// The quick fix of a coro-* diagnostic: applying it rewrites the sleep into
// a co_await of the runtime's sleep_for and adds the runtime's header.
// RUN: %python %S/Inputs/lsp_client.py code-action --server %unblock_clangd %t/main.cpp \
// RUN:   --code coro-blocking-sleep --apply sleep_for \
// RUN:   | FileCheck %s --check-prefix=APPLY
//
// It is the check's clang-tidy fix-it: the server offers a quick fix exactly
// when `clang-tidy --fix` changes the file, and applying it gives the text
// `clang-tidy --fix` gives (the client checks both and fails otherwise).
// RUN: cp %s %t/tidy-fixed.cpp
// RUN: %unblock --quiet --checks='-*,coro-blocking-sleep' --fix %t/tidy-fixed.cpp -- -std=c++20 -I%t
// RUN: %python %S/Inputs/lsp_client.py code-action --server %unblock_clangd %t/main.cpp \
// RUN:   --code coro-blocking-sleep --compare-with %t/tidy-fixed.cpp \
// RUN:   --fix-contains 'co_await unblock::sleep_for(' \
// RUN:   | FileCheck %s --check-prefix=CORO
//
// A diagnostic without a fix-it (a call in a macro) gets no quick fix, as
// `clang-tidy --fix` leaves it alone.
// RUN: mkdir -p %t/macro
// RUN: cp %S/Inputs/macro-sleep.cpp %t/macro/main.cpp && cp %t/macro/main.cpp %t/macro/tidy-fixed.cpp
// RUN: %python %S/Inputs/lsp_client.py cdb %t/macro/main.cpp -- %clangxx -std=c++20 -I%t
// RUN: %unblock --quiet --checks='-*,coro-blocking-sleep' --fix %t/macro/tidy-fixed.cpp -- -std=c++20 -I%t
// RUN: %python %S/Inputs/lsp_client.py code-action --server %unblock_clangd %t/macro/main.cpp \
// RUN:   --code coro-blocking-sleep --compare-with %t/macro/tidy-fixed.cpp \
// RUN:   | FileCheck %s --check-prefix=MACRO
// MACRO: diagnostic: main.cpp:8:3: warning: Blocking call to 'std::this_thread::sleep_for' inside coroutine 'nap_in_macro'
// MACRO: note: main.cpp:8:3: No automatic fix
// MACRO-NOT: quick fix for this diagnostic
// MACRO: coro-blocking-sleep: no fix-it: clang-tidy --fix changes nothing and the server offers no quick fix
//
// The quick fix of another clang-tidy check, through the same path.
// RUN: %python %S/Inputs/lsp_client.py code-action --server %unblock_clangd %t/main.cpp \
// RUN:   --code readability-braces-around-statements --apply braces \
// RUN:   | FileCheck %s --check-prefix=BRACES

#include "task.h"
#include <chrono>
#include <thread>

demo::task<> wait_a_bit(bool ready) {
  if (!ready)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // APPLY: diagnostic: main.cpp:[[@LINE-1]]:5: warning: Blocking call to 'std::this_thread::sleep_for' inside coroutine 'wait_a_bit'; it stalls every coroutine on this thread (fix available) [coro-blocking-sleep]
  // APPLY: action: quickfix: {{.*}}sleep_for{{.*}} (quick fix for this diagnostic)
  // APPLY: applied:
  // APPLY:      {{^}}edited| #include "task.h"
  // APPLY-NEXT: {{^}}edited| #include <chrono>
  // APPLY-NEXT: {{^}}edited| #include <thread>
  // APPLY-NEXT: {{^}}edited| #include <unblock/unblock.hpp>
  // APPLY:      {{^}}edited| demo::task<> wait_a_bit(bool ready) {
  // APPLY-NEXT: {{^}}edited| if (!ready)
  // APPLY-NEXT: {{^}}edited| co_await unblock::sleep_for(std::chrono::milliseconds(5));
  // CORO: diagnostic: main.cpp:[[@LINE-11]]:5: warning: Blocking call to 'std::this_thread::sleep_for' inside coroutine 'wait_a_bit'
  // CORO: coro-blocking-sleep: quick fix '{{.*}}' gives the text clang-tidy --fix gives
  // BRACES: diagnostic: main.cpp:[[@LINE-13]]:5: warning: Statement should be inside braces {{.*}}[readability-braces-around-statements]
  // BRACES: action: quickfix: statement should be inside braces (quick fix for this diagnostic)
  // BRACES: applied: statement should be inside braces
  // BRACES:      {{^}}edited| demo::task<> wait_a_bit(bool ready) {
  // BRACES-NEXT: {{^}}edited| if (!ready) {
  // BRACES-NEXT: {{^}}edited| std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // BRACES-NEXT: {{^}}edited| }
  co_return;
}
