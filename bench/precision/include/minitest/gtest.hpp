// Stand-in for GoogleTest: TEST, EXPECT_*/ASSERT_*, and the throw
// assertions, expanded the way gtest expands them (the statement ends up in
// a try block two macros down).
#pragma once

#include <cstdio>
#include <functional>
#include <vector>

namespace testing {

struct TestInfo {
  const char *suite;
  const char *name;
  std::function<void()> body;
};

inline std::vector<TestInfo> &registry() {
  static std::vector<TestInfo> r;
  return r;
}

struct Registrar {
  Registrar(const char *suite, const char *name, std::function<void()> body) {
    registry().push_back({suite, name, std::move(body)});
  }
};

inline int RUN_ALL_TESTS() {
  for (auto &t : registry())
    t.body();
  return 0;
}

namespace internal {
inline bool AlwaysTrue() { return true; }
inline void ReportFailure(const char *file, int line, const char *what) {
  std::fprintf(stderr, "%s:%d: Failure: %s\n", file, line, what);
}
} // namespace internal
} // namespace testing

#define TEST(suite, name)                                                       \
  static void suite##_##name##_Test();                                          \
  static const ::testing::Registrar suite##_##name##_registrar{                 \
      #suite, #name, &suite##_##name##_Test};                                   \
  static void suite##_##name##_Test()

#define GTEST_CHECK_(cond, text, on_failure)                                    \
  if (cond)                                                                     \
    ;                                                                           \
  else {                                                                        \
    ::testing::internal::ReportFailure(__FILE__, __LINE__, text);               \
    on_failure;                                                                 \
  }

#define EXPECT_TRUE(c) GTEST_CHECK_((c), #c, (void)0)
#define EXPECT_FALSE(c) GTEST_CHECK_(!(c), "!" #c, (void)0)
#define EXPECT_EQ(a, b) GTEST_CHECK_((a) == (b), #a " == " #b, (void)0)
#define ASSERT_TRUE(c) GTEST_CHECK_((c), #c, return)
#define ASSERT_EQ(a, b) GTEST_CHECK_((a) == (b), #a " == " #b, return)

#define GTEST_SUPPRESS_UNREACHABLE_CODE_WARNING_BELOW_(statement)               \
  if (::testing::internal::AlwaysTrue()) {                                      \
    statement;                                                                  \
  }

#define GTEST_TEST_THROW_(statement, expected_exception, fail)                  \
  if (bool gtest_caught = false; true) {                                        \
    try {                                                                       \
      GTEST_SUPPRESS_UNREACHABLE_CODE_WARNING_BELOW_(statement);                \
    } catch (expected_exception const &) {                                      \
      gtest_caught = true;                                                      \
    } catch (...) {                                                             \
    }                                                                           \
    if (!gtest_caught) {                                                        \
      ::testing::internal::ReportFailure(__FILE__, __LINE__, #statement);       \
      fail;                                                                     \
    }                                                                           \
  }

#define EXPECT_THROW(statement, expected_exception)                             \
  GTEST_TEST_THROW_(statement, expected_exception, (void)0)
#define ASSERT_THROW(statement, expected_exception)                             \
  GTEST_TEST_THROW_(statement, expected_exception, return)
#define EXPECT_ANY_THROW(statement) GTEST_TEST_THROW_(statement, std::exception, (void)0)
