// Macros that expand to whole coroutines, to co_await, and to blocking
// calls: reported at the expansion, never a fix-it inside the macro.
// RUN: %hostile_both %s -- -std=c++20 -I%S/Inputs | FileCheck %s -implicit-check-not="{{warning|error}}:"
// RUN: cp %s %t.cpp
// RUN: %hostile %t.cpp --tidy-arg=--fix -- -std=c++20 -I%S/Inputs > %t.out
// RUN: FileCheck %s --check-prefix=FIXED -input-file=%t.cpp

#include "task.h"

#define CORO(name, body)                                                       \
  hostile::task<> name() {                                                     \
    body;                                                                      \
    co_return;                                                                 \
  }
#define NAP() sleep(1)
#define AWAIT(x) co_await (x)
#define EVERYTHING(name)                                                       \
  hostile::task<> name() {                                                     \
    NAP();                                                                     \
    AWAIT(hostile::pause{});                                                   \
  }
#define PASTE(a, b) a##b
#define NESTED(n) CORO(PASTE(nested_, n), NAP())

CORO(from_macro, sleep(2))
// CHECK-DAG: :[[@LINE-1]]:18: warning: blocking call to 'sleep' inside coroutine 'from_macro'; it stalls every coroutine on this thread [coro-blocking-sleep]
CORO(nap_macro, NAP())
// CHECK-DAG: :[[@LINE-1]]:17: warning: blocking call to 'sleep' inside coroutine 'nap_macro'
EVERYTHING(everything)
// CHECK-DAG: :[[@LINE-1]]:1: warning: blocking call to 'sleep' inside coroutine 'everything'
NESTED(1)
// CHECK-DAG: :[[@LINE-1]]:1: warning: blocking call to 'sleep' inside coroutine 'nested_1'

hostile::task<> await_macro() {
  AWAIT(hostile::pause{});
  NAP();
  // CHECK-DAG: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'await_macro'
}

// FIXED: CORO(from_macro, sleep(2))
// FIXED: CORO(nap_macro, NAP())
// FIXED: NESTED(1)
// FIXED: {{^}}  NAP();
