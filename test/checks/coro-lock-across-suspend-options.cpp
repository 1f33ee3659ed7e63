// Options: LockTypes, SafeAwaitables, IgnoredMutexTypes.
// RUN: %check_coro --check-suffix=CONF --config="{CheckOptions: {coro-lock-across-suspend.LockTypes: 'shapes::project_guard', coro-lock-across-suspend.SafeAwaitables: 'demo::yield;shapes::all_ready', coro-lock-across-suspend.IgnoredMutexTypes: 'std::recursive_*'}}" %s coro-lock-across-suspend %t.conf -- -I%S/Inputs
// RUN: %check_coro --check-suffix=DEFAULT %s coro-lock-across-suspend %t.default -- -I%S/Inputs

// Every option is written back by --dump-config under its name, and the
// dumped configuration reads back the same, in the tool and in the plugin.
// RUN: %unblock --checks='-*,coro-lock-across-suspend' --dump-config | FileCheck %s --check-prefix=DUMP-DEFAULTS
// DUMP-DEFAULTS-DAG: coro-lock-across-suspend.LockTypes: ''
// DUMP-DEFAULTS-DAG: coro-lock-across-suspend.SafeAwaitables: 'std::suspend_never'
// DUMP-DEFAULTS-DAG: coro-lock-across-suspend.IgnoredMutexTypes: 'unblock::async_mutex;cppcoro::async_mutex;cppcoro::async_mutex_lock;coro::mutex;coro::shared_mutex;folly::coro::Mutex;folly::coro::SharedMutex*;boost::cobalt::*;asio::experimental::*;boost::asio::experimental::*;*spin*'
// RUN: %unblock --checks='-*,coro-lock-across-suspend' --config="{CheckOptions: {coro-lock-across-suspend.LockTypes: 'a::guard;b', coro-lock-across-suspend.SafeAwaitables: 'c::*', coro-lock-across-suspend.IgnoredMutexTypes: 'd::mutex'}}" --dump-config > %t.yaml
// RUN: FileCheck %s --check-prefix=DUMP-CUSTOM < %t.yaml
// RUN: %unblock --config-file=%t.yaml --dump-config | FileCheck %s --check-prefix=DUMP-CUSTOM
// RUN: %clang_tidy -load %plugin --config-file=%t.yaml --dump-config | FileCheck %s --check-prefix=DUMP-CUSTOM
// DUMP-CUSTOM-DAG: coro-lock-across-suspend.LockTypes: 'a::guard;b'
// DUMP-CUSTOM-DAG: coro-lock-across-suspend.SafeAwaitables: 'c::*'
// DUMP-CUSTOM-DAG: coro-lock-across-suspend.IgnoredMutexTypes: 'd::mutex'

#include "awaitables.h"

#include <mutex>

std::mutex m;
std::recursive_mutex rm;
shapes::spin_lock spin;
demo::task<> step();

// LockTypes: a project's guard class is a lock.
demo::task<> project_guard() {
  shapes::project_guard g(m);
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:25: warning: lock 'g' of type 'shapes::project_guard' is held across a suspension point; use 'unblock::async_mutex' or release the lock before suspending [coro-lock-across-suspend]
  co_await step();
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:3: note: the coroutine suspends here with 'g' held
}

// SafeAwaitables: awaiting these with a lock held is fine.
demo::task<> safe_awaitables() {
  std::lock_guard g(m);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:19: warning: lock 'g' of type 'std::lock_guard<std::mutex>' is held across a suspension point
  co_await demo::yield();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: note: the coroutine suspends here with 'g' held
  co_await shapes::when_all_ready(step(), step());
}
// The list replaces the default (std::suspend_never).
demo::task<> replaced_default() {
  std::lock_guard g(m);
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:19: warning: lock 'g' of type 'std::lock_guard<std::mutex>' is held across a suspension point
  co_await std::suspend_never{};
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:3: note: the coroutine suspends here with 'g' held
}

// IgnoredMutexTypes: the list replaces the default one.
demo::task<> ignored_mutexes() {
  std::lock_guard<std::recursive_mutex> r(rm);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:41: warning: lock 'r' of type 'std::lock_guard<std::recursive_mutex>' is held across a suspension point
  // CHECK-MESSAGES-DEFAULT: :[[@LINE+4]]:3: note: the coroutine suspends here with 'r' held
  std::lock_guard<shapes::spin_lock> s(spin);
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:38: warning: lock 's' of type 'std::lock_guard<shapes::spin_lock>' is held across a suspension point
  // CHECK-MESSAGES-CONF: :[[@LINE+1]]:3: note: the coroutine suspends here with 's' held
  co_await step();
}

// Reported either way.
demo::task<> either_way() {
  std::lock_guard g(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: lock 'g' of type 'std::lock_guard<std::mutex>' is held across a suspension point
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: the coroutine suspends here with 'g' held
}
