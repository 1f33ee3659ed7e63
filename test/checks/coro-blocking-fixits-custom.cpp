// The `custom` runtime profile: spellings from the configuration, with the
// placeholders {0} {1} ... (one argument), {args} (all of them), {call} (the
// call as written) and {name} (the called function's name). The runtime is
// myrt (test/fixits/Inputs/myrt/myrt.hpp), whose promise type awaits only its
// own awaitables: without RuntimeNamespace no rewrite is offered there.
//
// RUN: %check_coro --check-suffix=NS --config="{CheckOptions: {Runtime: custom, RuntimeHeader: 'myrt.hpp', RuntimeNamespace: myrt, SleepForRewrite: 'co_await myrt::nap({0})', AwaitableRewrite: 'co_await myrt::io::{name}({0}, {1}, {2})', OffloadRewrite: 'co_await myrt::to_thread([&] { return {call}; })', OffloadStatementRewrite: 'co_await myrt::to_thread([&] { {call}; })'}}" %s 'coro-blocking-*' %t.ns -- -I%S/../fixits/Inputs/myrt -I%S/Inputs
// RUN: %check_coro --check-suffix=NONS --config="{CheckOptions: {Runtime: custom, SleepForRewrite: 'co_await myrt::nap({0})'}}" %s 'coro-blocking-*' %t.nons -- -I%S/../fixits/Inputs/myrt -I%S/Inputs
// RUN: %check_coro --check-suffix=BARE --config="{CheckOptions: {Runtime: custom}}" %s 'coro-blocking-sleep' %t.bare -- -I%S/../fixits/Inputs/myrt -I%S/Inputs

#include "myrt.hpp"
#include "task.h"

#include <chrono>
#include <cstdio>
#include <future>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
// CHECK-FIXES: #include "myrt.hpp"
// CHECK-FIXES-NOT: #include {{.*}}myrt

using namespace std::chrono_literals;

#define BUFFER b, sizeof b

myrt::task<int> worker(int fd, std::future<int> f) {
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'worker'
  // CHECK-MESSAGES-NONS: :[[@LINE-2]]:3: note: no automatic fix: the coroutine's promise type 'myrt::detail::promise' only awaits its own runtime's operations; give that runtime's namespace and spellings in the 'RuntimeNamespace' and '*Rewrite' options
  // CHECK-MESSAGES-BARE: :[[@LINE-3]]:3: note: no automatic fix: the coroutine's promise type 'myrt::detail::promise' only awaits
  // CHECK-FIXES-NS: {{^}}  co_await myrt::nap(10ms);
  // CHECK-FIXES-NONS: {{^}}  std::this_thread::sleep_for(10ms);
  // CHECK-FIXES-BARE: {{^}}  std::this_thread::sleep_for(10ms);
  usleep(250);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep'
  // CHECK-FIXES-NS: {{^}}  co_await myrt::nap(std::chrono::microseconds(250));
  // A floating-point duration is converted for runtimes other than unblock.
  std::this_thread::sleep_for(0.25s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for'
  // CHECK-FIXES-NS: {{^}}  co_await myrt::nap(std::chrono::ceil<std::chrono::nanoseconds>(0.25s));

  // No SleepUntilRewrite: no fix-it, and a note.
  std::this_thread::sleep_until(std::chrono::steady_clock::now() + 1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_until'
  // CHECK-MESSAGES-NS: :[[@LINE-2]]:3: note: no automatic fix: the 'custom' runtime profile has no rewrite for this call
  // CHECK-FIXES: {{^}}  std::this_thread::sleep_until(std::chrono::steady_clock::now() + 1s);

  // {0}, {1}, {2}: the fourth argument is left out by the spelling.
  char b[8];
  ssize_t n = recv(fd, b, sizeof b, 0);
  // CHECK-MESSAGES-NS: :[[@LINE-1]]:15: warning: blocking call to 'recv'
  // CHECK-MESSAGES-NONS: :[[@LINE-2]]:15: warning: blocking call to 'recv'
  // CHECK-FIXES-NS: {{^}}  ssize_t n = co_await myrt::io::recv(fd, b, sizeof b);
  // CHECK-FIXES-NONS: {{^}}  ssize_t n = recv(fd, b, sizeof b, 0);
  // {1} would be a part of the macro BUFFER: no fix-it.
  n += recv(fd, BUFFER, 0);
  // CHECK-MESSAGES-NS: :[[@LINE-1]]:8: warning: blocking call to 'recv'
  // CHECK-MESSAGES-NS: :[[@LINE-2]]:8: note: no automatic fix: its arguments come from a macro expansion
  // CHECK-MESSAGES-NONS: :[[@LINE-3]]:8: warning: blocking call to 'recv'
  // CHECK-FIXES: {{^}}  n += recv(fd, BUFFER, 0);

  int v = f.get();
  // CHECK-MESSAGES-NS: :[[@LINE-1]]:13: warning: blocking call to 'std::future::get'
  // CHECK-MESSAGES-NONS: :[[@LINE-2]]:13: warning: blocking call to 'std::future::get'
  // CHECK-FIXES-NS: {{^}}  int v = co_await myrt::to_thread([&] { return f.get(); });
  f.wait();
  // CHECK-MESSAGES-NS: :[[@LINE-1]]:5: warning: blocking call to 'std::future::wait'
  // CHECK-MESSAGES-NONS: :[[@LINE-2]]:5: warning: blocking call to 'std::future::wait'
  // CHECK-FIXES-NS: {{^}}  co_await myrt::to_thread([&] { f.wait(); });
  co_return v + static_cast<int>(n);
}

// A coroutine type without await_transform takes any runtime's spellings.
demo::task<> plain() {
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'plain'
  // CHECK-MESSAGES-BARE: :[[@LINE-2]]:3: note: no automatic fix: the 'custom' runtime profile has no rewrite for this call
  // CHECK-FIXES-NS: {{^}}  co_await myrt::nap(10ms);
  // CHECK-FIXES-NONS: {{^}}  co_await myrt::nap(10ms);
  // CHECK-FIXES-BARE: {{^}}  std::this_thread::sleep_for(10ms);
  co_return;
}
