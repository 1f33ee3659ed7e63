// RUN: %check_coro %s coro-blocking-indirect %t -- -I%S/Inputs
// The traps: macros, templates instantiated several times, nested lambdas,
// unevaluated operands, implicit nodes, non-blocking forms down the chain.

#include "task.h"
#include <chrono>
#include <future>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

void nap() { usleep(10); }
int nap_value() {
  nap();
  return 1;
}

// --- macros: reported at the expansion ------------------------------------------

#define RETRY_NAP() nap()
#define TWICE(x) \
  do {           \
    x;           \
    x;           \
  } while (0)

demo::task<> macros() {
  RETRY_NAP();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'nap' may block inside coroutine 'macros': it calls 'usleep'
  TWICE(nap());
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: call to 'nap' may block inside coroutine 'macros'
  co_return;
}

// --- a template instantiated several times: one report per location --------------

template <class T> T fetch_as() {
  nap();
  return T{};
}
template <class T> demo::task<> consume() {
  fetch_as<T>();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'fetch_as' may block inside coroutine 'consume': it calls 'usleep' through 2 functions
  co_return;
}
void instantiate() {
  consume<int>();
  consume<long>();
  consume<char>();
}

// An explicit specialization that does not block.
template <class T> void flush_all(T) { nap(); }
template <> void flush_all<int>(int) {}
demo::task<> specialized() {
  flush_all(1);
  flush_all(1.0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'flush_all' may block inside coroutine 'specialized'
  co_return;
}

// --- unevaluated operands run nothing ----------------------------------------------

demo::task<> unevaluated() {
  (void)sizeof(nap_value());
  using T = decltype(nap_value());
  (void)noexcept(nap_value());
  T t = 0;
  (void)t;
  co_return; // and the implicit co_return at the end runs nothing either
}
demo::task<> implicit_end() { co_await demo::yield(); }

// --- nested lambdas --------------------------------------------------------------

demo::task<> nested_lambdas() {
  auto outer = [] {
    auto inner = [] { nap(); }; // never called
    (void)inner;
    return [] { nap(); };
  };
  auto made = outer(); // the returned lambda is not called here
  (void)made;
  [] {
    [] {
      [] { nap(); }();
      // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: call to 'nap' may block inside coroutine 'nested_lambdas'
    }();
  }();
  co_return;
}

// A coroutine lambda is a context of its own.
void starts_lambda() {
  auto coro = []() -> demo::task<> {
    nap();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'nap' may block inside coroutine lambda
    co_return;
  };
  (void)coro;
}

// --- co_await of a function that blocks before it returns the awaitable ----------

demo::yield_awaiter slow_yield() {
  nap();
  return {};
}
demo::task<> awaits_slow() {
  co_await slow_yield();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: call to 'slow_yield' may block inside coroutine 'awaits_slow': it calls 'usleep' through 2 functions
  co_return;
}

// --- catch handlers and conditions --------------------------------------------------

demo::task<> handlers(bool b) {
  try {
    if (b && nap_value())
      // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: call to 'nap_value' may block inside coroutine 'handlers'
      co_return;
  } catch (...) {
    nap();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'nap' may block inside coroutine 'handlers'
  }
  co_return;
}

// --- non-blocking forms down the chain ------------------------------------------------

bool ready(std::future<int> &f) {
  return f.wait_for(0s) == std::future_status::ready;
}
void never_sleeps() {
  auto later = [] { nap(); }; // defined, not called
  (void)later;
}
demo::task<> polls(std::future<int> &f) {
  ready(f);
  never_sleeps();
  co_return;
}

// --- a helper only called from plain code ---------------------------------------------

void startup() { nap(); }
int main() {
  startup();
  instantiate();
  starts_lambda();
}
