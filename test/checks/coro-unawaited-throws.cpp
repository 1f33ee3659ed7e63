// Code given to an assertion that expects a throw is meant to throw before
// any coroutine frame exists: coro-unawaited does not look at it. Macros are
// found on the expansion stack of the dropped value, functions by the name
// of the callee a lambda is given to (ThrowAssertions).
// RUN: %check_coro --check-suffix=DEFAULT %s coro-unawaited %t.default -- -I%S/Inputs
// RUN: %check_coro --check-suffix=CONF --config="{CheckOptions: {coro-unawaited.ThrowAssertions: 'MUST_FAIL;testing::expect_failure'}}" %s coro-unawaited %t.conf -- -I%S/Inputs

#include "awaitables.h"

#include <stdexcept>

// Stand-ins that expand the way the real frameworks do.

// gtest: the statement goes through two inner macros into a try block.
namespace testing::internal {
inline bool AlwaysTrue() { return true; }
} // namespace testing::internal
#define GTEST_SUPPRESS_UNREACHABLE_CODE_WARNING_BELOW_(statement)             \
  if (::testing::internal::AlwaysTrue()) {                                     \
    statement;                                                                 \
  }
#define GTEST_TEST_THROW_(statement, expected_exception, fail)                 \
  if (bool gtest_caught = false; true) {                                       \
    try {                                                                      \
      GTEST_SUPPRESS_UNREACHABLE_CODE_WARNING_BELOW_(statement);               \
    } catch (expected_exception const &) {                                     \
      gtest_caught = true;                                                     \
    } catch (...) {                                                            \
    }                                                                          \
    if (!gtest_caught)                                                         \
      fail;                                                                    \
  }
#define GTEST_TEST_ANY_THROW_(statement, fail)                                 \
  if (bool gtest_caught = false; true) {                                       \
    try {                                                                      \
      GTEST_SUPPRESS_UNREACHABLE_CODE_WARNING_BELOW_(statement);               \
    } catch (...) {                                                            \
      gtest_caught = true;                                                     \
    }                                                                          \
    if (!gtest_caught)                                                         \
      fail;                                                                    \
  }
#define GTEST_TEST_NO_THROW_(statement, fail)                                  \
  try {                                                                        \
    GTEST_SUPPRESS_UNREACHABLE_CODE_WARNING_BELOW_(statement);                 \
  } catch (...) {                                                              \
    fail;                                                                      \
  }
#define EXPECT_THROW(statement, expected_exception)                            \
  GTEST_TEST_THROW_(statement, expected_exception, (void)0)
#define ASSERT_THROW(statement, expected_exception)                            \
  GTEST_TEST_THROW_(statement, expected_exception, return)
#define EXPECT_ANY_THROW(statement) GTEST_TEST_ANY_THROW_(statement, (void)0)
#define EXPECT_NO_THROW(statement) GTEST_TEST_NO_THROW_(statement, (void)0)

// doctest: the expression as a statement in a try block (without
// DOCTEST_CONFIG_VOID_CAST_EXPRESSIONS).
#define DOCTEST_CAST_TO_VOID(...) __VA_ARGS__;
#define DOCTEST_ASSERT_THROWS_AS(expr, ...)                                    \
  do {                                                                         \
    try {                                                                      \
      DOCTEST_CAST_TO_VOID(expr)                                               \
    } catch (__VA_ARGS__) {                                                    \
    }                                                                          \
  } while (false)
#define CHECK_THROWS_AS(expr, ...) DOCTEST_ASSERT_THROWS_AS(expr, __VA_ARGS__)
#define DOCTEST_CHECK_THROWS(...) DOCTEST_ASSERT_THROWS_AS(__VA_ARGS__, ...)

// Catch2: the expression is cast to void inside the try block (dropped on
// purpose either way).
#define INTERNAL_CATCH_THROWS(macroName, ...)                                  \
  do {                                                                         \
    try {                                                                      \
      static_cast<void>(__VA_ARGS__);                                          \
    } catch (...) {                                                            \
    }                                                                          \
  } while (false)
#define REQUIRE_THROWS(...) INTERNAL_CATCH_THROWS("REQUIRE_THROWS", __VA_ARGS__)

// Boost.Test.
#define BOOST_CHECK_THROW_IMPL(S, E, P, postfix, TL)                           \
  do {                                                                         \
    try {                                                                      \
      S;                                                                       \
    } catch (E const &) {                                                      \
    }                                                                          \
  } while (false)
#define BOOST_CHECK_THROW(S, E) BOOST_CHECK_THROW_IMPL(S, E, true, _, CHECK)
#define BOOST_CHECK_EXCEPTION(S, E, P)                                         \
  BOOST_CHECK_THROW_IMPL(S, E, P(ex), _WITH_PREDICATE, CHECK)

// A project's own macro, listed in the CONF run.
#define MUST_FAIL(statement)                                                   \
  try {                                                                        \
    statement;                                                                 \
  } catch (...) {                                                              \
  }
// A macro that only catches: not an assertion that expects a throw.
#define GUARDED(statement)                                                     \
  try {                                                                        \
    statement;                                                                 \
  } catch (...) {                                                              \
  }
// A macro that drops a task of its own beside an assertion.
#define STEP_THEN_EXPECT_THROW(statement)                                      \
  step();                                                                      \
  EXPECT_THROW(statement, std::exception)

// concurrencpp's test helpers: the task is a lambda run in a try block.
template <class E, class F> void assert_throws(F &&f) {
  try {
    f();
  } catch (const E &) {
  }
}
template <class E, class F>
void assert_throws_with_error_message(F &&f, const char *) {
  try {
    f();
  } catch (const E &) {
  }
}
namespace testing {
template <class F> void expect_failure(F &&f) {
  try {
    f();
  } catch (...) {
  }
}
} // namespace testing
template <class F> void run_later(F &&f) { f(); }

demo::task<> step();
demo::task<int> value(int);
struct result_promise {
  demo::task<int> get_result();
};

// Not reported by default: the value is meant to throw first.
void gtest_style() {
  EXPECT_THROW(step(), std::runtime_error);
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:16: warning: awaitable 'step' is created and dropped without co_await; it never runs [coro-unawaited]
  ASSERT_THROW(value(-1), std::invalid_argument);
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:16: warning: awaitable 'value' is created and dropped
  EXPECT_ANY_THROW({
    step();
    // CHECK-MESSAGES-CONF: :[[@LINE-1]]:5: warning: awaitable 'step' is created and dropped
  });
  // A lambda called in the statement is written in the macro's argument.
  EXPECT_THROW([] { step(); }(), std::exception);
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:21: warning: awaitable 'step' is created and dropped
}

void doctest_style(result_promise &rp) {
  CHECK_THROWS_AS(rp.get_result(), std::logic_error);
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:19: warning: awaitable 'result_promise::get_result' is created and dropped
  DOCTEST_CHECK_THROWS(step());
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:24: warning: awaitable 'step' is created and dropped
}

void catch2_style() {
  // Cast to void by the macro itself: not reported with any configuration.
  REQUIRE_THROWS(step());
}

bool is_bad(const std::exception &) { return true; }
void boost_style() {
  BOOST_CHECK_THROW(value(0), std::exception);
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:21: warning: awaitable 'value' is created and dropped
  BOOST_CHECK_EXCEPTION(step(), std::exception, is_bad);
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:25: warning: awaitable 'step' is created and dropped
}

// Lambdas given to a function named like assert_throws, in place or by
// name, and lambdas nested in them.
void function_style(result_promise &rp) {
  assert_throws<std::logic_error>([&] { rp.get_result(); });
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:41: warning: awaitable 'result_promise::get_result' is created and dropped
  assert_throws_with_error_message<std::invalid_argument>(
      [] {
        value(-1);
        // CHECK-MESSAGES-CONF: :[[@LINE-1]]:9: warning: awaitable 'value' is created and dropped
      },
      "negative");
  auto twice = [&] {
    rp.get_result();
    // CHECK-MESSAGES-CONF: :[[@LINE-1]]:5: warning: awaitable 'result_promise::get_result' is created and dropped
  };
  assert_throws<std::logic_error>(twice);
  assert_throws<std::logic_error>([] {
    run_later([] {
      step();
      // CHECK-MESSAGES-CONF: :[[@LINE-1]]:7: warning: awaitable 'step' is created and dropped
    });
  });
}

// In a template: the callee is resolved only in the instantiation, and the
// pattern sees it by name.
template <class T> void templated(T &t) {
  assert_throws<std::logic_error>([&] { t.get_result(); });
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:41: warning: awaitable 'result_promise::get_result' is created and dropped
  assert_throws<std::logic_error>([] { step(); });
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:40: warning: awaitable 'step' is created and dropped
}
template void templated(result_promise &);

// Listed in the CONF run only.
void project_assertions() {
  MUST_FAIL(step());
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:13: warning: awaitable 'step' is created and dropped
  testing::expect_failure([] { value(1); });
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:32: warning: awaitable 'value' is created and dropped
}

// Still reported: outside the assertion, in an assertion that expects no
// throw, in a macro that only catches, in a lambda given to another
// function, beside the assertion in the same macro, and in a coroutine.
void true_twins() {
  step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'step' is created and dropped
  EXPECT_NO_THROW(step());
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: awaitable 'step' is created and dropped
  GUARDED(step());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: awaitable 'step' is created and dropped
  run_later([] { step(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: awaitable 'step' is created and dropped
  auto not_given = [] { value(2); };
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: awaitable 'value' is created and dropped
  not_given();
  assert_throws<std::logic_error>([] { throw std::logic_error("x"); });
  STEP_THEN_EXPECT_THROW(value(3));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'step' is created and dropped
  // CHECK-MESSAGES-CONF: :[[@LINE-2]]:26: warning: awaitable 'value' is created and dropped
}
demo::task<> coroutine_twin() {
  // Never fixed inside a macro.
  GUARDED(step());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: awaitable 'step' is created and dropped
  // CHECK-FIXES-DEFAULT: {{^}}  GUARDED(step());{{$}}
  // CHECK-FIXES-CONF: {{^}}  GUARDED(step());{{$}}
  value(4);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'value' is created and dropped
  // CHECK-FIXES: {{^}}  co_await value(4);{{$}}
  co_return;
}
