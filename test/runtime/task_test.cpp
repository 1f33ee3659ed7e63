#include "unblock/task.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <type_traits>

#include "unblock/concepts.hpp"
#include "unblock/run.hpp"

namespace {

static_assert(!std::is_copy_constructible_v<unblock::task<int>>);
static_assert(std::is_nothrow_move_constructible_v<unblock::task<int>>);
static_assert(unblock::awaitable<unblock::task<int>>);
static_assert(std::is_same_v<unblock::await_result_t<unblock::task<int>>, int>);
static_assert(std::is_same_v<unblock::await_result_t<unblock::task<int&>>, int&>);

unblock::task<int> set_flag(bool& flag) {
  flag = true;
  co_return 7;
}

TEST(Task, DoesNotStartUntilAwaited) {
  bool started = false;
  auto t = set_flag(started);
  EXPECT_FALSE(started);
  EXPECT_EQ(unblock::run(std::move(t)), 7);
  EXPECT_TRUE(started);
}

TEST(Task, DestroyedUnstartedRunsNothing) {
  bool started = false;
  { auto t = set_flag(started); }
  EXPECT_FALSE(started);
}

unblock::task<std::string> greet(std::string who) { co_return "hello " + who; }
unblock::task<std::string> outer() { co_return co_await greet("world") + "!"; }

TEST(Task, ReturnsValueToAwaiter) { EXPECT_EQ(unblock::run(outer()), "hello world!"); }

unblock::task<void> fail() {
  throw std::runtime_error("boom");
  co_return;
}
unblock::task<int> catches() {
  try {
    co_await fail();
  } catch (const std::runtime_error& e) {
    co_return std::string(e.what()) == "boom" ? 1 : 2;
  }
  co_return 0;
}

TEST(Task, PropagatesExceptionsToAwaiter) { EXPECT_EQ(unblock::run(catches()), 1); }

TEST(Task, RunRethrowsTheMainTasksException) { EXPECT_THROW(unblock::run(fail()), std::runtime_error); }

int global_value = 5;
unblock::task<int&> ref() { co_return global_value; }
unblock::task<void> bump() { ++co_await ref(); }

TEST(Task, ReturnsReferences) {
  unblock::run(bump());
  EXPECT_EQ(global_value, 6);
}

unblock::task<int> one() { co_return 1; }
unblock::task<long> sum_many(int n) {
  long s = 0;
  for (int i = 0; i < n; ++i) s += co_await one();
  co_return s;
}

TEST(Task, AwaitsAMillionSynchronouslyCompletingTasksWithoutGrowingTheStack) {
  EXPECT_EQ(unblock::run(sum_many(1'000'000)), 1'000'000);
}

unblock::task<int> nested(int depth) {
  if (depth == 0) co_return 0;
  co_return 1 + co_await nested(depth - 1);
}

TEST(Task, NestsDeeply) { EXPECT_EQ(unblock::run(nested(1000)), 1000); }

TEST(Task, MoveAssignmentReleasesTheOldFrame) {
  bool a = false, b = false;
  auto t = set_flag(a);
  t = set_flag(b);
  EXPECT_EQ(unblock::run(std::move(t)), 7);
  EXPECT_FALSE(a);
  EXPECT_TRUE(b);
}

TEST(Task, EmptyTaskIsRejectedByRun) {
  unblock::task<int> t;
  EXPECT_FALSE(t);
  EXPECT_THROW(unblock::run(std::move(t)), std::invalid_argument);
}

}  // namespace
