// RUN: %check_coro %s coro-blocking-net %t -- -I%S/Inputs

#include "task.h"
#include <arpa/inet.h>
#include <array>
#include <cerrno>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

demo::task<> sockets(int fd, sockaddr *addr, socklen_t len) {
  char buf[64];
  connect(fd, addr, len);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'connect' inside coroutine 'sockets'; it stalls every coroutine on this thread [coro-blocking-net]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: wait on the event loop instead with your runtime's asynchronous I/O
  int c = accept(fd, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'accept' inside coroutine 'sockets'
  accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'accept4'
  ssize_t n = recv(c, buf, sizeof buf, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking call to 'recv'
  recvfrom(fd, buf, sizeof buf, 0, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'recvfrom'
  msghdr msg{};
  recvmsg(fd, &msg, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'recvmsg'
  send(c, buf, n, MSG_NOSIGNAL);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'send'
  sendto(fd, buf, 1, 0, addr, len);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sendto'
  sendmsg(fd, &msg, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sendmsg'
  read(c, buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read'
  write(c, buf, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'write'
  iovec iov{buf, 1};
  readv(c, &iov, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'readv'
  writev(c, &iov, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'writev'
  co_return;
}

demo::task<> names(const char *host) {
  addrinfo *res = nullptr;
  getaddrinfo(host, "80", nullptr, &res);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'getaddrinfo'
  char h[64], s[16];
  getnameinfo(res->ai_addr, res->ai_addrlen, h, sizeof h, s, sizeof s, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'getnameinfo'
  gethostbyname(host);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'gethostbyname'
  gethostbyname2(host, AF_INET6);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'gethostbyname2'
  co_return;
}

demo::task<> waiting(int epfd, pollfd *fds) {
  epoll_event ev[8];
  poll(fds, 1, 1000);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'poll'
  poll(fds, 1, -1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'poll'
  epoll_wait(epfd, ev, 8, 100);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'epoll_wait'
  fd_set set;
  FD_ZERO(&set);
  select(4, &set, nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'select'
  timeval half{0, 500000};
  select(4, &set, nullptr, nullptr, &half);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'select'
  timespec ts{1, 0};
  ppoll(fds, 1, &ts, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'ppoll'
  co_return;
}

// The non-blocking forms are not reported.
demo::task<> non_blocking_forms(int fd, int epfd, pollfd *fds) {
  char buf[64];
  recv(fd, buf, sizeof buf, MSG_DONTWAIT);
  recv(fd, buf, sizeof buf, MSG_DONTWAIT | MSG_PEEK);
  send(fd, buf, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
  const int flags = MSG_DONTWAIT;
  recvfrom(fd, buf, 1, flags, nullptr, nullptr);
  poll(fds, 1, 0);
  epoll_event ev[8];
  epoll_wait(epfd, ev, 8, 0);
  timeval zero{0, 0};
  fd_set set;
  FD_ZERO(&set);
  select(4, &set, nullptr, nullptr, &zero);
  timespec zts{};
  ppoll(fds, 1, &zts, nullptr);
  // Writing to stdout or stderr is not network I/O.
  write(1, "x", 1);
  write(STDERR_FILENO, "x", 1);
  co_return;
}

// Descriptors the code made non-blocking.
demo::task<> made_non_blocking(sockaddr *addr, socklen_t len) {
  char buf[16];
  int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  connect(s, addr, len);
  recv(s, buf, sizeof buf, 0);
  int a = accept4(s, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  read(a, buf, sizeof buf);
  int p[2];
  pipe2(p, O_NONBLOCK);
  read(p[0], buf, 1);
  write(p[1], buf, 1);
  int t = socket(AF_INET, SOCK_STREAM, 0);
  int fl = fcntl(t, F_GETFL, 0);
  fcntl(t, F_SETFL, fl | O_NONBLOCK);
  send(t, buf, 1, 0);
  int blocking = socket(AF_INET, SOCK_STREAM, 0);
  fcntl(blocking, F_SETFL, fl & ~O_NONBLOCK);
  recv(blocking, buf, 1, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'recv'
  co_return;
}

// A member descriptor set non-blocking in the constructor, through a helper.
static void set_nonblocking(int fd) {
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK);
}
struct connection {
  int fd_;
  int other_;
  explicit connection(int fd) : fd_(fd), other_(socket(AF_INET, SOCK_STREAM, 0)) {
    set_nonblocking(fd_);
  }
  demo::task<> pump() {
    char buf[16];
    recv(fd_, buf, sizeof buf, 0);
    recv(other_, buf, sizeof buf, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'recv' inside coroutine 'connection::pump'
    co_return;
  }
};

// A descriptor handed to a coroutine by code that made it non-blocking.
demo::task<> serve(int client) {
  char buf[16];
  read(client, buf, sizeof buf);
  co_return;
}
void start_server(int listener) {
  int c = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK);
  (void)serve(c);
}

// The readiness idiom: wait on the event loop, then read.
struct readiness {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
readiness readable(int fd);
demo::task<> wait_then_read(int fd) {
  char buf[16];
  co_await readable(fd);
  recv(fd, buf, sizeof buf, 0);
  co_return;
}

// Code that handles EAGAIN treats its descriptors as non-blocking.
demo::task<> handles_eagain(int fd) {
  char buf[16];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      co_await readable(fd);
    else
      break;
  }
}

// Not a coroutine: not reported.
ssize_t plain_read(int fd, char *b) { return recv(fd, b, 1, 0); }

// A member descriptor waited on for readiness by one coroutine is managed by
// the event loop: the plain helpers that wrap its system calls are fine.
struct socket_handle {
  int fd;
  int native_handle() const { return fd; }
};
readiness wait_readable(const socket_handle &s);
struct client {
  socket_handle sock_;
  socket_handle other_;
  demo::task<> poll_read() { co_await wait_readable(sock_); }
  demo::task<ssize_t> read_some(char *b, size_t n) {
    co_await poll_read();
    co_return ::recv(sock_.native_handle(), b, n, 0);
  }
  demo::task<ssize_t> read_other(char *b, size_t n) {
    co_return ::recv(other_.native_handle(), b, n, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking call to 'recv' inside coroutine 'client::read_other'
  }
};

// A pipe whose read end a coroutine polls through the event loop: the
// program drives both ends through the loop.
struct scheduler {
  readiness poll(int fd, int op);
};
void pipe_pair(scheduler &s) {
  int fds[2];
  pipe(fds);
  auto reader = [](scheduler &s, int fd) -> demo::task<> {
    co_await s.poll(fd, 1);
  };
  auto writer = [](int fd) -> demo::task<> {
    long v = 42;
    (void)write(fd, &v, sizeof v);
    co_return;
  };
  (void)reader(s, fds[0]);
  (void)writer(fds[1]);
}
void array_pair(scheduler &s) {
  std::array<int, 2> fds{};
  pipe(fds.data());
  auto reader = [](scheduler &s, int fd) -> demo::task<> {
    co_await s.poll(fd, 1);
  };
  auto writer = [](int fd) -> demo::task<> {
    long v = 42;
    (void)write(fd, &v, sizeof v);
    co_return;
  };
  (void)reader(s, fds[0]);
  (void)writer(fds[1]);
}

// Awaiting an I/O operation on a descriptor does not make it non-blocking:
// a blocking call on the same member elsewhere is still reported.
readiness async_send(int fd, const char *b, size_t n);
struct half_migrated {
  int fd_;
  demo::task<> good(const char *b) { co_await async_send(fd_, b, 1); }
  demo::task<> bad(char *b) {
    recv(fd_, b, 1, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'recv' inside coroutine 'half_migrated::bad'
    co_return;
  }
};

// Asio's sockets: native_non_blocking(true) / non_blocking(true, ec) put the
// object's descriptor in non-blocking mode; a system call on its
// native_handle() then returns EAGAIN instead of waiting.
struct error_code {};
struct stream_socket {
  int native_handle();
  bool native_non_blocking() const;
  void native_non_blocking(bool mode);
  void native_non_blocking(bool mode, error_code &ec);
  void non_blocking(bool mode, error_code &ec);
};
demo::task<ssize_t> nb_send(stream_socket &s, const char *b, size_t n) {
  s.native_non_blocking(true);
  co_return ::send(s.native_handle(), b, n, 0);
}
demo::task<ssize_t> nb_recv_ec(stream_socket &s, char *b, size_t n) {
  error_code ec;
  s.non_blocking(true, ec);
  co_return ::recv(s.native_handle(), b, n, 0);
}
demo::task<ssize_t> nb_guarded(stream_socket &s, char *b, size_t n) {
  error_code ec;
  if (!s.native_non_blocking())
    s.native_non_blocking(true, ec);
  co_return ::recv(s.native_handle(), b, n, 0);
}
// Switched back to blocking mode, or never switched: reported.
demo::task<ssize_t> back_to_blocking(stream_socket &s, char *b, size_t n) {
  s.native_non_blocking(false);
  co_return ::recv(s.native_handle(), b, n, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'recv' inside coroutine 'back_to_blocking'
}
demo::task<ssize_t> other_socket(stream_socket &s, stream_socket &t, char *b, size_t n) {
  s.native_non_blocking(true);
  co_return ::recv(t.native_handle(), b, n, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'recv' inside coroutine 'other_socket'
}
// In a template the mode may depend on a parameter: only a constant true counts.
template <bool Mode>
demo::task<ssize_t> mode_from_template(stream_socket &s, char *b, size_t n) {
  s.native_non_blocking(Mode);
  co_return ::recv(s.native_handle(), b, n, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'recv' inside coroutine 'mode_from_template'
}
template demo::task<ssize_t> mode_from_template<false>(stream_socket &, char *, size_t);
