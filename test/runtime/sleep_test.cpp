#include "unblock/sleep.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

#include "support.hpp"
#include "unblock/errors.hpp"
#include "unblock/run.hpp"
#include "unblock/when_all.hpp"

using namespace std::chrono_literals;
using unblock_test::seconds_since;

namespace {

unblock::task<double> timed_sleep(std::chrono::milliseconds d) {
  const auto start = std::chrono::steady_clock::now();
  co_await unblock::sleep_for(d);
  co_return seconds_since(start);
}

TEST(Sleep, SleepsAtLeastTheDuration) { EXPECT_GE(unblock::run(timed_sleep(20ms)), 0.020); }

unblock::task<void> sleeper(int& done) {
  co_await unblock::sleep_for(50ms);
  ++done;
}

TEST(Sleep, ThousandConcurrentSleepersOverlap) {
  int done = 0;
  std::vector<unblock::task<void>> tasks;
  for (int i = 0; i < 1000; ++i) tasks.push_back(sleeper(done));
  const auto start = std::chrono::steady_clock::now();
  unblock::run(unblock::when_all(std::move(tasks)));
  const double elapsed = seconds_since(start);
  EXPECT_EQ(done, 1000);
  // Sequential sleeping would take 50 s; overlapping takes about 50 ms.
  EXPECT_LT(elapsed / (1000 * 0.050), 0.1);
}

unblock::task<void> wake_order(std::vector<int>& order) {
  auto at = [&](int id, std::chrono::milliseconds d) -> unblock::task<void> {
    co_await unblock::sleep_for(d);
    order.push_back(id);
  };
  co_await unblock::when_all(at(3, 30ms), at(1, 10ms), at(2, 20ms));
}

TEST(Sleep, WakesInDeadlineOrder) {
  std::vector<int> order;
  unblock::run(wake_order(order));
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

unblock::task<double> sleep_until_system() {
  const auto start = std::chrono::steady_clock::now();
  co_await unblock::sleep_until(std::chrono::system_clock::now() + 15ms);
  co_await unblock::sleep_until(std::chrono::steady_clock::now() + 5ms);
  co_return seconds_since(start);
}

TEST(Sleep, SleepUntilAcceptsSystemAndSteadyClocks) { EXPECT_GE(unblock::run(sleep_until_system()), 0.019); }

unblock::task<bool> cancelled_sleep(std::stop_token token) {
  try {
    co_await unblock::sleep_for(1h, token);
  } catch (const unblock::operation_cancelled&) {
    co_return true;
  }
  co_return false;
}

TEST(Sleep, CancelledFromAnotherThreadThrowsOperationCancelled) {
  std::stop_source source;
  std::thread stopper([&] {
    std::this_thread::sleep_for(10ms);
    source.request_stop();
  });
  EXPECT_TRUE(unblock::run(cancelled_sleep(source.get_token())));
  stopper.join();
}

TEST(Sleep, AlreadyStoppedTokenThrowsAtOnce) {
  std::stop_source source;
  source.request_stop();
  EXPECT_TRUE(unblock::run(cancelled_sleep(source.get_token())));
}

unblock::task<bool> cancel_on_loop() {
  std::stop_source source;
  auto canceller = [&]() -> unblock::task<void> {
    co_await unblock::sleep_for(5ms);
    source.request_stop();
  };
  auto [cancelled, _] = co_await unblock::when_all(cancelled_sleep(source.get_token()), canceller());
  co_return cancelled;
}

TEST(Sleep, CancelledFromTheSameLoopThrowsOperationCancelled) { EXPECT_TRUE(unblock::run(cancel_on_loop())); }

unblock::task<void> zero() {
  co_await unblock::sleep_for(0ms);
  co_await unblock::sleep_for(-5ms);
}

unblock::task<bool> huge_then_cancel() {
  std::stop_source source;
  auto canceller = [&]() -> unblock::task<void> {
    co_await unblock::yield();
    source.request_stop();
  };
  auto body = [&]() -> unblock::task<bool> {
    try {
      co_await unblock::sleep_for(std::chrono::hours::max(), source.get_token());
    } catch (const unblock::operation_cancelled&) {
      co_return true;
    }
    co_return false;
  };
  auto [cancelled, _] = co_await unblock::when_all(body(), canceller());
  co_return cancelled;
}

TEST(Sleep, HugeDurationsAreClampedNotOverflowed) { EXPECT_TRUE(unblock::run(huge_then_cancel())); }

TEST(Sleep, NonPositiveDurationsCompleteWithoutWaiting) {
  const auto start = std::chrono::steady_clock::now();
  unblock::run(zero());
  EXPECT_LT(seconds_since(start), 5.0);
}

}  // namespace
