#include "unblock/offload.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "unblock/check_blocking.hpp"
#include "unblock/run.hpp"
#include "unblock/sleep.hpp"
#include "unblock/when_all.hpp"

using namespace std::chrono_literals;

namespace {

unblock::task<int> compute() { co_return co_await unblock::offload([] { return 6 * 7; }); }

TEST(Offload, ReturnsTheFunctionsResult) { EXPECT_EQ(unblock::run(compute()), 42); }

unblock::task<bool> runs_elsewhere_and_comes_back() {
  const auto loop_thread = std::this_thread::get_id();
  const auto pool_thread = co_await unblock::offload([] { return std::this_thread::get_id(); });
  co_return pool_thread != loop_thread && std::this_thread::get_id() == loop_thread;
}

TEST(Offload, RunsOnThePoolAndResumesOnTheLoopThread) { EXPECT_TRUE(unblock::run(runs_elsewhere_and_comes_back())); }

unblock::task<int> throws() {
  try {
    co_await unblock::offload([]() -> int { throw std::runtime_error("pool failure"); });
  } catch (const std::runtime_error&) {
    co_return 1;
  }
  co_return 0;
}

TEST(Offload, ExceptionsReachTheAwaiter) { EXPECT_EQ(unblock::run(throws()), 1); }

unblock::task<int> by_reference() {
  std::promise<int> p;
  std::future<int> fut = p.get_future();
  std::thread producer;
  {
    const unblock::allow_blocking setup;  // the test's own thread (checked runs)
    producer = std::thread([&p] {
      std::this_thread::sleep_for(5ms);
      p.set_value(9);
    });
  }
  const int v = co_await unblock::offload([&] { return fut.get(); });
  co_await unblock::offload([&] { producer.join(); });
  co_return v;
}

TEST(Offload, AcceptsLambdasCapturingByReference) { EXPECT_EQ(unblock::run(by_reference()), 9); }

unblock::task<std::unique_ptr<int>> move_only() {
  co_return co_await unblock::offload([] { return std::make_unique<int>(3); });
}

TEST(Offload, MovesMoveOnlyResults) { EXPECT_EQ(*unblock::run(move_only()), 3); }

int shared_value = 11;
unblock::task<int> ref_result() {
  int copy = co_await unblock::offload([]() -> int& { return shared_value; });
  co_return copy;
}

TEST(Offload, ReferenceResultsDecayToValues) { EXPECT_EQ(unblock::run(ref_result()), 11); }

unblock::task<int> ticker_while_offloaded() {
  int ticks = 0;
  bool done = false;
  auto ticker = [&]() -> unblock::task<void> {
    while (!done) {
      co_await unblock::sleep_for(5ms);
      ++ticks;
    }
  };
  auto blocker = [&]() -> unblock::task<void> {
    co_await unblock::offload([] { std::this_thread::sleep_for(200ms); });
    done = true;
  };
  co_await unblock::when_all(ticker(), blocker());
  co_return ticks;
}

TEST(Offload, KeepsTheLoopResponsive) {
  // 200 ms of blocking work, 5 ms ticks: the ticker keeps ticking (a
  // blocked loop would tick once at most).
  EXPECT_GE(unblock::run(ticker_while_offloaded()), 5);
}

unblock::task<long> many_offloads(int n) {
  std::vector<unblock::task<int>> tasks;
  for (int i = 0; i < n; ++i) {
    tasks.push_back([](int v) -> unblock::task<int> { co_return co_await unblock::offload([v] { return v; }); }(i));
  }
  auto results = co_await unblock::when_all(std::move(tasks));
  long sum = 0;
  for (int r : results) sum += r;
  co_return sum;
}

TEST(Offload, ManyConcurrentOffloadsAllComplete) {
  constexpr int n = 5000;
  EXPECT_EQ(unblock::run(many_offloads(n)), static_cast<long>(n) * (n - 1) / 2);
}

TEST(Offload, LoopsOnSeveralThreadsShareThePool) {
  std::vector<std::thread> threads;
  std::atomic<long> total{0};
  for (int t = 0; t < 4; ++t) threads.emplace_back([&] { total += unblock::run(many_offloads(500)); });
  for (auto& t : threads) t.join();
  EXPECT_EQ(total.load(), 4L * 500 * 499 / 2);
}

}  // namespace
