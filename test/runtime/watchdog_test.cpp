#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <string>
#include <thread>

#include "unblock/run.hpp"
#include "unblock/sleep.hpp"

using namespace std::chrono_literals;

// External linkage (not in an anonymous namespace), so that with -rdynamic
// dladdr can name its resume function.
unblock::task<void> blocks_the_loop() {
  co_await unblock::sleep_for(1ms);
  std::this_thread::sleep_for(300ms);  // the bug the watchdog is for
}

namespace {

TEST(StallWatchdog, ReportsAResumeStepThatBlocksTheLoop) {
  unblock::run_options options;
  options.stall_threshold = 50ms;
  testing::internal::CaptureStderr();
  unblock::run(blocks_the_loop(), options);
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("unblock: stall: the event loop"), std::string::npos) << err;
  EXPECT_NE(err.find("in one resume step (threshold 50 ms)"), std::string::npos) << err;
  EXPECT_NE(err.find("resumed at "), std::string::npos) << err;
  // With -rdynamic the resume function is symbolised.
  EXPECT_NE(err.find("blocks_the_loop"), std::string::npos) << err;
}

TEST(StallWatchdog, IncludesALoopThreadBacktrace) {
  unblock::run_options options;
  options.stall_threshold = 50ms;
  testing::internal::CaptureStderr();
  unblock::run(blocks_the_loop(), options);
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("loop thread backtrace:"), std::string::npos) << err;
}

TEST(StallWatchdog, ReportsAtMostOncePerSecond) {
  unblock::run_options options;
  options.stall_threshold = 20ms;
  options.stall_backtrace = false;
  testing::internal::CaptureStderr();
  unblock::run(
      []() -> unblock::task<void> {
        for (int i = 0; i < 3; ++i) {
          co_await unblock::yield();
          std::this_thread::sleep_for(60ms);
        }
      }(),
      options);
  const std::string err = testing::internal::GetCapturedStderr();
  std::size_t count = 0;
  for (auto pos = err.find("unblock: stall:"); pos != std::string::npos; pos = err.find("unblock: stall:", pos + 1)) ++count;
  EXPECT_EQ(count, 1u) << err;
}

TEST(StallWatchdog, IsEnabledByTheEnvironment) {
  ::setenv("UNBLOCK_STALL_MS", "50", 1);
  testing::internal::CaptureStderr();
  unblock::run(blocks_the_loop());
  const std::string err = testing::internal::GetCapturedStderr();
  ::unsetenv("UNBLOCK_STALL_MS");
  EXPECT_NE(err.find("unblock: stall:"), std::string::npos) << err;
}

TEST(StallWatchdog, StaysQuietWhenTheLoopIsNotBlocked) {
  unblock::run_options options;
  options.stall_threshold = 200ms;
  testing::internal::CaptureStderr();
  unblock::run(
      []() -> unblock::task<void> {
        for (int i = 0; i < 20; ++i) co_await unblock::sleep_for(5ms);
      }(),
      options);
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

}  // namespace
