// RUN: %check_coro %s coro-unawaited %t -- -I%S/Inputs
// RUN: %clangxx -std=c++20 -fsyntax-only -I%S/Inputs %t/fixed-tool.cpp
// RUN: %clangxx -std=c++20 -fsyntax-only -I%S/Inputs %t/fixed-plugin.cpp

// The docs example is reported before the fix and clean after it.
// RUN: %unblock --checks='-*,coro-unawaited' %srcroot/docs/checks/examples/coro-unawaited.before.cpp -- -std=c++20 -I%runtime_include | FileCheck %s --check-prefix=DOCS --implicit-check-not=warning:
// DOCS: coro-unawaited.before.cpp:14:3: warning: awaitable 'unblock::sleep_for' is created and dropped without co_await; it never runs [coro-unawaited]
// DOCS: coro-unawaited.before.cpp:15:3: warning: awaitable 'fetch' is created and dropped without co_await; it never runs [coro-unawaited]
// RUN: %unblock --checks='-*,coro-unawaited' --warnings-as-errors='*' %srcroot/docs/checks/examples/coro-unawaited.after.cpp -- -std=c++20 -I%runtime_include

#include "awaitables.h"

#include <chrono>

using namespace std::chrono_literals;

demo::task<> step();
demo::task<int> value();
demo::task<> &current_task();
void consume(demo::task<>);
struct worker {
  demo::task<> run();
};
using shapes::operator&&;

// The python mistake `asyncio.sleep(1)` without await, in C++.
demo::task<> dropped_in_a_coroutine(worker &w, shapes::executor &ex) {
  unblock::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'unblock::sleep_for' is created and dropped without co_await; it never runs [coro-unawaited]
  // CHECK-FIXES: {{^}}  co_await unblock::sleep_for(1ms);{{$}}
  step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'step' is created and dropped without co_await; it never runs [coro-unawaited]
  // CHECK-FIXES: {{^}}  co_await step();{{$}}
  value();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'value' is created
  // CHECK-FIXES: {{^}}  co_await value();{{$}}
  w.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'worker::run' is created
  // CHECK-FIXES: {{^}}  co_await w.run();{{$}}
  shapes::resume_on{ex};
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'shapes::resume_on' is created
  // CHECK-FIXES: {{^}}  co_await shapes::resume_on{ex};{{$}}
  std::suspend_always{};
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'std::suspend_always' is created
  // CHECK-FIXES: {{^}}  co_await std::suspend_always{};{{$}}
  shapes::when_all_ready(step(), step());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'shapes::when_all_ready' is created
  // CHECK-FIXES: {{^}}  co_await shapes::when_all_ready(step(), step());{{$}}
  shapes::raise_signal();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'shapes::raise_signal' is created
  shapes::take_ticket();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'shapes::take_ticket' is created
  (step());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'step' is created
  // CHECK-FIXES: {{^}}  co_await (step());{{$}}
  []() -> demo::task<> { co_return; }();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'lambda' is created
  // CHECK-FIXES: {{^}}  co_await []() -> demo::task<> { co_return; }();{{$}}
  co_return;
}

// Lazy tasks of other shapes: an initial awaiter whose await_ready is a
// constant false, a promise_type alias with an inherited initial_suspend.
shapes::lazy_job lazy_job();
shapes::aliased_task<int> aliased();
shapes::generator<int> numbers();
shapes::deduced_task<long> deduced();
demo::task<> other_lazy_shapes() {
  deduced();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'deduced' is created and dropped without co_await; it never runs
  // CHECK-FIXES: {{^}}  co_await deduced();{{$}}
  // A generator is lazy too, but not awaitable: no fix-it.
  numbers();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'numbers' is created and dropped; it never runs [coro-unawaited]
  // CHECK-FIXES: {{^}}  numbers();{{$}}
  lazy_job();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'lazy_job' is created and dropped without co_await; it never runs
  aliased();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'aliased' is created and dropped without co_await; it never runs
  co_return;
}

// Ignored results in other positions: both sides of a comma, the branches of
// a conditional, a for-loop increment, an if initializer.
demo::task<> other_positions(bool flag) {
  step(), value();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'step' is created
  // CHECK-MESSAGES: :[[@LINE-2]]:11: warning: awaitable 'value' is created
  // CHECK-FIXES: {{^}}  co_await step(), co_await value();{{$}}
  flag ? step() : step();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: awaitable 'step' is created
  // CHECK-MESSAGES: :[[@LINE-2]]:19: warning: awaitable 'step' is created
  // CHECK-FIXES: {{^}}  flag ? co_await step() : co_await step();{{$}}
  for (int i = 0; i < 3; ++i, step()) {
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: awaitable 'step' is created
    // CHECK-FIXES: {{^}}  for (int i = 0; i < 3; ++i, co_await step()) {{{$}}
  }
  if (step(); flag) {
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: awaitable 'step' is created
    // CHECK-FIXES: {{^}}  if (co_await step(); flag) {{{$}}
  }
  int n = (step(), 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: awaitable 'step' is created
  // CHECK-FIXES: {{^}}  int n = (co_await step(), 1);{{$}}
  (void)n;
  shapes::all_ready both = step() && step();
  (void)both;
  step() && step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'shapes::operator&&' is created
  // CHECK-FIXES: {{^}}  co_await (step() && step());{{$}}
  co_return;
}

// A spawn takes the task (or a function that makes one) over; a coroutine
// that is merely named like a spawn does not.
demo::task<> spawn_worker();
template <class F> shapes::join_handle co_spawn(F) { return {}; }
demo::task<> spawns() {
  co_spawn([]() -> demo::task<> { co_return; });
  co_spawn(&step);
  co_spawn(step);
  spawn_worker();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'spawn_worker' is created and dropped without co_await; it never runs [coro-unawaited]
  // CHECK-FIXES: {{^}}  co_await spawn_worker();{{$}}
  co_return;
}

// Not reported: stored, passed, returned, awaited, discarded with (void).
demo::task<> used_values() {
  auto t = step();
  co_await std::move(t);
  co_await step();
  int v = co_await value();
  (void)v;
  consume(step());
  (void)step();
  static_cast<void>(value());
  current_task(); // a reference to an existing task: nothing is created
  shapes::spawn(step()); // spawn takes the task over
  decltype(step()) later = step();
  co_await later;
  // Unevaluated operands run nothing.
  static_assert(sizeof(step()) > 0);
  (void)noexcept(step());
  co_return;
}

demo::task<> returns_a_task() { return step(); } // not a coroutine: fine

// Eager tasks and futures run without co_await: dropping them is
// fire-and-forget, reported only when the type is [[nodiscard]].
shapes::fire_and_forget serve_forever();
shapes::eager_task started();
shapes::maybe_eager maybe_started();
demo::task<> eager() {
  serve_forever();
  shapes::start_download();
  maybe_started();
  started();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'started' is dropped without co_await; its result and exceptions are lost [coro-unawaited]
  // CHECK-FIXES: {{^}}  co_await started();{{$}}
  co_return;
}

// A plain function cannot co_await: no fix-it, a note says what to do.
void plain_function() {
  unblock::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'unblock::sleep_for' is created and dropped without co_await; it never runs [coro-unawaited]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: 'plain_function' is not a coroutine, so it cannot co_await the sleep; code that runs on the blocking pool should call a blocking sleep such as 'std::this_thread::sleep_for'
  // CHECK-FIXES: {{^}}  unblock::sleep_for(1ms);{{$}}
  step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'step' is created
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: 'plain_function' is not a coroutine, so it cannot co_await the value; return it to the caller or make 'plain_function' a coroutine
  // CHECK-FIXES: {{^}}  step();{{$}}
  numbers();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'numbers' is created and dropped; it never runs [coro-unawaited]
}

// main, constructors and destructors cannot be coroutines.
struct session {
  session() {
    step();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: awaitable 'step' is created
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: 'session::session' cannot be a coroutine; run the task with a runner such as 'unblock::run' or 'unblock::spawn'
  }
};
int main() {
  value();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'value' is created
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: 'main' cannot be a coroutine; run the task with a runner such as 'unblock::run' or 'unblock::spawn'
}

// A lambda is a function of its own: a plain lambda inside a coroutine gets
// no fix-it, a coroutine lambda inside a plain function does.
demo::task<> nested_lambdas() {
  auto plain = [] {
    step();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: awaitable 'step' is created
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: this lambda is not a coroutine, so it cannot co_await the value
    // CHECK-FIXES: {{^}}    step();{{$}}
  };
  plain();
  co_return;
}
void starts_a_coroutine_lambda() {
  auto coro = []() -> demo::task<> {
    value();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: awaitable 'value' is created
    // CHECK-FIXES: {{^}}    co_await value();{{$}}
    co_return;
  };
  consume(coro());
}

// co_await is not allowed in a handler: no fix-it there.
demo::task<> in_a_handler() {
  try {
    co_await step();
  } catch (...) {
    step();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: awaitable 'step' is created
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: 'co_await' is not allowed in a handler; await it after the catch block
    // CHECK-FIXES: {{^}}    step();{{$}}
  }
}

// Macros: reported at the expansion, never fixed inside.
#define STEP() step()
#define TWICE(x) x; x
demo::task<> macros() {
  STEP();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'step' is created
  // CHECK-FIXES: {{^}}  STEP();{{$}}
  TWICE(value());
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: awaitable 'value' is created
  // CHECK-FIXES: {{^}}  TWICE(value());{{$}}
  co_return;
}

// Templates: reported once per location, whatever the instantiations. What
// depends on the template arguments gets no fix-it: in drive<sync_worker>,
// t.run() is no awaitable.
template <class T> demo::task<> drive(T &t) {
  t.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'worker::run' is created
  // CHECK-FIXES: {{^}}  t.run();{{$}}
  step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'step' is created
  // CHECK-FIXES: {{^}}  co_await step();{{$}}
  co_return;
}
struct other_worker {
  demo::task<> run();
};
struct sync_worker {
  int run();
};
// The same for a lambda inside a template.
template <class T> void drive_later(T &t) {
  auto coro = [&t]() -> demo::task<> {
    t.run();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: awaitable 'worker::run' is created
    // CHECK-FIXES: {{^}}    t.run();{{$}}
    co_return;
  };
  consume(coro());
}
demo::task<> instantiate() {
  worker a;
  other_worker b;
  sync_worker c;
  co_await drive(a);
  co_await drive(b);
  co_await drive(c);
  drive_later(a);
  drive_later(c);
}

// A generic lambda: judged in its instantiations.
void generic_lambda() {
  auto call = [](auto f) -> demo::task<> {
    f();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: awaitable 'demo::task' is created
    // CHECK-FIXES: {{^}}    f();{{$}}
    co_return;
  };
  consume(call(step));
}
