// Service discovery over UDP in the style of libcoro's udp peers: the
// socket is created with SOCK_NONBLOCK (or read with MSG_DONTWAIT), and a
// coroutine only calls recvfrom after the scheduler said the socket is
// readable. The announcer at the end uses a blocking socket.
#include "coro/scheduler.hpp"
#include "coro/task.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace discovery {

class peer {
public:
  explicit peer(coro::scheduler &s) : sched_(s), fd_(::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0)) {}
  ~peer() { ::close(fd_); }

  int native_handle() const noexcept { return fd_; }

  coro::scheduler::poll_operation poll(coro::poll_op op) { return sched_.poll(*this, op); }

  // One datagram if there is one (the socket never blocks).
  long recv_from(char *buf, std::size_t n, sockaddr_in &from) {
    socklen_t len = sizeof from;
    return ::recvfrom(fd_, buf, n, 0, reinterpret_cast<sockaddr *>(&from), &len);
  }

  long send_to(const std::string &msg, const sockaddr_in &to) {
    return ::sendto(fd_, msg.data(), msg.size(), 0, reinterpret_cast<const sockaddr *>(&to), sizeof to);
  }

private:
  coro::scheduler &sched_;
  int fd_;
};

coro::task<std::string> next_announcement(peer &p) {
  co_await p.poll(coro::poll_op::read);
  char buf[512];
  sockaddr_in from{};
  long n = p.recv_from(buf, sizeof buf, from);
  co_return std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
}

coro::task<void> answer(peer &p, sockaddr_in to) {
  co_await p.poll(coro::poll_op::write);
  p.send_to("here", to);
}

// Drains whatever is queued without waiting.
coro::task<int> drain(coro::scheduler &sched, int fd) {
  co_await sched.schedule();
  char buf[512];
  int count = 0;
  while (::recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0)
    ++count;
  co_return count;
}

// A blocking socket: recvfrom waits for the next datagram.
coro::task<std::string> announce_and_wait(coro::scheduler &sched, std::uint16_t port) {
  co_await sched.schedule();
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_BROADCAST);
  ::sendto(fd, "who", 3, 0, reinterpret_cast<sockaddr *>(&to), sizeof to); // expect: coro-blocking-net
  char buf[512];
  long n = ::recvfrom(fd, buf, sizeof buf, 0, nullptr, nullptr); // expect: coro-blocking-net
  ::close(fd);
  co_return std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
}

} // namespace discovery

int main() {
  auto sched = coro::scheduler::make_unique();
  discovery::peer p{*sched};
  auto a = discovery::next_announcement(p);
  auto b = discovery::answer(p, sockaddr_in{});
  auto c = discovery::drain(*sched, p.native_handle());
  auto d = discovery::announce_and_wait(*sched, 5353);
  a.resume();
  b.resume();
  c.resume();
  d.resume();
  while (sched->process_events(std::chrono::milliseconds{10}) > 0) {
  }
}
