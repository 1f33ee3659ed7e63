#include "unblock/when_any.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "unblock/errors.hpp"
#include "unblock/event.hpp"
#include "unblock/run.hpp"
#include "unblock/sleep.hpp"

using namespace std::chrono_literals;

namespace {

struct outcome {
  int finished = 0;
  int cancelled = 0;
};

unblock::task<int> after(std::chrono::milliseconds d, int v, outcome& o) {
  try {
    co_await unblock::sleep_for(d);
  } catch (const unblock::operation_cancelled&) {
    ++o.cancelled;
    throw;
  }
  ++o.finished;
  co_return v;
}

unblock::task<std::string> text_after(std::chrono::milliseconds d) {
  co_await unblock::sleep_for(d);
  co_return "text";
}

TEST(WhenAny, TheFirstToFinishWinsAndTheOthersAreCancelled) {
  outcome o;
  auto r = unblock::run(unblock::when_any(after(500ms, 1, o), after(5ms, 2, o), after(1s, 3, o)));
  EXPECT_EQ(r.index(), 1u);
  EXPECT_EQ(std::get<1>(r), 2);
  EXPECT_EQ(o.finished, 1);
  EXPECT_EQ(o.cancelled, 2);
}

TEST(WhenAny, VariantHoldsDifferentTypes) {
  outcome o;
  auto r = unblock::run(unblock::when_any(after(200ms, 1, o), text_after(1ms)));
  ASSERT_EQ(r.index(), 1u);
  EXPECT_EQ(std::get<1>(r), "text");
}

TEST(WhenAny, VectorFormGivesIndexAndValue) {
  outcome o;
  std::vector<unblock::task<int>> tasks;
  for (int i = 0; i < 5; ++i) tasks.push_back(after(std::chrono::milliseconds(100 - 20 * i), i * 10, o));
  auto [index, value] = unblock::run(unblock::when_any(std::move(tasks)));
  EXPECT_EQ(index, 4u);
  EXPECT_EQ(value, 40);
  EXPECT_EQ(o.cancelled, 4);
}

unblock::task<int> fails_fast() {
  co_await unblock::sleep_for(1ms);
  throw std::runtime_error("fast failure");
}

TEST(WhenAny, RethrowsTheWinnersException) {
  outcome o;
  EXPECT_THROW(unblock::run(unblock::when_any(after(1s, 1, o), fails_fast())), std::runtime_error);
  EXPECT_EQ(o.cancelled, 1);
}

unblock::task<int> immediate() { co_return 5; }

TEST(WhenAny, TasksAfterASynchronousWinnerAreNeverStarted) {
  outcome o;
  auto r = unblock::run(unblock::when_any(immediate(), after(1s, 1, o)));
  EXPECT_EQ(r.index(), 0u);
  EXPECT_EQ(o.finished + o.cancelled, 0);
}

unblock::task<int> immediate_after_yield() {
  co_await unblock::yield();
  co_return 1;
}

unblock::task<int> ignores_cancellation(bool& finished) {
  // A blocking-style child that never reaches a cancellable wait after
  // cancellation: when_any waits for it (nothing is left running).
  for (int i = 0; i < 5; ++i) co_await unblock::yield();
  finished = true;
  co_return 0;
}

TEST(WhenAny, WaitsForLosersThatIgnoreCancellation) {
  bool finished = false;
  auto r = unblock::run(unblock::when_any(immediate_after_yield(), ignores_cancellation(finished)));
  EXPECT_EQ(r.index(), 0u);
  EXPECT_TRUE(finished);
}

TEST(WhenAny, EmptyVectorIsRejected) {
  EXPECT_THROW(unblock::run(unblock::when_any(std::vector<unblock::task<int>>{})), std::invalid_argument);
}

unblock::task<int> stop_parent_cancels_children() {
  std::stop_source source;
  outcome o;
  auto inner = [&]() -> unblock::task<int> {
    auto r = co_await unblock::when_any(after(1s, 1, o), after(1s, 2, o));
    co_return static_cast<int>(r.index());
  };
  auto stopper = [&]() -> unblock::task<void> {
    co_await unblock::sleep_for(5ms);
    source.request_stop();
  };
  unblock::event done;
  int result = -1;
  auto body = [&]() -> unblock::task<void> {
    try {
      co_await inner();
    } catch (const unblock::operation_cancelled&) {
      result = o.cancelled;
    }
    done.set();
  };
  unblock::spawn(body(), source.get_token());
  co_await stopper();
  co_await done.wait();
  co_return result;
}

TEST(WhenAny, StoppingTheParentsTokenCancelsAllChildren) { EXPECT_EQ(unblock::run(stop_parent_cancels_children()), 2); }

}  // namespace
