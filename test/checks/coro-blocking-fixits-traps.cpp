// Fix-its where a careless rewrite would not compile: co_await in a static
// local's initializer, arguments that come from macros, a call whose value
// is the operand of a postfix operator, a template coroutine instantiated
// twice, arguments that themselves suspend.
// (test/fixits/traps.cpp compiles and runs the fixed forms.)
// RUN: %check_coro --config="{CheckOptions: {RuntimeByType: 'demo::task=unblock'}}" %s 'coro-blocking-*' %t -- -I%S/Inputs

#include "task.h"
#include <chrono>
#include <cstdio>
#include <thread>
#include <unistd.h>
// CHECK-FIXES: #include <unblock/unblock.hpp>

using namespace std::chrono_literals;

demo::task<int> seconds_from_config();

// co_await may not appear in the initializer of a static or thread_local
// variable: the call keeps its diagnostic and a note says why.
demo::task<> statics() {
  static FILE *log = fopen("/tmp/log", "a");
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: blocking call to 'fopen'
  // CHECK-MESSAGES: :[[@LINE-2]]:22: note: no automatic fix: 'co_await' is not allowed in the initializer of a static or thread_local variable
  // CHECK-FIXES: {{^}}  static FILE *log = fopen("/tmp/log", "a");
  thread_local int rc = usleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: blocking call to 'usleep'
  // CHECK-MESSAGES: :[[@LINE-2]]:25: note: no automatic fix: 'co_await' is not allowed in the initializer of a static or thread_local variable
  // CHECK-FIXES: {{^}}  thread_local int rc = usleep(1);
  // A local of automatic storage is fine.
  FILE *other = fopen("/tmp/other", "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'fopen'
  // CHECK-FIXES: {{^}}  FILE *other = co_await unblock::offload([&] { return fopen("/tmp/other", "r"); });
  (void)log;
  (void)rc;
  (void)other;
  co_return;
}

#define PIECES buf, sizeof buf
#define FD 3
#define TICK 10ms
demo::task<> macro_arguments() {
  char buf[8];
  // Two arguments from one macro: the argument list is kept as written.
  read(FD, PIECES);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read'
  // CHECK-FIXES: {{^}}  co_await unblock::read(FD, PIECES);
  std::this_thread::sleep_for(TICK);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for'
  // CHECK-FIXES: {{^}}  co_await unblock::sleep_for(TICK);
  co_return;
}

demo::task<> operands(FILE *in) {
  char line[16];
  // The value is the operand of a postfix operator: parentheses.
  char first = fgets(line, sizeof line, in)[0];
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking call to 'fgets'
  // CHECK-FIXES: {{^}}  char first = (co_await unblock::offload([&] { return fgets(line, sizeof line, in); }))[0];
  // unblock::sleep_for takes any duration, a floating-point one too.
  std::this_thread::sleep_for(0.5s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for'
  // CHECK-FIXES: {{^}}  co_await unblock::sleep_for(0.5s);
  // An argument that suspends: the order of the suspensions would change.
  sleep(co_await seconds_from_config());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep'
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: no automatic fix: its arguments suspend the coroutine
  // CHECK-FIXES: {{^}}  sleep(co_await seconds_from_config());
  (void)first;
}

// Instantiated twice: one diagnostic and one fix-it, on the template.
template <class D> demo::task<> nap(D d) {
  std::this_thread::sleep_for(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'nap'
  // CHECK-FIXES: {{^}}  co_await unblock::sleep_for(d);
  co_return;
}
demo::task<> naps() {
  co_await nap(1ms);
  co_await nap(std::chrono::duration<double>(0.5));
}
