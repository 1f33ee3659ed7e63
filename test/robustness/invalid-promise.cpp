// Coroutines whose promise type is missing or broken: the compiler's errors,
// and the checks still report the valid coroutine beside them.
// RUN: %hostile_both %s -- -std=c++20 -I%S/Inputs | FileCheck %s -implicit-check-not="{{warning|error}}:"

#include "task.h"

struct no_promise {};

no_promise missing_promise() {
  sleep(1);
  co_return;
}
// CHECK-DAG: :[[@LINE-4]]:{{[0-9]+}}: error: this function cannot be a coroutine: 'std::coroutine_traits<no_promise>' has no member named 'promise_type'

struct incomplete_promise {
  struct promise_type;
};

incomplete_promise incomplete() {
  co_await hostile::pause{};
}
// CHECK-DAG: :[[@LINE-3]]:{{[0-9]+}}: error: this function cannot be a coroutine: {{.*}} is an incomplete type

struct no_return {
  struct promise_type {
    no_return get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void unhandled_exception() {}
  };
};

no_return missing_return_void() {
  usleep(10);
  co_return;
}
// CHECK-DAG: :[[@LINE-2]]:{{[0-9]+}}: error: no member named 'return_void' in 'no_return::promise_type'

struct bad_initial {
  struct promise_type {
    bad_initial get_return_object() { return {}; }
    int initial_suspend() noexcept { return 0; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

bad_initial initial_not_awaitable() { co_return; }
// CHECK-DAG: :[[@LINE-1]]:{{[0-9]+}}: error: member reference base type 'int' is not a structure or union

hostile::task<> still_reported() {
  sleep(1);
  // CHECK-DAG: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'still_reported'; it stalls every coroutine on this thread [coro-blocking-sleep]
  // CHECK-DAG: :[[@LINE-2]]:3: note: suspend instead with your runtime's sleep
  co_return;
}
