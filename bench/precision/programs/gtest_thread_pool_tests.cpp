// GoogleTest-style tests for a thread pool, in the style of libcoro's
// test_thread_pool.cpp: coroutines hop onto the pool and simulate work
// there. Sleeping after `co_await tp.schedule()` occupies a pool worker,
// which is what the pool is for. Sleeping on the io scheduler, or a nested
// sync_wait inside a coroutine, blocks the thread the coroutine shares.
#include "coro/scheduler.hpp"
#include "coro/task.hpp"
#include "coro/thread_pool.hpp"
#include "minitest/gtest.hpp"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {

coro::task<int> make_value(int v) { co_return v; }

} // namespace

TEST(ThreadPool, RunsWorkOnWorkers) {
  coro::thread_pool tp{{.thread_count = 2}};
  std::atomic<int> counter{0};
  auto work = [](coro::thread_pool &tp, std::atomic<int> &counter) -> coro::task<void> {
    co_await tp.schedule();
    std::this_thread::sleep_for(10ms); // simulated work on the worker
    ++counter;
  };
  std::vector<coro::task<void>> tasks;
  for (int i = 0; i < 4; ++i)
    tasks.push_back(work(tp, counter));
  coro::sync_wait(coro::when_all(std::move(tasks)));
  EXPECT_EQ(counter.load(), 4);
}

TEST(ThreadPool, HighCpuUsageRegression) {
  coro::thread_pool tp{{.thread_count = 4}};
  auto wait_for = [](coro::thread_pool &tp, std::chrono::milliseconds d) -> coro::task<void> {
    co_await tp.schedule();
    for (int i = 0; i < 3; ++i)
      std::this_thread::sleep_for(d);
  };
  coro::sync_wait(wait_for(tp, 5ms));
}

TEST(ThreadPool, EventHopsBetweenPools) {
  auto s = coro::scheduler::make_unique();
  coro::thread_pool tp{{.thread_count = 1}};
  coro::event e;
  auto on_scheduler = [](coro::scheduler &s, coro::event &e) -> coro::task<void> {
    co_await s.schedule();
    // On the io scheduler's thread: every other coroutine there waits.
    std::this_thread::sleep_for(10ms); // expect: coro-blocking-sleep
    e.set(s);
  };
  auto on_pool = [](coro::thread_pool &tp, coro::event &e) -> coro::task<void> {
    co_await tp.schedule();
    co_await e;
  };
  coro::sync_wait(coro::when_all(on_scheduler(*s, e), on_pool(tp, e)));
}

TEST(ThreadPool, NestedSyncWait) {
  auto outer = []() -> coro::task<int> {
    // Blocks this coroutine's thread until the inner task finishes.
    int v = coro::sync_wait(make_value(41)); // expect: coro-blocking-sync
    co_return v + 1;
  };
  EXPECT_EQ(coro::sync_wait(outer()), 42);
}

int main() { return testing::RUN_ALL_TESTS(); }
