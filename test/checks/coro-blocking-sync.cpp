// RUN: %check_coro %s coro-blocking-sync %t -- -I%S/Inputs
// RUN: %check_coro --check-suffix=MUTEX --config="{CheckOptions: {coro-blocking-sync.ReportMutexLock: true}}" %s coro-blocking-sync %t.mutex -- -I%S/Inputs

#include "task.h"
#include <atomic>
#include <barrier>
#include <chrono>
#include <condition_variable>
#include <future>
#include <latch>
#include <mutex>
#include <pthread.h>
#include <semaphore.h>
#include <semaphore>
#include <thread>

using namespace std::chrono_literals;

demo::task<> futures(std::future<int> f, std::shared_future<int> sf) {
  int v = f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'std::future::get' inside coroutine 'futures'; it stalls every coroutine on this thread [coro-blocking-sync]
  // CHECK-MESSAGES: :[[@LINE-2]]:13: note: run it on your runtime's thread pool for blocking work
  sf.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::shared_future::wait'
  sf.wait_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::shared_future::wait_for'
  sf.wait_until(std::chrono::steady_clock::now() + 1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::shared_future::wait_until'
  (void)sf.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'std::shared_future::get'
  // A zero timeout only polls.
  (void)sf.wait_for(0s);
  (void)sf.wait_for(std::chrono::milliseconds::zero());
  (void)v;
  co_return;
}

demo::task<> threads(std::thread &t, std::jthread &j) {
  t.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::thread::join'
  j.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::jthread::join'
  pthread_t p{};
  pthread_join(p, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'pthread_join'
  co_return;
}

demo::task<> waits(std::mutex &m, std::condition_variable &cv,
                   std::condition_variable_any &cva, bool &ready) {
  std::unique_lock<std::mutex> lk(m);
  // CHECK-MESSAGES-MUTEX: :[[@LINE-1]]:32: warning: blocking call to 'std::unique_lock::unique_lock'
  cv.wait(lk);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::condition_variable::wait'
  cv.wait(lk, [&] { return ready; });
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::condition_variable::wait'
  cv.wait_for(lk, 1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::condition_variable::wait_for'
  cva.wait(lk);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'std::condition_variable_any::wait'
  (void)cv.wait_for(lk, 0ms);
  co_return;
}

demo::task<> primitives(std::counting_semaphore<4> &s, std::binary_semaphore &b,
                        std::latch &l, std::barrier<> &bar,
                        std::atomic<int> &a, std::atomic_flag &fl, sem_t *ps,
                        pthread_cond_t *c, pthread_mutex_t *pm) {
  s.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::counting_semaphore::acquire'
  b.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::counting_semaphore::acquire'
  l.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::latch::wait'
  l.arrive_and_wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::latch::arrive_and_wait'
  bar.arrive_and_wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'std::barrier::arrive_and_wait'
  a.wait(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::atomic::wait'
  fl.wait(false);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::atomic_flag::wait'
  sem_wait(ps);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sem_wait'
  pthread_cond_wait(c, pm);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'pthread_cond_wait'
  // try_* variants do not block.
  (void)s.try_acquire();
  (void)l.try_wait();
  (void)sem_trywait(ps);
  co_return;
}

// A nested event loop inside a coroutine deadlocks or stalls the outer one.
namespace cppcoro { template <class T> int sync_wait(T &&) { return 0; } }
namespace folly::coro { template <class T> int blockingWait(T &&) { return 0; } }
demo::task<int> inner() { co_return 1; }
demo::task<> nested_loops() {
  cppcoro::sync_wait(inner());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'cppcoro::sync_wait'
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: await the work instead of running a nested event loop
  folly::coro::blockingWait(inner());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'folly::coro::blockingWait'
  co_return;
}

// A short critical section is not reported by default.
demo::task<> short_lock(std::mutex &m, int &counter) {
  m.lock();
  // CHECK-MESSAGES-MUTEX: :[[@LINE-1]]:5: warning: blocking call to 'std::mutex::lock'
  ++counter;
  m.unlock();
  {
    std::lock_guard<std::mutex> g(m);
    // CHECK-MESSAGES-MUTEX: :[[@LINE-1]]:33: warning: blocking call to 'std::lock_guard::lock_guard'
    ++counter;
  }
  // Tag-constructed locks do not wait.
  std::unique_lock<std::mutex> deferred(m, std::defer_lock);
  std::unique_lock<std::mutex> tried(m, std::try_to_lock);
  co_return;
}

// Not a coroutine: joining here is fine.
void plain(std::thread &t, std::future<int> &f) {
  t.join();
  (void)f.get();
}

// A future that never received a shared state: get() throws future_error at
// once (the tests of error paths do this), wait() has nothing to wait for.
demo::task<> stateless_futures() {
  std::future<int> empty;
  try {
    (void)empty.get();
  } catch (const std::future_error &) {
  }
  std::shared_future<int> none{};
  if (!none.valid())
    none.wait();
  co_return;
}
void give(std::future<int> &f);
demo::task<> futures_that_get_a_state(std::promise<int> &p, std::future<int> other) {
  std::future<int> assigned;
  assigned = p.get_future();
  (void)assigned.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: blocking call to 'std::future::get'
  std::future<int> filled;
  give(filled);
  (void)filled.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking call to 'std::future::get'
  std::future<int> swapped;
  std::swap(swapped, other);
  (void)swapped.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'std::future::get'
  std::future<int> later;
  auto fill = [&] { later = p.get_future(); };
  fill();
  later.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call to 'std::future::wait'
  std::future<int> moved_from_other = std::move(other);
  (void)moved_from_other.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: blocking call to 'std::future::get'
  co_return;
}
template <typename T> demo::task<> stateless_in_template() {
  std::future<T> empty;
  if (empty.valid())
    (void)empty.get();
  co_return;
}
template demo::task<> stateless_in_template<int>();
