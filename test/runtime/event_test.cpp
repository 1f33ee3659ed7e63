#include "unblock/event.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "unblock/errors.hpp"
#include "unblock/run.hpp"
#include "unblock/sleep.hpp"
#include "unblock/when_all.hpp"

using namespace std::chrono_literals;

namespace {

unblock::task<void> waiter(unblock::event& ev, int& woken) {
  co_await ev.wait();
  ++woken;
}

unblock::task<int> many_waiters() {
  unblock::event ev;
  int woken = 0;
  std::vector<unblock::task<void>> ws;
  for (int i = 0; i < 100; ++i) ws.push_back(waiter(ev, woken));
  auto setter = [&]() -> unblock::task<void> {
    co_await unblock::sleep_for(5ms);
    EXPECT_EQ(woken, 0);
    ev.set();
  };
  co_await unblock::when_all(unblock::when_all(std::move(ws)), setter());
  co_return woken;
}

TEST(Event, SetWakesEveryWaiter) { EXPECT_EQ(unblock::run(many_waiters()), 100); }

unblock::task<bool> set_reset() {
  unblock::event ev(true);
  if (!ev.is_set()) co_return false;
  co_await ev.wait();  // already set: no suspension
  ev.reset();
  if (ev.is_set()) co_return false;
  bool woke = false;
  auto w = [&]() -> unblock::task<void> {
    co_await ev.wait();
    woke = true;
  };
  auto s = [&]() -> unblock::task<void> {
    co_await unblock::yield();
    if (woke) throw std::logic_error("woke before set");
    ev.set();
  };
  co_await unblock::when_all(w(), s());
  co_return woke;
}

TEST(Event, ResetMakesWaitersWaitAgain) { EXPECT_TRUE(unblock::run(set_reset())); }

unblock::task<bool> cancel_wait() {
  unblock::event ev;
  std::stop_source source;
  bool cancelled = false;
  auto w = [&]() -> unblock::task<void> {
    try {
      co_await ev.wait(source.get_token());
    } catch (const unblock::operation_cancelled&) {
      cancelled = true;
    }
  };
  auto c = [&]() -> unblock::task<void> {
    co_await unblock::sleep_for(2ms);
    source.request_stop();
  };
  co_await unblock::when_all(w(), c());
  ev.set();  // the cancelled waiter left the queue
  co_return cancelled;
}

TEST(Event, WaitsCanBeCancelled) { EXPECT_TRUE(unblock::run(cancel_wait())); }

}  // namespace
