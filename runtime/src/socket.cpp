#include "unblock/socket.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <limits>
#include <system_error>
#include <utility>

#include "unblock/detail/checked_step.hpp"
#include "unblock/errors.hpp"

namespace unblock {
namespace detail {

namespace {

bool would_block(int e) noexcept { return e == EAGAIN || e == EWOULDBLOCK; }

[[noreturn]] void throw_error(int e, const char* what) { throw std::system_error(e, std::generic_category(), what); }

}  // namespace

void on_socket_event(socket_watch& w, std::uint32_t events) noexcept;

// ---- the operation ---------------------------------------------------------------

socket_op::socket_op(socket_state* st, socket_op_kind kind, void* buf, std::size_t len, int flags,
                     std::uint64_t extra, std::stop_token token) noexcept
    : st_(st), kind_(kind), stream_(st && st->stream), token_(std::move(token)) {
  ring_op::fd = st ? st->fd : -1;
  ring_op::buf = buf;
  ring_op::len = len > std::numeric_limits<std::uint32_t>::max() ? std::numeric_limits<std::uint32_t>::max()
                                                                  : static_cast<std::uint32_t>(len);
  ring_op::flags = flags;
  ring_op::offset = extra;
  switch (kind) {
    case socket_op_kind::recv:
      opcode = ring_opcode::recv;
      break;
    case socket_op_kind::send:
      opcode = ring_opcode::send;
      ring_op::flags |= MSG_NOSIGNAL;
      break;
    case socket_op_kind::connect:
      opcode = ring_opcode::connect;
      break;
    case socket_op_kind::accept:
      opcode = ring_opcode::accept;
      ring_op::flags = SOCK_NONBLOCK | SOCK_CLOEXEC;
      break;
  }
}

socket_op::~socket_op() {
  end_deferred();
  unlink();
  if (ring_op::in_flight) loop_->ring_abandon(*this);
}

void socket_op::set_result(long r, int e) noexcept {
  result_ = r;
  error_ = r < 0 ? e : 0;
  done_ = true;
}

void socket_op::link() noexcept {
  socket_state& st = *st_;
  const int d = dir();
  prev_ = st.tail[d];
  next_ = nullptr;
  if (st.tail[d]) {
    st.tail[d]->next_ = this;
  } else {
    st.head[d] = this;
  }
  st.tail[d] = this;
  linked_ = true;
}

void socket_op::unlink() noexcept {
  if (!linked_) return;
  socket_state& st = *st_;
  const int d = dir();
  if (prev_) {
    prev_->next_ = next_;
  } else {
    st.head[d] = next_;
  }
  if (next_) {
    next_->prev_ = prev_;
  } else {
    st.tail[d] = prev_;
  }
  prev_ = next_ = nullptr;
  linked_ = false;
}

// The call itself, on a non-blocking descriptor (epoll backend). False: it
// would block; the socket is then known to be drained in that direction.
bool socket_op::attempt() noexcept {
  const int fd = ring_op::fd;
  for (;;) {
    long r = -1;
    switch (kind_) {
      case socket_op_kind::recv:
        r = ::recv(fd, ring_op::buf, ring_op::len, ring_op::flags);
        break;
      case socket_op_kind::send:
        r = ::send(fd, ring_op::buf, ring_op::len, ring_op::flags);
        break;
      case socket_op_kind::accept:
        r = ::accept4(fd, static_cast<::sockaddr*>(ring_op::buf),
                      reinterpret_cast<::socklen_t*>(static_cast<std::uintptr_t>(ring_op::offset)), ring_op::flags);
        break;
      case socket_op_kind::connect: {
        // Writable means finished (SO_ERROR tells how); poll first so that a
        // stale edge is not taken for completion.
        ::pollfd p{fd, POLLOUT, 0};
        const int ready = ::poll(&p, 1, 0);
        if (ready < 0 && errno == EINTR) continue;
        if (ready == 0) {
          st_->ready[1] = false;
          return false;
        }
        int err = 0;
        ::socklen_t elen = sizeof err;
        if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0) err = errno;
        set_result(err ? -1 : 0, err);
        return true;
      }
    }
    if (r < 0) {
      const int e = errno;
      if (e == EINTR) continue;
      if (would_block(e) && !(ring_op::flags & MSG_DONTWAIT && kind_ != socket_op_kind::accept)) {
        st_->ready[dir()] = false;
        return false;
      }
      set_result(-1, e);
      return true;
    }
    // A stream that gave fewer bytes than asked for is drained: the next call
    // waits for the next edge instead of failing first (not for MSG_PEEK,
    // which leaves the bytes queued, nor once the peer has shut its end: the
    // end of stream that follows the bytes brings no further edge).
    if (kind_ == socket_op_kind::recv && stream_ && r > 0 && static_cast<std::size_t>(r) < ring_op::len &&
        !(ring_op::flags & MSG_PEEK) && !st_->read_shut) {
      st_->ready[0] = false;
    } else if (kind_ == socket_op_kind::send && static_cast<std::size_t>(r) < ring_op::len) {
      st_->ready[1] = false;
    }
    set_result(r, 0);
    return true;
  }
}

bool socket_op::start_connect() noexcept {
  const int r = ::connect(ring_op::fd, static_cast<const ::sockaddr*>(ring_op::buf),
                          static_cast<::socklen_t>(ring_op::offset));
  if (r == 0) {
    set_result(0, 0);
    return true;
  }
  const int e = errno;
  if (e == EINPROGRESS || e == EINTR) {
    st_->ready[1] = false;  // writable once connected
    return false;
  }
  set_result(-1, e);
  return true;
}

bool socket_op::await_ready() noexcept {
  const allow_blocking own_calls;  // non-blocking calls, but RealtimeSanitizer reports each
  if (token_.stop_requested()) {
    mark_cancelled();
    return true;
  }
  if (!st_ || st_->fd < 0) {
    set_result(-1, EBADF);
    return true;
  }
  event_loop* loop = event_loop::current();
  if (!loop) return false;  // suspend() says why
  if (st_->loop && st_->loop != loop) {
    set_result(-1, EXDEV);  // registered with another loop that still runs
    return true;
  }
  if (loop->backend() == io_backend::io_uring) return false;  // submitted in suspend()
  if (!st_->loop) {
    st_->on_event = &on_socket_event;
    if (const int rc = loop->watch_socket(*st_); rc != 0) {
      set_result(-1, rc);
      return true;
    }
  }
  if (kind_ == socket_op_kind::connect) return start_connect();
  if (!st_->ready[dir()] && !(ring_op::flags & MSG_DONTWAIT)) return false;
  return attempt();
}

bool socket_op::suspend(std::coroutine_handle<> h, const std::stop_token& inherited) {
  handle_ = h;
  loop_ = &event_loop::require_current("unblock::socket");
  if (precheck_cancelled(token_, inherited)) return false;
  if (loop_->backend() == io_backend::io_uring) {
    defer_cancellation(&socket_op::on_ring_stop);
    ring_op::complete = &socket_op::on_ring_complete;
    if (const int rc = loop_->ring_submit(*this); rc != 0) {
      set_result(-1, rc);
      return false;
    }
  }
  link();
  watch(token_, inherited);
  return true;
}

void socket_op::on_ring_complete(ring_op& r, int res) noexcept {
  auto& op = static_cast<socket_op&>(r);
  op.unlink();
  if (res == -ECANCELED && !op.closed_ && op.was_cancelled()) {
    // ended by the stop request: finish() throws
  } else if (res == -ECANCELED && op.closed_) {
    op.set_result(-1, ECANCELED);
  } else {
    op.set_result(res < 0 ? -1 : res, -res);
  }
  op.try_complete();
  op.loop_->resume(op.handle_);
}

void socket_op::on_ring_stop(cancellable& c) noexcept {
  auto& op = static_cast<socket_op&>(c);
  op.loop_->ring_cancel(op);
}

void socket_op::abort_for_close() noexcept {
  unlink();
  st_ = nullptr;
  closed_ = true;
  if (ring_op::in_flight) {
    loop_->ring_cancel(*this);  // its completion resumes it
  } else if (try_complete()) {
    set_result(-1, ECANCELED);
    loop_->schedule(handle_);
  }  // else a stop request already queued its resumption
}

long socket_op::finish() {
  end_deferred();
  unlink();
  if (!done_) {
    if (was_cancelled()) throw operation_cancelled();
    set_result(-1, ECANCELED);
  }
  if (result_ < 0) errno = error_;
  return result_;
}

// An edge on a registered socket (epoll): retry the waiting operations of
// each direction it concerns until one would block again. The coroutines
// are resumed after the dispatch, so none can close the socket under it.
void on_socket_event(socket_watch& w, std::uint32_t events) noexcept {
  auto& st = static_cast<socket_state&>(w);
  event_loop& loop = *st.loop;
  const bool in = events & (EPOLLIN | EPOLLERR | EPOLLHUP | EPOLLRDHUP);
  const bool out = events & (EPOLLOUT | EPOLLERR | EPOLLHUP);
  if (events & (EPOLLRDHUP | EPOLLHUP)) st.read_shut = true;
  for (int d = 0; d < 2; ++d) {
    if (!(d == 0 ? in : out)) continue;
    st.ready[d] = true;
    for (socket_op* op = st.head[d]; op && st.ready[d];) {
      socket_op* next = op->next_;
      if (op->try_begin_attempt()) {
        if (op->attempt()) {
          op->unlink();
          op->end_attempt_completed();
          loop.schedule(op->handle_);
        } else if (!op->end_attempt_would_block()) {  // a stop request came meanwhile
          loop.schedule(op->handle_);
        }
      }
      op = next;
    }
  }
}

// Ends the operations waiting on `st` before its descriptor goes away.
void socket_op::abort_all(socket_state& st) noexcept {
  event_loop* ring = nullptr;
  for (int d = 0; d < 2; ++d) {
    while (socket_op* op = st.head[d]) {
      if (op->ring_op::in_flight) ring = op->loop_;
      op->abort_for_close();
    }
  }
  // A submission still queued would name the descriptor only when handed to
  // the kernel, by which time the number may belong to another file.
  if (ring) ring->ring_flush();
}

int close_socket_state(socket_state& st) noexcept {
  const allow_blocking own_calls;  // close(), epoll_ctl()
  socket_op::abort_all(st);
  if (st.loop) st.loop->unwatch_socket(st);
  st.ready[0] = st.ready[1] = true;
  st.read_shut = false;
  if (st.fd < 0) return 0;
  const int r = ::close(st.fd);
  st.fd = -1;
  return r;
}

socket accept_awaitable::await_resume() {
  const long fd = finish();
  if (fd < 0) return socket();
  return socket(owned_descriptor(static_cast<int>(fd), stream_socket()));
}

// ---- ownership ---------------------------------------------------------------------

owned_descriptor::owned_descriptor(int fd, bool stream) : st_(std::make_unique<socket_state>()) {
  st_->fd = fd;
  st_->stream = stream;
  st_->on_event = &on_socket_event;
  // Registered now when an epoll loop runs here (at the first wait otherwise).
  if (event_loop* loop = event_loop::current(); loop && loop->backend() == io_backend::epoll) loop->watch_socket(*st_);
}

owned_descriptor::~owned_descriptor() {
  if (st_) close_socket_state(*st_);
}

owned_descriptor& owned_descriptor::operator=(owned_descriptor&& other) noexcept {
  if (this != &other) {
    if (st_) close_socket_state(*st_);
    st_ = std::move(other.st_);
  }
  return *this;
}

int owned_descriptor::release() noexcept {
  if (!st_) return -1;
  const int fd = st_->fd;
  st_->fd = -1;
  socket_op::abort_all(*st_);
  if (st_->loop) {
    st_->fd = fd;  // unwatch_socket() names it
    st_->loop->unwatch_socket(*st_);
    st_->fd = -1;
  }
  st_.reset();
  return fd;
}

owned_descriptor::close_awaitable owned_descriptor::close() noexcept {
  if (!st_) return {0};
  const int r = close_socket_state(*st_);
  const int e = errno;
  st_.reset();
  errno = e;
  return {r};
}

owned_descriptor owned_descriptor::adopt_checked(int fd, bool want_listening) {
  if (fd < 0) throw_error(EBADF, "unblock: adopt");
  int type = 0;
  ::socklen_t len = sizeof type;
  if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0) throw_error(errno, "unblock: adopt");
  if (want_listening) {
    int listening = 0;
    len = sizeof listening;
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0) throw_error(errno, "unblock: adopt");
    if (!listening) throw_error(EINVAL, "unblock::acceptor::adopt: the socket does not listen");
  }
  const int fl = ::fcntl(fd, F_GETFL);
  if (fl < 0 || (!(fl & O_NONBLOCK) && ::fcntl(fd, F_SETFL, fl | O_NONBLOCK) != 0)) throw_error(errno, "unblock: adopt");
  return owned_descriptor(fd, type == SOCK_STREAM);
}

}  // namespace detail

// ---- socket and acceptor -------------------------------------------------------------

socket socket::adopt(int fd) { return socket(adopt_checked(fd, false)); }

socket socket::open(int domain, int type, int protocol) {
  const int fd = ::socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
  if (fd < 0) detail::throw_error(errno, "unblock::socket::open");
  return socket(owned_descriptor(fd, (type & 0xf) == SOCK_STREAM));
}

detail::socket_awaitable<::ssize_t> socket::recv(void* buf, std::size_t len, int flags, std::stop_token token) noexcept {
  return {state(), detail::socket_op_kind::recv, buf, len, flags, 0, std::move(token)};
}

detail::socket_awaitable<::ssize_t> socket::send(const void* buf, std::size_t len, int flags,
                                                 std::stop_token token) noexcept {
  return {state(), detail::socket_op_kind::send, const_cast<void*>(buf), len, flags, 0, std::move(token)};
}

detail::socket_awaitable<int> socket::connect(const ::sockaddr* addr, ::socklen_t addrlen,
                                              std::stop_token token) noexcept {
  return {state(), detail::socket_op_kind::connect, const_cast<::sockaddr*>(addr), 0, 0, addrlen, std::move(token)};
}

acceptor acceptor::adopt(int fd) { return acceptor(adopt_checked(fd, true)); }

acceptor acceptor::listen(const ::sockaddr* addr, ::socklen_t addrlen, int backlog) {
  const int fd = ::socket(addr->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) detail::throw_error(errno, "unblock::acceptor::listen: socket");
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd, addr, addrlen) != 0 || ::listen(fd, backlog) != 0) {
    const int e = errno;
    ::close(fd);
    detail::throw_error(e, "unblock::acceptor::listen");
  }
  return acceptor(owned_descriptor(fd, true));
}

detail::accept_awaitable acceptor::accept(::sockaddr* peer, ::socklen_t* peerlen, std::stop_token token) noexcept {
  return {state(),
          detail::socket_op_kind::accept,
          peer,
          0,
          0,
          static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(peerlen)),
          std::move(token)};
}

io_backend current_backend() { return detail::event_loop::require_current("unblock::current_backend").backend(); }

}  // namespace unblock
