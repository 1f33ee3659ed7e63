// Options: extra blocking functions per category (names and patterns),
// functions never to report, and attributes in the code.
// RUN: %check_coro --check-suffix=CONF --config="{CheckOptions: {coro-blocking-net.ExtraFunctions: 'mydb::Connection::query;legacy::*_sync', coro-blocking-file.ExtraFunctions: '::load_config', coro-blocking-sleep.IgnoredFunctions: 'usleep'}}" %s 'coro-blocking-*' %t -- -I%S/Inputs
// RUN: %check_coro --check-suffix=DEFAULT %s 'coro-blocking-*' %t.default -- -I%S/Inputs

#include "task.h"
#include <unistd.h>

namespace mydb {
struct Connection {
  int query(const char *sql);
  int query_async(const char *sql);
};
} // namespace mydb
namespace legacy {
int fetch_sync(int);
int fetch_async(int);
} // namespace legacy
int load_config(const char *);

demo::task<> configured(mydb::Connection &db) {
  db.query("select 1");
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:6: warning: blocking call to 'mydb::Connection::query' inside coroutine 'configured'; it stalls every coroutine on this thread [coro-blocking-net]
  db.query_async("select 1");
  legacy::fetch_sync(1);
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:3: warning: blocking call to 'legacy::fetch_sync' inside coroutine 'configured'; it stalls every coroutine on this thread [coro-blocking-net]
  legacy::fetch_async(1);
  load_config("x");
  // CHECK-MESSAGES-CONF: :[[@LINE-1]]:3: warning: blocking call to 'load_config' inside coroutine 'configured'; it stalls every coroutine on this thread [coro-blocking-file]
  usleep(10);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: blocking call to 'usleep' inside coroutine 'configured'
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'configured'
  co_return;
}

// A function marked non-blocking is checked like a coroutine.
[[clang::annotate("unblock::nonblocking")]] void on_loop_callback() {
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside function 'on_loop_callback' marked non-blocking; it stalls every coroutine on this thread [coro-blocking-sleep]
}
struct handler {
  [[clang::annotate("unblock::nonblocking")]] void on_event();
};
void handler::on_event() {
  usleep(1);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: blocking call to 'usleep' inside function 'handler::on_event' marked non-blocking
}
void unmarked() { sleep(1); }
