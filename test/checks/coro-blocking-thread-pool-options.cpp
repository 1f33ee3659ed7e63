// BlockingExecutors: the executors meant for blocking work. One list for
// every coro-blocking-* check, set on any of them or as a global option; a
// value replaces the defaults.
// RUN: %check_coro --check-suffix=CONF --config="{CheckOptions: {coro-blocking-net.BlockingExecutors: 'my::blocking_pool;legacy::*_pool;::disk_executor'}}" %s coro-blocking-sleep %t -- -I%S/Inputs
// RUN: %check_coro --check-suffix=GLOBAL --config="{CheckOptions: {BlockingExecutors: 'my::blocking_pool'}}" %s coro-blocking-sleep %t.global -- -I%S/Inputs
// RUN: %check_coro --check-suffix=NONE --config="{CheckOptions: {coro-blocking-sleep.BlockingExecutors: ''}}" %s coro-blocking-sleep %t.none -- -I%S/Inputs
// RUN: %check_coro --check-suffix=DEFAULT %s coro-blocking-sleep %t.default -- -I%S/Inputs

#include "thread-pools.h"
#include <unistd.h>

namespace my {
class blocking_pool {
public:
  pools::switch_awaiter schedule();
};
class event_loop {
public:
  pools::switch_awaiter schedule();
};
} // namespace my
namespace legacy {
class disk_pool {
public:
  pools::switch_awaiter schedule();
};
} // namespace legacy
struct executor {
  pools::switch_awaiter schedule();
};
executor &disk_executor();

coro::task<> named(my::blocking_pool &pool) {
  co_await pool.schedule();
  sleep(1);
  // CHECK-MESSAGES-NONE: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'named'
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:3: warning: blocking call to 'sleep' inside coroutine 'named'
}

coro::task<> by_pattern(legacy::disk_pool &pool) {
  co_await pool.schedule();
  sleep(1);
  // CHECK-MESSAGES-GLOBAL: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'by_pattern'
  // CHECK-MESSAGES-NONE: :[[@LINE-2]]:3: warning: blocking call to 'sleep' inside coroutine 'by_pattern'
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-3]]:3: warning: blocking call to 'sleep' inside coroutine 'by_pattern'
}

// A function that returns the executor names it.
coro::task<> by_function() {
  co_await disk_executor().schedule();
  sleep(1);
  // CHECK-MESSAGES-GLOBAL: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'by_function'
  // CHECK-MESSAGES-NONE: :[[@LINE-2]]:3: warning: blocking call to 'sleep' inside coroutine 'by_function'
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-3]]:3: warning: blocking call to 'sleep' inside coroutine 'by_function'
}

coro::task<> library_pool(coro::thread_pool &tp) {
  co_await tp.schedule();
  sleep(1);
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'library_pool'
  // CHECK-MESSAGES-GLOBAL: :[[@LINE-2]]:3: warning: blocking call to 'sleep' inside coroutine 'library_pool'
  // CHECK-MESSAGES-NONE: :[[@LINE-3]]:3: warning: blocking call to 'sleep' inside coroutine 'library_pool'
}

coro::task<> event_loop(my::event_loop &loop) {
  co_await loop.schedule();
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'event_loop'
}
