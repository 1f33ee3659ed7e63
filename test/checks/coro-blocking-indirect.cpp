// RUN: %check_coro %s coro-blocking-indirect %t -- -I%S/Inputs
// Chains of calls from a coroutine down to a blocking call.

#include "task.h"
#include <chrono>
#include <future>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

// --- chains of depth 1 to 5 --------------------------------------------------

void backoff() { usleep(100); }
void retry_with_backoff(int n) {
  for (int i = 0; i < n; ++i)
    backoff();
}
void level3() { retry_with_backoff(2); }
void level4() { level3(); }
void level5() { level4(); }

demo::task<> poll_loop() {
  backoff();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'backoff' may block inside coroutine 'poll_loop': it calls 'usleep'; it stalls every coroutine on this thread [coro-blocking-indirect]
  // CHECK-MESSAGES: :14:18: note: 'backoff' calls 'usleep' here
  retry_with_backoff(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'retry_with_backoff' may block inside coroutine 'poll_loop': it calls 'usleep' through 2 functions; it stalls every coroutine on this thread [coro-blocking-indirect]
  // CHECK-MESSAGES: :17:5: note: 'retry_with_backoff' calls 'backoff' here
  // CHECK-MESSAGES: :14:18: note: 'backoff' calls 'usleep' here
  level3();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'level3' may block inside coroutine 'poll_loop': it calls 'usleep' through 3 functions
  // CHECK-MESSAGES: :19:17: note: 'level3' calls 'retry_with_backoff' here
  // CHECK-MESSAGES: :17:5: note: 'retry_with_backoff' calls 'backoff' here
  // CHECK-MESSAGES: :14:18: note: 'backoff' calls 'usleep' here
  level4();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'level4' may block inside coroutine 'poll_loop': it calls 'usleep' through 4 functions
  // CHECK-MESSAGES: :20:17: note: 'level4' calls 'level3' here
  // CHECK-MESSAGES: :19:17: note: 'level3' calls 'retry_with_backoff' here
  // CHECK-MESSAGES: :17:5: note: 'retry_with_backoff' calls 'backoff' here
  // CHECK-MESSAGES: :14:18: note: 'backoff' calls 'usleep' here
  level5();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'level5' may block inside coroutine 'poll_loop': it calls 'usleep' through 5 functions
  // CHECK-MESSAGES: :21:17: note: 'level5' calls 'level4' here
  // CHECK-MESSAGES: :20:17: note: 'level4' calls 'level3' here
  // CHECK-MESSAGES: :19:17: note: 'level3' calls 'retry_with_backoff' here
  // CHECK-MESSAGES: :17:5: note: 'retry_with_backoff' calls 'backoff' here
  // CHECK-MESSAGES: :14:18: note: 'backoff' calls 'usleep' here
  co_return;
}

// The shortest chain is the one shown.
void long_way() { level4(); }
void two_ways() {
  long_way();
  backoff();
}
demo::task<> shortest() {
  two_ways();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'two_ways' may block inside coroutine 'shortest': it calls 'usleep' through 2 functions
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: 'two_ways' calls 'backoff' here
  // CHECK-MESSAGES: :14:18: note: 'backoff' calls 'usleep' here
  co_return;
}

// A helper called only from plain code is fine: that is what offloads run.
void plain_caller() {
  retry_with_backoff(1);
  level5();
}

// --- member functions --------------------------------------------------------

struct connection {
  void flush() { std::this_thread::sleep_for(1ms); }
  void close() { flush(); }
  static void reset_all() { sleep(1); }
  connection() = default;
  explicit connection(int) { flush(); }
  int operator()(int x) { flush(); return x; }
};

demo::task<> uses_connection(connection &c) {
  c.close();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'connection::close' may block inside coroutine 'uses_connection': it calls 'std::this_thread::sleep_for' through 2 functions
  // CHECK-MESSAGES: :[[@LINE-10]]:18: note: 'connection::close' calls 'connection::flush' here
  // CHECK-MESSAGES: :[[@LINE-12]]:18: note: 'connection::flush' calls 'std::this_thread::sleep_for' here
  connection::reset_all();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'connection::reset_all' may block inside coroutine 'uses_connection': it calls 'sleep'
  connection opened(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: call to 'connection::connection' may block inside coroutine 'uses_connection': it calls 'std::this_thread::sleep_for' through 2 functions
  int r = c(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: call to 'connection::operator()' may block inside coroutine 'uses_connection': it calls 'std::this_thread::sleep_for' through 2 functions
  (void)r;
  connection idle; // the default constructor does not block
  (void)idle;
  co_return;
}

struct service {
  void tick() { backoff(); }
  demo::task<> run() {
    tick();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'service::tick' may block inside coroutine 'service::run': it calls 'usleep' through 2 functions
    this->tick();
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: call to 'service::tick' may block inside coroutine 'service::run'
    co_return;
  }
};

// --- lambdas ----------------------------------------------------------------

auto global_nap = [] { backoff(); };

demo::task<> lambdas() {
  global_nap();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to lambda 'global_nap' may block inside coroutine 'lambdas': it calls 'usleep' through 2 functions
  // CHECK-MESSAGES: :[[@LINE-5]]:24: note: lambda calls 'backoff' here
  // A lambda defined here and called here is part of the coroutine: the
  // call inside it is reported where it is.
  [] { backoff(); }();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: call to 'backoff' may block inside coroutine 'lambdas': it calls 'usleep'
  auto nested = [] {
    [] { level3(); }();
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: call to 'level3' may block inside coroutine 'lambdas': it calls 'usleep' through 3 functions
  };
  nested();
  co_return;
}

// A helper that invokes the callable it is given runs it synchronously.
template <class F> void with_retry(F f) {
  for (int i = 0; i < 3; ++i)
    f();
}
demo::task<> invoked_through_template() {
  with_retry([] { backoff(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'with_retry' may block inside coroutine 'invoked_through_template': it calls 'usleep' through 3 functions
  // CHECK-MESSAGES: :[[@LINE-5]]:5: note: 'with_retry' calls lambda here
  // CHECK-MESSAGES: :[[@LINE-3]]:19: note: lambda calls 'backoff' here
  // CHECK-MESSAGES: :14:18: note: 'backoff' calls 'usleep' here
  with_retry([] {});
  co_return;
}

// Callables only handed over (offloaded, stored, posted) are not called.
demo::task<> offloaded() {
  co_await demo::offload([] { retry_with_backoff(3); });
  demo::post([] { level5(); });
  auto later = [] { backoff(); };
  (void)later;
  co_await demo::offload(&level4);
  co_return;
}

// --- templates ---------------------------------------------------------------

template <class T> void store(T) { backoff(); }
template <class T> void maybe(T v) {
  if constexpr (sizeof(T) > 4)
    backoff();
  (void)v;
}

demo::task<> templates() {
  store(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'store' may block inside coroutine 'templates': it calls 'usleep' through 2 functions
  store(2.0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'store' may block inside coroutine 'templates'
  maybe(1);          // this instantiation does not block
  maybe(2.0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'maybe' may block inside coroutine 'templates'
  co_return;
}

// A coroutine template is reported once per location, whatever its
// instantiations.
template <class T> demo::task<> generic(T v) {
  store(v);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'store' may block inside coroutine 'generic'
  co_return;
}
void start_generics() {
  generic(1);
  generic('c');
  generic(2.0);
}

// --- recursion and cycles -----------------------------------------------------

int countdown(int n) { return n <= 0 ? 0 : countdown(n - 1); }
int fact(int n) {
  if (n == 7)
    sleep(1);
  return n <= 1 ? 1 : n * fact(n - 1);
}
void ping(int n);
void pong(int n) {
  if (n > 0)
    ping(n - 1);
}
void ping(int n) {
  if (n == 0)
    backoff();
  pong(n);
}
void even(int n);
void odd(int n) {
  if (n)
    even(n - 1);
}
void even(int n) {
  if (n)
    odd(n - 1);
}

demo::task<> recursion() {
  countdown(5); // recursion alone does not block
  fact(5);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'fact' may block inside coroutine 'recursion': it calls 'sleep'
  pong(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'pong' may block inside coroutine 'recursion': it calls 'usleep' through 3 functions
  // CHECK-MESSAGES: :[[@LINE-23]]:5: note: 'pong' calls 'ping' here
  // CHECK-MESSAGES: :[[@LINE-20]]:5: note: 'ping' calls 'backoff' here
  // CHECK-MESSAGES: :14:18: note: 'backoff' calls 'usleep' here
  odd(4); // a cycle with nothing blocking in it
  co_return;
}

// --- calls the analysis does not guess ----------------------------------------

void (*hook)() = backoff;
struct base {
  virtual void work() { backoff(); }
  virtual ~base() = default;
};
struct derived : base {
  void work() override {}
};
struct sealed final : base {
  void work() override { retry_with_backoff(1); }
};
struct open_type : base {
  void work() final { backoff(); }
};
struct base_only {
  virtual void work() { backoff(); }
};

demo::task<> unknown_targets(base &b, sealed &s, open_type &o, derived &d) {
  hook(); // through a function pointer
  void (*local)() = &level3;
  local();
  b.work();  // virtual, the target is not known
  d.work();  // derived::work could be overridden further
  s.work();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'sealed::work' may block inside coroutine 'unknown_targets': it calls 'usleep' through 3 functions
  o.work();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'open_type::work' may block inside coroutine 'unknown_targets': it calls 'usleep' through 2 functions
  b.base::work();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: call to 'base::work' may block inside coroutine 'unknown_targets'
  base_only local_object;
  local_object.work(); // its dynamic type is known
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: call to 'base_only::work' may block inside coroutine 'unknown_targets'
  co_return;
}

// --- calls to coroutines ------------------------------------------------------

demo::task<> blocking_coroutine() {
  backoff();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'backoff' may block inside coroutine 'blocking_coroutine'
  co_return;
}
demo::task<> awaits_it() {
  co_await blocking_coroutine(); // reported in its own body, not here
  co_return;
}
demo::task<> make_it() { return blocking_coroutine(); }
demo::task<> awaits_maker() {
  co_await make_it(); // not a coroutine, but it only creates one
  co_return;
}

// --- functions marked non-blocking are contexts ------------------------------

[[clang::annotate("unblock::nonblocking")]] void on_loop() {
  level3();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'level3' may block inside function 'on_loop' marked non-blocking: it calls 'usleep' through 3 functions
}
demo::task<> calls_on_loop() {
  on_loop(); // checked on its own
  co_return;
}

// --- functions declared blocking -----------------------------------------------

[[clang::annotate("unblock::blocking")]] int legacy_fetch(int key);
int cached_fetch(int key) { return key ? legacy_fetch(key) : 0; }

demo::task<> declared() {
  legacy_fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'legacy_fetch' inside coroutine 'declared'; it stalls every coroutine on this thread [coro-blocking-indirect]
  // CHECK-MESSAGES: :[[@LINE-6]]:3: note: 'legacy_fetch' is declared blocking here
  cached_fetch(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'cached_fetch' may block inside coroutine 'declared': it calls 'legacy_fetch' (declared blocking); it stalls every coroutine on this thread
  // CHECK-MESSAGES: :[[@LINE-8]]:42: note: 'cached_fetch' calls 'legacy_fetch' here
  // CHECK-MESSAGES: :[[@LINE-10]]:3: note: 'legacy_fetch' is declared blocking here
  co_return;
}

// --- non-blocking forms do not make a helper blocking ---------------------------

#include <sys/socket.h>
long peek(int fd, char *buf) { return recv(fd, buf, 1, MSG_DONTWAIT); }
void nap_for(std::chrono::milliseconds d) { std::this_thread::sleep_for(d); }

demo::task<> non_blocking_forms(int fd) {
  char b[1];
  peek(fd, b);
  co_return;
}

// --- generic lambdas and std::invoke -------------------------------------------

#include <functional>
struct job {
  void work() { backoff(); }
};
auto run_job = [](auto &j) { j.work(); }; // blocks only once instantiated

demo::task<> generic_and_invoked(job &j) {
  run_job(j);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to lambda 'run_job' may block inside coroutine 'generic_and_invoked': it calls 'usleep' through 3 functions
  // CHECK-MESSAGES: :[[@LINE-5]]:32: note: lambda calls 'job::work' here
  std::invoke(backoff);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'backoff' may block inside coroutine 'generic_and_invoked': it calls 'usleep'
  std::invoke(&job::work, j);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'job::work' may block inside coroutine 'generic_and_invoked': it calls 'usleep' through 2 functions
  std::invoke([] { level3(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to lambda may block inside coroutine 'generic_and_invoked': it calls 'usleep' through 4 functions
  std::function<void()> stored = backoff;
  stored(); // through std::function: not guessed
  co_return;
}

int main() {
  plain_caller();
  start_generics();
  calls_on_loop();
}
