// Eager results and handles are not "never runs": a coroutine whose promise
// does not suspend at the start (found through std::coroutine_traits,
// aliases, templates and bases), an awaitable that stands for work already
// started (it can be waited for without co_await), and an awaiter that
// only waits for a started or shared handle. Dropped lazy tasks and action
// awaitables are still reported.
// RUN: %check_coro %s coro-unawaited %t -- -I%S/Inputs

#include "awaitables.h"

#include <chrono>
#include <coroutine>
#include <exception>

using namespace std::chrono_literals;

// A plain awaiter the handles below hand out.
struct wait_for_it {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  int await_resume() const noexcept { return 0; }
};

//===----------------------------------------------------------------------===//
// Promises attached through std::coroutine_traits (concurrencpp's shape)
//===----------------------------------------------------------------------===//

namespace crcpp {
namespace details {
using suspend_never = std::suspend_never;
using suspend_always = std::suspend_always;
struct executor {
  void post(std::coroutine_handle<>) {}
};
struct resumed {
  suspend_never initial_suspend() const noexcept { return {}; }
};
template <class T> struct result_state {
  executor *ex = nullptr;
  suspend_never final_suspend() const noexcept { return {}; }
  void return_value(T) {}
  void unhandled_exception() noexcept {}
};
} // namespace details

// Move-only, awaitable, no promise_type of its own, not named like a future.
template <class T> class result {
public:
  result() = default;
  result(result &&) = default;
  result(const result &) = delete;
  wait_for_it operator co_await() { return {}; }
  wait_for_it resolve() { return {}; }
};
template <class T> struct resumed_promise : details::resumed,
                                            details::result_state<T> {
  result<T> get_return_object() { return {}; }
};

// The promise's initial awaiter suspends, then posts the coroutine to an
// executor: it runs without co_await.
template <class T> class scheduled {
public:
  wait_for_it operator co_await() { return {}; }
};
template <class T> struct scheduled_promise : details::result_state<T> {
  struct initial_scheduling_awaiter : details::suspend_always {
    template <class P> void await_suspend(std::coroutine_handle<P> handle) {
      handle.promise().ex->post(handle);
    }
  };
  scheduled<T> get_return_object() { return {}; }
  initial_scheduling_awaiter initial_suspend() const noexcept { return {}; }
};
} // namespace crcpp

// A lazy task attached the same way (Asio's shape), with a way to take its
// result: still lazy, a coroutine type is judged by its promise.
template <class T> struct lazy_awaitable {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  T await_resume() const noexcept { return T{}; }
  T get() { return T{}; }
};
template <class T> struct lazy_frame {
  lazy_awaitable<T> get_return_object() { return {}; }
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void return_value(T) {}
  void unhandled_exception() { std::terminate(); }
};

template <class T, class... Args>
struct std::coroutine_traits<crcpp::result<T>, Args...> {
  using promise_type = crcpp::resumed_promise<T>;
};
template <class T, class... Args>
struct std::coroutine_traits<crcpp::scheduled<T>, Args...> {
  using promise_type = crcpp::scheduled_promise<T>;
};
template <class T, class... Args>
struct std::coroutine_traits<lazy_awaitable<T>, Args...> {
  using promise_type = lazy_frame<T>;
};

crcpp::result<int> compute(int x) { co_return x; }
template <class T> crcpp::result<T> compute_as(T x) { co_return x; }
crcpp::result<void *> declared_only();
crcpp::scheduled<int> on_pool(int);
lazy_awaitable<int> lazily(int x) { co_return x; }

//===----------------------------------------------------------------------===//
// Promises found through aliases, alias templates and bases
//===----------------------------------------------------------------------===//

namespace alias {
using never = std::suspend_never;
template <class T> struct eager_base {
  never initial_suspend() noexcept { return {}; }
};
template <class T> struct lazy_base {
  std::suspend_always initial_suspend() noexcept { return {}; }
};
template <class T> using eager_base_t = eager_base<T>;
template <class T> using lazy_base_t = lazy_base<T>;
template <class T> struct eager_promise : eager_base_t<T> {};
template <class T> struct lazy_promise : lazy_base_t<T> {};
// No coroutine returns them here: the promises are never instantiated.
template <class T> struct eager_job {
  using promise_type = eager_promise<T>;
  wait_for_it operator co_await() { return {}; }
};
template <class T> struct lazy_job {
  using promise_type = lazy_promise<T>;
  wait_for_it operator co_await() { return {}; }
};
eager_job<int> start_eager();
lazy_job<int> start_lazy();

// Initial awaiters derived from std::suspend_always: storing the handle
// leaves the coroutine suspended; an await_suspend defined elsewhere may
// start it.
struct remembers : std::suspend_always {
  std::coroutine_handle<> last;
  void await_suspend(std::coroutine_handle<> h) noexcept { last = h; }
};
struct elsewhere : std::suspend_always {
  void await_suspend(std::coroutine_handle<> h) noexcept;
};
struct remembered_job {
  struct promise_type {
    remembered_job get_return_object() { return {}; }
    remembers initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  wait_for_it operator co_await() { return {}; }
};
struct elsewhere_job {
  struct promise_type {
    elsewhere_job get_return_object() { return {}; }
    elsewhere initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  wait_for_it operator co_await() { return {}; }
};
remembered_job remembered();
elsewhere_job started_elsewhere();
} // namespace alias

//===----------------------------------------------------------------------===//
// Awaitables that are no coroutine type
//===----------------------------------------------------------------------===//

namespace rpc {
// A handle to a started operation: an awaiter that can also be waited for.
template <class T> class pending {
public:
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume() { return T{}; }
  T get() { return T{}; }
  void wait() {}
};
// One that attaches a continuation (then), through a base.
struct chainable {
  template <class F> void then(F) {}
};
struct call : chainable {
  wait_for_it operator co_await() { return {}; }
};
// Named like a future, an awaiter itself.
template <class T> struct Future {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume() { return T{}; }
};
// [[nodiscard]]: dropping it is reported, as a started operation.
template <class T> struct [[nodiscard]] important {
  wait_for_it operator co_await() { return {}; }
  T get() { return T{}; }
};
struct server {
  Future<int> async_start();
  pending<int> async_stop();
  call async_call();
  important<int> async_commit();
};
} // namespace rpc

// Action awaitables: they act only when awaited.
namespace pool {
class thread_pool {
public:
  class schedule_operation {
    friend class thread_pool;
    explicit schedule_operation(thread_pool &tp) noexcept : tp_(tp) {}

  public:
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) noexcept;
    void await_resume() noexcept {}

  private:
    thread_pool &tp_;
  };
  [[nodiscard]] schedule_operation schedule() { return schedule_operation{*this}; }
};
struct executor {
  void post(std::coroutine_handle<>) {}
};
// concurrencpp's resume_on: neither copyable nor movable, posts the
// awaiting coroutine to the executor.
template <class E> class resume_on_awaitable : public std::suspend_always {
public:
  explicit resume_on_awaitable(E &e) noexcept : e_(e) {}
  resume_on_awaitable(const resume_on_awaitable &) = delete;
  resume_on_awaitable(resume_on_awaitable &&) = delete;
  void await_suspend(std::coroutine_handle<> h) { e_.post(h); }
  void await_resume() const {}

private:
  E &e_;
};
template <class E> auto resume_on(E &e) { return resume_on_awaitable<E>(e); }
// An awaitable, copyable executor: `co_await ex` switches to it.
struct strand {
  wait_for_it operator co_await() const { return {}; }
  wait_for_it schedule() const { return {}; }
};
struct async_mutex {
  struct lock_operation {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    void await_resume() noexcept {}
  };
  lock_operation lock() { return {}; }
};
} // namespace pool

//===----------------------------------------------------------------------===//
// Awaiters of other handles
//===----------------------------------------------------------------------===//

namespace crcpp {
// Copyable, with a result accessor: a shared handle to started work.
template <class T> class shared_result {
public:
  shared_result() = default;
  shared_result(const shared_result &) = default;
  T get() { return T{}; }
  wait_for_it operator co_await() { return {}; }
  wait_for_it resolve() { return {}; }
};
} // namespace crcpp

// cppcoro's shared_task: lazy, copyable.
template <class T> struct shared_task {
  struct promise_type {
    shared_task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T) {}
    void unhandled_exception() { std::terminate(); }
  };
  shared_task() = default;
  shared_task(const shared_task &) = default;
  wait_for_it operator co_await() const { return {}; }
  wait_for_it when_ready() const { return {}; }
};
shared_task<int> make_shared_task();

// A lazy, move-only task.
struct unique_task {
  struct promise_type {
    unique_task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  unique_task() = default;
  unique_task(unique_task &&) = default;
  wait_for_it operator co_await() { return {}; }
  wait_for_it when_ready() { return {}; }
};
unique_task make_unique_task();

template <class T> wait_for_it operator co_await(rpc::pending<T> &&) {
  return {};
}

//===----------------------------------------------------------------------===//
// The uses
//===----------------------------------------------------------------------===//

void eager_coroutines() {
  compute(1);
  compute_as(2.0);
  declared_only();
  on_pool(3);
  []() -> crcpp::result<int> { co_return 4; }();
  alias::start_eager();
  alias::started_elsewhere();
  // Lazy: still reported.
  lazily(5);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'lazily' is created and dropped without co_await; it never runs [coro-unawaited]
  alias::start_lazy();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'alias::start_lazy' is created and dropped without co_await; it never runs [coro-unawaited]
  alias::remembered();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'alias::remembered' is created and dropped without co_await; it never runs [coro-unawaited]
}

demo::task<> handles(rpc::server &server) {
  server.async_start();
  server.async_stop();
  server.async_call();
  server.async_commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'rpc::server::async_commit' is dropped without co_await; its result and exceptions are lost [coro-unawaited]
  // CHECK-FIXES: {{^}}  co_await server.async_commit();{{$}}
  co_return;
}

// A dropped switch to an executor, schedule, lock or sleep is a real bug:
// the coroutine goes on where it was, unlocked, at once.
demo::task<> actions(pool::thread_pool &tp, pool::executor &background,
                     pool::strand &ex, pool::async_mutex &m) {
  tp.schedule();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'pool::thread_pool::schedule' is created and dropped without co_await; it never runs [coro-unawaited]
  // CHECK-FIXES: {{^}}  co_await tp.schedule();{{$}}
  pool::resume_on(background);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'pool::resume_on' is created and dropped without co_await; it never runs [coro-unawaited]
  // CHECK-FIXES: {{^}}  co_await pool::resume_on(background);{{$}}
  ex.schedule();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'pool::strand::schedule' is created and dropped without co_await; it never runs [coro-unawaited]
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'pool::async_mutex::lock' is created and dropped without co_await; it never runs [coro-unawaited]
  unblock::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'unblock::sleep_for' is created and dropped without co_await; it never runs [coro-unawaited]
  co_await tp.schedule();
  co_await pool::resume_on(background);
}

void awaiters_of_handles(crcpp::shared_result<int> &sr, crcpp::result<int> &r,
                         shared_task<int> st, unique_task &t,
                         rpc::pending<int> p) {
  // The work runs (or is owned) elsewhere: only a wait is dropped.
  sr.resolve();
  sr.operator co_await();
  r.resolve();
  r.operator co_await();
  compute(6).resolve();
  st.when_ready();
  st.operator co_await();
  t.operator co_await();
  operator co_await(std::move(p));
  // A temporary lazy task is dropped with its awaiter; a move-only task's
  // awaiter is its only way to run.
  make_shared_task();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'make_shared_task' is created and dropped without co_await; it never runs [coro-unawaited]
  make_shared_task().when_ready();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'shared_task::when_ready' is created and dropped without co_await; it never runs [coro-unawaited]
  make_unique_task().operator co_await();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'unique_task::operator co_await' is created and dropped without co_await; it never runs [coro-unawaited]
  t.when_ready();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'unique_task::when_ready' is created and dropped without co_await; it never runs [coro-unawaited]
}

// Templates: judged in each instantiation.
template <class H> void wait_on(H &h) {
  h.resolve();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'lazy_resolver::resolve' is created and dropped without co_await; it never runs [coro-unawaited]
}
struct lazy_resolver {
  wait_for_it resolve() { return {}; }
};
void instantiate(crcpp::shared_result<int> &sr, lazy_resolver &lr) {
  wait_on(sr);
  wait_on(lr);
}
