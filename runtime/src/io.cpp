#include "unblock/io.hpp"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <limits>
#include <utility>

#include "unblock/detail/checked_step.hpp"
#include "unblock/errors.hpp"
#include "unblock/offload.hpp"

namespace unblock {
namespace detail {

namespace {
bool would_block(int e) noexcept { return e == EAGAIN || e == EWOULDBLOCK; }
}  // namespace

io_operation::~io_operation() {
  unwatch();
  if (loop_) loop_->remove_fd_waiter(*this);
}

bool io_operation::wants_write() const noexcept {
  return args_.kind == io_kind::write || args_.kind == io_kind::send || args_.kind == io_kind::connect;
}

long io_operation::call() noexcept {
  switch (args_.kind) {
    case io_kind::read:
      return ::read(args_.fd, args_.buf, args_.len);
    case io_kind::write: {
      // A blocking pipe accepts PIPE_BUF bytes without blocking once writable.
      const std::size_t n =
          strategy_ == strategy::poll_then_call && fifo_ ? std::min<std::size_t>(args_.len, PIPE_BUF) : args_.len;
      return ::write(args_.fd, args_.buf, n);
    }
    case io_kind::recv:
      return ::recv(args_.fd, args_.buf, args_.len, args_.flags | MSG_DONTWAIT);
    case io_kind::send:
      return ::send(args_.fd, args_.buf, args_.len, args_.flags | MSG_DONTWAIT);
    case io_kind::accept:
      return ::accept(args_.fd, args_.peer, args_.peerlen);
    case io_kind::connect: {
      int err = 0;
      ::socklen_t len = sizeof err;
      if (::getsockopt(args_.fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return -1;
      if (err != 0) {
        errno = err;
        return -1;
      }
      return 0;
    }
  }
  errno = EINVAL;
  return -1;
}

// Runs the call once (retrying EINTR). False: it would block, wait for readiness.
bool io_operation::attempt() noexcept {
  for (;;) {
    if (strategy_ == strategy::poll_then_call) {
      ::pollfd p{args_.fd, static_cast<short>(wants_write() ? POLLOUT : POLLIN), 0};
      const int ready = ::poll(&p, 1, 0);
      if (ready == 0) return false;
      if (ready < 0 && errno == EINTR) continue;
    }
    const long r = call();
    if (r < 0) {
      const int e = errno;
      if (e == EINTR) continue;
      if (would_block(e)) return false;
      error_ = e;
    }
    result_ = r;
    return true;
  }
}

void io_operation::classify_non_socket() noexcept {
  struct ::stat st{};
  if (::fstat(args_.fd, &st) == 0) {
    if (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode) || S_ISDIR(st.st_mode)) {
      strategy_ = strategy::pool;
      return;
    }
    fifo_ = S_ISFIFO(st.st_mode);
  }
  const int fl = ::fcntl(args_.fd, F_GETFL);
  strategy_ = fl >= 0 && (fl & O_NONBLOCK) ? strategy::try_call : strategy::poll_then_call;
}

bool io_operation::start_connect() noexcept {
  const int fl = ::fcntl(args_.fd, F_GETFL);
  if (fl < 0) {
    error_ = errno;
    return true;
  }
  const bool was_blocking = !(fl & O_NONBLOCK);
  if (was_blocking) ::fcntl(args_.fd, F_SETFL, fl | O_NONBLOCK);
  const int r = ::connect(args_.fd, args_.addr, args_.addrlen);
  const int e = errno;
  if (was_blocking) ::fcntl(args_.fd, F_SETFL, fl);
  if (r == 0) {
    result_ = 0;
    return true;
  }
  if (e == EINPROGRESS || e == EINTR) {
    // Finished when writable; SO_ERROR tells how. Poll first so a spurious
    // wake-up is not mistaken for completion.
    strategy_ = strategy::poll_then_call;
    return false;
  }
  error_ = e;
  return true;
}

bool io_operation::await_ready() noexcept {
  // The calls below never wait (MSG_DONTWAIT, non-blocking descriptors, a
  // zero-timeout poll), but RealtimeSanitizer reports every such call.
  const allow_blocking own_calls;
  if (token_.stop_requested()) {
    mark_cancelled();
    return true;
  }
  switch (args_.kind) {
    case io_kind::recv:
    case io_kind::send:
      if (args_.flags & MSG_DONTWAIT) {
        // The caller asked for a non-blocking call: one try, no wait.
        const long r = call();
        result_ = r;
        if (r < 0) error_ = errno;
        return true;
      }
      if (event_loop* loop = event_loop::current()) {
        // Request/response traffic: a call right after our reply usually
        // would block; then go straight to the readiness wait.
        const bool write = args_.kind == io_kind::send;
        if (loop->should_wait_first(args_.fd, write)) return false;
        const bool done = attempt();
        loop->note_direct_try(args_.fd, write, !done);
        return done;
      }
      break;
    case io_kind::read:
    case io_kind::write: {
      // Sockets first: recv/send with MSG_DONTWAIT never block, whatever the
      // descriptor's mode.
      const long r = args_.kind == io_kind::read ? ::recv(args_.fd, args_.buf, args_.len, MSG_DONTWAIT)
                                                 : ::send(args_.fd, args_.buf, args_.len, MSG_DONTWAIT);
      const int e = errno;
      if (r >= 0 || e != ENOTSOCK) {
        args_.kind = args_.kind == io_kind::read ? io_kind::recv : io_kind::send;
        args_.flags = 0;
        if (r >= 0 || (!would_block(e) && e != EINTR)) {
          result_ = r;
          if (r < 0) error_ = e;
          return true;
        }
        return would_block(e) ? false : attempt();
      }
      classify_non_socket();
      if (strategy_ == strategy::pool) return false;
      break;
    }
    case io_kind::accept: {
      const int fl = ::fcntl(args_.fd, F_GETFL);
      strategy_ = fl >= 0 && (fl & O_NONBLOCK) ? strategy::try_call : strategy::poll_then_call;
      break;
    }
    case io_kind::connect:
      return start_connect();
  }
  return attempt();
}

bool io_operation::suspend(std::coroutine_handle<> h, const std::stop_token& inherited) {
  handle_ = h;
  loop_ = &event_loop::require_current("unblock I/O");
  if (strategy_ != strategy::pool) {
    if (precheck_cancelled(token_, inherited)) return false;
    fd_waiter::fd = args_.fd;
    fd_waiter::write = wants_write();
    fd_waiter::ready = &io_operation::on_ready;
    const int rc = loop_->add_fd_waiter(*this);
    if (rc == 0) {
      watch(token_, inherited);
      return true;
    }
    if (rc != EPERM) {
      result_ = -1;
      error_ = rc;
      return false;
    }
    strategy_ = strategy::pool;  // epoll cannot watch it: do the call on the pool
  }
  pool_job::execute = &io_operation::on_pool;
  loop_->submit_blocking(*this);
  return true;
}

void io_operation::on_ready(fd_waiter& w) noexcept {
  auto& op = static_cast<io_operation&>(w);
  if (!op.try_begin_attempt()) return;  // cancelled: its resumption is already queued
  if (op.attempt()) {
    op.end_attempt_completed();
    op.loop_->resume(op.handle_);
    return;
  }
  if (!op.end_attempt_would_block()) {  // cancelled during the attempt
    op.loop_->resume(op.handle_);
    return;
  }
  const int rc = op.loop_->add_fd_waiter(op);
  if (rc != 0 && op.try_complete()) {
    op.result_ = -1;
    op.error_ = rc;
    op.loop_->resume(op.handle_);
  }
}

void io_operation::on_pool(pool_job& j) noexcept {
  auto& op = static_cast<io_operation&>(j);
  long r;
  do {
    r = op.call();
  } while (r < 0 && errno == EINTR);
  op.result_ = r;
  op.error_ = r < 0 ? errno : 0;
  op.loop_->complete_blocking(op.handle_);  // `op` may be gone after this
}

long io_operation::finish() {
  unwatch();
  if (was_cancelled()) {
    if (loop_) loop_->remove_fd_waiter(*this);
    throw operation_cancelled();
  }
  if (result_ < 0) errno = error_;
  return result_;
}

file_awaitable::file_awaitable(ring_opcode op, int fd, void* buf, std::size_t count, ::off_t offset,
                               std::stop_token token) noexcept
    : token_(std::move(token)) {
  opcode = op;
  ring_op::fd = fd;
  ring_op::buf = buf;
  len = count > std::numeric_limits<std::uint32_t>::max() ? std::numeric_limits<std::uint32_t>::max()
                                                          : static_cast<std::uint32_t>(count);
  ring_op::offset = static_cast<std::uint64_t>(offset);
  if (offset < 0) {
    result_ = -1;
    error_ = EINVAL;
    done_ = true;
  }
}

file_awaitable::~file_awaitable() {
  end_deferred();
  if (ring_op::in_flight) loop_->ring_abandon(*this);
}

bool file_awaitable::await_ready() noexcept {
  if (done_) return true;
  if (token_.stop_requested()) {
    mark_cancelled();
    return true;
  }
  return false;
}

bool file_awaitable::suspend(std::coroutine_handle<> h, const std::stop_token& inherited) {
  handle_ = h;
  loop_ = &event_loop::require_current("unblock::read_at/write_at");
  if (precheck_cancelled(token_, inherited)) return false;
  if (loop_->backend() == io_backend::io_uring) {
    // A ring read ignores the offset of a pipe or socket and consumes its
    // bytes; pread() refuses those with ESPIPE, and so does this.
    if (const allow_blocking own_call; ::lseek(ring_op::fd, 0, SEEK_CUR) < 0) {
      result_ = -1;
      error_ = errno;
      done_ = true;
      return false;
    }
    defer_cancellation(&file_awaitable::on_ring_stop);
    ring_op::complete = &file_awaitable::on_ring_complete;
    if (const int rc = loop_->ring_submit(*this); rc != 0) {
      result_ = -1;
      error_ = rc;
      done_ = true;
      return false;
    }
    watch(token_, inherited);
    return true;
  }
  pool_job::execute = &file_awaitable::on_pool;
  loop_->submit_blocking(*this);
  return true;
}

void file_awaitable::on_ring_complete(ring_op& r, int res) noexcept {
  auto& self = static_cast<file_awaitable&>(r);
  if (!(res == -ECANCELED && self.was_cancelled())) {
    self.result_ = res < 0 ? -1 : res;
    self.error_ = res < 0 ? -res : 0;
    self.done_ = true;
  }
  self.try_complete();
  self.loop_->resume(self.handle_);
}

void file_awaitable::on_ring_stop(cancellable& c) noexcept {
  auto& self = static_cast<file_awaitable&>(c);
  self.loop_->ring_cancel(self);
}

void file_awaitable::on_pool(pool_job& j) noexcept {
  auto& self = static_cast<file_awaitable&>(j);
  const auto off = static_cast<::off_t>(self.ring_op::offset);
  long r;
  do {
    r = self.opcode == ring_opcode::read ? ::pread(self.ring_op::fd, self.ring_op::buf, self.len, off)
                                         : ::pwrite(self.ring_op::fd, self.ring_op::buf, self.len, off);
  } while (r < 0 && errno == EINTR);
  self.result_ = r;
  self.error_ = r < 0 ? errno : 0;
  self.done_ = true;
  self.loop_->complete_blocking(self.handle_);  // `self` may be gone after this
}

::ssize_t file_awaitable::await_resume() {
  end_deferred();
  if (!done_) throw operation_cancelled();
  if (result_ < 0) errno = error_;
  return result_;
}

}  // namespace detail

detail::file_awaitable read_at(int fd, void* buf, std::size_t count, ::off_t offset, std::stop_token token) noexcept {
  return {detail::ring_opcode::read, fd, buf, count, offset, std::move(token)};
}

detail::file_awaitable write_at(int fd, const void* buf, std::size_t count, ::off_t offset,
                                std::stop_token token) noexcept {
  return {detail::ring_opcode::write, fd, const_cast<void*>(buf), count, offset, std::move(token)};
}

detail::io_awaitable<::ssize_t> read(int fd, void* buf, std::size_t count, std::stop_token token) noexcept {
  detail::io_args a;
  a.kind = detail::io_kind::read;
  a.fd = fd;
  a.buf = buf;
  a.len = count;
  return detail::io_awaitable<::ssize_t>(a, std::move(token));
}

detail::io_awaitable<::ssize_t> write(int fd, const void* buf, std::size_t count, std::stop_token token) noexcept {
  detail::io_args a;
  a.kind = detail::io_kind::write;
  a.fd = fd;
  a.buf = const_cast<void*>(buf);
  a.len = count;
  return detail::io_awaitable<::ssize_t>(a, std::move(token));
}

detail::io_awaitable<::ssize_t> recv(int fd, void* buf, std::size_t len, int flags, std::stop_token token) noexcept {
  detail::io_args a;
  a.kind = detail::io_kind::recv;
  a.fd = fd;
  a.buf = buf;
  a.len = len;
  a.flags = flags;
  return detail::io_awaitable<::ssize_t>(a, std::move(token));
}

detail::io_awaitable<::ssize_t> send(int fd, const void* buf, std::size_t len, int flags,
                                     std::stop_token token) noexcept {
  detail::io_args a;
  a.kind = detail::io_kind::send;
  a.fd = fd;
  a.buf = const_cast<void*>(buf);
  a.len = len;
  a.flags = flags;
  return detail::io_awaitable<::ssize_t>(a, std::move(token));
}

detail::io_awaitable<int> connect(int fd, const ::sockaddr* addr, ::socklen_t addrlen,
                                  std::stop_token token) noexcept {
  detail::io_args a;
  a.kind = detail::io_kind::connect;
  a.fd = fd;
  a.addr = addr;
  a.addrlen = addrlen;
  return detail::io_awaitable<int>(a, std::move(token));
}

detail::io_awaitable<int> accept(int fd, ::sockaddr* addr, ::socklen_t* addrlen, std::stop_token token) noexcept {
  detail::io_args a;
  a.kind = detail::io_kind::accept;
  a.fd = fd;
  a.peer = addr;
  a.peerlen = addrlen;
  return detail::io_awaitable<int>(a, std::move(token));
}

task<int> getaddrinfo(const char* node, const char* service, const ::addrinfo* hints, ::addrinfo** res) {
  auto [rc, err] = co_await offload([=] {
    const int r = ::getaddrinfo(node, service, hints, res);
    return std::pair<int, int>(r, errno);
  });
  errno = err;
  co_return rc;
}

}  // namespace unblock
