#include "unblock/run.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "unblock/errors.hpp"
#include "unblock/sleep.hpp"
#include "unblock/when_all.hpp"

using namespace std::chrono_literals;

namespace {

unblock::task<int> nested_run() { co_return unblock::run([]() -> unblock::task<int> { co_return 1; }()); }

TEST(Run, RejectsANestedRunOnTheSameThread) { EXPECT_THROW(unblock::run(nested_run()), std::logic_error); }

unblock::task<void> count_yields(std::vector<int>& log, int id, int n) {
  for (int i = 0; i < n; ++i) {
    log.push_back(id);
    co_await unblock::yield();
  }
}

TEST(Run, YieldLetsOtherCoroutinesRun) {
  std::vector<int> log;
  unblock::run(unblock::when_all(count_yields(log, 1, 3), count_yields(log, 2, 3)));
  EXPECT_EQ(log, (std::vector<int>{1, 2, 1, 2, 1, 2}));
}

unblock::task<bool> sleep_until_stopped() {
  try {
    co_await unblock::sleep_for(1h);
  } catch (const unblock::operation_cancelled&) {
    co_return true;
  }
  co_return false;
}

TEST(Run, StopTokenInRunOptionsCancelsTheMainTask) {
  std::stop_source source;
  unblock::run_options options;
  options.stop_token = source.get_token();
  std::thread stopper([&] {
    std::this_thread::sleep_for(20ms);
    source.request_stop();
  });
  EXPECT_TRUE(unblock::run(sleep_until_stopped(), options));
  stopper.join();
}

unblock::task<std::stop_token> token_of_main() { co_return co_await unblock::current_stop_token(); }

TEST(Run, CurrentStopTokenIsTheInheritedOne) {
  std::stop_source source;
  unblock::run_options options;
  options.stop_token = source.get_token();
  auto token = unblock::run(token_of_main(), options);
  EXPECT_TRUE(token.stop_possible());
  source.request_stop();
  EXPECT_TRUE(token.stop_requested());
}

TEST(Run, LoopsOnSeveralThreadsAreIndependent) {
  std::vector<std::thread> threads;
  std::vector<int> results(4);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&results, i] {
      results[i] = unblock::run([](int v) -> unblock::task<int> {
        co_await unblock::sleep_for(5ms);
        co_return v * 2;
      }(i));
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(results, (std::vector<int>{0, 2, 4, 6}));
}

TEST(Run, AwaitablesOutsideALoopThrowLogicError) {
  auto t = []() -> unblock::task<void> { co_await unblock::sleep_for(1ms); }();
  // Awaiting needs a loop: driving the frame by hand without run() is not
  // possible through the public API, so check spawn instead.
  EXPECT_THROW(unblock::spawn(std::move(t)), std::logic_error);
}

}  // namespace
