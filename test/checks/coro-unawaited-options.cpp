// Options: AlwaysReportTypes, NeverReportTypes, SpawnFunctions (and
// ThrowAssertions, tested in coro-unawaited-throws.cpp).
// RUN: %check_coro --check-suffix=CONF --config="{CheckOptions: {coro-unawaited.AlwaysReportTypes: 'shapes::fire_and_forget;shapes::fut*;legacy_handle', coro-unawaited.NeverReportTypes: '::shapes::resume_on;*_job', coro-unawaited.SpawnFunctions: 'launch;pool::*'}}" %s coro-unawaited %t.conf -- -I%S/Inputs
// RUN: %check_coro --check-suffix=DEFAULT %s coro-unawaited %t.default -- -I%S/Inputs

// Every option is written back by --dump-config under its name, and the
// dumped configuration reads back the same, in the tool and in the plugin.
// RUN: %unblock --checks='-*,coro-unawaited' --dump-config | FileCheck %s --check-prefix=DUMP-DEFAULTS
// DUMP-DEFAULTS-DAG: coro-unawaited.AlwaysReportTypes: ''
// DUMP-DEFAULTS-DAG: coro-unawaited.NeverReportTypes: ''
// DUMP-DEFAULTS-DAG: coro-unawaited.SpawnFunctions: '*spawn*;*detach*'
// DUMP-DEFAULTS-DAG: coro-unawaited.ThrowAssertions: 'EXPECT_THROW;ASSERT_THROW;EXPECT_ANY_THROW;ASSERT_ANY_THROW;*REQUIRE_THROWS*;*CHECK_THROWS*;*WARN_THROWS*;BOOST_WARN_THROW;BOOST_CHECK_THROW;BOOST_REQUIRE_THROW;BOOST_WARN_EXCEPTION;BOOST_CHECK_EXCEPTION;BOOST_REQUIRE_EXCEPTION;assert_throws*'
// RUN: %unblock --checks='-*,coro-unawaited' --config="{CheckOptions: {coro-unawaited.AlwaysReportTypes: 'a::b;c', coro-unawaited.NeverReportTypes: 'd::*', coro-unawaited.SpawnFunctions: 'launch', coro-unawaited.ThrowAssertions: 'MUST_FAIL;t::expect_*'}}" --dump-config > %t.yaml
// RUN: FileCheck %s --check-prefix=DUMP-CUSTOM < %t.yaml
// RUN: %unblock --config-file=%t.yaml --dump-config | FileCheck %s --check-prefix=DUMP-CUSTOM
// RUN: %clang_tidy -load %plugin --config-file=%t.yaml --dump-config | FileCheck %s --check-prefix=DUMP-CUSTOM
// DUMP-CUSTOM-DAG: coro-unawaited.AlwaysReportTypes: 'a::b;c'
// DUMP-CUSTOM-DAG: coro-unawaited.NeverReportTypes: 'd::*'
// DUMP-CUSTOM-DAG: coro-unawaited.SpawnFunctions: launch
// DUMP-CUSTOM-DAG: coro-unawaited.ThrowAssertions: 'MUST_FAIL;t::expect_*'

#include "awaitables.h"

demo::task<> step();
shapes::lazy_job lazy_job();
shapes::fire_and_forget serve_forever();
struct legacy_handle {};
legacy_handle start_legacy();
shapes::join_handle launch(demo::task<>);
shapes::join_handle spawn(demo::task<>);
namespace pool {
shapes::join_handle submit(demo::task<>);
}

demo::task<> configured(shapes::executor &ex) {
  // Eager and not [[nodiscard]]: reported only when listed.
  serve_forever();
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:3: warning: awaitable 'serve_forever' is dropped without co_await; its result and exceptions are lost [coro-unawaited]
  shapes::start_download();
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:3: warning: awaitable 'shapes::start_download' is dropped without co_await; its result and exceptions are lost [coro-unawaited]
  // Not awaitable at all, listed anyway.
  start_legacy();
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:3: warning: awaitable 'start_legacy' is dropped without co_await
  // Lazy, but listed never to be reported.
  shapes::resume_on{ex};
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: awaitable 'shapes::resume_on' is created and dropped without co_await; it never runs [coro-unawaited]
  lazy_job();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: awaitable 'lazy_job' is created and dropped without co_await; it never runs [coro-unawaited]
  // Functions that take the task over.
  launch(step());
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: awaitable 'launch' is created and dropped without co_await; it never runs [coro-unawaited]
  pool::submit(step());
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: awaitable 'pool::submit' is created and dropped without co_await; it never runs [coro-unawaited]
  spawn(step());
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:3: warning: awaitable 'spawn' is created and dropped without co_await; it never runs [coro-unawaited]
  // Reported either way.
  step();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: awaitable 'step' is created and dropped without co_await; it never runs [coro-unawaited]
  co_return;
}
