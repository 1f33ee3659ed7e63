#pragma once
// EXPECT_* for use inside coroutines. GoogleTest records a failure under a
// mutex, which RealtimeSanitizer reports (and halts on) in the
// runtime-checked runs, hiding the failure itself. These evaluate the
// operands first, inside the step (they may co_await), then check them with
// the blocking checks off; the message names the original expressions.

#include <gtest/gtest.h>

#include "unblock/check_blocking.hpp"

#define CO_EXPECT_BINARY_(check, a, b)                          \
  do {                                                           \
    const auto co_expect_a_ = (a);                               \
    const auto co_expect_b_ = (b);                               \
    const ::unblock::allow_blocking co_expect_report_;           \
    check(co_expect_a_, co_expect_b_) << "  where: " #a "  vs  " #b; \
  } while (0)

#define CO_EXPECT_BOOL_(check, c)                      \
  do {                                                 \
    const bool co_expect_c_ = static_cast<bool>(c);    \
    const ::unblock::allow_blocking co_expect_report_; \
    check(co_expect_c_) << "  where: " #c;             \
  } while (0)

#define CO_EXPECT_EQ(a, b) CO_EXPECT_BINARY_(EXPECT_EQ, a, b)
#define CO_EXPECT_NE(a, b) CO_EXPECT_BINARY_(EXPECT_NE, a, b)
#define CO_EXPECT_GE(a, b) CO_EXPECT_BINARY_(EXPECT_GE, a, b)
#define CO_EXPECT_TRUE(c) CO_EXPECT_BOOL_(EXPECT_TRUE, c)
#define CO_EXPECT_FALSE(c) CO_EXPECT_BOOL_(EXPECT_FALSE, c)
