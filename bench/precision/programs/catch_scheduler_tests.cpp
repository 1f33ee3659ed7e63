// A Catch2-style test suite for a scheduler, in the style of libcoro's
// test/test_scheduler.cpp: assertions inside coroutine lambdas. A failed
// assertion asks the framework whether a debugger is attached, which reads
// /proc/self/status (minitest/catch_main.cpp): a kernel pseudo-file, never
// a wait. Loading a fixture file from the test's data directory, or
// sleeping on the scheduler's thread, does wait.
#include "coro/scheduler.hpp"
#include "coro/task.hpp"
#include "minitest/catch.hpp"

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

using namespace std::chrono_literals;

TEST_CASE("scheduler runs scheduled tasks", "[scheduler]") {
  auto s = coro::scheduler::make_unique();
  int counter = 0;

  auto make_task = [](coro::scheduler &s, int &counter) -> coro::task<void> {
    co_await s.schedule();
    ++counter;
    REQUIRE(counter > 0);
    CHECK(counter < 100);
    co_return;
  };

  auto t = make_task(*s, counter);
  t.resume();
  s->process_events(100ms);
  REQUIRE(counter == 1);
}

TEST_CASE("event wakes every waiter", "[scheduler][event]") {
  auto s = coro::scheduler::make_unique();
  coro::event e;
  int woken = 0;

  auto waiter = [](coro::scheduler &s, coro::event &e, int &woken) -> coro::task<void> {
    co_await s.schedule();
    co_await e;
    ++woken;
    REQUIRE_FALSE(woken == 0);
  };

  auto w1 = waiter(*s, e, woken);
  auto w2 = waiter(*s, e, woken);
  w1.resume();
  w2.resume();
  e.set(*s);
  s->process_events(100ms);
  REQUIRE(woken == 2);
}

TEST_CASE("task propagates exceptions", "[task]") {
  auto thrower = []() -> coro::task<int> {
    throw std::runtime_error{"boom"};
    co_return 1;
  };
  auto outer = [&]() -> coro::task<void> {
    auto t = thrower();
    REQUIRE_THROWS(co_await t);
  };
  auto o = outer();
  o.resume();
}

TEST_CASE("parser accepts the recorded requests", "[parser]") {
  auto s = coro::scheduler::make_unique();
  auto check_fixture = [](coro::scheduler &s) -> coro::task<void> {
    co_await s.schedule();
    std::ifstream fixture("testdata/requests.txt"); // expect: coro-blocking-file
    std::string line;
    int n = 0;
    while (std::getline(fixture, line)) // expect: coro-blocking-file
      ++n;
    REQUIRE(n > 0);
  };
  auto t = check_fixture(*s);
  t.resume();
  s->process_events(100ms);
}

TEST_CASE("slow consumer does not starve the producer", "[scheduler]") {
  auto s = coro::scheduler::make_unique();
  auto slow = [](coro::scheduler &s) -> coro::task<void> {
    co_await s.schedule();
    // Simulates work by sleeping on the scheduler's own thread.
    std::this_thread::sleep_for(20ms); // expect: coro-blocking-sleep
    REQUIRE(true);
  };
  auto t = slow(*s);
  t.resume();
  s->process_events(100ms);
}
