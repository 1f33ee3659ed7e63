// Round trip of the SleepMicros rewrite: usleep(us) becomes
// unblock::sleep_for(std::chrono::microseconds(us)). Three workers of three
// 100 ms naps: ~900 ms blocking, ~300 ms fixed.
//
// RUN: %roundtrip %s %t | FileCheck %s
// CHECK-LABEL: === fixed source

#include <unblock/unblock.hpp>

#include <cstdio>
#include <unistd.h>

constexpr useconds_t kNap = 100 * 1000;

unblock::task<int> worker(int id) {
  int sum = 0;
  for (int step = 1; step <= 3; ++step) {
    usleep(kNap);
    // CHECK: {{^}}    co_await unblock::sleep_for(std::chrono::microseconds(kNap));
    sum += id + step;
  }
  (void)usleep(0);
  // CHECK: {{^}}  (void)co_await unblock::sleep_for(std::chrono::microseconds(0));
  co_return sum;
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
// CHECK-NEXT: result 36
// CHECK-LABEL: === after output
// CHECK-NEXT: result 36
// CHECK: === overlap: ok
