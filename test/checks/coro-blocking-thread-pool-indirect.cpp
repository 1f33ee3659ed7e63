// RUN: %check_coro %s coro-blocking-indirect %t -- -I%S/Inputs
// Calls and destructors that run on a thread pool meant for blocking work
// (after `co_await` of a switch to one) are not on the event loop.

#include "thread-pools.h"
#include <thread>
#include <unistd.h>

void backoff() { usleep(100); }
void read_config() { backoff(); }
[[clang::annotate("unblock::blocking")]] void flush_disk();

coro::task<> reload(coro::thread_pool &tp, coro::io_scheduler &loop) {
  backoff();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'backoff' may block inside coroutine 'reload': it calls 'usleep'; it stalls every coroutine on this thread [coro-blocking-indirect]
  co_await tp.schedule();
  read_config();
  flush_disk();
  [] { backoff(); }();
  co_await loop.schedule();
  read_config();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'read_config' may block inside coroutine 'reload': it calls 'usleep' through 2 functions
  flush_disk();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'flush_disk' inside coroutine 'reload'
}

// A class that joins in its destructor.
struct worker {
  std::thread t;
  ~worker() {
    if (t.joinable())
      t.join();
  }
};

// Destroyed at the end of its block, on the pool.
coro::task<> destroyed_on_pool(coro::thread_pool &tp) {
  co_await tp.schedule();
  worker w;
  std::jthread j;
  worker{};
  delete new worker;
}

// Declared before the switch: a way out before it destroys it on the loop.
coro::task<> declared_before(coro::thread_pool &tp, bool skip) {
  worker w;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: destroying 'w' may block inside coroutine 'declared_before'
  if (skip)
    co_return;
  co_await tp.schedule();
}

// Back on the loop before the end of the block.
coro::task<> back_before_end(coro::thread_pool &tp, coro::io_scheduler &loop) {
  co_await tp.schedule();
  std::jthread j;
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: destroying 'j' may block inside coroutine 'back_before_end'
  co_await loop.schedule();
  worker{};
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: destroying the temporary 'worker' may block inside coroutine 'back_before_end'
}

// concurrencpp: a coroutine that starts on a thread executor.
concurrencpp::result<>
import_files(concurrencpp::executor_tag,
             std::shared_ptr<concurrencpp::thread_executor>) {
  read_config();
  worker w;
  co_return;
}
