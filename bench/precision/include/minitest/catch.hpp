// Stand-in for a Catch2-style test framework: TEST_CASE, REQUIRE, CHECK,
// REQUIRE_THROWS. As in Catch2, an assertion goes through an
// AssertionHandler whose complete() asks isDebuggerActive() on failure;
// that function (minitest/catch_main.cpp) reads /proc/self/status.
#pragma once

#include <string_view>

namespace Catch {

bool isDebuggerActive();

struct SourceLineInfo {
  const char *file;
  int line;
};

class AssertionHandler {
public:
  AssertionHandler(std::string_view macro, SourceLineInfo where, std::string_view expr);
  void handleExpr(bool ok);
  void handleExceptionThrownAsExpected();
  void handleExceptionNotThrownAsExpected();
  void handleUnexpectedInflightException();
  bool allowThrows() const { return true; }
  // Reacts to a failure: breaks into the debugger when one is attached.
  void complete();

private:
  std::string_view macro_;
  SourceLineInfo where_;
  std::string_view expr_;
  bool failed_ = false;
};

using TestFunction = void (*)();
struct AutoReg {
  AutoReg(TestFunction f, const char *name, const char *tags);
};

} // namespace Catch

#define CATCH_INTERNAL_CONCAT2(a, b) a##b
#define CATCH_INTERNAL_CONCAT(a, b) CATCH_INTERNAL_CONCAT2(a, b)
#define CATCH_INTERNAL_UNIQUE(name) CATCH_INTERNAL_CONCAT(name, __LINE__)

#define TEST_CASE(name, tags)                                                   \
  static void CATCH_INTERNAL_UNIQUE(catch_test_)();                             \
  static const ::Catch::AutoReg CATCH_INTERNAL_UNIQUE(catch_reg_){               \
      &CATCH_INTERNAL_UNIQUE(catch_test_), name, tags};                         \
  static void CATCH_INTERNAL_UNIQUE(catch_test_)()

#define INTERNAL_CATCH_TEST(macro, ...)                                         \
  do {                                                                          \
    ::Catch::AssertionHandler catchAssertionHandler(macro, {__FILE__, __LINE__}, \
                                                    #__VA_ARGS__);              \
    try {                                                                       \
      catchAssertionHandler.handleExpr(static_cast<bool>(__VA_ARGS__));          \
    } catch (...) {                                                             \
      catchAssertionHandler.handleUnexpectedInflightException();                \
    }                                                                           \
    catchAssertionHandler.complete();                                           \
  } while (false)

#define INTERNAL_CATCH_THROWS(macro, ...)                                       \
  do {                                                                          \
    ::Catch::AssertionHandler catchAssertionHandler(macro, {__FILE__, __LINE__}, \
                                                    #__VA_ARGS__);              \
    if (catchAssertionHandler.allowThrows()) {                                  \
      try {                                                                     \
        static_cast<void>(__VA_ARGS__);                                         \
        catchAssertionHandler.handleExceptionNotThrownAsExpected();             \
      } catch (...) {                                                           \
        catchAssertionHandler.handleExceptionThrownAsExpected();                \
      }                                                                         \
    }                                                                           \
    catchAssertionHandler.complete();                                           \
  } while (false)

#define REQUIRE(...) INTERNAL_CATCH_TEST("REQUIRE", __VA_ARGS__)
#define CHECK(...) INTERNAL_CATCH_TEST("CHECK", __VA_ARGS__)
#define REQUIRE_FALSE(...) INTERNAL_CATCH_TEST("REQUIRE_FALSE", !(__VA_ARGS__))
#define REQUIRE_THROWS(...) INTERNAL_CATCH_THROWS("REQUIRE_THROWS", __VA_ARGS__)
