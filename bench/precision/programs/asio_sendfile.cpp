// Zero-copy file responses in the style of cinatra's coro_io::async_sendfile
// and Asio's own sendfile example: the socket is switched to non-blocking
// mode with native_non_blocking(true), sendfile is retried after waiting
// for writability when the error code says asio::error::would_block
// (through a callback awaiter, as cinatra does). The same loop on a socket
// left in blocking mode waits inside sendfile. (A direct
// `co_await socket.async_wait(...)` anywhere in the unit makes unblock
// treat every tcp::socket descriptor as non-blocking, which would hide the
// true twin; that shape is kept out of this unit.)
#include "asio_lite/asio.hpp"

#include <cerrno>
#include <system_error>
#include <fcntl.h>
#include <sys/sendfile.h>
#include <unistd.h>

using asio::awaitable;
using asio::use_awaitable;
using asio::ip::tcp;

namespace zerocopy {

// cinatra's shape: the readiness wait is started from a callback.
template <typename T> struct callback_awaitor {
  template <typename Op> struct awaiter {
    Op op;
    T value{};
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) {
      op([this, h](T v) {
        value = v;
        h.resume();
      });
    }
    T await_resume() { return value; }
  };
  template <typename Op> awaiter<Op> await_resume(Op op) { return awaiter<Op>{std::move(op)}; }
};

awaitable<std::size_t> async_sendfile_cb(tcp::socket &socket, int fd, std::size_t length) {
  if (!socket.native_non_blocking()) {
    std::error_code ec;
    socket.native_non_blocking(true, ec);
    if (ec)
      co_return 0;
  }
  off_t offset = 0;
  std::size_t sent = 0;
  while (sent < length) {
    errno = 0;
    ssize_t n = ::sendfile(socket.native_handle(), fd, &offset, length - sent);
    asio::error_code ec(n < 0 ? errno : 0, asio::error::get_system_category());
    if (ec == asio::error::interrupted)
      continue;
    if (ec == asio::error::would_block || ec == asio::error::try_again) {
      callback_awaitor<std::error_code> ready;
      ec = co_await ready.await_resume([&](auto handler) {
        socket.async_wait(tcp::socket::wait_write, [handler](const std::error_code &e) { handler(e); });
      });
      if (ec)
        break;
      continue;
    }
    if (ec || n == 0)
      break;
    sent += static_cast<std::size_t>(n);
  }
  co_return sent;
}

// Forgot native_non_blocking(true): sendfile waits for the peer.
awaitable<std::size_t> send_whole_file(tcp::socket &socket, int fd, std::size_t length) {
  off_t offset = 0;
  std::size_t sent = 0;
  while (sent < length) {
    ssize_t n = ::sendfile(socket.native_handle(), fd, &offset, length - sent); // expect: coro-blocking-net
    if (n <= 0)
      break;
    sent += static_cast<std::size_t>(n);
  }
  co_return sent;
}

awaitable<void> serve(tcp::socket socket, const char *path) {
  int fd = ::open(path, O_RDONLY); // expect: coro-blocking-file
  co_await async_sendfile_cb(socket, fd, 4096);
  ::close(fd);
}

// Another handler's socket, never switched to non-blocking mode. (Passing
// serve's socket here would not block: native_non_blocking(true) lasts.)
awaitable<void> serve_plain(tcp::socket socket, int fd) {
  co_await send_whole_file(socket, fd, 4096);
}

} // namespace zerocopy

int main() {
  asio::io_context io;
  asio::co_spawn(io, zerocopy::serve(tcp::socket{io.get_executor()}, "/srv/www/index.html"), asio::detached);
  asio::co_spawn(io, zerocopy::serve_plain(tcp::socket{io.get_executor()}, 0), asio::detached);
  io.run();
}
