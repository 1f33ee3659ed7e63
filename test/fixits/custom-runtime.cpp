// Round trip of the `custom` runtime profile: a user's own runtime (myrt,
// Inputs/myrt/myrt.hpp) with its own spellings, given in a .clang-tidy
// (Inputs/myrt/myrt.clang-tidy). Its promise type awaits only myrt's
// awaitables; RuntimeNamespace tells unblock that myrt's spellings fit.
// Three workers: ~900 ms blocking, ~300 ms fixed.
//
// RUN: %roundtrip --cxxflags=-I%fixit_inputs/myrt --config-file=%fixit_inputs/myrt/myrt.clang-tidy %s %t | FileCheck %s
// CHECK-LABEL: === fixed source
// The header, included as "myrt.hpp", is not inserted again.
// CHECK: #include "myrt.hpp"
// CHECK-NOT: #include {{.*}}myrt

#include "myrt.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

std::future<int> later(int value) {
  std::promise<int> promise;
  std::future<int> f = promise.get_future();
  std::thread([promise = std::move(promise), value]() mutable {
    std::this_thread::sleep_for(50ms);
    promise.set_value(value);
  }).detach();
  return f;
}

myrt::task<int> worker(int id) {
  int sum = 0;
  for (int step = 1; step <= 3; ++step) {
    std::this_thread::sleep_for(30ms);
    // CHECK: {{^}}    co_await myrt::nap(30ms);
    usleep(20000);
    // CHECK: {{^}}    co_await myrt::nap(std::chrono::microseconds(20000));
    std::future<int> f = later(id * step);
    sum += f.get();
    // CHECK: {{^}}    sum += co_await myrt::to_thread([&] { return f.get(); });
  }
  std::system("true");
  // CHECK: {{^}}  co_await myrt::to_thread([&] { std::system("true"); });
  co_return sum;
}

myrt::task<int> all() {
  auto [a, b, c] = co_await myrt::all(worker(1), worker(2), worker(3));
  co_return a + b + c;
}

int main() {
  std::printf("result %d\n", myrt::run(all()));
  return 0;
}

// CHECK-LABEL: === recheck: no blocking calls
// CHECK-LABEL: === before output
// CHECK-NEXT: result 36
// CHECK-LABEL: === after output
// CHECK-NEXT: result 36
// CHECK: === overlap: ok
