// The options of coro-blocking-indirect: MaxDepth, SameFileOnly, and the
// catalog options of the category checks, which chains follow.
// RUN: %check_coro --check-suffix=ALL %s coro-blocking-indirect %t.all -- -I%S/Inputs -I%S/../indirect/Inputs
// RUN: %check_coro --check-suffix=DEPTH --config="{CheckOptions: {coro-blocking-indirect.MaxDepth: 2}}" %s coro-blocking-indirect %t.depth -- -I%S/Inputs -I%S/../indirect/Inputs
// RUN: %check_coro --check-suffix=ONEFILE --config="{CheckOptions: {coro-blocking-indirect.SameFileOnly: true}}" %s coro-blocking-indirect %t.onefile -- -I%S/Inputs -I%S/../indirect/Inputs
// RUN: %check_coro --check-suffix=CONF --config="{CheckOptions: {coro-blocking-net.ExtraFunctions: 'legacy::wait_ready', coro-blocking-sleep.IgnoredFunctions: 'quiet_nap'}}" %s coro-blocking-indirect %t.conf -- -I%S/Inputs -I%S/../indirect/Inputs

// Every option is written back by --dump-config and reads back the same.
// RUN: %unblock --checks='-*,coro-blocking-indirect' --dump-config | FileCheck %s --check-prefix=DUMP-DEFAULTS
// DUMP-DEFAULTS-DAG: coro-blocking-indirect.MaxDepth: '0'
// DUMP-DEFAULTS-DAG: coro-blocking-indirect.SameFileOnly: 'false'
// DUMP-DEFAULTS-DAG: coro-blocking-indirect.IndexDir: ''
// DUMP-DEFAULTS-DAG: coro-blocking-indirect.CrossTUOnly: 'false'
// RUN: %unblock --checks='-*,coro-blocking-indirect' --config="{CheckOptions: {coro-blocking-indirect.MaxDepth: 3, coro-blocking-indirect.SameFileOnly: true, coro-blocking-indirect.IndexDir: '/tmp/index', coro-blocking-indirect.CrossTUOnly: true}}" --dump-config > %t.yaml
// RUN: FileCheck %s --check-prefix=DUMP-CUSTOM < %t.yaml
// DUMP-CUSTOM-DAG: coro-blocking-indirect.MaxDepth: '3'
// DUMP-CUSTOM-DAG: coro-blocking-indirect.SameFileOnly: 'true'
// DUMP-CUSTOM-DAG: coro-blocking-indirect.IndexDir: '/tmp/index'
// DUMP-CUSTOM-DAG: coro-blocking-indirect.CrossTUOnly: 'true'
// RUN: %unblock --config-file=%t.yaml --dump-config > %t.again.yaml
// RUN: grep "coro-blocking-indirect\." %t.yaml > %t.options
// RUN: grep "coro-blocking-indirect\." %t.again.yaml > %t.again.options
// RUN: diff %t.options %t.again.options
// RUN: %clang_tidy -load %plugin --config-file=%t.yaml --dump-config | FileCheck %s --check-prefix=DUMP-CUSTOM

#include "indirect-helpers.h"
#include "task.h"
#include <unistd.h>

namespace legacy {
int wait_ready(int fd); // blocking, but only the configuration says so
}

void local_nap() { usleep(1); }
void two() { local_nap(); }
void three() { two(); }
void poll_legacy() { legacy::wait_ready(3); }
void quiet_nap() { usleep(1); }
void calls_quiet() { quiet_nap(); }
void via_header() { header_wrapper(); }

demo::task<> reports() {
  local_nap();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'local_nap' may block inside coroutine 'reports': it calls 'usleep'; it stalls every coroutine on this thread [coro-blocking-indirect]
  two();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'two' may block inside coroutine 'reports': it calls 'usleep' through 2 functions
  three();
  // CHECK-MESSAGES-ALL: :[[@LINE-1]]:3: warning: call to 'three' may block inside coroutine 'reports': it calls 'usleep' through 3 functions
  // CHECK-MESSAGES-ONEFILE: :[[@LINE-2]]:3: warning: call to 'three' may block inside coroutine 'reports': it calls 'usleep' through 3 functions
  // CHECK-MESSAGES-CONF: :[[@LINE-3]]:3: warning: call to 'three' may block inside coroutine 'reports': it calls 'usleep' through 3 functions
  header_nap();
  // CHECK-MESSAGES-ALL: :[[@LINE-1]]:3: warning: call to 'header_nap' may block inside coroutine 'reports': it calls 'usleep'
  // CHECK-MESSAGES-DEPTH: :[[@LINE-2]]:3: warning: call to 'header_nap' may block inside coroutine 'reports': it calls 'usleep'
  // CHECK-MESSAGES-CONF: :[[@LINE-3]]:3: warning: call to 'header_nap' may block inside coroutine 'reports': it calls 'usleep'
  via_header();
  // CHECK-MESSAGES-ALL: :[[@LINE-1]]:3: warning: call to 'via_header' may block inside coroutine 'reports': it calls 'usleep' through 3 functions
  // CHECK-MESSAGES-CONF: :[[@LINE-2]]:3: warning: call to 'via_header' may block inside coroutine 'reports': it calls 'usleep' through 3 functions
  poll_legacy();
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:3: warning: call to 'poll_legacy' may block inside coroutine 'reports': it calls 'legacy::wait_ready'; it stalls every coroutine on this thread
  calls_quiet();
  // CHECK-MESSAGES-ALL: :[[@LINE-1]]:3: warning: call to 'calls_quiet' may block inside coroutine 'reports': it calls 'usleep' through 2 functions
  // CHECK-MESSAGES-DEPTH: :[[@LINE-2]]:3: warning: call to 'calls_quiet' may block inside coroutine 'reports': it calls 'usleep' through 2 functions
  // CHECK-MESSAGES-ONEFILE: :[[@LINE-3]]:3: warning: call to 'calls_quiet' may block inside coroutine 'reports': it calls 'usleep' through 2 functions
  co_return;
}

int main() { reports(); }
