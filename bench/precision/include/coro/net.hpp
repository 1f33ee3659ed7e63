// Stand-in for libcoro's readiness-based networking: every socket is put in
// O_NONBLOCK mode when it is made, a coroutine tries the call and, on
// EAGAIN, suspends in scheduler::poll until the socket is ready.
#pragma once

#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <netinet/in.h>
#include <span>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

#include "coro/scheduler.hpp"
#include "coro/task.hpp"

namespace coro::net {

enum class io_status { ok, closed, try_again, error };

inline io_status status_from_errno(int e) {
  return (e == EAGAIN || e == EWOULDBLOCK) ? io_status::try_again : io_status::error;
}

class socket {
public:
  enum class blocking_t { yes, no };

  socket() = default;
  explicit socket(int fd) : fd_(fd) {}
  socket(socket &&o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  socket &operator=(socket &&o) noexcept {
    std::swap(fd_, o.fd_);
    return *this;
  }
  ~socket() {
    if (fd_ != -1)
      ::close(fd_);
  }

  bool blocking(blocking_t b) {
    int flags = ::fcntl(fd_, F_GETFL);
    flags = b == blocking_t::yes ? flags & ~O_NONBLOCK : flags | O_NONBLOCK;
    return ::fcntl(fd_, F_SETFL, flags) == 0;
  }
  int native_handle() const noexcept { return fd_; }
  bool is_valid() const noexcept { return fd_ != -1; }

private:
  int fd_ = -1;
};

inline socket make_nonblocking_socket() {
  socket s{::socket(AF_INET, SOCK_STREAM, 0)};
  s.blocking(socket::blocking_t::no);
  return s;
}

namespace tcp {

class client {
public:
  client(scheduler &s, socket sock) : sched_(&s), sock_(std::move(sock)) {
    sock_.blocking(socket::blocking_t::no);
  }
  client(client &&) noexcept = default;

  // Readiness-based read: the fast path tries recv at once; on EAGAIN the
  // coroutine suspends in poll and tries again when the socket is readable.
  task<std::pair<io_status, std::size_t>> read_some(std::span<char> buf) {
    if (read_ready_) {
      auto [status, n] = recv(buf);
      if (status != io_status::try_again)
        co_return std::pair{status, n};
      read_ready_ = false;
    }
    auto ps = co_await poll(poll_op::read);
    if (ps != poll_status::event)
      co_return std::pair{io_status::error, std::size_t{0}};
    read_ready_ = true;
    co_return recv(buf);
  }

  task<std::pair<io_status, std::size_t>> write_some(std::span<const char> buf) {
    auto ps = co_await poll(poll_op::write);
    if (ps != poll_status::event)
      co_return std::pair{io_status::error, std::size_t{0}};
    co_return send(buf);
  }

  // One non-blocking recv on the socket (it never waits: O_NONBLOCK).
  std::pair<io_status, std::size_t> recv(std::span<char> buf) {
    auto n = ::recv(sock_.native_handle(), buf.data(), buf.size(), 0);
    if (n > 0)
      return {io_status::ok, static_cast<std::size_t>(n)};
    if (n == 0)
      return {io_status::closed, 0};
    return {status_from_errno(errno), 0};
  }

  std::pair<io_status, std::size_t> send(std::span<const char> buf) {
    auto n = ::send(sock_.native_handle(), buf.data(), buf.size(), 0);
    if (n >= 0)
      return {io_status::ok, static_cast<std::size_t>(n)};
    return {status_from_errno(errno), 0};
  }

  const socket &sock() const noexcept { return sock_; }

  // Suspends until the socket is ready for `op`.
  scheduler::poll_operation poll(poll_op op) { return sched_->poll(sock_, op); }

private:
  scheduler *sched_;
  socket sock_;
  bool read_ready_ = false;
};

class server {
public:
  server(scheduler &s, std::uint16_t port) : sched_(&s), accept_sock_(make_nonblocking_socket()) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(accept_sock_.native_handle(), reinterpret_cast<sockaddr *>(&addr), sizeof(addr));
    ::listen(accept_sock_.native_handle(), 128);
  }

  // Waits for the listening socket to be readable.
  scheduler::poll_operation poll(std::chrono::milliseconds timeout = std::chrono::milliseconds{0}) {
    return sched_->poll(accept_sock_, poll_op::read, timeout);
  }

  // Accepts one pending connection; call after poll() said it is readable.
  client accept_now() {
    int fd = ::accept(accept_sock_.native_handle(), nullptr, nullptr);
    return client{*sched_, socket{fd}};
  }

private:
  scheduler *sched_;
  socket accept_sock_;
};

} // namespace tcp

namespace tls {

// A TLS connection. Its destructor finishes the TLS shutdown synchronously
// when the owner did not `co_await shutdown()` first (the guarded fallback
// real TLS clients have); like libcoro's, it is defined out of line, in
// another translation unit.
class client {
public:
  client(scheduler &s, socket sock) : sched_(&s), sock_(std::move(sock)) {}
  client(client &&o) noexcept
      : sched_(std::exchange(o.sched_, nullptr)), sock_(std::move(o.sock_)),
        shutdown_(o.shutdown_.exchange(true)) {}
  // Defined in net.cpp (libcoro: src/net/tls/client.cpp).
  ~client();

  task<void> handshake() {
    co_await sched_->poll(sock_.native_handle(), poll_op::read);
  }
  task<std::size_t> send(std::string_view data) {
    co_await sched_->poll(sock_.native_handle(), poll_op::write);
    co_return data.size();
  }
  task<std::string> recv() {
    co_await sched_->poll(sock_.native_handle(), poll_op::read);
    co_return std::string{};
  }
  task<void> shutdown() {
    if (shutdown_.exchange(true))
      co_return;
    if (sched_ != nullptr)
      co_await sched_->poll(sock_.native_handle(), poll_op::write);
  }

private:
  scheduler *sched_;
  socket sock_;
  std::atomic<bool> shutdown_{false};
};

} // namespace tls
} // namespace coro::net
