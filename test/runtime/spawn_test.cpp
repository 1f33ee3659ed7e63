#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "unblock/errors.hpp"
#include "unblock/event.hpp"
#include "unblock/offload.hpp"
#include "unblock/run.hpp"
#include "unblock/sleep.hpp"

using namespace std::chrono_literals;

namespace {

unblock::task<void> set_after(unblock::event& ev, int& value) {
  co_await unblock::sleep_for(5ms);
  value = 42;
  ev.set();
}

unblock::task<int> spawns_and_waits() {
  unblock::event ev;
  int value = 0;
  unblock::spawn(set_after(ev, value));
  EXPECT_EQ(value, 0);  // spawn does not run the task inline
  co_await ev.wait();
  co_return value;
}

TEST(Spawn, RunsDetachedWorkOnTheLoop) { EXPECT_EQ(unblock::run(spawns_and_waits()), 42); }

struct flag_on_destroy {
  bool* flag;
  ~flag_on_destroy() { *flag = true; }
};

unblock::task<void> sleeps_forever(bool* destroyed) {
  flag_on_destroy guard{destroyed};
  co_await unblock::sleep_for(24h);
}

unblock::task<void> spawn_and_leave(bool* destroyed) {
  unblock::spawn(sleeps_forever(destroyed));
  co_await unblock::sleep_for(1ms);
}

TEST(Spawn, PendingSpawnedTasksAreDestroyedWhenRunReturns) {
  bool destroyed = false;
  unblock::run(spawn_and_leave(&destroyed));
  EXPECT_TRUE(destroyed);
}

unblock::task<void> offloading_forever(bool* destroyed) {
  flag_on_destroy guard{destroyed};
  co_await unblock::offload([] { std::this_thread::sleep_for(50ms); });
  co_await unblock::sleep_for(24h);
}

unblock::task<void> spawn_offloader(bool* destroyed) {
  unblock::spawn(offloading_forever(destroyed));
  co_await unblock::yield();
}

TEST(Spawn, RunWaitsForInFlightOffloadsOfAbandonedTasks) {
  bool destroyed = false;
  unblock::run(spawn_offloader(&destroyed));
  EXPECT_TRUE(destroyed);
}

unblock::task<void> throws_later() {
  co_await unblock::yield();
  throw std::runtime_error("spawned failure");
}

unblock::task<void> spawn_thrower() {
  unblock::spawn(throws_later());
  co_await unblock::sleep_for(5ms);
}

TEST(Spawn, EscapingExceptionsAreReportedOnStderr) {
  testing::internal::CaptureStderr();
  unblock::run(spawn_thrower());
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("spawned task ended with an exception: spawned failure"), std::string::npos) << err;
}

unblock::task<int> many_spawned() {
  int done = 0;
  unblock::event all_done;
  constexpr int n = 10'000;
  for (int i = 0; i < n; ++i) {
    unblock::spawn([](int& d, unblock::event& ev, int i) -> unblock::task<void> {
      co_await unblock::sleep_for(std::chrono::microseconds(i % 100));
      if (++d == n) ev.set();
    }(done, all_done, i));
  }
  co_await all_done.wait();
  co_return done;
}

TEST(Spawn, StressTenThousandSpawnedTasks) { EXPECT_EQ(unblock::run(many_spawned()), 10'000); }

unblock::task<bool> spawned_with_token(std::stop_source& source) {
  unblock::event done;
  bool cancelled = false;
  unblock::spawn([](bool& c, unblock::event& ev) -> unblock::task<void> {
    try {
      co_await unblock::sleep_for(24h);
    } catch (const unblock::operation_cancelled&) {
      c = true;
    }
    ev.set();
  }(cancelled, done), source.get_token());
  co_await unblock::yield();
  source.request_stop();
  co_await done.wait();
  co_return cancelled;
}

TEST(Spawn, TheGivenStopTokenCancelsTheSpawnedTask) {
  std::stop_source source;
  EXPECT_TRUE(unblock::run(spawned_with_token(source)));
}

}  // namespace
