// The runtime profiles on coroutines returning asio::awaitable (standalone
// Asio, <asio.hpp>). Asio's promise type has await_transform: it awaits only
// Asio's own operations, so the default (unblock) profile offers no fix-it
// there and the note says what to set instead; with Runtime: asio, sleeps
// become steady_timer waits, and what the asio profile has no spelling for
// keeps its diagnostic with a note.
//
// REQUIRES: asio
// RUN: %check_coro --check-suffix=DEFAULT %s 'coro-blocking-*' %t.default -- -DASIO_HAS_CO_AWAIT
// RUN: %check_coro --check-suffix=ASIO --config="{CheckOptions: {Runtime: asio}}" %s 'coro-blocking-*' %t.asio -- -DASIO_HAS_CO_AWAIT

#include <asio.hpp>
// The header is already included: it is not inserted again.
// CHECK-FIXES: #include <asio.hpp>
// CHECK-FIXES-NOT: #include <asio.hpp>

#include <chrono>
#include <cstdio>
#include <future>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

asio::awaitable<int> worker(int fd, std::future<int> f, FILE *fp) {
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'worker'
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:3: note: no automatic fix: the coroutine's promise type 'asio::detail::awaitable_frame' only awaits its own runtime's operations; set the 'Runtime' option to 'asio'
  // CHECK-FIXES-DEFAULT: {{^}}  std::this_thread::sleep_for(10ms);
  // CHECK-FIXES-ASIO: {{^}}  co_await asio::steady_timer(co_await asio::this_coro::executor, 10ms).async_wait(asio::use_awaitable);

  // A floating-point duration does not convert to the timer's by itself.
  std::this_thread::sleep_for(0.5s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for'
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:3: note: no automatic fix: the coroutine's promise type 'asio::detail::awaitable_frame'
  // CHECK-FIXES-ASIO: {{^}}  co_await asio::steady_timer(co_await asio::this_coro::executor, std::chrono::ceil<std::chrono::nanoseconds>(0.5s)).async_wait(asio::use_awaitable);
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep'
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:3: note: no automatic fix: the coroutine's promise type 'asio::detail::awaitable_frame'
  // CHECK-FIXES-DEFAULT: {{^}}  sleep(1);
  // CHECK-FIXES-ASIO: {{^}}  co_await asio::steady_timer(co_await asio::this_coro::executor, std::chrono::seconds(1)).async_wait(asio::use_awaitable);
  usleep(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep'
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:3: note: no automatic fix: the coroutine's promise type 'asio::detail::awaitable_frame'
  // CHECK-FIXES-ASIO: {{^}}  co_await asio::steady_timer(co_await asio::this_coro::executor, std::chrono::microseconds(10)).async_wait(asio::use_awaitable);

  // No spelling in the asio profile: the diagnostic stays, a note says why.
  std::this_thread::sleep_until(std::chrono::steady_clock::now() + 1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_until'
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:3: note: no automatic fix: the coroutine's promise type 'asio::detail::awaitable_frame'
  // CHECK-MESSAGES-ASIO: :[[@LINE-3]]:3: note: no automatic fix: the 'asio' runtime profile has no rewrite for this call
  // CHECK-FIXES: {{^}}  std::this_thread::sleep_until(std::chrono::steady_clock::now() + 1s);
  char b[4];
  recv(fd, b, sizeof b, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'recv'
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:3: note: no automatic fix: the coroutine's promise type 'asio::detail::awaitable_frame'
  // CHECK-MESSAGES-ASIO: :[[@LINE-3]]:3: note: no automatic fix: the 'asio' runtime profile has no rewrite for this call
  // CHECK-FIXES: {{^}}  recv(fd, b, sizeof b, 0);
  int v = f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'std::future::get'
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:13: note: no automatic fix: the coroutine's promise type 'asio::detail::awaitable_frame'
  // CHECK-MESSAGES-ASIO: :[[@LINE-3]]:13: note: no automatic fix: the 'asio' runtime profile has no rewrite for this call
  // CHECK-FIXES: {{^}}  int v = f.get();
  fflush(fp);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fflush'
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:3: note: no automatic fix: the coroutine's promise type 'asio::detail::awaitable_frame'
  // CHECK-MESSAGES-ASIO: :[[@LINE-3]]:3: note: no automatic fix: the 'asio' runtime profile has no rewrite for this call
  // CHECK-FIXES: {{^}}  fflush(fp);
  co_return v;
}
