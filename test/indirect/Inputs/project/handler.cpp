// Request handlers: coroutines that call into the database layer.
#include "db.h"
#include "task.h"
#include "worker.h"
#include <unistd.h>

void log_line() { sleep(1); }

void local_helper() { cached_query("SELECT 2"); }

demo::task<> handle() {
  run_query("SELECT 1");
  co_return;
}

demo::task<> handle_cached() {
  cached_query("SELECT 1");
  co_return;
}

demo::task<> through_local_helper() {
  local_helper();
  co_return;
}

demo::task<> through_member(pool &p) {
  p.flush();
  int n = p.size(); // does not block
  (void)n;
  co_return;
}

demo::task<> round_trip() {
  audit();
  co_return;
}

demo::task<> owns_worker() {
  worker w;
  co_return;
}

demo::task<> nothing_blocks() {
  harmless(1);
  co_return;
}

demo::task<> local_only() {
  log_line();
  co_return;
}

int main() {
  log_line();
  return harmless(0);
}
