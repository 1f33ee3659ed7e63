// A timer service in the style of cppcoro's io_service and Seastar-like
// reactors: coroutines wake the reactor through an eventfd created with
// EFD_NONBLOCK, and a pipe made with pipe2(O_NONBLOCK) carries shutdown
// requests. Those writes never wait. Reading a blocking eventfd (a counter
// another thread bumps) from a coroutine waits for that thread.
#include "coro/scheduler.hpp"
#include "coro/task.hpp"

#include <cstdint>
#include <fcntl.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace timers {

class reactor {
public:
  reactor() : wake_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) { ::pipe2(shutdown_pipe_, O_NONBLOCK | O_CLOEXEC); }
  ~reactor() {
    ::close(wake_);
    ::close(shutdown_pipe_[0]);
    ::close(shutdown_pipe_[1]);
  }

  void wake() {
    std::uint64_t one = 1;
    ::write(wake_, &one, sizeof one);
  }

  void request_shutdown() {
    char c = 'q';
    ::write(shutdown_pipe_[1], &c, 1);
  }

private:
  int wake_;
  int shutdown_pipe_[2];
};

coro::task<void> arm(coro::scheduler &sched, reactor &r) {
  co_await sched.schedule();
  r.wake();
}

coro::task<void> stop(coro::scheduler &sched, reactor &r) {
  co_await sched.schedule();
  r.request_shutdown();
}

// Direct writes on descriptors made non-blocking where they were created.
coro::task<void> ping_all(coro::scheduler &sched) {
  co_await sched.schedule();
  int efd = ::eventfd(0, EFD_NONBLOCK);
  std::uint64_t one = 1;
  ::write(efd, &one, sizeof one);
  int p[2];
  ::pipe2(p, O_NONBLOCK);
  ::write(p[1], "x", 1);
  ::close(p[0]);
  ::close(p[1]);
  ::close(efd);
}

// The counter is bumped by a worker thread; read() on a blocking eventfd
// waits for it.
coro::task<std::uint64_t> wait_for_worker(coro::scheduler &sched, int counter_fd) {
  co_await sched.schedule();
  std::uint64_t n = 0;
  ::read(counter_fd, &n, sizeof n); // expect: coro-blocking-net
  co_return n;
}

coro::task<std::uint64_t> wait_for_worker_local(coro::scheduler &sched) {
  co_await sched.schedule();
  int counter = ::eventfd(0, EFD_CLOEXEC);
  std::uint64_t n = 0;
  ::read(counter, &n, sizeof n); // expect: coro-blocking-net
  ::close(counter);
  co_return n;
}

} // namespace timers

int main() {
  auto sched = coro::scheduler::make_unique();
  timers::reactor r;
  auto a = timers::arm(*sched, r);
  auto s = timers::stop(*sched, r);
  auto p = timers::ping_all(*sched);
  auto w = timers::wait_for_worker(*sched, ::eventfd(0, 0));
  auto l = timers::wait_for_worker_local(*sched);
  a.resume();
  s.resume();
  p.resume();
  w.resume();
  l.resume();
  while (sched->process_events(std::chrono::milliseconds{10}) > 0) {
  }
}
