#pragma once
// Owned sockets: unblock::socket and unblock::acceptor own a descriptor and
// register it once for their lifetime (edge-triggered epoll), or submit
// each operation to io_uring, so a wait costs no registration call.
//   auto conn = co_await listener.accept();
//   ssize_t n = co_await conn.recv(buf, sizeof buf);
// Results are POSIX-shaped like the free functions in <unblock/io.hpp>:
// -1 with errno set on failure; an accept that fails gives an empty socket.

#include <sys/socket.h>
#include <sys/types.h>

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stop_token>
#include <utility>

#include "unblock/detail/cancellable.hpp"
#include "unblock/detail/event_loop.hpp"
#include "unblock/task.hpp"

namespace unblock {

class socket;

namespace detail {

class socket_op;

/// What an owned socket holds: its descriptor, its registration (epoll), and
/// the operations waiting on it (so that closing it can end them).
struct socket_state : socket_watch {
  bool stream = false;           // SOCK_STREAM: a short read means the queue was drained
  bool ready[2] = {true, true};  // epoll: [read, write] not known to be drained
  bool read_shut = false;        // epoll: the peer's end of stream has been seen (its edge is spent)
  socket_op* head[2] = {nullptr, nullptr};
  socket_op* tail[2] = {nullptr, nullptr};
};

/// Closes the descriptor; operations still waiting on it are resumed with
/// -1 and ECANCELED. Returns close()'s result (0, or -1 with errno).
int close_socket_state(socket_state& st) noexcept;

enum class socket_op_kind : std::uint8_t { recv, send, connect, accept };

// One operation on an owned socket. epoll: tried at once unless the socket
// is known to be drained, else it waits for the socket's next edge and is
// retried on the loop thread. io_uring: submitted as it is, completed by the
// kernel.
class socket_op : private cancellable, private ring_op {
 public:
  socket_op(socket_state* st, socket_op_kind kind, void* buf, std::size_t len, int flags, std::uint64_t extra,
            std::stop_token token) noexcept;
  ~socket_op();
  socket_op(const socket_op&) = delete;
  socket_op& operator=(const socket_op&) = delete;

  bool await_ready() noexcept;
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) {
    return suspend(h, inherited_stop_token(h));
  }

 protected:
  /// The result (errno set when negative); throws unblock::operation_cancelled
  /// when a stop request ended the wait.
  long finish();
  bool stream_socket() const noexcept { return stream_; }

 private:
  friend int close_socket_state(socket_state& st) noexcept;
  friend class owned_descriptor;
  friend void on_socket_event(socket_watch& w, std::uint32_t events) noexcept;

  int dir() const noexcept { return kind_ == socket_op_kind::send || kind_ == socket_op_kind::connect ? 1 : 0; }
  bool suspend(std::coroutine_handle<> h, const std::stop_token& inherited);
  bool attempt() noexcept;
  bool start_connect() noexcept;
  void set_result(long r, int e) noexcept;
  void link() noexcept;
  void unlink() noexcept;
  void abort_for_close() noexcept;
  static void abort_all(socket_state& st) noexcept;
  static void on_ring_complete(ring_op& r, int res) noexcept;
  static void on_ring_stop(cancellable& c) noexcept;

  socket_state* st_;
  socket_op_kind kind_;
  bool stream_;
  bool linked_ = false;
  bool done_ = false;    // result_/error_ hold the outcome
  bool closed_ = false;  // the socket was closed while this waited
  std::stop_token token_;
  long result_ = -1;
  int error_ = 0;
  socket_op* prev_ = nullptr;
  socket_op* next_ = nullptr;
};

template <class R>
class [[nodiscard]] socket_awaitable : public socket_op {
 public:
  using socket_op::socket_op;
  R await_resume() { return static_cast<R>(finish()); }
};

class [[nodiscard]] accept_awaitable : public socket_op {
 public:
  using socket_op::socket_op;
  socket await_resume();
};

// What socket and acceptor share: ownership of one socket_state.
class owned_descriptor {
 public:
  owned_descriptor() noexcept = default;
  owned_descriptor(owned_descriptor&&) noexcept = default;
  owned_descriptor& operator=(owned_descriptor&& other) noexcept;
  ~owned_descriptor();

  /// True while it owns a descriptor.
  bool is_open() const noexcept { return st_ && st_->fd >= 0; }
  /// The descriptor, or -1.
  int native_handle() const noexcept { return st_ ? st_->fd : -1; }
  /// Gives up ownership without closing: returns the descriptor (left in
  /// non-blocking mode), or -1. Operations still waiting end with ECANCELED.
  int release() noexcept;

  struct close_awaitable {
    int result;
    bool await_ready() const noexcept { return true; }
    void await_suspend(std::coroutine_handle<>) const noexcept {}
    int await_resume() const noexcept { return result; }
  };
  /// `co_await s.close()`: closes the descriptor now (0, or -1 with errno).
  /// Coroutines waiting on it are resumed with -1 and errno ECANCELED (an
  /// accept with an empty socket); the descriptor's number, if the system
  /// reuses it, never sees this socket's events.
  [[nodiscard]] close_awaitable close() noexcept;

  /// Owns `fd` (already non-blocking); registers it when a loop runs here.
  owned_descriptor(int fd, bool stream);

 protected:
  /// Checks that `fd` is a socket (listening, if asked), makes it non-blocking.
  static owned_descriptor adopt_checked(int fd, bool want_listening);
  socket_state* state() const noexcept { return st_.get(); }

 private:
  std::unique_ptr<socket_state> st_;
};

}  // namespace detail

/// A connected (or connecting) socket owned by the coroutine that holds it.
/// Move-only; closing (or destroying) it ends the operations waiting on it.
/// Used by one loop at a time: the first loop that waits on it registers it
/// for as long as that loop runs (an operation from another loop meanwhile
/// fails with EXDEV). Sends never raise SIGPIPE (MSG_NOSIGNAL is added).
class socket : public detail::owned_descriptor {
 public:
  socket() noexcept = default;

  /// Takes ownership of `fd`, a socket made elsewhere (connected or not):
  /// puts it in non-blocking mode. Throws std::system_error (EBADF, ENOTSOCK).
  static socket adopt(int fd);
  /// ::socket(domain, type, protocol), non-blocking and close-on-exec.
  /// Throws std::system_error on failure.
  static socket open(int domain, int type, int protocol = 0);

  /// Like ::recv(): bytes received, 0 at end of stream, -1 with errno.
  /// MSG_DONTWAIT in `flags`: one try, no wait.
  [[nodiscard]] detail::socket_awaitable<::ssize_t> recv(void* buf, std::size_t len, int flags = 0,
                                                         std::stop_token token = {}) noexcept;
  /// Like ::send(): bytes sent (possibly fewer than `len`), or -1 with errno.
  [[nodiscard]] detail::socket_awaitable<::ssize_t> send(const void* buf, std::size_t len, int flags = 0,
                                                         std::stop_token token = {}) noexcept;
  /// Like ::connect(): 0, or -1 with errno (ECONNREFUSED...). `addr` must
  /// stay valid until the await returns.
  [[nodiscard]] detail::socket_awaitable<int> connect(const ::sockaddr* addr, ::socklen_t addrlen,
                                                      std::stop_token token = {}) noexcept;

 private:
  friend class detail::accept_awaitable;
  explicit socket(owned_descriptor&& d) noexcept : owned_descriptor(std::move(d)) {}
};

/// A listening socket. Move-only, like socket.
class acceptor : public detail::owned_descriptor {
 public:
  acceptor() noexcept = default;

  /// Takes ownership of `fd`, a listening socket made elsewhere. Throws
  /// std::system_error (EBADF, ENOTSOCK, EINVAL when it does not listen).
  static acceptor adopt(int fd);
  /// A stream socket bound to `addr` (SO_REUSEADDR) and listening. Throws
  /// std::system_error on failure.
  static acceptor listen(const ::sockaddr* addr, ::socklen_t addrlen, int backlog = SOMAXCONN);

  /// The next connection, as an owned socket; an empty socket (errno set)
  /// when ::accept fails. `peer`/`peerlen` as for ::accept.
  [[nodiscard]] detail::accept_awaitable accept(::sockaddr* peer = nullptr, ::socklen_t* peerlen = nullptr,
                                                std::stop_token token = {}) noexcept;
  [[nodiscard]] detail::accept_awaitable accept(std::stop_token token) noexcept {
    return accept(nullptr, nullptr, std::move(token));
  }

 private:
  explicit acceptor(owned_descriptor&& d) noexcept : owned_descriptor(std::move(d)) {}
};

/// The I/O backend of the loop running on this thread; throws
/// std::logic_error outside unblock::run.
[[nodiscard]] io_backend current_backend();

}  // namespace unblock
