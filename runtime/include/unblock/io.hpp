#pragma once
// POSIX-shaped I/O awaitables. Same parameters and results as the calls they
// replace (-1 with errno set on failure), but the awaiting coroutine is
// suspended instead of the thread. Call them qualified:
//   ssize_t n = co_await unblock::recv(fd, buf, sizeof buf, 0);

#include <netdb.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <stop_token>

#include "unblock/detail/cancellable.hpp"
#include "unblock/detail/event_loop.hpp"
#include "unblock/task.hpp"

namespace unblock {
namespace detail {

enum class io_kind : std::uint8_t { read, write, recv, send, accept, connect };

struct io_args {
  io_kind kind = io_kind::read;
  int fd = -1;
  void* buf = nullptr;
  std::size_t len = 0;
  int flags = 0;
  const ::sockaddr* addr = nullptr;
  ::socklen_t addrlen = 0;
  ::sockaddr* peer = nullptr;
  ::socklen_t* peerlen = nullptr;
};

// One I/O call: tried at once; on EAGAIN the coroutine waits for readiness
// through epoll and the call is retried on the loop thread before the
// coroutine is resumed. Descriptors epoll cannot watch (regular files) run
// the call on the blocking pool.
class io_operation : private cancellable, private fd_waiter, private pool_job {
 public:
  io_operation(const io_args& args, std::stop_token token) noexcept : args_(args), token_(std::move(token)) {}
  ~io_operation();

  bool await_ready() noexcept;
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) {
    return suspend(h, inherited_stop_token(h));
  }

 protected:
  /// The call's result (errno set when negative); throws
  /// unblock::operation_cancelled when the wait was cancelled.
  long finish();

 private:
  enum class strategy : std::uint8_t { try_call, poll_then_call, pool };

  bool suspend(std::coroutine_handle<> h, const std::stop_token& inherited);
  bool start_connect() noexcept;
  void classify_non_socket() noexcept;
  bool attempt() noexcept;
  long call() noexcept;
  bool wants_write() const noexcept;
  static void on_ready(fd_waiter& w) noexcept;
  static void on_pool(pool_job& j) noexcept;

  io_args args_;
  std::stop_token token_;
  long result_ = -1;
  int error_ = 0;
  strategy strategy_ = strategy::try_call;
  bool fifo_ = false;
};

// A positioned file read or write: submitted to io_uring on that backend,
// run on the blocking pool (pread/pwrite) on epoll.
class [[nodiscard]] file_awaitable : private cancellable, private ring_op, private pool_job {
 public:
  file_awaitable(ring_opcode op, int fd, void* buf, std::size_t count, ::off_t offset, std::stop_token token) noexcept;
  ~file_awaitable();
  file_awaitable(const file_awaitable&) = delete;
  file_awaitable& operator=(const file_awaitable&) = delete;

  bool await_ready() noexcept;
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) {
    return suspend(h, inherited_stop_token(h));
  }
  /// Bytes read or written, or -1 with errno; throws
  /// unblock::operation_cancelled when a stop request ended the wait.
  ::ssize_t await_resume();

 private:
  bool suspend(std::coroutine_handle<> h, const std::stop_token& inherited);
  static void on_ring_complete(ring_op& r, int res) noexcept;
  static void on_ring_stop(cancellable& c) noexcept;
  static void on_pool(pool_job& j) noexcept;

  std::stop_token token_;
  long result_ = -1;
  int error_ = 0;
  bool done_ = false;
};

template <class R>
class [[nodiscard]] io_awaitable : public io_operation {
 public:
  using io_operation::io_operation;
  R await_resume() { return static_cast<R>(finish()); }
};

}  // namespace detail

/// Like ::read(). Sockets, pipes, FIFOs, terminals, eventfds...: waits for
/// readiness on the loop. Regular files and block devices: runs on the pool.
/// Works with blocking and non-blocking descriptors (a blocking one is never
/// left in a different mode).
[[nodiscard]] detail::io_awaitable<::ssize_t> read(int fd, void* buf, std::size_t count,
                                                   std::stop_token token = {}) noexcept;
/// Like ::write(). On a blocking pipe a write may be partial (at most
/// PIPE_BUF bytes per readiness), as POSIX allows.
[[nodiscard]] detail::io_awaitable<::ssize_t> write(int fd, const void* buf, std::size_t count,
                                                    std::stop_token token = {}) noexcept;
/// Like ::recv(). If `flags` contains MSG_DONTWAIT the call never waits.
[[nodiscard]] detail::io_awaitable<::ssize_t> recv(int fd, void* buf, std::size_t len, int flags,
                                                   std::stop_token token = {}) noexcept;
/// Like ::send(). If `flags` contains MSG_DONTWAIT the call never waits.
[[nodiscard]] detail::io_awaitable<::ssize_t> send(int fd, const void* buf, std::size_t len, int flags,
                                                   std::stop_token token = {}) noexcept;
/// Like ::connect(): 0, or -1 with errno (e.g. ECONNREFUSED). The socket's
/// blocking mode is restored before the await returns.
[[nodiscard]] detail::io_awaitable<int> connect(int fd, const ::sockaddr* addr, ::socklen_t addrlen,
                                                std::stop_token token = {}) noexcept;
/// Like ::accept(): the new descriptor (blocking, as ::accept gives it), or -1.
[[nodiscard]] detail::io_awaitable<int> accept(int fd, ::sockaddr* addr, ::socklen_t* addrlen,
                                               std::stop_token token = {}) noexcept;
/// Like ::pread(): reads up to `count` bytes at `offset` of a file without
/// moving its offset. With io_uring the kernel does it asynchronously (and
/// a stop request cancels it); on epoll it runs on the blocking pool (not
/// cancellable once started). Any descriptor pread() accepts.
[[nodiscard]] detail::file_awaitable read_at(int fd, void* buf, std::size_t count, ::off_t offset,
                                             std::stop_token token = {}) noexcept;
/// Like ::pwrite(), in the same way as read_at().
[[nodiscard]] detail::file_awaitable write_at(int fd, const void* buf, std::size_t count, ::off_t offset,
                                              std::stop_token token = {}) noexcept;
/// Like ::getaddrinfo() (returns 0 or an EAI_* code), run on the blocking
/// pool. The arguments must stay valid until the await returns.
[[nodiscard]] task<int> getaddrinfo(const char* node, const char* service, const ::addrinfo* hints,
                                    ::addrinfo** res);

}  // namespace unblock
