// Round trip of the asio runtime profile: with Runtime: asio, a blocking
// sleep in a coroutine returning asio::awaitable becomes a steady_timer
// wait (sleep(), usleep() and std::this_thread::sleep_for alike). Three
// workers co_spawned on one io_context: ~900 ms blocking, ~300 ms fixed.
//
// REQUIRES: asio
// RUN: %roundtrip --cxxflags=-DASIO_HAS_CO_AWAIT --config="{CheckOptions: {Runtime: asio}}" %s %t | FileCheck %s
// CHECK-LABEL: === fixed source
// CHECK: #include <asio.hpp>
// CHECK-NOT: #include <asio.hpp>

#include <asio.hpp>

#include <chrono>
#include <cstdio>
#include <exception>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

asio::awaitable<int> worker(int id) {
  int sum = 0;
  for (int step = 1; step <= 3; ++step) {
    std::this_thread::sleep_for(90ms);
    // CHECK: {{^}}    co_await asio::steady_timer(co_await asio::this_coro::executor, 90ms).async_wait(asio::use_awaitable);
    usleep(10000);
    // CHECK: {{^}}    co_await asio::steady_timer(co_await asio::this_coro::executor, std::chrono::microseconds(10000)).async_wait(asio::use_awaitable);
    sum += id * step;
  }
  sleep(0);
  // CHECK: {{^}}  co_await asio::steady_timer(co_await asio::this_coro::executor, std::chrono::seconds(0)).async_wait(asio::use_awaitable);
  co_return sum;
}

int main() {
  asio::io_context io;
  int total = 0;
  for (int id = 1; id <= 3; ++id)
    asio::co_spawn(io, worker(id), [&](std::exception_ptr e, int sum) {
      total += e ? -1000 : sum;
    });
  io.run();
  std::printf("result %d\n", total);
  return 0;
}

// CHECK-LABEL: === recheck: no blocking calls
// CHECK-LABEL: === before output
// CHECK-NEXT: result 36
// CHECK-LABEL: === after output
// CHECK-NEXT: result 36
// CHECK: === overlap: ok
