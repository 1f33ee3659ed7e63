#include "unblock/io.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "support.hpp"
#include "unblock/check_blocking.hpp"
#include "unblock/errors.hpp"
#include "unblock/run.hpp"
#include "unblock/sleep.hpp"
#include "unblock/when_all.hpp"

using namespace std::chrono_literals;
using unblock_test::listener;
using unblock_test::tcp_socket;

namespace {

unblock::task<void> echo_session(int fd) {
  char buf[4096];
  for (;;) {
    const ssize_t n = co_await unblock::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    ssize_t off = 0;
    while (off < n) {
      const ssize_t w = co_await unblock::send(fd, buf + off, static_cast<std::size_t>(n - off), MSG_NOSIGNAL);
      if (w < 0) break;
      off += w;
    }
  }
  ::close(fd);
}

unblock::task<void> echo_server(int listen_fd, int connections) {
  for (int i = 0; i < connections; ++i) {
    const int fd = co_await unblock::accept(listen_fd, nullptr, nullptr);
    if (fd < 0) throw std::runtime_error(std::string("accept: ") + std::strerror(errno));
    unblock::spawn(echo_session(fd));
  }
}

unblock::task<int> echo_client(const listener& l, int id, bool blocking_socket) {
  const int fd = tcp_socket(!blocking_socket);
  if (co_await unblock::connect(fd, l.sa(), sizeof l.addr) != 0) throw std::runtime_error("connect");
  int good = 0;
  for (int round = 0; round < 20; ++round) {
    const std::string msg = "client " + std::to_string(id) + " round " + std::to_string(round);
    std::size_t off = 0;
    while (off < msg.size()) off += static_cast<std::size_t>(co_await unblock::write(fd, msg.data() + off, msg.size() - off));
    std::string got(msg.size(), '\0');
    std::size_t have = 0;
    while (have < got.size()) {
      const ssize_t n = co_await unblock::read(fd, got.data() + have, got.size() - have);
      if (n <= 0) throw std::runtime_error("read");
      have += static_cast<std::size_t>(n);
    }
    if (got == msg) ++good;
  }
  ::close(fd);
  co_return good;
}

unblock::task<int> echo_run(int clients) {
  listener l;
  std::vector<unblock::task<int>> cs;
  for (int i = 0; i < clients; ++i) cs.push_back(echo_client(l, i, i % 2 == 0));
  auto [_, results] = co_await unblock::when_all(echo_server(l.fd, clients), unblock::when_all(std::move(cs)));
  int total = 0;
  for (int r : results) total += r;
  co_return total;
}

TEST(Io, EchoServerServesFiftyLoopbackClients) { EXPECT_EQ(unblock::run(echo_run(50)), 50 * 20); }

unblock::task<int> blocking_listener_accepts() {
  listener l(/*nonblocking=*/false);
  auto client = [&]() -> unblock::task<int> {
    const int fd = tcp_socket(false);
    const int rc = co_await unblock::connect(fd, l.sa(), sizeof l.addr);
    const int flags = ::fcntl(fd, F_GETFL);
    ::close(fd);
    co_return rc == 0 && !(flags & O_NONBLOCK) ? 1 : 0;
  };
  auto server = [&]() -> unblock::task<int> {
    const int fd = co_await unblock::accept(l.fd, nullptr, nullptr);
    if (fd >= 0) ::close(fd);
    co_return fd >= 0 ? 1 : 0;
  };
  auto [a, b] = co_await unblock::when_all(server(), client());
  co_return a + b;
}

TEST(Io, BlockingDescriptorsWorkAndKeepTheirMode) { EXPECT_EQ(unblock::run(blocking_listener_accepts()), 2); }

unblock::task<std::string> pipe_roundtrip() {
  int p[2];
  if (::pipe(p) != 0) throw std::runtime_error("pipe");
  std::string big(200'000, 'x');  // larger than the pipe buffer: the writer must wait for the reader
  auto writer = [&]() -> unblock::task<void> {
    std::size_t off = 0;
    while (off < big.size()) {
      const ssize_t n = co_await unblock::write(p[1], big.data() + off, big.size() - off);
      if (n <= 0) throw std::runtime_error("write");
      off += static_cast<std::size_t>(n);
    }
    ::close(p[1]);
  };
  auto reader = [&]() -> unblock::task<std::string> {
    std::string out;
    char buf[8192];
    for (;;) {
      const ssize_t n = co_await unblock::read(p[0], buf, sizeof buf);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(p[0]);
    co_return out;
  };
  auto [_, out] = co_await unblock::when_all(writer(), reader());
  co_return out;
}

TEST(Io, BlockingPipesNeverBlockTheLoop) { EXPECT_EQ(unblock::run(pipe_roundtrip()).size(), 200'000u); }

unblock::task<ssize_t> peer_closes_mid_read() {
  int sv[2];
  ::socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  auto closer = [&]() -> unblock::task<void> {
    co_await unblock::sleep_for(10ms);
    ::close(sv[1]);
  };
  auto reader = [&]() -> unblock::task<ssize_t> {
    char buf[16];
    co_return co_await unblock::recv(sv[0], buf, sizeof buf, 0);
  };
  auto [_, n] = co_await unblock::when_all(closer(), reader());
  ::close(sv[0]);
  co_return n;
}

TEST(Io, PeerClosingMidReadGivesEndOfFile) { EXPECT_EQ(unblock::run(peer_closes_mid_read()), 0); }

unblock::task<bool> cancel_mid_recv() {
  int sv[2];
  ::socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  std::stop_source source;
  auto canceller = [&]() -> unblock::task<void> {
    co_await unblock::sleep_for(10ms);
    source.request_stop();
  };
  auto reader = [&]() -> unblock::task<bool> {
    char buf[16];
    try {
      co_await unblock::recv(sv[0], buf, sizeof buf, 0, source.get_token());
    } catch (const unblock::operation_cancelled&) {
      co_return true;
    }
    co_return false;
  };
  auto [_, cancelled] = co_await unblock::when_all(canceller(), reader());
  // The descriptor is still usable after a cancelled wait.
  char c = 'z';
  {
    const unblock::allow_blocking setup;  // the test's own peer (checked runs)
    ::send(sv[1], &c, 1, 0);
  }
  char got = 0;
  const ssize_t n = co_await unblock::recv(sv[0], &got, 1, 0);
  ::close(sv[0]);
  ::close(sv[1]);
  co_return cancelled && n == 1 && got == 'z';
}

TEST(Io, CancellingMidRecvThrowsAndLeavesTheDescriptorUsable) { EXPECT_TRUE(unblock::run(cancel_mid_recv())); }

TEST(Io, CancellingFromAnotherThreadWakesTheReader) {
  int sv[2];
  ::socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  std::stop_source source;
  std::thread stopper([&] {
    std::this_thread::sleep_for(10ms);
    source.request_stop();
  });
  auto reader = [&]() -> unblock::task<bool> {
    char buf[16];
    try {
      co_await unblock::read(sv[0], buf, sizeof buf, source.get_token());
    } catch (const unblock::operation_cancelled&) {
      co_return true;
    }
    co_return false;
  };
  EXPECT_TRUE(unblock::run(reader()));
  stopper.join();
  ::close(sv[0]);
  ::close(sv[1]);
}

unblock::task<int> refused() {
  listener l;
  sockaddr_in addr = l.addr;
  ::close(l.fd);
  l.fd = ::socket(AF_INET, SOCK_STREAM, 0);  // keep the destructor harmless
  const int fd = tcp_socket(false);
  const int rc = co_await unblock::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  const int err = errno;
  ::close(fd);
  co_return rc == -1 ? err : 0;
}

TEST(Io, ConnectRefusedReturnsMinusOneWithErrno) { EXPECT_EQ(unblock::run(refused()), ECONNREFUSED); }

unblock::task<int> bad_fd() {
  char c;
  const ssize_t n = co_await unblock::recv(-1, &c, 1, 0);
  co_return n == -1 ? errno : 0;
}

TEST(Io, BadDescriptorReturnsMinusOneWithEbadf) { EXPECT_EQ(unblock::run(bad_fd()), EBADF); }

unblock::task<int> dontwait() {
  int sv[2];
  ::socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  char c;
  const ssize_t n = co_await unblock::recv(sv[0], &c, 1, MSG_DONTWAIT);
  const int err = errno;
  ::close(sv[0]);
  ::close(sv[1]);
  co_return n == -1 ? err : 0;
}

TEST(Io, MsgDontwaitIsHonoured) { EXPECT_EQ(unblock::run(dontwait()), EAGAIN); }

unblock::task<std::string> regular_file() {
  char path[] = "/tmp/unblock-io-test-XXXXXX";
  const int fd = ::mkstemp(path);
  {
    const unblock::allow_blocking setup;  // the test's own file (checked runs)
    ::unlink(path);
  }
  const std::string text = "regular files go to the pool";
  co_await unblock::write(fd, text.data(), text.size());
  ::lseek(fd, 0, SEEK_SET);
  std::string out(text.size(), '\0');
  const ssize_t n = co_await unblock::read(fd, out.data(), out.size());
  ::close(fd);
  out.resize(n < 0 ? 0 : static_cast<std::size_t>(n));
  co_return out;
}

TEST(Io, RegularFilesAreReadAndWrittenOnThePool) {
  EXPECT_EQ(unblock::run(regular_file()), "regular files go to the pool");
}

unblock::task<int> resolve() {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  const int rc = co_await unblock::getaddrinfo("127.0.0.1", "80", &hints, &res);
  int family = -1;
  if (rc == 0 && res) family = res->ai_family;
  if (res) ::freeaddrinfo(res);
  co_return rc == 0 ? family : -100 - rc;
}

TEST(Io, GetaddrinfoResolvesOnThePool) { EXPECT_EQ(unblock::run(resolve()), AF_INET); }

}  // namespace
