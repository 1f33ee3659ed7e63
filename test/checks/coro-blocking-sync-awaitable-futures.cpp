// RUN: %check_coro --check-suffix=DEFAULT %s coro-blocking-sync %t -- -I%S/Inputs
// RUN: %check_coro --check-suffix=IGNORED --config="{CheckOptions: {coro-blocking-sync.IgnoredFunctions: 'concurrencpp::result::get'}}" %s coro-blocking-sync %t.ignored -- -I%S/Inputs

// The futures of coroutine libraries: a class with both a blocking wait
// (get(), wait(), wait_for(), wait_until()) and an awaitable form. Calling
// the blocking wait in a coroutine stalls the loop; the coroutine should
// co_await the object instead.

#include "task.h"
#include <chrono>
#include <coroutine>
#include <memory>
#include <optional>

using namespace std::chrono_literals;

// concurrencpp's shape: a member operator co_await.
namespace concurrencpp {
enum class result_status { idle, value, exception };
template <class T> class result {
public:
  T get();
  void wait();
  template <class R, class P>
  result_status wait_for(std::chrono::duration<R, P> timeout);
  template <class C, class D>
  result_status wait_until(std::chrono::time_point<C, D> deadline);
  demo::yield_awaiter operator co_await();
};
} // namespace concurrencpp

// async_simple's shape: a free operator co_await in the future's namespace.
namespace async_simple {
template <class T> class Future {
public:
  T get();
  void wait();
  bool hasResult() const;
};
template <class T> demo::yield_awaiter operator co_await(Future<T> &&);
} // namespace async_simple

// A libcoro-style future that is itself an awaiter.
namespace corolib {
template <class T> struct future {
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
  T get();
  void wait();
};
} // namespace corolib

// A hidden friend operator co_await, and a class derived from an awaitable.
struct ticket {
  int get();
  void wait();
  friend demo::yield_awaiter operator co_await(ticket &&);
};
struct derived_result : concurrencpp::result<int> {};

demo::task<int> blocking_waits(concurrencpp::result<int> r,
                               async_simple::Future<int> f,
                               corolib::future<int> cf, ticket t,
                               derived_result d) {
  int a = r.get();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:13: warning: blocking call to 'concurrencpp::result::get' inside coroutine 'blocking_waits'; it stalls every coroutine on this thread [coro-blocking-sync]
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:13: note: its type is awaitable: co_await it instead of waiting
  r.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'concurrencpp::result::wait'
  (void)r.wait_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'concurrencpp::result::wait_for'
  (void)r.wait_until(std::chrono::steady_clock::now() + 1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'concurrencpp::result::wait_until'
  int b = f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'async_simple::Future::get'
  f.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'async_simple::Future::wait'
  int c = cf.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: blocking call to 'corolib::future::get'
  int e = t.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'ticket::get'
  int g = d.get();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:13: warning: blocking call to 'concurrencpp::result::get'
  co_return a + b + c + e + g;
}

// Through a pointer and a smart pointer: the future's class counts, not
// the pointer's.
demo::task<int> through_pointers(concurrencpp::result<int> *p,
                                 std::unique_ptr<corolib::future<int>> up) {
  int a = p->get();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:14: warning: blocking call to 'concurrencpp::result::get'
  int b = up->get();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking call to 'corolib::future::get'
  corolib::future<int> *raw = up.get(); // unique_ptr::get
  (void)raw;
  co_return a + b;
}

// Templates: judged in each instantiation.
template <class F> demo::task<> generic(F f) {
  (void)f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'async_simple::Future::get'
  co_return;
}
template demo::task<> generic(async_simple::Future<int>);
template demo::task<> generic(std::shared_ptr<int>); // shared_ptr::get

//===----------------------------------------------------------------------===//
// Not reported
//===----------------------------------------------------------------------===//

// get() of classes without an awaitable form.
struct plain_future {
  int get();
  void wait();
};
demo::task<> not_awaitable(std::unique_ptr<int> p, std::shared_ptr<int> s,
                           std::optional<int> o, plain_future pf) {
  int *a = p.get();
  int *b = s.get();
  int c = o.value();
  int d = pf.get();
  pf.wait();
  (void)a, (void)b, (void)c, (void)d;
  co_return;
}

// An awaitable whose get() only reads a result (it has no blocking wait),
// and one whose wait() returns an awaitable.
struct eager_promise {
  demo::yield_awaiter operator co_await();
  bool ready() const;
  int get();
};
struct event {
  demo::yield_awaiter operator co_await();
  demo::task<> wait();
};
demo::task<int> awaitable_forms(eager_promise ep, event ev,
                                concurrencpp::result<int> r) {
  int a = ep.get();
  co_await ev.wait();
  // A zero timeout only polls.
  (void)r.wait_for(0s);
  (void)r.wait_for(std::chrono::milliseconds(0));
  // Awaiting the future is the non-blocking form.
  co_await r;
  co_return a;
}

// Outside a coroutine, blocking is the caller's business.
int synchronous_caller(concurrencpp::result<int> r) { return r.get(); }

// With the blocking get() in IgnoredFunctions, it is not reported.
// CHECK-MESSAGES-IGNORED-NOT: warning: blocking call to 'concurrencpp::result::get'
