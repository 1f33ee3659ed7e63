// Round trip of the SleepSeconds rewrite (sleep(n) becomes
// unblock::sleep_for(std::chrono::seconds(n))), and of sleep() whose result
// is used, which unblock::sleep_for does not give: that call is offloaded.
// Blocking, the three one-second sleeps add up (~3 s); fixed, they overlap
// (~1 s).
//
// RUN: %roundtrip %s %t | FileCheck %s
// CHECK-LABEL: === fixed source

#include <unblock/unblock.hpp>

#include <cstdio>
#include <unistd.h>

unblock::task<int> napper(int id) {
  sleep(1);
  // CHECK: {{^}}  co_await unblock::sleep_for(std::chrono::seconds(1));
  co_return id;
}

unblock::task<int> counter() {
  // sleep() returns the seconds left when a signal interrupted it.
  unsigned left = sleep(1);
  // CHECK: {{^}}  unsigned left = co_await unblock::offload([&] { return sleep(1); });
  co_return static_cast<int>(left) + 10;
}

unblock::task<int> all() {
  auto [a, b, c] = co_await unblock::when_all(napper(1), napper(2), counter());
  co_return a + b + c;
}

int main() {
  std::printf("result %d\n", unblock::run(all()));
  return 0;
}

// CHECK-LABEL: === recheck: no blocking calls
// CHECK-LABEL: === before output
// CHECK-NEXT: result 13
// CHECK-LABEL: === after output
// CHECK-NEXT: result 13
// CHECK: === overlap: ok
