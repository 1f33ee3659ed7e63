// RUN: %check_coro %s coro-lock-across-suspend %t -- -I%S/Inputs

// The docs example is reported before the rewrite and clean after it.
// RUN: %unblock --checks='-*,coro-lock-across-suspend' %srcroot/docs/checks/examples/coro-lock-across-suspend.before.cpp -- -std=c++20 -I%runtime_include | FileCheck %s --check-prefix=DOCS --implicit-check-not=warning:
// DOCS: coro-lock-across-suspend.before.cpp:19:31: warning: lock 'lock' of type 'std::lock_guard<std::mutex>' is held across a suspension point; use 'unblock::async_mutex' or release the lock before suspending [coro-lock-across-suspend]
// DOCS: coro-lock-across-suspend.before.cpp:22:29: note: the coroutine suspends here with 'lock' held
// RUN: %unblock --checks='-*,coro-lock-across-suspend' --warnings-as-errors='*' %srcroot/docs/checks/examples/coro-lock-across-suspend.after.cpp -- -std=c++20 -I%runtime_include

#include "awaitables.h"

#include <mutex>
#include <shared_mutex>

std::mutex m, m2;
std::shared_mutex sm;
demo::task<> step();
demo::task<int> value();
demo::task<bool> more();
void work();
void consume(std::unique_lock<std::mutex>);

// Each lock type of the standard library, and a scoped_lockable class.
demo::task<> guard_across_await() {
  std::lock_guard<std::mutex> g(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: lock 'g' of type 'std::lock_guard<std::mutex>' is held across a suspension point; use 'unblock::async_mutex' or release the lock before suspending [coro-lock-across-suspend]
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: the coroutine suspends here with 'g' held
  work();
}

demo::task<> unique_across_await() {
  std::unique_lock lk(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: lock 'lk' of type 'std::unique_lock<std::mutex>' is held across a suspension point
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: the coroutine suspends here with 'lk' held
}

demo::task<> scoped_and_shared() {
  std::scoped_lock both(m, m2);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: lock 'both' of type 'std::scoped_lock<std::mutex, std::mutex>' is held across a suspension point
  // CHECK-MESSAGES: :[[@LINE+4]]:3: note: the coroutine suspends here with 'both' held
  std::shared_lock reader(sm);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: lock 'reader' of type 'std::shared_lock<std::shared_mutex>' is held across a suspension point
  // CHECK-MESSAGES: :[[@LINE+1]]:3: note: the coroutine suspends here with 'reader' held
  co_await step();
}

shapes::annotated_mutex am;
demo::task<> scoped_lockable_type() {
  shapes::mutex_lock held(am);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: lock 'held' of type 'shapes::mutex_lock' is held across a suspension point
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: the coroutine suspends here with 'held' held
}

// co_yield suspends too.
shapes::generator<int> yields_under_lock() {
  std::lock_guard g(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: lock 'g' of type 'std::lock_guard<std::mutex>' is held across a suspension point
  co_yield 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: the coroutine suspends here with 'g' held
}

// A co_await inside an initializer, a condition, a co_return operand.
demo::task<int> await_in_initializer() {
  std::lock_guard g(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: lock 'g' of type 'std::lock_guard<std::mutex>' is held across a suspension point
  int v = co_await value();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: note: the coroutine suspends here with 'g' held
  co_return v;
}
demo::task<> await_in_condition() {
  std::lock_guard g(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: lock 'g' of type 'std::lock_guard<std::mutex>' is held across a suspension point
  while (co_await more()) {
    // CHECK-MESSAGES: :[[@LINE-1]]:10: note: the coroutine suspends here with 'g' held
    work();
  }
}
demo::task<> await_in_if_condition() {
  std::unique_lock lk(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: lock 'lk' of type 'std::unique_lock<std::mutex>' is held across a suspension point
  if (co_await more())
    // CHECK-MESSAGES: :[[@LINE-1]]:7: note: the coroutine suspends here with 'lk' held
    work();
}
demo::task<int> await_in_co_return() {
  std::lock_guard g(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: lock 'g' of type 'std::lock_guard<std::mutex>' is held across a suspension point
  co_return co_await value();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: note: the coroutine suspends here with 'g' held
}

demo::task<> await_in_a_capture() {
  std::lock_guard g(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: lock 'g' of type 'std::lock_guard<std::mutex>' is held across a suspension point
  auto get = [v = co_await value()] { return v; };
  // CHECK-MESSAGES: :[[@LINE-1]]:19: note: the coroutine suspends here with 'g' held
  (void)get;
}

// A guard for any mutex: reported over a thread mutex.
demo::task<> any_guard_over_a_mutex() {
  shapes::any_guard held(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: lock 'held' of type 'shapes::any_guard' is held across a suspension point
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: the coroutine suspends here with 'held' held
}

// Suspensions in the other statement forms.
demo::task<> in_a_switch(int kind) {
  std::lock_guard g(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: lock 'g' of type 'std::lock_guard<std::mutex>' is held across a suspension point
  switch (kind) {
  case 0:
    work();
    break;
  default:
    co_await step();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the coroutine suspends here with 'g' held
  }
}
demo::task<> in_a_do_loop() {
  std::unique_lock lk(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: lock 'lk' of type 'std::unique_lock<std::mutex>' is held across a suspension point
  do {
    work();
  } while (co_await more());
  // CHECK-MESSAGES: :[[@LINE-1]]:12: note: the coroutine suspends here with 'lk' held
}
demo::task<> in_a_range_for(int (&items)[4]) {
  for (int item : items) {
    std::lock_guard g(m);
    // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: lock 'g' of type 'std::lock_guard<std::mutex>' is held across a suspension point
    if (item > 0)
      co_await step();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: note: the coroutine suspends here with 'g' held
  }
}
demo::task<> in_a_try_block() {
  std::lock_guard g(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: lock 'g' of type 'std::lock_guard<std::mutex>' is held across a suspension point
  try {
    co_await step();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the coroutine suspends here with 'g' held
  } catch (...) {
    work();
  }
}
demo::task<> lock_in_an_if_initializer() {
  if (std::lock_guard g(m); true) {
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: lock 'g' of type 'std::lock_guard<std::mutex>' is held across a suspension point
    co_await step();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the coroutine suspends here with 'g' held
  }
}

// unlock() only on one path does not release the lock on the other.
demo::task<> unlock_in_a_branch(bool done) {
  std::unique_lock lk(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: lock 'lk' of type 'std::unique_lock<std::mutex>' is held across a suspension point
  if (done)
    lk.unlock();
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: the coroutine suspends here with 'lk' held
}

// Moved into another lock: that one holds it.
demo::task<> moved_into_another() {
  std::unique_lock lk(m);
  std::unique_lock other(std::move(lk));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: lock 'other' of type 'std::unique_lock<std::mutex>' is held across a suspension point
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: the coroutine suspends here with 'other' held
}

// Locked again after an unlock: held at the second suspension.
demo::task<> relocked() {
  std::unique_lock lk(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: lock 'lk' of type 'std::unique_lock<std::mutex>' is held across a suspension point
  lk.unlock();
  co_await step();
  lk.lock();
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: the coroutine suspends here with 'lk' held
}

// Locked at the end of one iteration, held at the top of the next.
demo::task<> locked_on_the_back_edge(int n) {
  std::unique_lock lk(m, std::defer_lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: lock 'lk' of type 'std::unique_lock<std::mutex>' is held across a suspension point
  for (int i = 0; i < n; ++i) {
    co_await step();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the coroutine suspends here with 'lk' held
    lk.lock();
    work();
  }
}

// A lock handed to the coroutine by value lives in its frame.
demo::task<> lock_parameter(std::unique_lock<std::mutex> lk) {
  // CHECK-MESSAGES: :[[@LINE-1]]:58: warning: lock 'lk' of type 'std::unique_lock<std::mutex>' is held across a suspension point
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: the coroutine suspends here with 'lk' held
}

// A coroutine lambda is a context of its own.
void starts_a_lambda() {
  auto coro = []() -> demo::task<> {
    std::lock_guard g(m);
    // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: lock 'g' of type 'std::lock_guard<std::mutex>' is held across a suspension point
    co_await step();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the coroutine suspends here with 'g' held
  };
  (void)coro;
}

// Macros: reported at the expansion.
#define LOCKED(mu) std::lock_guard<std::mutex> guard_(mu)
demo::task<> lock_from_a_macro() {
  LOCKED(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lock 'guard_' of type 'std::lock_guard<std::mutex>' is held across a suspension point
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: the coroutine suspends here with 'guard_' held
}

// Templates: reported once per location, judged in the instantiations.
template <class Mutex> demo::task<> generic(Mutex &mu) {
  std::lock_guard<Mutex> g(mu);
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: lock 'g' of type 'std::lock_guard<std::mutex>' is held across a suspension point
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: the coroutine suspends here with 'g' held
}
std::recursive_mutex rm;
shapes::spin_lock spin;
demo::task<> instantiate() {
  co_await generic(m);
  co_await generic(m2);
  co_await generic(rm);
  co_await generic(spin); // a spin lock: not reported
}
