// co_await and co_yield where they cannot appear: unevaluated operands,
// default arguments, constructors, destructors, main, consteval functions,
// catch handlers and outside any function.
// RUN: %hostile_both %s -- -std=c++20 -I%S/Inputs | FileCheck %s -implicit-check-not="{{warning|error}}:"

#include "task.h"
#include <cstddef>

hostile::task<> in_sizeof() {
  std::size_t n = sizeof(co_await hostile::pause{});
  // CHECK-DAG: :[[@LINE-1]]:26: error: 'co_await' cannot be used in an unevaluated context
  decltype(co_await hostile::pause{}) *p = nullptr;
  // CHECK-DAG: :[[@LINE-1]]:12: error: 'co_await' cannot be used in an unevaluated context
  bool b = noexcept(co_await hostile::pause{});
  // CHECK-DAG: :[[@LINE-1]]:21: error: 'co_await' cannot be used in an unevaluated context
  (void)n; (void)p; (void)b;
  co_return;
}

void default_argument(int x = co_await hostile::pause{});
// CHECK-DAG: :[[@LINE-1]]:31: error: 'co_await' cannot be used outside a function

struct in_constructor {
  in_constructor() {
    co_await hostile::pause{};
    // CHECK-DAG: :[[@LINE-1]]:5: error: 'co_await' cannot be used in a constructor
    sleep(1);
  }
  ~in_constructor() {
    co_await hostile::pause{};
    // CHECK-DAG: :[[@LINE-1]]:5: error: 'co_await' cannot be used in a destructor
  }
};

int main() {
  co_await hostile::pause{};
  // CHECK-DAG: :[[@LINE-1]]:3: error: 'co_await' cannot be used in the 'main' function
  return 0;
}

consteval int in_consteval() {
  // CHECK-DAG: :[[@LINE-1]]:15: error: no return statement in consteval function
  co_return 1;
  // CHECK-DAG: :[[@LINE-1]]:3: error: 'co_return' cannot be used in a consteval function
}

// The coroutine is invalid: its body is not analysed.
hostile::task<> in_handler() {
  try {
    sleep(1);
  } catch (...) {
    co_await hostile::pause{};
    // CHECK-DAG: :[[@LINE-1]]:5: error: 'co_await' cannot be used in the handler of a try block
  }
}

int global = co_await hostile::pause{};
// CHECK-DAG: :[[@LINE-1]]:14: error: 'co_await' cannot be used outside a function

auto deduced() {
  co_return 1;
  // CHECK-DAG: :[[@LINE-1]]:3: error: 'co_return' cannot be used in a function with a deduced return type
}
