// Coroutine bodies full of errors, dependent code that is never
// instantiated, and calls the analysis cannot resolve: each valid call
// around them is still judged.
// RUN: %hostile_both %s -- -std=c++20 -I%S/Inputs | FileCheck %s -implicit-check-not="{{warning|error}}:"

#include "task.h"

hostile::task<> undeclared() {
  not_declared_anywhere(1);
  // CHECK-DAG: :[[@LINE-1]]:3: error: use of undeclared identifier 'not_declared_anywhere'
  sleep(zq_unknown_value);
  // CHECK-DAG: :[[@LINE-1]]:9: error: use of undeclared identifier 'zq_unknown_value'
  usleep(1);
  // CHECK-DAG: :[[@LINE-1]]:3: warning: blocking call to 'usleep' inside coroutine 'undeclared'; it stalls every coroutine on this thread [coro-blocking-sleep]
  co_await hostile::pause{};
}

struct incomplete;
hostile::task<> incomplete_awaitable(incomplete &i) {
  co_await i;
  // CHECK-DAG: :[[@LINE-1]]:12: error: incomplete definition of type 'incomplete'
}

template <class T> hostile::task<> dependent(T t) {
  t.whatever(sleep(1));
  co_await t.later();
  co_yield t;
}

using fn = unsigned (*)(unsigned);
hostile::task<> through_pointers(fn f, unsigned (&r)(unsigned)) {
  f(1);
  r(2);
  (sleep)(3);
  // CHECK-DAG: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'through_pointers'
  co_await hostile::pause{};
}

struct deleted {
  static void go() = delete;
};
hostile::task<> calls_deleted() {
  deleted::go();
  // CHECK-DAG: :[[@LINE-1]]:12: error: attempt to use a deleted function
  co_yield 1;
  // CHECK-DAG: :[[@LINE-1]]:3: error: no member named 'yield_value' in 'hostile::task<>::promise_type'
}

hostile::task<int> wrong_return() {
  co_return "text";
  // CHECK-DAG: :[[@LINE-1]]:13: error: cannot initialize a parameter of type 'int' with an lvalue of type 'const char[5]'
}

auto lambda_errors = []() -> hostile::task<> {
  co_await [] { return 1; }();
  // CHECK-DAG: :[[@LINE-1]]:12: error: member reference base type 'int' is not a structure or union
  sleep(1);
};
