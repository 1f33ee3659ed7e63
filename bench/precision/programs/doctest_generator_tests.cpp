// Async-generator tests in the style of cppcoro's doctest suite, with the
// framework compiled into this translation unit (DOCTEST_CONFIG_IMPLEMENT).
// CHECK inside a coroutine may ask whether a debugger is attached, reading
// /proc/self/status: a kernel pseudo-file. Reading the recorded stream from
// disk, or waiting on a std::condition_variable for the producer thread,
// blocks the coroutine's thread.
#define DOCTEST_CONFIG_IMPLEMENT
#include "minitest/doctest.hpp"

#include "coro/task.hpp"

#include <condition_variable>
#include <coroutine>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace stream {

// A tiny synchronous-looking source whose next() is awaited.
struct source {
  std::vector<int> values;
  std::size_t pos = 0;
  coro::task<bool> next(int &out) {
    if (pos == values.size())
      co_return false;
    out = values[pos++];
    co_return true;
  }
};

coro::task<int> sum_all(source &s) {
  int total = 0;
  int v = 0;
  while (co_await s.next(v)) {
    CHECK(v >= 0);
    total += v;
  }
  co_return total;
}

} // namespace stream

TEST_CASE("sum of a short stream") {
  stream::source s{{1, 2, 3}};
  auto t = [&]() -> coro::task<void> {
    auto total = co_await stream::sum_all(s);
    CHECK_EQ(total, 6);
    REQUIRE(s.pos == 3);
  }();
  t.resume();
}

TEST_CASE("replaying a recorded stream") {
  auto t = []() -> coro::task<void> {
    std::ifstream rec("testdata/stream.rec"); // expect: coro-blocking-file
    stream::source s;
    int v = 0;
    while (rec >> v) // expect: coro-blocking-file
      s.values.push_back(v);
    auto total = co_await stream::sum_all(s);
    CHECK(total >= 0);
  }();
  t.resume();
}

TEST_CASE("values produced by another thread") {
  auto t = []() -> coro::task<void> {
    std::mutex m;
    std::condition_variable cv;
    std::vector<int> produced;
    std::thread producer([&] {
      std::lock_guard<std::mutex> lk(m);
      produced = {4, 5, 6};
      cv.notify_one();
    });
    {
      std::unique_lock<std::mutex> lk(m);
      cv.wait(lk, [&] { return !produced.empty(); }); // expect: coro-blocking-sync
    }
    producer.join(); // expect: coro-blocking-sync
    stream::source s{produced};
    CHECK_EQ(co_await stream::sum_all(s), 15);
  }();
  t.resume();
}

int main() { return doctest::run(); }
