// Round trip of the Offload rewrites on futures: future.get() whose value is
// used becomes `co_await unblock::offload([&] { return f.get(); })`, and
// future.wait() as a statement becomes `co_await unblock::offload([&] {
// f.wait(); })`. Each worker waits for three 100 ms jobs in turn: ~900 ms
// blocking; fixed, the waits run on the blocking pool and the workers
// overlap (~300 ms).
//
// RUN: %roundtrip %s %t | FileCheck %s
// CHECK-LABEL: === fixed source

#include <unblock/unblock.hpp>

#include <chrono>
#include <cstdio>
#include <future>
#include <thread>

using namespace std::chrono_literals;

// A value that a thread delivers after 100 ms.
std::future<int> later(int value) {
  std::promise<int> promise;
  std::future<int> f = promise.get_future();
  std::thread([promise = std::move(promise), value]() mutable {
    std::this_thread::sleep_for(100ms);
    promise.set_value(value);
  }).detach();
  return f;
}

unblock::task<int> worker(int id) {
  int sum = 0;
  for (int step = 1; step <= 2; ++step) {
    std::future<int> f = later(id * step);
    sum += f.get();
    // CHECK: {{^}}    sum += co_await unblock::offload([&] { return f.get(); });
  }
  std::shared_future<int> last = later(id * 3).share();
  last.wait();
  // CHECK: {{^}}  co_await unblock::offload([&] { last.wait(); });
  // A shared_future's get() returns a reference: the copy is made at once.
  int third = last.get();
  // CHECK: {{^}}  int third = co_await unblock::offload([&] { return last.get(); });
  co_return sum + third;
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
