// Round trip of the SleepFor rewrite: three workers joined with when_all
// sleep with std::this_thread::sleep_for, which holds the event loop, so they
// run one after the other (~900 ms). After --fix they suspend instead and
// overlap (~300 ms), computing the same result.
//
// RUN: %roundtrip %s %t | FileCheck %s
// The include is already there: it is not inserted twice.
// CHECK-LABEL: === fixed source
// CHECK: #include <unblock/unblock.hpp>
// CHECK-NOT: #include <unblock/unblock.hpp>

#include <unblock/unblock.hpp>

#include <chrono>
#include <cstdio>
#include <thread>

using namespace std::chrono_literals;

unblock::task<int> worker(int id) {
  int sum = 0;
  for (int step = 1; step <= 3; ++step) {
    std::this_thread::sleep_for(100ms);
    // CHECK: {{^}}    co_await unblock::sleep_for(100ms);
    sum += id * step;
  }
  co_return sum;
}

// A sleep whose duration is an expression, inside a lambda coroutine.
unblock::task<int> all() {
  auto pause = [](std::chrono::milliseconds d) -> unblock::task<void> {
    std::this_thread::sleep_for(d / 2 + d / 2);
    // CHECK: {{^}}    co_await unblock::sleep_for(d / 2 + d / 2);
    co_return;
  };
  co_await pause(10ms);
  auto [a, b, c] = co_await unblock::when_all(worker(1), worker(2), worker(3));
  co_return a + b + c;
}

int main() {
  std::printf("result %d\n", unblock::run(all()));
  return 0;
}

// CHECK-LABEL: === recheck: no blocking calls
// CHECK-LABEL: === before output
// CHECK-NEXT: result 36
// CHECK-LABEL: === after output
// CHECK-NEXT: result 36
// CHECK: === overlap: ok
