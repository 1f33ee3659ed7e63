// RUN: %check_coro %s coro-blocking-net,coro-blocking-indirect %t -- -I%S/Inputs
// An event loop's own plumbing does not block: a wake-up pipe made
// non-blocking descriptor by descriptor, and socket helpers of a class whose
// coroutines wait for readiness through a member of their own.

#include "task.h"
#include <array>
#include <cstddef>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

class wake_pipe {
public:
  wake_pipe() {
    (void)::pipe(fds_.data());
    for (const auto &fd : fds_) {
      int flags = fcntl(fd, F_GETFL);
      flags |= O_NONBLOCK;
      fcntl(fd, F_SETFL, flags);
    }
  }
  void notify() {
    int one = 1;
    (void)::write(fds_[1], &one, sizeof one);
  }
  // Through an accessor, as libcoro's pipe does.
  const int &write_fd() const { return fds_[1]; }
  void notify_again() {
    int one = 1;
    (void)::write(write_fd(), &one, sizeof one);
  }

private:
  std::array<int, 2> fds_{};
};

struct scheduler {
  wake_pipe pipe;
  void resume() { pipe.notify(); }
  void resume_again() { pipe.notify_again(); }
  demo::task<int> poll(int fd, int op);
};

demo::task<> worker(scheduler &s) {
  co_await demo::yield();
  s.resume();
  s.resume_again();
}

class client {
public:
  demo::task<long> read_some(char *buf, std::size_t n) {
    co_await poll(1);
    co_return recv_now(buf, n);
  }

private:
  demo::task<int> poll(int op) { return sched_->poll(socket_, op); }
  long recv_now(char *buf, std::size_t n) {
    return ::recv(socket_, buf, n, 0);
  }
  scheduler *sched_ = nullptr;
  int socket_ = -1;
};

// True twins: a pipe whose flag is cleared, and a socket nobody waits on.
class blocking_pipe {
public:
  blocking_pipe() {
    (void)::pipe(fds_);
    int flags = fcntl(fds_[0], F_GETFL);
    flags &= ~O_NONBLOCK;
    fcntl(fds_[0], F_SETFL, flags);
  }
  int wait() {
    int v = 0;
    (void)::read(fds_[0], &v, sizeof v);
    return v;
  }

private:
  int fds_[2] = {-1, -1};
};

class plain_client {
public:
  demo::task<long> read_some(char *buf, std::size_t n) {
    co_return recv_now(buf, n);
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: call to 'plain_client::recv_now' may block inside coroutine 'plain_client::read_some': it calls 'recv'; it stalls every coroutine on this thread [coro-blocking-indirect]
    // CHECK-MESSAGES: :[[@LINE+5]]:12: note: 'plain_client::recv_now' calls 'recv' here
  }

private:
  long recv_now(char *buf, std::size_t n) {
    return ::recv(socket_, buf, n, 0);
  }
  int socket_ = -1;
};

demo::task<> waits(blocking_pipe &p) {
  co_await demo::yield();
  int v = p.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: call to 'blocking_pipe::wait' may block inside coroutine 'waits': it calls 'read'; it stalls every coroutine on this thread [coro-blocking-indirect]
  // CHECK-MESSAGES: :[[@LINE-27]]:11: note: 'blocking_pipe::wait' calls 'read' here
  (void)v;
}
