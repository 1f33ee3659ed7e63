// The fix-it of every catalog row that coro-blocking-sync reports
// (the mutex rows with ReportMutexLock on): one call
// per row, with its diagnostic and the rewrite that the row names
// (checks/catalog/blocking-functions.def); a row without one keeps its call
// and gets a note. test/checks/coro-blocking-fixits.cpp shows each kind of
// rewrite in context.
// RUN: %check_coro --config="{CheckOptions: {RuntimeByType: 'demo::task=unblock', coro-blocking-sync.ReportMutexLock: true}}" %s 'coro-blocking-sync' %t -- -I%S/Inputs -I%runtime_include

#include "fixits-catalog-apis.h"
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
#include <shared_mutex>
#include <thread>
#include <unblock/unblock.hpp>
// CHECK-FIXES: #include <unblock/unblock.hpp>
// CHECK-FIXES-NOT: #include <unblock/unblock.hpp>

using namespace std::chrono_literals;

unblock::task<int> answer();

demo::task<> waits(std::future<int> fut, std::shared_future<int> sfut,
                   std::chrono::steady_clock::time_point deadline,
                   pthread_t pt, timespec ts) {
  std::mutex m;
  std::timed_mutex tm;
  std::recursive_mutex rm;
  std::shared_mutex sm;
  std::unique_lock<std::mutex> lock;
  std::condition_variable cv;
  std::condition_variable_any cva;
  std::thread th;
  std::jthread jth;
  std::counting_semaphore<4> sem(0);
  std::latch done(1);
  std::barrier<> sync_point(2);
  std::atomic<int> flag{0};
  int plain = 0;
  std::atomic_ref<int> ref(plain);
  std::atomic_flag aflag;
  pthread_mutex_t pmutex = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t pcond = PTHREAD_COND_INITIALIZER;
  pthread_barrier_t pbarrier;
  sem_t psem;
  boost::thread bth;
  boost::mutex bm;
  boost::unique_lock<boost::mutex> block(bm);
  boost::condition_variable bcv;
  boost::unique_future<int> bufut;
  boost::future<int> bfut;
  cppcoro::task<int> ctask;
  folly::coro::Task<int> ftask;
  async_simple::coro::Lazy<int> lazy;
  folly::Future<int> ffut;
  folly::SemiFuture<int> fsemi;
  boost::cobalt::task<int> btask;
  seastar::future<int> sfuture;
  cv.wait(lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::condition_variable::wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { cv.wait(lock); });
  std::cv_status st = cv.wait_for(lock, 10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: blocking call to 'std::condition_variable::wait_for'
  // CHECK-FIXES: {{^}}  std::cv_status st = co_await unblock::offload([&] { return cv.wait_for(lock, 10ms); });
  cv.wait_until(lock, deadline);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::condition_variable::wait_until'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { cv.wait_until(lock, deadline); });
  cva.wait(lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'std::condition_variable_any::wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { cva.wait(lock); });
  cva.wait_for(lock, 10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'std::condition_variable_any::wait_for'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { cva.wait_for(lock, 10ms); });
  cva.wait_until(lock, deadline);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'std::condition_variable_any::wait_until'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { cva.wait_until(lock, deadline); });
  int v = fut.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking call to 'std::future::get'
  // CHECK-FIXES: {{^}}  int v = co_await unblock::offload([&] { return fut.get(); });
  fut.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'std::future::wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fut.wait(); });
  std::future_status fs = fut.wait_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: blocking call to 'std::future::wait_for'
  // CHECK-FIXES: {{^}}  std::future_status fs = co_await unblock::offload([&] { return fut.wait_for(10ms); });
  fut.wait_until(deadline);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'std::future::wait_until'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fut.wait_until(deadline); });
  int sv = sfut.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'std::shared_future::get'
  // CHECK-FIXES: {{^}}  int sv = co_await unblock::offload([&] { return sfut.get(); });
  sfut.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking call to 'std::shared_future::wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { sfut.wait(); });
  sfut.wait_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking call to 'std::shared_future::wait_for'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { sfut.wait_for(10ms); });
  sfut.wait_until(deadline);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking call to 'std::shared_future::wait_until'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { sfut.wait_until(deadline); });
  th.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::thread::join'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { th.join(); });
  jth.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'std::jthread::join'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { jth.join(); });
  sem.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'std::counting_semaphore::acquire'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { sem.acquire(); });
  done.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking call to 'std::latch::wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { done.wait(); });
  done.arrive_and_wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking call to 'std::latch::arrive_and_wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { done.arrive_and_wait(); });
  sync_point.wait(sync_point.arrive());
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: blocking call to 'std::barrier::wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { sync_point.wait(sync_point.arrive()); });
  sync_point.arrive_and_wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: blocking call to 'std::barrier::arrive_and_wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { sync_point.arrive_and_wait(); });
  flag.wait(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking call to 'std::atomic::wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { flag.wait(0); });
  ref.wait(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'std::atomic_ref::wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { ref.wait(0); });
  aflag.wait(false);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call to 'std::atomic_flag::wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { aflag.wait(false); });
  std::atomic_wait(&flag, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::atomic_wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { std::atomic_wait(&flag, 0); });
  std::atomic_wait_explicit(&flag, 0, std::memory_order_acquire);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::atomic_wait_explicit'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { std::atomic_wait_explicit(&flag, 0, std::memory_order_acquire); });
  std::atomic_flag_wait(&aflag, false);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::atomic_flag_wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { std::atomic_flag_wait(&aflag, false); });
  int rc = pthread_join(pt, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'pthread_join'
  // CHECK-FIXES: {{^}}  int rc = co_await unblock::offload([&] { return pthread_join(pt, nullptr); });
  pthread_cond_wait(&pcond, &pmutex);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'pthread_cond_wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { pthread_cond_wait(&pcond, &pmutex); });
  pthread_cond_timedwait(&pcond, &pmutex, &ts);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'pthread_cond_timedwait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { pthread_cond_timedwait(&pcond, &pmutex, &ts); });
  pthread_barrier_wait(&pbarrier);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'pthread_barrier_wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { pthread_barrier_wait(&pbarrier); });
  sem_wait(&psem);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sem_wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { sem_wait(&psem); });
  sem_timedwait(&psem, &ts);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sem_timedwait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { sem_timedwait(&psem, &ts); });
  sem_clockwait(&psem, CLOCK_MONOTONIC, &ts);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sem_clockwait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { sem_clockwait(&psem, CLOCK_MONOTONIC, &ts); });
  bth.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'boost::thread::join'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { bth.join(); });
  bcv.wait(block);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'boost::condition_variable::wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { bcv.wait(block); });
  v = bufut.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'boost::unique_future::get'
  // CHECK-FIXES: {{^}}  v = co_await unblock::offload([&] { return bufut.get(); });
  v = bfut.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'boost::future::get'
  // CHECK-FIXES: {{^}}  v = co_await unblock::offload([&] { return bfut.get(); });
  v = cppcoro::sync_wait(ctask);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'cppcoro::sync_wait'
  // CHECK-MESSAGES: :[[@LINE-2]]:7: note: no automatic fix: there is no non-blocking form of this call; await the work instead
  // CHECK-FIXES: {{^}}  v = cppcoro::sync_wait(ctask);
  v = folly::coro::blockingWait(ftask);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'folly::coro::blockingWait'
  // CHECK-MESSAGES: :[[@LINE-2]]:7: note: no automatic fix: there is no non-blocking form of this call; await the work instead
  // CHECK-FIXES: {{^}}  v = folly::coro::blockingWait(ftask);
  v = async_simple::coro::syncAwait(lazy);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'async_simple::coro::syncAwait'
  // CHECK-MESSAGES: :[[@LINE-2]]:7: note: no automatic fix: there is no non-blocking form of this call; await the work instead
  // CHECK-FIXES: {{^}}  v = async_simple::coro::syncAwait(lazy);
  v = std::move(ffut).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: blocking call to 'folly::Future::get'
  // CHECK-FIXES: {{^}}  v = co_await unblock::offload([&] { return std::move(ffut).get(); });
  v = std::move(fsemi).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: blocking call to 'folly::SemiFuture::get'
  // CHECK-FIXES: {{^}}  v = co_await unblock::offload([&] { return std::move(fsemi).get(); });
  v = unblock::run(answer());
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'unblock::run'
  // CHECK-MESSAGES: :[[@LINE-2]]:7: note: no automatic fix: there is no non-blocking form of this call; await the work instead
  // CHECK-FIXES: {{^}}  v = unblock::run(answer());
  v = boost::cobalt::run(btask);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'boost::cobalt::run'
  // CHECK-MESSAGES: :[[@LINE-2]]:7: note: no automatic fix: there is no non-blocking form of this call; await the work instead
  // CHECK-FIXES: {{^}}  v = boost::cobalt::run(btask);
  v = sfuture.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking call to 'seastar::future::get'
  // CHECK-MESSAGES: :[[@LINE-2]]:15: note: no automatic fix: there is no non-blocking form of this call; await the work instead
  // CHECK-FIXES: {{^}}  v = sfuture.get();
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::mutex::lock'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { m.lock(); });
  tm.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::timed_mutex::lock'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { tm.lock(); });
  rm.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::recursive_mutex::lock'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { rm.lock(); });
  sm.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::shared_mutex::lock'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { sm.lock(); });
  sm.lock_shared();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::shared_mutex::lock_shared'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { sm.lock_shared(); });
  std::lock_guard<std::mutex> guard(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: blocking call to 'std::lock_guard::lock_guard'
  // CHECK-MESSAGES: :[[@LINE-2]]:31: note: no automatic fix: it constructs an object: create it inside 'offload' by hand
  // CHECK-FIXES: {{^}}  std::lock_guard<std::mutex> guard(m);
  std::unique_lock<std::mutex> held(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: blocking call to 'std::unique_lock::unique_lock'
  // CHECK-MESSAGES: :[[@LINE-2]]:32: note: no automatic fix: it constructs an object: create it inside 'offload' by hand
  // CHECK-FIXES: {{^}}  std::unique_lock<std::mutex> held(m);
  std::scoped_lock both(m, tm);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: blocking call to 'std::scoped_lock::scoped_lock'
  // CHECK-MESSAGES: :[[@LINE-2]]:20: note: no automatic fix: it constructs an object: create it inside 'offload' by hand
  // CHECK-FIXES: {{^}}  std::scoped_lock both(m, tm);
  pthread_mutex_lock(&pmutex);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'pthread_mutex_lock'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { pthread_mutex_lock(&pmutex); });
  (void)st;
  (void)fs;
  (void)sv;
  (void)rc;
  co_return;
}
