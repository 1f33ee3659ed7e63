// RUN: %check_coro %s coro-blocking-indirect %t -- -I%S/Inputs
// A helper that waits only on a result the coroutine passes it after
// awaiting it does not wait: the result is ready.

#include "task.h"
#include <atomic>
#include <tuple>
#include <utility>

namespace lib {
// A future-like result: get() waits until the producer has set it.
template <class T> struct result {
  std::atomic<int> *state = nullptr;
  T value{};
  T get() {
    state->wait(0);
    return value;
  }
  bool ready() const { return state->load() != 0; }
  demo::task<result> resolve();
};
} // namespace lib

template <class T> void check_ready(lib::result<T> r) {
  (void)r.ready();
  (void)r.get();
}

// Passes the value on, as test helpers do.
template <class T> void check_ready_default(lib::result<T> r) {
  check_ready(std::move(r));
}

template <class T> void check_both(lib::result<T> &a, lib::result<T> &b) {
  (void)a.get();
  (void)b.get();
}

demo::task<std::tuple<lib::result<int>, lib::result<int>>> both();

demo::task<> awaits_then_checks(lib::result<int> &r) {
  auto done = co_await r.resolve();
  check_ready(std::move(done));
  check_ready(co_await r.resolve());
  check_ready_default(co_await r.resolve());
  auto [x, y] = co_await both();
  check_both(x, y);
  auto pair = co_await both();
  check_both(std::get<0>(pair), std::get<1>(pair));
}

// True twins: a result that was not awaited, and a helper that also waits
// on something else.
void check_and_wait(lib::result<int> r, lib::result<int> &other) {
  (void)r.get();
  (void)other.get();
}

demo::task<> forwards_unawaited(lib::result<int> r) {
  check_ready_default(std::move(r));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'check_ready_default' may block inside coroutine 'forwards_unawaited': it calls 'std::atomic::wait' through 3 functions
  // CHECK-MESSAGES: :[[@LINE-31]]:3: note: 'check_ready_default' calls 'check_ready' here
  // CHECK-MESSAGES: :[[@LINE-37]]:11: note: 'check_ready' calls 'lib::result::get' here
  // CHECK-MESSAGES: :[[@LINE-48]]:12: note: 'lib::result::get' calls 'std::atomic::wait' here
  co_return;
}

demo::task<> does_not_await(lib::result<int> r, lib::result<int> &other) {
  check_ready(std::move(r));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'check_ready' may block inside coroutine 'does_not_await': it calls 'std::atomic::wait' through 2 functions; it stalls every coroutine on this thread [coro-blocking-indirect]
  // CHECK-MESSAGES: :[[@LINE-45]]:11: note: 'check_ready' calls 'lib::result::get' here
  // CHECK-MESSAGES: :[[@LINE-56]]:12: note: 'lib::result::get' calls 'std::atomic::wait' here
  auto done = co_await r.resolve();
  check_and_wait(std::move(done), other);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'check_and_wait' may block inside coroutine 'does_not_await': it calls 'std::atomic::wait' through 2 functions
  // CHECK-MESSAGES: :[[@LINE-21]]:11: note: 'check_and_wait' calls 'lib::result::get' here
  // CHECK-MESSAGES: :[[@LINE-61]]:12: note: 'lib::result::get' calls 'std::atomic::wait' here
  co_return;
}
