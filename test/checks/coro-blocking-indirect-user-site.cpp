// RUN: %check_coro %s coro-blocking-indirect %t -- -I%S/Inputs
// A chain that reaches the user's code through a template argument of a
// library's coroutine template is reported at the user's call, which the
// user can change, with a note inside the library.

#include "retry-library.h"
#include <unistd.h>

bool ping_server() {
  usleep(1000);
  return true;
}

demo::task<> connects() {
  co_await retrylib::retry([] { return ping_server(); }, 3);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: call to lambda 'attempt' may block inside coroutine 'retrylib::retry': it calls 'usleep' through 2 functions; it stalls every coroutine on this thread [coro-blocking-indirect]
  // CHECK-MESSAGES: retry-library.h:8:9: note: coroutine 'retrylib::retry' calls it here, instantiated with the callable above
  // CHECK-MESSAGES: :[[@LINE-3]]:40: note: lambda calls 'ping_server' here
  // CHECK-MESSAGES: :[[@LINE-9]]:3: note: 'ping_server' calls 'usleep' here
  co_await retrylib::retry(ping_server, 2);
  co_return;
}

// The same template in the user's own file: reported where the call is.
template <class F> demo::task<bool> local_retry(F attempt) {
  co_return attempt();
}

demo::task<> local() {
  co_await local_retry([] { return ping_server(); });
  // CHECK-MESSAGES: :[[@LINE-5]]:13: warning: call to lambda 'attempt' may block inside coroutine 'local_retry': it calls 'usleep' through 2 functions
  // CHECK-MESSAGES: :[[@LINE-2]]:36: note: lambda calls 'ping_server' here
  // CHECK-MESSAGES: :[[@LINE-23]]:3: note: 'ping_server' calls 'usleep' here
  co_return;
}
