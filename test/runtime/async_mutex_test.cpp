#include "unblock/async_mutex.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "unblock/errors.hpp"
#include "unblock/run.hpp"
#include "unblock/sleep.hpp"
#include "unblock/when_all.hpp"

using namespace std::chrono_literals;

namespace {

unblock::task<void> critical(unblock::async_mutex& m, int& inside, int& max_inside, int& total) {
  for (int i = 0; i < 10; ++i) {
    auto guard = co_await m.lock();
    ++inside;
    if (inside > max_inside) max_inside = inside;
    co_await unblock::yield();  // suspend while holding the lock
    ++total;
    --inside;
  }
}

TEST(AsyncMutex, ExcludesAcrossSuspensionPoints) {
  unblock::async_mutex m;
  int inside = 0, max_inside = 0, total = 0;
  std::vector<unblock::task<void>> tasks;
  for (int i = 0; i < 20; ++i) tasks.push_back(critical(m, inside, max_inside, total));
  unblock::run(unblock::when_all(std::move(tasks)));
  EXPECT_EQ(max_inside, 1);
  EXPECT_EQ(total, 200);
  EXPECT_FALSE(m.is_locked());
}

unblock::task<void> take_in_order(unblock::async_mutex& m, std::vector<int>& order, int id) {
  auto guard = co_await m.lock();
  order.push_back(id);
  co_await unblock::sleep_for(1ms);
}

unblock::task<void> fifo(unblock::async_mutex& m, std::vector<int>& order) {
  auto first = co_await m.lock();
  std::vector<unblock::task<void>> waiters;
  for (int i = 0; i < 5; ++i) waiters.push_back(take_in_order(m, order, i));
  auto starter = [&]() -> unblock::task<void> {
    co_await unblock::yield();
    co_await unblock::yield();
    EXPECT_FALSE(m.try_lock());  // no barging past the queue
    first.unlock();
  };
  co_await unblock::when_all(unblock::when_all(std::move(waiters)), starter());
}

TEST(AsyncMutex, IsFifoFair) {
  unblock::async_mutex m;
  std::vector<int> order;
  unblock::run(fifo(m, order));
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
}

unblock::task<bool> try_lock_and_guard() {
  unblock::async_mutex m;
  if (!m.try_lock()) co_return false;
  if (m.try_lock()) co_return false;
  m.unlock();
  {
    unblock::async_lock_guard g = co_await m.lock();
    if (!g.owns_lock() || g.mutex() != &m || !m.is_locked()) co_return false;
    unblock::async_mutex::scoped_lock moved = std::move(g);
    if (g.owns_lock() || !moved.owns_lock()) co_return false;
  }
  co_return !m.is_locked();
}

TEST(AsyncMutex, TryLockAndScopedLockBasics) { EXPECT_TRUE(unblock::run(try_lock_and_guard())); }

unblock::task<bool> cancel_waiting_lock() {
  unblock::async_mutex m;
  auto held = co_await m.lock();
  std::stop_source source;
  bool cancelled = false;
  bool later_got_it = false;
  auto waiter = [&]() -> unblock::task<void> {
    try {
      auto g = co_await m.lock(source.get_token());
    } catch (const unblock::operation_cancelled&) {
      cancelled = true;
    }
  };
  auto later = [&]() -> unblock::task<void> {
    auto g = co_await m.lock();
    later_got_it = true;
  };
  auto driver = [&]() -> unblock::task<void> {
    co_await unblock::yield();
    source.request_stop();
    co_await unblock::yield();
    held.unlock();  // must skip the cancelled waiter
  };
  co_await unblock::when_all(waiter(), later(), driver());
  co_return cancelled && later_got_it && !m.is_locked();
}

TEST(AsyncMutex, CancelledWaitersAreSkipped) { EXPECT_TRUE(unblock::run(cancel_waiting_lock())); }

}  // namespace
