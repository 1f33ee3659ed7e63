// Asio's timers in the real <asio.hpp>: the synchronous wait() of a
// steady_timer, system_timer or high_resolution_timer (all
// asio::basic_waitable_timer) sleeps the thread; async_wait does not.
//
// REQUIRES: asio
// RUN: %check_coro --config="{CheckOptions: {RuntimeByType: 'demo::task=unblock'}}" %s coro-blocking-sleep %t -- -I%S/Inputs -DASIO_HAS_CO_AWAIT

#include "task.h"
#include <asio.hpp>
// CHECK-FIXES: #include <unblock/unblock.hpp>

demo::task<> timers(asio::steady_timer &steady, asio::system_timer &sys,
                    asio::high_resolution_timer &hr) {
  steady.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'asio::basic_waitable_timer::wait' inside coroutine 'timers'; it stalls every coroutine on this thread [coro-blocking-sleep]
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { steady.wait(); });
  asio::error_code ec;
  sys.wait(ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'asio::basic_waitable_timer::wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { sys.wait(ec); });
  hr.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'asio::basic_waitable_timer::wait'
  // The asynchronous wait is not blocking.
  steady.async_wait([](asio::error_code) {});
  co_return;
}

// In an asio::awaitable coroutine: the asio profile's own asynchronous wait.
asio::awaitable<void> in_asio(asio::steady_timer &t) {
  t.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'asio::basic_waitable_timer::wait' inside coroutine 'in_asio'
  // CHECK-FIXES: {{^}}  co_await t.async_wait(asio::use_awaitable);
  co_await t.async_wait(asio::use_awaitable);
}

// Templates: judged in the instantiation.
template <class Timer> demo::task<> generic(Timer &t) {
  t.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'asio::basic_waitable_timer::wait' inside coroutine 'generic'
  co_return;
}
template demo::task<> generic(asio::steady_timer &);

// Outside a coroutine the thread may sleep.
void outside(asio::steady_timer &t) { t.wait(); }
