// With the real Asio: an awaitable resumes on its own executor after every
// operation, so only a completion token bound to an asio::thread_pool puts
// the code after it on the pool, until the next co_await.
// REQUIRES: asio
// RUN: %unblock --checks='-*,coro-blocking-sleep' %s -- -std=c++20 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error}}:'

#include <asio.hpp>

#include <chrono>
#include <unistd.h>

asio::awaitable<void> import(asio::thread_pool &pool, asio::io_context &ioc) {
  co_await asio::post(pool, asio::use_awaitable);
  sleep(1);
  // CHECK: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'import'{{.*}}[coro-blocking-sleep]
  co_await asio::post(asio::bind_executor(pool, asio::use_awaitable));
  sleep(2);
  asio::steady_timer timer(ioc, std::chrono::milliseconds(1));
  co_await timer.async_wait(asio::use_awaitable);
  sleep(3);
  // CHECK: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'import'{{.*}}[coro-blocking-sleep]
  co_await asio::dispatch(
      asio::bind_executor(pool.get_executor(), asio::use_awaitable));
  sleep(4);
  co_await asio::post(asio::bind_executor(ioc, asio::use_awaitable));
  sleep(5);
  // CHECK: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'import'{{.*}}[coro-blocking-sleep]
}
