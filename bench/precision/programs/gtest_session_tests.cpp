// A GoogleTest-style suite for a session API. Sessions are lazy tasks; a
// factory validates its arguments before the coroutine exists and throws.
// The code given to EXPECT_THROW / ASSERT_THROW is meant to throw there, so
// nothing is dropped. A session created as a statement and never awaited
// never runs.
#include "coro/task.hpp"
#include "minitest/gtest.hpp"

#include <future>
#include <stdexcept>
#include <string>

namespace sessions {

struct config {
  int port = 0;
  std::string user;
};

coro::task<int> run_session(config cfg) {
  co_return cfg.port + static_cast<int>(cfg.user.size());
}

// Validates eagerly, then hands out the lazy task.
coro::task<int> open_session(config cfg) {
  if (cfg.port <= 0)
    throw std::invalid_argument("port");
  if (cfg.user.empty())
    throw std::invalid_argument("user");
  return run_session(std::move(cfg));
}

coro::task<void> close_all() { co_return; }

} // namespace sessions

TEST(Session, RejectsBadPort) {
  EXPECT_THROW(sessions::open_session({0, "bob"}), std::invalid_argument);
}

TEST(Session, RejectsEmptyUser) {
  ASSERT_THROW(sessions::open_session({8080, ""}), std::invalid_argument);
  EXPECT_ANY_THROW(sessions::open_session({-1, ""}));
}

TEST(Session, RunsToCompletion) {
  auto t = sessions::open_session({8080, "alice"});
  t.resume();
  EXPECT_EQ(t.return_value(), 8085);
}

TEST(Session, ValidationInsideACoroutine) {
  auto body = []() -> coro::task<void> {
    EXPECT_THROW(sessions::open_session({0, ""}), std::invalid_argument);
    auto ok = sessions::open_session({1, "x"});
    EXPECT_EQ(co_await ok, 2);
  };
  auto t = body();
  t.resume();
}

TEST(Session, ForgottenTask) {
  auto body = []() -> coro::task<void> {
    sessions::open_session({8080, "carol"}); // expect: coro-unawaited
    sessions::close_all();                   // expect: coro-unawaited
    co_return;
  };
  auto t = body();
  t.resume();
}

TEST(Session, ResultOfAWorker) {
  auto body = []() -> coro::task<void> {
    // A default-constructed future has no state: get() throws at once.
    std::future<int> empty;
    EXPECT_THROW(empty.get(), std::future_error);
    // This one waits for a worker thread to compute the value.
    auto f = std::async(std::launch::async, [] { return 3; });
    EXPECT_EQ(f.get(), 3); // expect: coro-blocking-sync
    co_return;
  };
  auto t = body();
  t.resume();
}

int main() { return testing::RUN_ALL_TESTS(); }
