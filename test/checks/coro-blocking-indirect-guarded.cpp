// RUN: %check_coro %s coro-blocking-indirect %t -- -I%S/Inputs
// A destructor that waits only as a fallback, when the owner was not closed
// the asynchronous way, does not wait where every path has awaited the
// member that closes it. An early exit that skips the await still waits,
// and the report says where.

#include "task.h"
#include <atomic>

namespace lib {
template <class T> void sync_wait(T &&) {}
} // namespace lib

struct connection {
  bool closed_ = false;
  demo::task<> close() {
    co_await demo::yield();
    closed_ = true;
  }
  ~connection() {
    if (!closed_)
      lib::sync_wait(close());
  }
};

// The early-return form, an atomic flag, and a helper that sets it.
struct channel {
  std::atomic<bool> open_{true};
  void mark_closed() { open_.store(false); }
  demo::task<> shutdown() {
    co_await demo::yield();
    mark_closed();
  }
  ~channel() {
    if (!open_.load())
      return;
    lib::sync_wait(shutdown());
  }
};

demo::task<bool> fetch(connection &);

demo::task<> closes_first() {
  connection c;
  co_await fetch(c);
  co_await c.close();
}

demo::task<> closes_with_value() {
  channel ch;
  co_await demo::yield();
  co_await ch.shutdown();
  co_return;
}

// True twins.
demo::task<> forgets_to_close() {
  connection c;
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: destroying 'c' may block inside coroutine 'forgets_to_close': it calls 'lib::sync_wait'; it stalls every coroutine on this thread [coro-blocking-indirect]
  // CHECK-MESSAGES: :[[@LINE+3]]:1: note: 'c' is destroyed here
  // CHECK-MESSAGES: :[[@LINE-39]]:7: note: 'connection::~connection' calls 'lib::sync_wait' here
  co_await fetch(c);
}

demo::task<> early_exit(bool stop) {
  connection c;
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: destroying 'c' may block inside coroutine 'early_exit': it calls 'lib::sync_wait'; it stalls every coroutine on this thread [coro-blocking-indirect]
  // CHECK-MESSAGES: :[[@LINE+3]]:5: note: 'c' is destroyed here
  // CHECK-MESSAGES: :[[@LINE-47]]:7: note: 'connection::~connection' calls 'lib::sync_wait' here
  if (stop)
    co_return;
  co_await c.close();
}

demo::task<> closes_only_sometimes(bool b) {
  channel ch;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: destroying 'ch' may block inside coroutine 'closes_only_sometimes': it calls 'lib::sync_wait'
  // CHECK-MESSAGES: :[[@LINE+4]]:1: note: 'ch' is destroyed here
  // CHECK-MESSAGES: :[[@LINE-42]]:5: note: 'channel::~channel' calls 'lib::sync_wait' here
  if (b)
    co_await ch.shutdown();
}

// A destructor that always waits is not a fallback.
struct always {
  bool closed_ = false;
  demo::task<> close() { closed_ = true; co_return; }
  ~always() { lib::sync_wait(close()); }
};

demo::task<> unguarded() {
  always a;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: destroying 'a' may block inside coroutine 'unguarded': it calls 'lib::sync_wait'
  // CHECK-MESSAGES: :[[@LINE+3]]:1: note: 'a' is destroyed here
  // CHECK-MESSAGES: :[[@LINE-7]]:15: note: 'always::~always' calls 'lib::sync_wait' here
  co_await a.close();
}
