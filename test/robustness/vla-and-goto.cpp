// Variable-length arrays in coroutines, and jumps into and across a
// coroutine body's scopes.
// RUN: %hostile_both %s -- -std=c++20 -I%S/Inputs | FileCheck %s -implicit-check-not="{{warning|error}}:"

#include "task.h"

hostile::task<> vla(int n) {
  char buffer[n];
  // CHECK-DAG: :[[@LINE-1]]:14: error: variable length arrays in a coroutine are not supported
  buffer[0] = 0;
  sleep(1);
  co_await hostile::pause{};
}

hostile::task<> goto_past_await(int n) {
  if (n)
    goto done;
  // CHECK-DAG: :[[@LINE-1]]:5: error: cannot jump from this goto statement to its label
  {
    int skipped = n;
    co_await hostile::pause{};
  done:
    usleep(static_cast<unsigned>(skipped));
  }
}

hostile::task<> goto_backwards(int n) {
again:
  sleep(1);
  // CHECK-DAG: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'goto_backwards'; it stalls every coroutine on this thread [coro-blocking-sleep]
  co_await hostile::pause{};
  if (--n > 0)
    goto again;
}

hostile::task<> indirect_goto(int n) {
  void *target = n ? &&first : &&second;
  // CHECK-DAG: :[[@LINE-1]]:22: error: the GNU address of label extension is not allowed in coroutines
  // CHECK-DAG: :[[@LINE-2]]:32: error: the GNU address of label extension is not allowed in coroutines
  goto *target;
first:
  co_await hostile::pause{};
second:
  co_return;
}
