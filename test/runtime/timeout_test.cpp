#include "unblock/timeout.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <system_error>

#include "unblock/run.hpp"

using namespace std::chrono_literals;

namespace {

unblock::task<int> after(std::chrono::milliseconds d, int v) {
  co_await unblock::sleep_for(d);
  co_return v;
}

TEST(Timeout, PassesTheResultThroughWhenInTime) { EXPECT_EQ(unblock::run(unblock::timeout(1s, after(1ms, 5))), 5); }

TEST(Timeout, ThrowsTimedOutWhenTheDeadlinePasses) {
  try {
    unblock::run(unblock::timeout(10ms, after(10s, 5)));
    FAIL() << "no exception";
  } catch (const unblock::timed_out& e) {
    EXPECT_EQ(e.code(), std::errc::timed_out);
  }
}

unblock::task<bool> inner_sees_cancellation() {
  bool cancelled = false;
  auto inner = [&]() -> unblock::task<void> {
    try {
      co_await unblock::sleep_for(10s);
    } catch (const unblock::operation_cancelled&) {
      cancelled = true;
      throw;
    }
  };
  try {
    co_await unblock::timeout(5ms, inner());
  } catch (const unblock::timed_out&) {
    co_return cancelled;
  }
  co_return false;
}

TEST(Timeout, CancelsTheInnerTask) { EXPECT_TRUE(unblock::run(inner_sees_cancellation())); }

unblock::task<void> fails() {
  co_await unblock::sleep_for(1ms);
  throw std::out_of_range("inner");
}

TEST(Timeout, PassesInnerExceptionsThrough) {
  EXPECT_THROW(unblock::run(unblock::timeout(1s, fails())), std::out_of_range);
}

}  // namespace
