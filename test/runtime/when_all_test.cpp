#include "unblock/when_all.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "support.hpp"
#include "unblock/run.hpp"
#include "unblock/sleep.hpp"

using namespace std::chrono_literals;

namespace {

unblock::task<int> after(std::chrono::milliseconds d, int v) {
  co_await unblock::sleep_for(d);
  co_return v;
}
unblock::task<void> nothing() { co_return; }
unblock::task<std::string> text() { co_return "t"; }

unblock::task<bool> tuple_of_results() {
  auto [a, b, c, d] = co_await unblock::when_all(after(10ms, 1), nothing(), text(), after(5ms, 4));
  static_assert(std::is_same_v<decltype(b), std::monostate>);
  co_return a == 1 && c == "t" && d == 4;
}

TEST(WhenAll, GivesATupleOfResultsWithMonostateForVoid) { EXPECT_TRUE(unblock::run(tuple_of_results())); }

unblock::task<std::vector<int>> vector_of_results() {
  std::vector<unblock::task<int>> tasks;
  for (int i = 0; i < 10; ++i) tasks.push_back(after(std::chrono::milliseconds(10 - i), i));
  co_return co_await unblock::when_all(std::move(tasks));
}

TEST(WhenAll, VectorFormKeepsTheOrder) {
  EXPECT_EQ(unblock::run(vector_of_results()), (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(WhenAll, RunsChildrenConcurrently) {
  const auto start = std::chrono::steady_clock::now();
  unblock::run(unblock::when_all(after(100ms, 0), after(100ms, 0), after(100ms, 0)));
  // Sequentially 300 ms; concurrently about 100 ms.
  EXPECT_LT(unblock_test::seconds_since(start) / 0.3, 0.9);
}

unblock::task<int> fail_after(std::chrono::milliseconds d, const char* what) {
  co_await unblock::sleep_for(d);
  throw std::runtime_error(what);
}

unblock::task<std::string> first_exception_after_all_finish(bool& slow_finished) {
  auto slow = [&]() -> unblock::task<int> {
    co_await unblock::sleep_for(30ms);
    slow_finished = true;
    co_return 0;
  };
  try {
    co_await unblock::when_all(fail_after(10ms, "second"), fail_after(1ms, "first-in-time"), slow());
  } catch (const std::runtime_error& e) {
    co_return e.what();
  }
  co_return "none";
}

TEST(WhenAll, RethrowsTheLowestIndexExceptionAfterAllFinish) {
  bool slow_finished = false;
  EXPECT_EQ(unblock::run(first_exception_after_all_finish(slow_finished)), "second");
  EXPECT_TRUE(slow_finished);
}

unblock::task<int> void_vector() {
  int count = 0;
  std::vector<unblock::task<void>> tasks;
  for (int i = 0; i < 100; ++i) {
    tasks.push_back([](int& c) -> unblock::task<void> {
      co_await unblock::yield();
      ++c;
    }(count));
  }
  co_await unblock::when_all(std::move(tasks));
  co_await unblock::when_all(std::vector<unblock::task<void>>{});
  co_return count;
}

TEST(WhenAll, VoidVectorFormAndEmptyVector) { EXPECT_EQ(unblock::run(void_vector()), 100); }

unblock::task<long> ten_thousand_tasks() {
  std::vector<unblock::task<int>> tasks;
  for (int i = 0; i < 10'000; ++i) tasks.push_back(after(std::chrono::milliseconds(i % 7), 1));
  long sum = 0;
  for (int v : co_await unblock::when_all(std::move(tasks))) sum += v;
  co_return sum;
}

TEST(WhenAll, StressTenThousandTasks) { EXPECT_EQ(unblock::run(ten_thousand_tasks()), 10'000); }

}  // namespace
