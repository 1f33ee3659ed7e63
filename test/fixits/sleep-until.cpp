// Round trip of the SleepUntil rewrite: each worker keeps a schedule of
// deadlines with std::this_thread::sleep_until. Blocking, the three
// schedules run one after the other (~900 ms); after --fix they overlap
// (~300 ms).
//
// RUN: %roundtrip %s %t | FileCheck %s
// CHECK-LABEL: === fixed source

#include <unblock/unblock.hpp>

#include <chrono>
#include <cstdio>
#include <thread>

using namespace std::chrono_literals;

unblock::task<int> worker(int id) {
  auto next = std::chrono::steady_clock::now();
  int ticks = 0;
  for (int step = 0; step < 3; ++step) {
    next += 100ms;
    std::this_thread::sleep_until(next);
    // CHECK: {{^}}    co_await unblock::sleep_until(next);
    ticks += id;
  }
  // A deadline that has passed: no wait at all, before or after.
  std::this_thread::sleep_until(std::chrono::system_clock::now() - 1s);
  // CHECK: {{^}}  co_await unblock::sleep_until(std::chrono::system_clock::now() - 1s);
  co_return ticks;
}

unblock::task<int> all() {
  auto [a, b, c] = co_await unblock::when_all(worker(1), worker(2), worker(3));
  co_return a + b + c;
}

int main() {
  std::printf("result %d\n", unblock::run(all()));
  return 0;
}

// CHECK-LABEL: === recheck: no blocking calls
// CHECK-LABEL: === before output
// CHECK-NEXT: result 18
// CHECK-LABEL: === after output
// CHECK-NEXT: result 18
// CHECK: === overlap: ok
