// RUN: %check_coro %s coro-blocking-sleep %t -- -I%S/Inputs
// Coroutines that run on a thread pool meant for blocking work: after
// `co_await` of a switch to one, the code that follows in its block runs on
// the pool, where blocking is the design. Everything that may run elsewhere
// is still reported.

#include "thread-pools.h"
#include <chrono>
#include <memory>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

// --- libcoro ------------------------------------------------------------------

coro::task<> libcoro_pool(coro::thread_pool &tp) {
  usleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep' inside coroutine 'libcoro_pool'
  co_await tp.schedule();
  usleep(2);
  if (tp.yield().await_ready()) {
    sleep(1);
  }
  for (int i = 0; i < 2; ++i)
    std::this_thread::sleep_for(1ms);
}

// A switch back to the event loop ends it.
coro::task<> libcoro_back(coro::thread_pool &tp, coro::io_scheduler &loop) {
  co_await tp.schedule();
  sleep(1);
  co_await loop.schedule();
  sleep(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'libcoro_back'
  co_await tp.schedule();
  sleep(3);
  co_await loop.schedule_after(10ms);
  sleep(4);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'libcoro_back'
}

// A switch that is not awaited switches nothing.
coro::task<> libcoro_dropped(coro::thread_pool &tp) {
  tp.schedule();
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'libcoro_dropped'
  auto op = tp.schedule();
  sleep(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'libcoro_dropped'
  co_await op; // (an awaiter kept in a variable is not followed)
  sleep(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'libcoro_dropped'
}

// A switch inside a branch covers the rest of that branch only.
coro::task<> in_branch(coro::thread_pool &tp, bool slow) {
  if (slow) {
    co_await tp.schedule();
    sleep(1);
  }
  sleep(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'in_branch'
  if (slow)
    co_await tp.schedule();
  sleep(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'in_branch'
}

// A switch back inside a branch may have happened after it.
coro::task<> back_in_branch(coro::thread_pool &tp, coro::io_scheduler &loop,
                            bool done) {
  co_await tp.schedule();
  sleep(1);
  if (done) {
    usleep(1);
    co_await loop.schedule();
    sleep(2);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'sleep' inside coroutine 'back_in_branch'
  }
  sleep(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'back_in_branch'
}

// A loop that goes back to the event loop starts its next iteration there.
coro::task<> in_loops(coro::thread_pool &tp, coro::io_scheduler &loop, int n) {
  co_await tp.schedule();
  for (int i = 0; i < n; ++i) {
    sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'sleep' inside coroutine 'in_loops'
    co_await loop.schedule();
  }
  while (n-- > 0) {
    co_await tp.schedule();
    sleep(2);
    co_await loop.schedule();
    sleep(3);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'sleep' inside coroutine 'in_loops'
  }
}

// A case label is reached from the switch statement, in the state before it.
coro::task<> case_labels(coro::thread_pool &tp, int k) {
  switch (k) {
  case 0:
    co_await tp.schedule();
    sleep(1);
    [[fallthrough]];
  case 1:
    sleep(2);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'sleep' inside coroutine 'case_labels'
    break;
  }
  co_await tp.schedule();
  switch (k) {
  case 0:
    sleep(3);
    break;
  default:
    sleep(4);
  }
}

// A case label in a nested block, a goto label: reached from elsewhere.
coro::task<> jumps(coro::thread_pool &tp, int k, bool skip) {
  switch (k) {
  case 0: {
    co_await tp.schedule();
    sleep(1);
  case 1:
    sleep(2);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'sleep' inside coroutine 'jumps'
  }
  }
  if (skip)
    goto done;
  co_await tp.schedule();
  sleep(3);
done:
  sleep(4);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'jumps'
}

// Pointers, smart pointers, aliases and derived classes of a pool.
using pool_type = coro::thread_pool;
struct tuned_pool : coro::thread_pool {};
coro::task<> pool_shapes(std::shared_ptr<pool_type> shared,
                         std::unique_ptr<tuned_pool> &unique, pool_type *raw) {
  co_await shared->schedule();
  sleep(1);
  co_await unique->schedule();
  sleep(2);
  co_await raw->schedule();
  sleep(3);
}

#define TO_POOL(tp) co_await (tp).schedule()
coro::task<> through_macro(coro::thread_pool &tp) {
  TO_POOL(tp);
  sleep(1);
}

// --- lambdas ----------------------------------------------------------------------

coro::task<> lambdas(coro::thread_pool &tp) {
  auto nap = [] { sleep(1); };
  auto doze = [] { usleep(1); };
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: blocking call to 'usleep' inside coroutine 'lambdas'
  // A coroutine lambda is a coroutine of its own: awaited before the switch
  // too, it runs on the loop there.
  auto early = []() -> coro::task<> {
    sleep(3);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'sleep' inside coroutine lambda
    co_return;
  };
  doze();
  co_await early();
  co_await tp.schedule();
  nap(); // called on the pool only
  doze();
  [] { std::this_thread::sleep_for(1ms); }();
  // Awaited on the pool only: it starts there.
  auto later = []() -> coro::task<> {
    sleep(2);
    co_return;
  };
  co_await later();
  co_await early();
}

auto switching_lambda = [](coro::thread_pool &tp) -> coro::task<> {
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine lambda
  co_await tp.schedule();
  sleep(2);
};

// --- templates --------------------------------------------------------------------

// The executor's type decides per instantiation.
template <class Executor> coro::task<> generic_switch(Executor &ex) {
  co_await ex.schedule();
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'generic_switch'
}
template coro::task<> generic_switch(coro::thread_pool &);
template coro::task<> generic_switch(coro::io_scheduler &);

// Instantiated with a pool only: no report from the template either.
template <class Pool> coro::task<> pool_only(Pool &pool) {
  (void)co_await pool.schedule();
  sleep(1);
}
template coro::task<> pool_only(coro::thread_pool &);

// Generic lambdas: each call's instantiation decides.
coro::task<> generic_lambdas(coro::thread_pool &tp, coro::io_scheduler &loop) {
  auto on_pool = [](auto &ex) -> coro::task<> {
    co_await ex.schedule();
    usleep(1);
  };
  co_await on_pool(tp);
  auto anywhere = [](auto &ex) -> coro::task<> {
    co_await ex.schedule();
    usleep(2);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'usleep' inside coroutine lambda
  };
  co_await anywhere(tp);
  co_await anywhere(loop);
}

template <class T> coro::task<> generic_body(coro::thread_pool &tp, T d) {
  std::this_thread::sleep_for(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'generic_body'
  co_await tp.schedule();
  std::this_thread::sleep_for(d);
}
template coro::task<> generic_body(coro::thread_pool &, std::chrono::seconds);

// --- cppcoro ------------------------------------------------------------------

coro::task<> cppcoro_pool(cppcoro::static_thread_pool &tp,
                          cppcoro::io_service &io) {
  co_await tp.schedule();
  sleep(1);
  co_await io.schedule();
  sleep(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'cppcoro_pool'
  co_await cppcoro::resume_on(tp, demo::task<>{});
  sleep(3);
}

// --- concurrencpp -------------------------------------------------------------

// Its background pool has the class of its CPU pool: the runtime function
// that returns it tells them apart.
concurrencpp::result<> background(concurrencpp::runtime &rt) {
  co_await concurrencpp::resume_on(rt.background_executor());
  sleep(1);
  co_await concurrencpp::resume_on(rt.thread_pool_executor());
  sleep(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'background'
  auto bg = rt.background_executor();
  co_await concurrencpp::resume_on(bg);
  sleep(3);
  auto threads = rt.thread_executor();
  co_await concurrencpp::resume_on(*threads);
  sleep(4);
  std::shared_ptr<concurrencpp::thread_pool_executor> cpu =
      rt.thread_pool_executor();
  co_await concurrencpp::resume_on(cpu);
  sleep(5);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'background'
}

// A pool passed in: which one is not known.
concurrencpp::result<>
some_pool(std::shared_ptr<concurrencpp::thread_pool_executor> ex) {
  co_await concurrencpp::resume_on(ex);
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'some_pool'
}

// A pool passed in by every caller in this unit (also through a caller
// that was itself given one): the switch is to that pool.
using cpu_pool = std::shared_ptr<concurrencpp::thread_pool_executor>;
concurrencpp::result<> given_pool(cpu_pool ex, int n) {
  co_await concurrencpp::resume_on(ex);
  sleep(n);
}
concurrencpp::result<> relays_pool(cpu_pool bg, cpu_pool cpu) {
  co_await given_pool(bg, 1);
  co_await concurrencpp::resume_on(bg);
  sleep(1);
  co_await concurrencpp::resume_on(cpu);
  sleep(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'relays_pool'
}
// Given the background pool by one caller and the CPU pool by another.
concurrencpp::result<> either_pool(cpu_pool ex) {
  co_await concurrencpp::resume_on(ex);
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'either_pool'
}
// A tagged coroutine started on a pool its caller was given.
concurrencpp::result<> tagged_relayed(concurrencpp::executor_tag, cpu_pool) {
  sleep(1);
  co_return;
}
concurrencpp::result<> starts_relayed(cpu_pool bg) {
  co_await tagged_relayed({}, bg);
}
void pass_pools(concurrencpp::runtime &rt) {
  auto bg = rt.background_executor();
  given_pool(rt.background_executor(), 2);
  relays_pool(bg, rt.thread_pool_executor());
  either_pool(bg);
  either_pool(rt.thread_pool_executor());
  starts_relayed(bg);
}

// executor_tag: the coroutine starts on the executor it is given.
concurrencpp::result<>
on_threads(concurrencpp::executor_tag,
           std::shared_ptr<concurrencpp::thread_executor>) {
  sleep(1);
  co_return;
}
concurrencpp::result<>
on_background(concurrencpp::executor_tag,
              std::shared_ptr<concurrencpp::thread_pool_executor>, int) {
  sleep(1);
  co_return;
}
concurrencpp::result<>
on_cpu(concurrencpp::executor_tag,
       std::shared_ptr<concurrencpp::thread_pool_executor>) {
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'on_cpu'
  co_return;
}
concurrencpp::result<>
on_either(concurrencpp::executor_tag,
          std::shared_ptr<concurrencpp::thread_pool_executor>) {
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'on_either'
  co_return;
}
concurrencpp::result<>
on_threads_then_back(concurrencpp::executor_tag,
                     std::shared_ptr<concurrencpp::thread_executor>,
                     std::shared_ptr<concurrencpp::manual_executor> loop) {
  sleep(1);
  co_await concurrencpp::resume_on(loop);
  sleep(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'on_threads_then_back'
}
// Without the tag, the executor parameter is only a parameter.
concurrencpp::result<>
untagged(std::shared_ptr<concurrencpp::thread_executor> ex) {
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'untagged'
  co_return;
}
void start_all(concurrencpp::runtime &rt) {
  on_threads({}, rt.thread_executor());
  on_background({}, rt.background_executor(), 1);
  on_cpu({}, rt.thread_pool_executor());
  on_either({}, rt.background_executor());
  on_either({}, rt.thread_pool_executor());
  on_threads_then_back({}, rt.thread_executor(), rt.make_manual_executor());
  untagged(rt.thread_executor());
}

// --- Asio and Boost.Asio ------------------------------------------------------

// An Asio awaitable resumes on its own executor after every operation: only
// a completion token bound to the pool resumes it there, until the next one.
asio::awaitable<void> asio_pool(asio::thread_pool &pool,
                                asio::steady_timer &timer) {
  co_await asio::post(pool, asio::use_awaitable);
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'asio_pool'
  co_await asio::post(asio::bind_executor(pool, asio::use_awaitable));
  sleep(2);
  co_await timer.async_wait(asio::use_awaitable);
  sleep(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'asio_pool'
  co_await asio::dispatch(
      asio::bind_executor(pool.get_executor(), asio::use_awaitable));
  sleep(4);
  if (pool.get_executor(), true) {
    usleep(1);
  }
  for (int i = 0; i < 2; ++i) {
    usleep(2);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'usleep' inside coroutine 'asio_pool'
    co_await timer.async_wait(asio::use_awaitable);
  }
  co_await asio::post(asio::bind_executor(pool, asio::use_awaitable));
  co_await asio::post(asio::use_awaitable);
  sleep(5);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'asio_pool'
}

asio::awaitable<void> asio_io_context(asio::io_context &ioc) {
  co_await asio::post(asio::bind_executor(ioc, asio::use_awaitable));
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'asio_io_context'
}

boost::asio::awaitable<void> boost_pool(boost::asio::thread_pool &pool) {
  co_await boost::asio::post(
      boost::asio::bind_executor(pool, boost::asio::use_awaitable));
  sleep(1);
}
