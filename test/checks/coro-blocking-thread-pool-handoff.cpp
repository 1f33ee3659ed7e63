// RUN: %check_coro %s coro-blocking-sleep %t -- -I%S/Inputs
// A coroutine handed to a blocking pool that runs it (libcoro's
// `co_await tp.schedule(job())`) runs there from its first statement, when
// every call of it in the translation unit is such a hand-off.

#include "thread-pools.h"
#include <chrono>
#include <thread>

using namespace std::chrono_literals;

coro::task<> checksum_job() {
  std::this_thread::sleep_for(5ms); // on the pool
  co_return;
}

coro::task<> on_the_loop_too() {
  std::this_thread::sleep_for(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'on_the_loop_too'
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: suspend instead
  co_return;
}

coro::task<> loop_job() {
  std::this_thread::sleep_for(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'loop_job'
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: suspend instead
  co_return;
}

coro::task<> driver(coro::thread_pool &tp, coro::io_scheduler &loop) {
  co_await tp.schedule(checksum_job());
  co_await tp.schedule(on_the_loop_too());
  co_await on_the_loop_too(); // also awaited here, on the loop
  co_await loop.schedule(loop_job());
}
