// RUN: %check_coro %s coro-lock-across-suspend %t -- -I%S/Inputs

// Locks that are not held across a suspension, and locks that are safe to
// hold across one. Only the last function is reported: it shows the check
// runs on this file.

#include "awaitables.h"

#include <mutex>

std::mutex m;
demo::task<> step();
demo::task<bool> more();
void work();
void consume(std::unique_lock<std::mutex>);

// The scope of the lock ends before the suspension.
demo::task<> scope_ends_first() {
  {
    std::lock_guard g(m);
    work();
  }
  co_await step();
  for (int i = 0; i < 3; ++i) {
    {
      std::lock_guard g(m);
      work();
    }
    co_await step();
  }
}

// The lock lives in the loop body; the loop condition suspends.
demo::task<> suspends_in_the_condition() {
  while (co_await more()) {
    std::lock_guard g(m);
    work();
  }
  do {
    std::lock_guard g(m);
    work();
  } while (co_await more());
}

// The branch that suspends is not the one that holds the lock.
demo::task<> other_branch(bool flag) {
  if (flag) {
    std::lock_guard g(m);
    work();
  } else {
    co_await step();
  }
}

// Unlocked on the way: straight-line, in a nested block, on both branches.
demo::task<> unlocked_first(bool flag) {
  std::unique_lock lk(m);
  work();
  lk.unlock();
  co_await step();
}
demo::task<> unlocked_in_a_block() {
  std::unique_lock lk(m);
  {
    lk.unlock();
  }
  co_await step();
}
demo::task<> unlocked_on_both_branches(bool flag) {
  std::unique_lock lk(m);
  if (flag) {
    lk.unlock();
  } else {
    work();
    lk.unlock();
  }
  co_await step();
}
demo::task<> unlocked_in_the_loop() {
  std::unique_lock lk(m);
  while (true) {
    lk.unlock();
    co_await step();
    lk.lock();
    if (!lk.owns_lock())
      break;
  }
}
demo::task<> branch_returns(bool flag) {
  std::unique_lock lk(m);
  if (flag) {
    work();
    co_return;
  }
  lk.unlock();
  co_await step();
}

// Moved out, released, never locked, deferred.
demo::task<> moved_out() {
  std::unique_lock lk(m);
  consume(std::move(lk));
  co_await step();
}
demo::task<> released() {
  std::unique_lock lk(m);
  lk.release()->unlock();
  co_await step();
}
demo::task<> moved_while_unlocked() {
  std::unique_lock lk(m, std::defer_lock);
  std::unique_lock other(std::move(lk));
  co_await step();
}
demo::task<> never_locked() {
  std::unique_lock<std::mutex> idle;
  std::unique_lock<std::mutex> deferred(m, std::defer_lock);
  co_await step();
}

// The implicit final suspend after co_return (or the end of the body) holds
// nothing: the locals are gone by then.
demo::task<> only_the_final_suspend() {
  std::lock_guard g(m);
  work();
  co_return;
}
demo::task<> falls_off_the_end() {
  co_await step();
  std::lock_guard g(m);
  work();
}

// Locks obtained from a co_await belong to a coroutine-aware mutex.
shapes::coro_mutex cm;
demo::task<> async_mutex_lock() {
  auto lk = co_await cm.scoped_lock();
  co_await step();
  std::unique_lock<shapes::coro_mutex> again = co_await cm.scoped_lock();
  co_await step();
  auto moved = std::move(again);
  co_await step();
}

// Locks over coroutine-aware mutexes (IgnoredMutexTypes) and spin locks.
cppcoro::async_mutex cppcoro_mutex;
shapes::spin_lock spin;
demo::task<> ignored_mutexes() {
  co_await cppcoro_mutex.lock_async();
  std::lock_guard<cppcoro::async_mutex> g(cppcoro_mutex, std::adopt_lock);
  std::lock_guard<shapes::spin_lock> s(spin);
  shapes::any_guard over_spin(spin);
  shapes::SpinGuard named_spin(m);
  co_await step();
}

// The awaited operation takes the lock and releases it while suspended.
shapes::condition_variable cv;
demo::task<> condition_variable_wait() {
  std::unique_lock lk(m);
  co_await cv.wait(lk);
  work();
}

// Awaiting std::suspend_never never suspends (SafeAwaitables).
demo::task<> never_suspends() {
  std::lock_guard g(m);
  co_await std::suspend_never{};
}

// A lambda is a function of its own: its co_await does not suspend the
// enclosing coroutine, and a plain lambda has no suspension points.
demo::task<> nested_lambdas() {
  std::lock_guard g(m);
  auto inner = []() -> demo::task<> { co_await step(); };
  auto plain = [] { std::lock_guard g2(m); work(); };
  plain();
  (void)inner;
  co_return;
}

// Not coroutines: no suspension points.
void plain_function() {
  std::lock_guard g(m);
  work();
}

// A reference and a static are no lock objects of this frame.
demo::task<> not_owned(std::unique_lock<std::mutex> &borrowed) {
  std::unique_lock<std::mutex> &alias = borrowed;
  (void)alias;
  co_await step();
}

// The check runs on this file.
demo::task<> held() {
  std::lock_guard g(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: lock 'g' of type 'std::lock_guard<std::mutex>' is held across a suspension point
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: the coroutine suspends here with 'g' held
}
