// A TCP echo server in the style of libcoro's coro_tcp_echo_server example:
// every socket is non-blocking, the coroutines try the call and suspend in
// scheduler::poll on EAGAIN. The health probe at the end uses a plain
// blocking socket inside a coroutine: that one stalls the loop.
#include "coro/net.hpp"
#include "coro/scheduler.hpp"
#include "coro/task.hpp"

#include <arpa/inet.h>
#include <array>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace echo {

coro::task<void> serve_connection(coro::net::tcp::client client) {
  std::array<char, 4096> buf{};
  for (;;) {
    auto [rstatus, n] = co_await client.read_some(buf);
    if (rstatus != coro::net::io_status::ok)
      break;
    std::span<const char> out{buf.data(), n};
    while (!out.empty()) {
      auto [wstatus, sent] = co_await client.write_some(out);
      if (wstatus != coro::net::io_status::ok)
        co_return;
      out = out.subspan(sent);
    }
  }
}

coro::task<void> accept_loop(coro::scheduler &sched, coro::net::tcp::server &server) {
  co_await sched.schedule();
  for (;;) {
    auto ps = co_await server.poll();
    if (ps != coro::poll_status::event)
      break;
    // The listening socket is non-blocking and poll said it is readable.
    auto client = server.accept_now();
    if (!client.sock().is_valid())
      continue;
    sched.spawn_detached(serve_connection(std::move(client)));
  }
}

// Direct readiness idiom in the coroutine itself: recv on a socket that was
// made non-blocking, after the scheduler said it is readable.
coro::task<std::string> read_banner(coro::scheduler &sched) {
  auto sock = coro::net::make_nonblocking_socket();
  co_await sched.poll(sock.native_handle(), coro::poll_op::read);
  char buf[128];
  auto n = ::recv(sock.native_handle(), buf, sizeof buf, 0);
  co_return std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
}

// A health probe written with the blocking socket API: connect and recv
// wait on the network while every other connection on this loop stalls.
coro::task<bool> probe_upstream(coro::scheduler &sched, std::uint16_t port) {
  co_await sched.schedule();
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) { // expect: coro-blocking-net
    ::close(fd);
    co_return false;
  }
  char status[2];
  auto n = ::recv(fd, status, sizeof status, 0); // expect: coro-blocking-net
  ::close(fd);
  co_return n == 2 && status[0] == 'O';
}

// The same probe through a synchronous helper.
int fetch_status_byte(int fd) {
  char c = 0;
  return ::recv(fd, &c, 1, 0) == 1 ? c : -1;
}

coro::task<int> probe_via_helper(coro::scheduler &sched, int fd) {
  co_await sched.schedule();
  co_return fetch_status_byte(fd); // expect: coro-blocking-indirect
}

} // namespace echo

int main() {
  auto sched = coro::scheduler::make_unique();
  coro::net::tcp::server server{*sched, 8080};
  auto loop = echo::accept_loop(*sched, server);
  auto banner = echo::read_banner(*sched);
  auto probe = echo::probe_upstream(*sched, 8081);
  auto probe2 = echo::probe_via_helper(*sched, 3);
  loop.resume();
  banner.resume();
  probe.resume();
  probe2.resume();
  while (sched->process_events(std::chrono::milliseconds{100}) > 0) {
  }
}
