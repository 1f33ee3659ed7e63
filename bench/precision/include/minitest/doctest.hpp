// Stand-in for doctest as a single header: the implementation (runner,
// failure reporting, and the debugger check that reads /proc/self/status)
// is compiled into the translation unit that defines
// DOCTEST_CONFIG_IMPLEMENT before including it.
#pragma once

#include <cstdio>
#include <functional>
#include <vector>

namespace doctest {
namespace detail {

struct TestCase {
  const char *name;
  void (*fn)();
};
std::vector<TestCase> &registry();
int regTest(const char *name, void (*fn)());
bool isDebuggerActive();
// Records the result; on failure, breaks into an attached debugger.
void logAssert(bool passed, const char *expr, const char *file, int line);

} // namespace detail
int run();
} // namespace doctest

#define DOCTEST_CAT2(a, b) a##b
#define DOCTEST_CAT(a, b) DOCTEST_CAT2(a, b)
#define TEST_CASE(name)                                                         \
  static void DOCTEST_CAT(doctest_test_, __LINE__)();                           \
  static const int DOCTEST_CAT(doctest_reg_, __LINE__) =                        \
      ::doctest::detail::regTest(name, &DOCTEST_CAT(doctest_test_, __LINE__));  \
  static void DOCTEST_CAT(doctest_test_, __LINE__)()

#define CHECK(...) ::doctest::detail::logAssert(static_cast<bool>(__VA_ARGS__), #__VA_ARGS__, __FILE__, __LINE__)
#define REQUIRE(...) CHECK(__VA_ARGS__)
#define CHECK_EQ(a, b) CHECK((a) == (b))

#ifdef DOCTEST_CONFIG_IMPLEMENT
#include <fstream>
#include <string>

namespace doctest {
namespace detail {

std::vector<TestCase> &registry() {
  static std::vector<TestCase> r;
  return r;
}

int regTest(const char *name, void (*fn)()) {
  registry().push_back({name, fn});
  return 0;
}

bool isDebuggerActive() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("TracerPid:", 0) == 0)
      return line.find_first_not_of("\t 0", 10) != std::string::npos;
  return false;
}

void logAssert(bool passed, const char *expr, const char *file, int line) {
  if (passed)
    return;
  std::fprintf(stderr, "%s:%d: CHECK(%s) failed\n", file, line, expr);
  if (isDebuggerActive())
    __builtin_trap();
}

} // namespace detail

int run() {
  for (auto &t : detail::registry())
    t.fn();
  return 0;
}

} // namespace doctest
#endif
