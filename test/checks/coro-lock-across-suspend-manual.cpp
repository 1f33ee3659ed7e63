// RUN: %check_coro %s coro-lock-across-suspend %t -- -I%S/Inputs

// Mutexes locked and unlocked by hand: m.lock() ... m.unlock(), the
// members of a mutex with Clang's thread safety attributes,
// pthread_mutex_lock. Each reported pattern is followed by its twin that
// is not reported.

#include "awaitables.h"

#include <mutex>
#include <pthread.h>
#include <shared_mutex>

std::mutex m, m2;
std::shared_mutex sm;
std::timed_mutex tm;
pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t pcv = PTHREAD_COND_INITIALIZER;
demo::task<> step();
demo::task<bool> more();
void work();
bool ready();
void release(std::mutex &);
std::mutex &some_mutex();

// A mutex with Clang's thread safety attributes, spelled both ways.
#define CAPABILITY(x) __attribute__((capability(x)))
#define ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#define ACQUIRE_SHARED(...) __attribute__((acquire_shared_capability(__VA_ARGS__)))
#define RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))
#define TRY_ACQUIRE(...) __attribute__((try_acquire_capability(__VA_ARGS__)))
namespace absl {
class __attribute__((lockable)) Mutex {
public:
  void Lock() __attribute__((exclusive_lock_function()));
  void ReaderLock() __attribute__((shared_lock_function()));
  bool TryLock() __attribute__((exclusive_trylock_function(true)));
  void Unlock() __attribute__((unlock_function()));
  void ReaderUnlock() __attribute__((unlock_function()));
};
} // namespace absl
class CAPABILITY("mutex") Mutex {
public:
  void Lock() ACQUIRE();
  void LockShared() ACQUIRE_SHARED();
  bool TryLock() TRY_ACQUIRE(true);
  void Unlock() RELEASE();
};

//===----------------------------------------------------------------------===//
// Reported: the warning is at the suspension, with a note where the mutex
// is locked and, when the coroutine unlocks it, where.
//===----------------------------------------------------------------------===//

demo::task<> lock_unlock_around_await() {
  m.lock();
  work();
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'm' of type 'std::mutex' is held across a suspension point; use 'unblock::async_mutex' or unlock it before suspending [coro-lock-across-suspend]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: 'm' is locked here
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: 'm' is unlocked here
  co_await step(); // reported once, at the first suspension
  m.unlock();
}

// Never unlocked in the coroutine: no note for the unlock.
demo::task<int> never_unlocked() {
  m.lock();
  int n = co_await more();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: mutex 'm' of type 'std::mutex' is held across a suspension point
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'm' is locked here
  co_return n;
}

// co_yield suspends too.
shapes::generator<int> yields_under_a_mutex() {
  m.lock();
  co_yield 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'm' of type 'std::mutex' is held across a suspension point
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'm' is locked here
  // CHECK-MESSAGES: :[[@LINE+1]]:3: note: 'm' is unlocked here
  m.unlock();
}

// The shared and timed forms of the standard mutexes.
demo::task<> shared_and_timed() {
  sm.lock_shared();
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'sm' of type 'std::shared_mutex' is held across a suspension point
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'sm' is locked here
  // CHECK-MESSAGES: :[[@LINE+1]]:3: note: 'sm' is unlocked here
  sm.unlock_shared();
  if (tm.try_lock_for(std::chrono::milliseconds(5))) {
    co_await step();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'tm' of type 'std::timed_mutex' is held across a suspension point
    // CHECK-MESSAGES: :[[@LINE-3]]:7: note: 'tm' is locked here
    // CHECK-MESSAGES: :[[@LINE+1]]:5: note: 'tm' is unlocked here
    tm.unlock();
  }
}

// A successful try_lock() holds the mutex where it succeeded.
demo::task<> try_lock_succeeded() {
  if (m.try_lock()) {
    co_await step();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'm' of type 'std::mutex' is held across a suspension point
    // CHECK-MESSAGES: :[[@LINE-3]]:7: note: 'm' is locked here
    // CHECK-MESSAGES: :[[@LINE+1]]:5: note: 'm' is unlocked here
    m.unlock();
  }
}
demo::task<> try_lock_or_return() {
  if (!m2.try_lock())
    co_return;
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'm2' of type 'std::mutex' is held across a suspension point
  // CHECK-MESSAGES: :[[@LINE-4]]:8: note: 'm2' is locked here
  // CHECK-MESSAGES: :[[@LINE+1]]:3: note: 'm2' is unlocked here
  m2.unlock();
}

// POSIX mutexes.
demo::task<> pthread_mutex() {
  pthread_mutex_lock(&pm);
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'pm' of type 'pthread_mutex_t' is held across a suspension point
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'pm' is locked here
  // CHECK-MESSAGES: :[[@LINE+1]]:3: note: 'pm' is unlocked here
  pthread_mutex_unlock(&pm);
}
demo::task<> pthread_trylock(pthread_mutex_t *p) {
  if (pthread_mutex_trylock(p) == 0) {
    co_await step();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex '*p' of type 'pthread_mutex_t' is held across a suspension point
    // CHECK-MESSAGES: :[[@LINE-3]]:7: note: '*p' is locked here
    // CHECK-MESSAGES: :[[@LINE+1]]:5: note: '*p' is unlocked here
    pthread_mutex_unlock(p);
  }
}
// A condition variable's wait returns with the mutex locked again.
demo::task<> pthread_cond_wait_keeps_it() {
  pthread_mutex_lock(&pm);
  pthread_cond_wait(&pcv, &pm);
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'pm' of type 'pthread_mutex_t' is held across a suspension point
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: 'pm' is locked here
  // CHECK-MESSAGES: :[[@LINE+1]]:3: note: 'pm' is unlocked here
  pthread_mutex_unlock(&pm);
}

// Thread safety attributes: absl's spelling and the capability spelling.
absl::Mutex am;
demo::task<> absl_mutex() {
  am.Lock();
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'am' of type 'absl::Mutex' is held across a suspension point
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'am' is locked here
  // CHECK-MESSAGES: :[[@LINE+1]]:3: note: 'am' is unlocked here
  am.Unlock();
  if (am.TryLock()) {
    co_await step();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'am' of type 'absl::Mutex' is held across a suspension point
    // CHECK-MESSAGES: :[[@LINE-3]]:7: note: 'am' is locked here
    // CHECK-MESSAGES: :[[@LINE+1]]:5: note: 'am' is unlocked here
    am.Unlock();
  }
  am.ReaderLock();
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'am' of type 'absl::Mutex' is held across a suspension point
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'am' is locked here
  // CHECK-MESSAGES: :[[@LINE+1]]:3: note: 'am' is unlocked here
  am.ReaderUnlock();
}
struct Service {
  Mutex mu_;
  Mutex *other_;
  demo::task<> member_mutex() {
    mu_.Lock();
    co_await step();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'mu_' of type 'Mutex' is held across a suspension point
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: 'mu_' is locked here
    // CHECK-MESSAGES: :[[@LINE+1]]:5: note: 'mu_' is unlocked here
    this->mu_.Unlock();
  }
  demo::task<> shared_through_a_pointer() {
    other_->LockShared();
    co_await step();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex '*other_' of type 'Mutex' is held across a suspension point
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: '*other_' is locked here
    // CHECK-MESSAGES: :[[@LINE+1]]:5: note: '*other_' is unlocked here
    (*other_).Unlock();
  }
};

// Locked on one path only: held on that path.
demo::task<> locked_in_one_branch(bool flag) {
  if (flag)
    m.lock();
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'm' of type 'std::mutex' is held across a suspension point
  // CHECK-MESSAGES: :[[@LINE-3]]:5: note: 'm' is locked here
  // CHECK-MESSAGES: :[[@LINE+2]]:5: note: 'm' is unlocked here
  if (flag)
    m.unlock();
}
// Unlocked on one path only.
demo::task<> unlocked_in_one_branch(bool flag) {
  m2.lock();
  if (flag)
    m2.unlock();
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'm2' of type 'std::mutex' is held across a suspension point
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: 'm2' is locked here
}

// Locked at the end of one iteration, held at the top of the next.
demo::task<> locked_on_the_back_edge(int n) {
  for (int i = 0; i < n; ++i) {
    co_await step();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'm' of type 'std::mutex' is held across a suspension point
    // CHECK-MESSAGES: :[[@LINE+2]]:5: note: 'm' is locked here
    // CHECK-MESSAGES: :[[@LINE+4]]:3: note: 'm' is unlocked here
    m.lock();
    work();
  }
  m.unlock();
}
// Locked before a loop whose condition suspends.
demo::task<> locked_before_an_awaiting_loop() {
  m.lock();
  while (co_await more()) {
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: mutex 'm' of type 'std::mutex' is held across a suspension point
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'm' is locked here
    // CHECK-MESSAGES: :[[@LINE+1]]:5: note: 'm' is unlocked here
    m.unlock();
    work();
    m.lock();
  }
  m.unlock();
}

// std::lock() locks all its arguments.
demo::task<> std_lock_both() {
  std::lock(m, m2);
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'm' of type 'std::mutex' is held across a suspension point
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'm' is locked here
  // CHECK-MESSAGES: :[[@LINE+4]]:3: note: 'm' is unlocked here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: warning: mutex 'm2' of type 'std::mutex' is held across a suspension point
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: 'm2' is locked here
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: 'm2' is unlocked here
  m.unlock();
  m2.unlock();
}

// A lambda the coroutine calls runs there.
demo::task<> locked_by_a_called_lambda() {
  [&] { m.lock(); }();
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'm' of type 'std::mutex' is held across a suspension point
  // CHECK-MESSAGES: :[[@LINE-3]]:9: note: 'm' is locked here
  // CHECK-MESSAGES: :[[@LINE+2]]:5: note: 'm' is unlocked here
  auto unlock = [&] {
    m.unlock();
  };
  unlock();
}

// Templates: judged in the instantiations, reported once.
template <class M> demo::task<> generic(M &mu) {
  mu.lock();
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'mu' of type 'std::mutex' is held across a suspension point
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'mu' is locked here
  // CHECK-MESSAGES: :[[@LINE+1]]:3: note: 'mu' is unlocked here
  mu.unlock();
}
shapes::spin_lock spin;
shapes::coro_mutex cm;
demo::task<> instantiate() {
  co_await generic(m);
  co_await generic(m2);
  co_await generic(spin); // a spin lock: not reported
  co_await generic(cm);   // a coroutine-aware mutex: not reported
}

// Macros: reported where they are used.
#define LOCK(mu) (mu).lock()
#define UNLOCK(mu) (mu).unlock()
#define SUSPEND() co_await step()
demo::task<> through_macros() {
  LOCK(m);
  SUSPEND();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'm' of type 'std::mutex' is held across a suspension point
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'm' is locked here
  // CHECK-MESSAGES: :[[@LINE+1]]:3: note: 'm' is unlocked here
  UNLOCK(m);
}

// A local reference is the mutex it is bound to.
demo::task<> through_a_reference() {
  std::mutex &r = m;
  r.lock();
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'r' of type 'std::mutex' is held across a suspension point
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'r' is locked here
  // CHECK-MESSAGES: :[[@LINE+1]]:3: note: 'r' is unlocked here
  m.unlock();
}

// The result of try_lock() kept in a variable: held until it is tested.
demo::task<> try_result_kept() {
  bool ok = m.try_lock();
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'm' of type 'std::mutex' is held across a suspension point
  // CHECK-MESSAGES: :[[@LINE-3]]:13: note: 'm' is locked here
  // CHECK-MESSAGES: :[[@LINE+2]]:5: note: 'm' is unlocked here
  if (ok)
    m.unlock();
}

// Spinning on try_lock() until it succeeds: held after the loop only.
demo::task<> spin_then_suspend() {
  for (;;) {
    if (m2.try_lock())
      break;
    co_await demo::yield();
  }
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'm2' of type 'std::mutex' is held across a suspension point
  // CHECK-MESSAGES: :[[@LINE-6]]:9: note: 'm2' is locked here
  // CHECK-MESSAGES: :[[@LINE+1]]:3: note: 'm2' is unlocked here
  m2.unlock();
}

// A template never instantiated: judged as written.
template <class Awaitable> demo::task<> await_any(Awaitable a) {
  m.lock();
  co_await a;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'm' of type 'std::mutex' is held across a suspension point
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'm' is locked here
  // CHECK-MESSAGES: :[[@LINE+1]]:3: note: 'm' is unlocked here
  m.unlock();
}

// A called lambda counts for lock objects too.
demo::task<> lock_object_locked_by_a_called_lambda() {
  std::unique_lock lk(m, std::defer_lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: lock 'lk' of type 'std::unique_lock<std::mutex>' is held across a suspension point
  [&] { lk.lock(); }();
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: the coroutine suspends here with 'lk' held
}

//===----------------------------------------------------------------------===//
// Not reported
//===----------------------------------------------------------------------===//

// Unlocked before the suspension: straight-line, in a nested block, on
// both branches, through a reference.
demo::task<> unlocked_first(bool flag) {
  m.lock();
  work();
  m.unlock();
  co_await step();
  pthread_mutex_lock(&pm);
  work();
  pthread_mutex_unlock(&pm);
  co_await step();
  m.lock();
  {
    work();
    m.unlock();
  }
  co_await step();
  m.lock();
  if (flag) {
    m.unlock();
    work();
  } else {
    m.unlock();
  }
  co_await step();
  std::mutex &r = m;
  m.lock();
  r.unlock();
  co_await step();
}

// Locked after the suspension only.
demo::task<> locked_after() {
  co_await step();
  m.lock();
  work();
  m.unlock();
}

// Locked in one branch, unlocked there, then suspended.
demo::task<> locked_and_unlocked_in_a_branch(bool flag) {
  if (flag) {
    m.lock();
    work();
    m.unlock();
  }
  co_await step();
}

// A failed try_lock() holds nothing: the branch that suspends is the one
// where it failed.
demo::task<> try_lock_failed() {
  if (m.try_lock()) {
    work();
    m.unlock();
  } else {
    co_await step();
  }
  while (!m.try_lock())
    co_await demo::yield();
  work();
  m.unlock();
  co_await step();
  if (pthread_mutex_trylock(&pm) != 0)
    co_await step();
  else
    pthread_mutex_unlock(&pm);
  if (ready() && am.TryLock()) {
    am.Unlock();
  } else {
    co_await step();
  }
  if (bool ok = m2.try_lock(); !ok) {
    co_await step();
  } else {
    m2.unlock();
  }
  if (bool ok = m2.try_lock()) {
    m2.unlock();
  } else {
    co_await step();
  }
}

// Unlocked in a loop before its suspension.
demo::task<> unlocked_in_each_iteration(int n) {
  for (int i = 0; i < n; ++i) {
    m.lock();
    work();
    m.unlock();
    co_await step();
  }
  m.lock();
  work();
  m.unlock();
  while (co_await more()) {
    m.lock();
    work();
    m.unlock();
  }
}

// A lambda defined in the coroutine but not called there does not run
// there; one that locks and unlocks leaves nothing held.
demo::task<> lambdas() {
  auto later = [&] { m.lock(); };
  co_await step();
  demo::post(later);
  [&] {
    m.lock();
    work();
    m.unlock();
  }();
  co_await step();
  auto locked = [&]() -> bool {
    if (!m.try_lock())
      return false;
    m.unlock();
    return true;
  };
  locked();
  co_await step();
  // A coroutine lambda suspends itself, not the coroutine that defines it.
  m.lock();
  auto coro = []() -> demo::task<> { co_await step(); };
  m.unlock();
  co_await coro();
}

// A lock object unlocked by a called lambda.
demo::task<> lock_object_unlocked_by_a_called_lambda() {
  std::unique_lock lk(m);
  [&] { lk.unlock(); }();
  co_await step();
}

// Handed to another owner: an adopting guard (the guard is what is held),
// a function that unlocks it.
demo::task<> handed_over() {
  m.lock();
  release(m);
  co_await step();
  m2.lock();
  std::lock_guard<std::mutex> g(m2, std::adopt_lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: lock 'g' of type 'std::lock_guard<std::mutex>' is held across a suspension point
  co_await step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: the coroutine suspends here with 'g' held
}

// An unlock of a mutex the walk cannot name may be any mutex of its type.
demo::task<> unlocked_through_a_call() {
  m.lock();
  some_mutex().unlock();
  co_await step();
}

// Coroutine-aware and spin mutexes may be held across a suspension.
namespace coro_lib {
struct Mutex {
  demo::task<> lock();
  bool try_lock();
  void unlock();
};
} // namespace coro_lib
coro_lib::Mutex async_mu;
demo::task<> coroutine_aware() {
  if (async_mu.try_lock()) {
    co_await step();
    async_mu.unlock();
  }
  co_await async_mu.lock();
  co_await step();
  async_mu.unlock();
  spin.lock();
  co_await step();
  spin.unlock();
}

// The awaited operation takes the mutex: it releases it while suspended.
struct async_condition {
  demo::yield_awaiter wait(std::mutex &);
};
async_condition acv;
demo::task<> awaited_operation_takes_it() {
  m.lock();
  co_await acv.wait(m);
  m.unlock();
}

// A thread safety attribute that names another capability (a wrapper's
// method) is not followed: the check does not know which object it names.
struct Wrapper {
  Mutex mu;
  void LockIt() ACQUIRE(mu);
  void UnlockIt() RELEASE(mu);
};
demo::task<> wrapper_methods(Wrapper &w) {
  w.LockIt();
  co_await step();
  w.UnlockIt();
}

// Lock objects are followed as locks, not as mutexes locked by hand.
demo::task<> lock_objects(std::unique_lock<std::mutex> &lk) {
  lk.unlock();
  co_await step();
  lk.lock();
}

// The result of try_lock() tested after the mutex was unlocked again.
demo::task<> try_result_after_unlock() {
  bool ok = m.try_lock();
  if (ok)
    m.unlock();
  if (ok)
    co_await step();
}

// Opting out: NOLINT on the line of the warning.
demo::task<> opted_out() {
  m.lock();
  co_await step(); // NOLINT(coro-lock-across-suspend)
  m.unlock();
}
