// RUN: %check_coro %s coro-blocking-sleep %t -- -I%S/Inputs
// The context rules: what runs on the event loop and what does not.

#include "task.h"
#include <chrono>
#include <thread>
#include <type_traits>
#include <unistd.h>

using namespace std::chrono_literals;

// A lambda defined in a coroutine is its own function.
demo::task<> handed_elsewhere() {
  co_await demo::offload([] { sleep(1); });           // runs on a pool
  demo::post([] { std::this_thread::sleep_for(1s); }); // stored callback
  auto later = [] { usleep(10); };                     // never called here
  (void)later;
  co_return;
}

// ...but it runs as part of the coroutine when the coroutine calls it.
demo::task<> immediately_invoked() {
  [] { usleep(10); }();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking call to 'usleep' inside coroutine 'immediately_invoked'
  auto nap = [] { sleep(1); };
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: blocking call to 'sleep' inside coroutine 'immediately_invoked'
  nap();
  [] {
    [] { std::this_thread::sleep_for(1ms); }();
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'immediately_invoked'
  }();
  co_return;
}

// A local class is its own function too.
demo::task<> local_class() {
  struct helper {
    static void nap() { sleep(1); }
    void unused() { usleep(1); }
  };
  helper::nap();
  // CHECK-MESSAGES: :[[@LINE-4]]:25: warning: blocking call to 'sleep' inside coroutine 'local_class'
  co_return;
}

// A coroutine lambda nested in a coroutine is reported as itself, once.
demo::task<> nested_coroutine_lambda() {
  auto inner = []() -> demo::task<> {
    usleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'usleep' inside coroutine lambda
    co_return;
  };
  co_await inner();
}

// Unevaluated operands run nothing.
template <class T> concept napper = requires(T t) { sleep(t); };
demo::task<> unevaluated() {
  (void)sizeof(sleep(1));
  using R = decltype(usleep(1));
  static_assert(std::is_same_v<R, int>);
  static_assert(noexcept(sleep(1)) || true);
  (void)napper<int>;
  (void)typeid(sleep(1));
  co_return;
}

// Templates: reported once per location, not once per instantiation.
template <class T> demo::task<> generic(T t) {
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'generic'
  std::this_thread::sleep_for(std::chrono::duration<T>(t));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'generic'
  co_return;
}
void instantiate() {
  (void)generic(1);
  (void)generic(2.0);
  (void)generic(3L);
}

// A discarded branch of `if constexpr` never runs.
template <bool Blocking> demo::task<> maybe() {
  if constexpr (Blocking)
    sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'sleep' inside coroutine 'maybe'
  co_return;
}
void instantiate_maybe() {
  (void)maybe<false>();
  (void)maybe<true>();
}
template <bool Blocking> demo::task<> never_blocking() {
  if constexpr (Blocking)
    sleep(1);
  co_return;
}
void instantiate_never() { (void)never_blocking<false>(); }

// Macros: reported at the expansion.
#define NAP() usleep(100)
#define LATER(x) x
demo::task<> macros() {
  NAP();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep' inside coroutine 'macros'
  LATER(sleep(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call to 'sleep' inside coroutine 'macros'
  co_return;
}

// NOLINT and NOLINTNEXTLINE silence a report.
demo::task<> suppressed() {
  sleep(1); // NOLINT(coro-blocking-sleep)
  // NOLINTNEXTLINE(coro-blocking-sleep)
  usleep(1);
  co_return;
}

// Plain functions are not contexts, even when a coroutine is nearby.
void plain() { sleep(1); }
int plain_with_lambda() {
  auto f = [] { return sleep(1); };
  return static_cast<int>(f());
}

// Names that only look like sleeps.
namespace mine { inline void sleep(int) {} }
struct clock_like { void sleep_for(int) {} };
demo::task<> look_alikes() {
  mine::sleep(1);
  clock_like c;
  c.sleep_for(1);
  co_return;
}

// A synchronous generator is driven by its consumer, not by an event loop:
// blocking in it is the consumer's business.
template <class T> struct generator {
  struct promise_type {
    T current{};
    generator get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T v) { current = v; return {}; }
    void return_void() {}
    void unhandled_exception() {}
    template <class U> void await_transform(U &&) = delete;
  };
  int *begin();
  int *end();
};
generator<int> slow_numbers() {
  for (int i = 0; i < 3; ++i) {
    sleep(1);
    co_yield i;
  }
}

// An awaitable stream of values is a coroutine like any other.
template <class T> struct async_stream {
  struct promise_type {
    async_stream get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T) { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
  int *begin();
  int *end();
};
async_stream<int> ticks() {
  usleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep' inside coroutine 'ticks'
  co_yield 1;
}
