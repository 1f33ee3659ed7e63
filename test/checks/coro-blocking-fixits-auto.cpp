// Runtime: auto, the default: each coroutine's fix-its follow its own
// runtime. unblock's own tasks get the unblock profile; a task of a runtime
// unblock has no profile for (here demo::task, libcoro-style: its own
// promise type, no await_transform) gets no fix-it, only notes that name the
// shape of the change and the option that enables fixes. Mapping the type
// (RuntimeByType, exact or a pattern) or naming its namespace for the custom
// spellings (RuntimeNamespace) gives it one.
//
// RUN: %check_coro --check-suffix=AUTO %s 'coro-blocking-*' %t.auto -- -I%S/Inputs -I%runtime_include
// RUN: %check_coro --check-suffix=MAPPED --config="{CheckOptions: {RuntimeByType: 'demo::task=unblock'}}" %s 'coro-blocking-*' %t.mapped -- -I%S/Inputs -I%runtime_include
// RUN: %check_coro --check-suffix=MAPPED --config="{CheckOptions: {RuntimeByType: ' demo::* = unblock ; other::task=asio'}}" %s 'coro-blocking-*' %t.glob -- -I%S/Inputs -I%runtime_include
// RUN: %check_coro --check-suffix=NS --config="{CheckOptions: {RuntimeNamespace: demo, SleepForRewrite: 'co_await demo::nap({0})'}}" %s 'coro-blocking-*' %t.ns -- -I%S/Inputs -I%runtime_include
//
// Bad values are configuration errors, named with the option.
// RUN: %unblock --checks='-*,coro-blocking-sleep' --config="{CheckOptions: {Runtime: uvloop, RuntimeByType: 'demo::task'}}" %s -- -std=c++20 -I%S/Inputs -I%runtime_include 2>&1 | FileCheck %s --check-prefix=BAD
// BAD-DAG: warning: invalid value 'uvloop' for Runtime; expected 'auto', 'unblock', 'asio', 'boost-asio' or 'custom' (coro-blocking-sleep)
// BAD-DAG: warning: invalid entry 'demo::task' in RuntimeByType; expected 'type=profile'

#include "task.h"
#include <unblock/unblock.hpp>
#include <chrono>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

namespace demo {
// demo::task (task.h) is a task in the style of libcoro: lazy, its own
// promise, no await_transform. Its runtime's sleep, for the custom profile:
template <class D> yield_awaiter nap(D) { return {}; }
} // namespace demo

// An alias names the same type.
using job = demo::task<>;

demo::task<> libcoro_style(int fd) {
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'libcoro_style'
  // CHECK-MESSAGES-MAPPED: :[[@LINE-2]]:3: note: suspend instead with 'co_await unblock::sleep_for(...)'
  // CHECK-MESSAGES-AUTO: :[[@LINE-3]]:3: note: suspend instead with your runtime's sleep
  // CHECK-MESSAGES-AUTO: :[[@LINE-4]]:3: note: no automatic fix: the coroutine type 'demo::task' has no fix-it profile; name its runtime in the 'RuntimeByType' option (e.g. 'demo::task=custom' with the '*Rewrite' spellings)
  // CHECK-FIXES-AUTO: {{^}}  std::this_thread::sleep_for(10ms);
  // CHECK-FIXES-MAPPED: {{^}}  co_await unblock::sleep_for(10ms);
  // CHECK-FIXES-NS: {{^}}  co_await demo::nap(10ms);
  char b[4];
  read(fd, b, sizeof b);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read'
  // CHECK-MESSAGES-AUTO: :[[@LINE-2]]:3: note: wait on the event loop instead with your runtime's asynchronous I/O
  // CHECK-FIXES-AUTO: {{^}}  read(fd, b, sizeof b);
  // CHECK-FIXES-MAPPED: {{^}}  co_await unblock::read(fd, b, sizeof b);
  // The custom profile has no spelling for it.
  // CHECK-MESSAGES-NS: :[[@LINE-6]]:3: note: no automatic fix: the 'custom' runtime profile has no rewrite for this call
  // CHECK-FIXES-NS: {{^}}  read(fd, b, sizeof b);
  co_return;
}

job through_alias() {
  usleep(100);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep'
  // CHECK-MESSAGES-AUTO: :[[@LINE-2]]:3: note: no automatic fix: the coroutine type 'demo::task' has no fix-it profile
  // CHECK-FIXES-AUTO: {{^}}  usleep(100);
  // CHECK-FIXES-MAPPED: {{^}}  co_await unblock::sleep_for(std::chrono::microseconds(100));
  co_return;
}

// A lambda coroutine: its own return type decides.
void spawn() {
  auto f = []() -> demo::task<> {
    sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'sleep' inside coroutine lambda
    // CHECK-FIXES-AUTO: {{^}}    sleep(1);
    // CHECK-FIXES-MAPPED: {{^}}    co_await unblock::sleep_for(std::chrono::seconds(1));
    co_return;
  };
  (void)f;
}

// unblock's own task runs on unblock's loop: fixed in every configuration.
unblock::task<int> own_runtime() {
  std::this_thread::sleep_for(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'own_runtime'
  // CHECK-FIXES: {{^}}  co_await unblock::sleep_for(5ms);
  co_return 1;
}

// A template: each instantiation's type decides; the pattern is one place.
template <class T> demo::task<> generic(T d) {
  std::this_thread::sleep_for(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'generic'
  // CHECK-FIXES-AUTO: {{^}}  std::this_thread::sleep_for(d);
  // CHECK-FIXES-MAPPED: {{^}}  co_await unblock::sleep_for(d);
  co_return;
}
template demo::task<> generic(std::chrono::milliseconds);
