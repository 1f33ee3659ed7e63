// A producer/consumer pipeline on an io scheduler, in the style of libcoro's
// examples. Waking another coroutine (event::set, latch::count_down,
// scheduler::spawn_detached) writes one byte to the scheduler's non-blocking
// self pipe: that write never waits. Writing a record to a log descriptor
// opened in blocking mode does.
#include "coro/scheduler.hpp"
#include "coro/task.hpp"

#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>
#include <vector>

namespace pipeline {

struct shared_state {
  coro::scheduler &sched;
  coro::event data_ready;
  coro::latch consumers_done{2};
  std::vector<int> items;
  int audit_fd = -1;
};

coro::task<void> consumer(shared_state &st, int id) {
  co_await st.sched.schedule();
  co_await st.data_ready;
  long sum = 0;
  for (int v : st.items)
    sum += v * id;
  st.items.push_back(static_cast<int>(sum % 7));
  st.consumers_done.count_down(st.sched); // self-pipe wake-up only
  co_return;
}

coro::task<void> producer(shared_state &st) {
  co_await st.sched.schedule();
  for (int i = 0; i < 100; ++i)
    st.items.push_back(i);
  st.data_ready.set(st.sched); // self-pipe wake-up only
  co_await st.consumers_done;
}

coro::task<void> announce(shared_state &st, int round) {
  co_await st.sched.schedule();
  st.items.push_back(round);
}

// Spawning a detached task only queues it and wakes the loop.
coro::task<void> ticker(shared_state &st) {
  co_await st.sched.schedule();
  for (int round = 0; round < 3; ++round)
    st.sched.spawn_detached(announce(st, round));
}

// The audit log is a plain file descriptor: write() waits for the disk.
coro::task<void> audit(shared_state &st, std::string line) {
  co_await st.sched.schedule();
  line += '\n';
  ::write(st.audit_fd, line.data(), line.size()); // expect: coro-blocking-file
}

// The same through a helper: the helper blocks, the call is reported.
void append_record(int fd, const char *text) { ::write(fd, text, std::strlen(text)); }

coro::task<void> audit_via_helper(shared_state &st) {
  co_await st.sched.schedule();
  append_record(st.audit_fd, "pipeline finished\n"); // expect: coro-blocking-indirect
}

} // namespace pipeline

int main() {
  auto sched = coro::scheduler::make_unique();
  pipeline::shared_state st{*sched};
  st.audit_fd = ::open("/var/tmp/pipeline.audit", O_WRONLY | O_CREAT | O_APPEND, 0644);
  auto p = pipeline::producer(st);
  auto c1 = pipeline::consumer(st, 1);
  auto c2 = pipeline::consumer(st, 2);
  auto t = pipeline::ticker(st);
  auto a = pipeline::audit(st, "start");
  auto h = pipeline::audit_via_helper(st);
  p.resume();
  c1.resume();
  c2.resume();
  t.resume();
  a.resume();
  h.resume();
  while (sched->process_events(std::chrono::milliseconds{10}) > 0) {
  }
  ::close(st.audit_fd);
}
