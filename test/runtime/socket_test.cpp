#include "unblock/socket.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "co_expect.hpp"
#include "unblock/check_blocking.hpp"
#include "unblock/errors.hpp"
#include "unblock/event.hpp"
#include "unblock/io.hpp"
#include "unblock/run.hpp"
#include "unblock/sleep.hpp"
#include "unblock/timeout.hpp"
#include "unblock/when_all.hpp"

using namespace std::chrono_literals;

namespace {

// A generous bound for waits that must end on their own: exceeding it means
// the test hung (it is never a timing assertion).
constexpr auto hang_guard = 10s;

const sockaddr* sa(const sockaddr_in& a) { return reinterpret_cast<const sockaddr*>(&a); }

sockaddr_in loopback(std::uint16_t port = 0) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  return a;
}

sockaddr_in local_address(int fd) {
  sockaddr_in a{};
  socklen_t len = sizeof a;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) throw std::runtime_error("getsockname");
  return a;
}

struct fd_pair {
  int a = -1;
  int b = -1;
};

fd_pair raw_pair(int type = SOCK_STREAM) {
  int sv[2];
  if (::socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, sv) != 0) throw std::runtime_error("socketpair");
  return {sv[0], sv[1]};
}

struct owned_pair {
  unblock::socket a;
  unblock::socket b;
};

owned_pair owned_socketpair(int type = SOCK_STREAM) {
  const fd_pair p = raw_pair(type);
  return {unblock::socket::adopt(p.a), unblock::socket::adopt(p.b)};
}

// The test's own peer, written to directly, never waiting.
ssize_t raw_send(int fd, std::string_view s) {
  const unblock::allow_blocking scaffolding;  // the test's own peer (checked runs)
  return ::send(fd, s.data(), s.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

// What `fd` has queued now, without waiting ("" when nothing).
std::string raw_take(int fd) {
  const unblock::allow_blocking scaffolding;  // the test's own peer (checked runs)
  char buf[256];
  const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

unblock::task<bool> send_all(unblock::socket& s, const char* data, std::size_t n) {
  std::size_t off = 0;
  while (off < n) {
    const ssize_t w = co_await s.send(data + off, n - off);
    if (w <= 0) co_return false;
    off += static_cast<std::size_t>(w);
  }
  co_return true;
}

// Exactly `n` bytes, or fewer when the stream ends or fails first.
unblock::task<std::string> recv_exact(unblock::socket& s, std::size_t n) {
  std::string out(n, '\0');
  std::size_t have = 0;
  while (have < n) {
    const ssize_t r = co_await s.recv(out.data() + have, n - have);
    if (r <= 0) break;
    have += static_cast<std::size_t>(r);
  }
  out.resize(have);
  co_return out;
}

// A call's result as text, "<result errno>", so that a failed check shows both.
std::string result_text(ssize_t n, int e) { return "<" + std::to_string(n) + " " + std::to_string(e) + ">"; }

// One recv: the bytes, or "<n errno>" for a result <= 0.
unblock::task<std::string> recv_once(unblock::socket& s, int flags = 0, std::stop_token token = {}) {
  char buf[256];
  const ssize_t n = co_await s.recv(buf, sizeof buf, flags, std::move(token));
  if (n > 0) co_return std::string(buf, static_cast<std::size_t>(n));
  co_return result_text(n, n < 0 ? errno : 0);
}

// `work`'s result, or "timed out" when `d` passes first.
unblock::task<std::string> or_timed_out(std::chrono::milliseconds d, unblock::task<std::string> work) {
  try {
    co_return co_await unblock::timeout(d, std::move(work));
  } catch (const unblock::timed_out&) {
  }
  co_return "timed out";
}

// ---- 1. echo server ------------------------------------------------------------

struct echo_server_state {
  int sessions_done = 0;
  int expected = 0;
  unblock::event all_done;
};

unblock::task<void> owned_echo_session(unblock::socket conn, echo_server_state& st) {
  char buf[4096];
  for (;;) {
    const ssize_t n = co_await conn.recv(buf, sizeof buf);
    if (n <= 0) break;
    bool ok = true;
    for (ssize_t off = 0; off < n;) {
      const ssize_t w = co_await conn.send(buf + off, static_cast<std::size_t>(n - off));
      if (w <= 0) {
        ok = false;
        break;
      }
      off += w;
    }
    if (!ok) break;
  }
  if (++st.sessions_done == st.expected) st.all_done.set();
}

unblock::task<int> owned_echo_server(unblock::acceptor& listener, int connections, echo_server_state& st) {
  int accepted = 0;
  for (int i = 0; i < connections; ++i) {
    sockaddr_in peer{};
    socklen_t len = sizeof peer;
    unblock::socket conn = co_await listener.accept(reinterpret_cast<sockaddr*>(&peer), &len);
    if (!conn.is_open()) throw std::system_error(errno, std::generic_category(), "accept");
    if (peer.sin_family == AF_INET && peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK)) ++accepted;
    unblock::spawn(owned_echo_session(std::move(conn), st));
  }
  co_return accepted;
}

std::string echo_message(int id, int round) {
  // Sizes from 1 byte to well over the session's 4 KiB buffer.
  const std::size_t size = 1 + static_cast<std::size_t>((id * 7919 + round * 104729) % 20000);
  std::string m(size, '\0');
  for (std::size_t i = 0; i < size; ++i) m[i] = static_cast<char>((i * 31 + static_cast<std::size_t>(id) * 17 + static_cast<std::size_t>(round)) & 0xff);
  return m;
}

constexpr int echo_rounds = 8;

unblock::task<int> owned_echo_client(const sockaddr_in& addr, int id) {
  auto s = unblock::socket::open(AF_INET, SOCK_STREAM);
  if (co_await s.connect(sa(addr), sizeof addr) != 0) throw std::system_error(errno, std::generic_category(), "connect");
  int good = 0;
  for (int round = 0; round < echo_rounds; ++round) {
    const std::string msg = echo_message(id, round);
    if (!co_await send_all(s, msg.data(), msg.size())) break;
    const std::string got = co_await recv_exact(s, msg.size());
    if (got == msg) ++good;
  }
  co_return good;  // the socket closes here: the session sees the end of the stream
}

unblock::task<void> owned_echo_run(int clients) {
  const sockaddr_in any = loopback();
  auto listener = unblock::acceptor::listen(sa(any), sizeof any);
  const sockaddr_in addr = local_address(listener.native_handle());
  echo_server_state st;
  st.expected = clients;
  std::vector<unblock::task<int>> cs;
  for (int i = 0; i < clients; ++i) cs.push_back(owned_echo_client(addr, i));
  auto [accepted, results] =
      co_await unblock::when_all(owned_echo_server(listener, clients, st), unblock::when_all(std::move(cs)));
  CO_EXPECT_EQ(accepted, clients);
  CO_EXPECT_EQ(results, std::vector<int>(static_cast<std::size_t>(clients), echo_rounds));  // rounds echoed intact, per client
  // Every session saw its client's end of stream and finished.
  auto wait_sessions = [&]() -> unblock::task<std::string> {
    co_await st.all_done.wait();
    co_return "done";
  };
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, wait_sessions()), "done");
  CO_EXPECT_EQ(st.sessions_done, clients);
}

TEST(Socket, EchoServerServesFiftyConcurrentClients) { unblock::run(owned_echo_run(50)); }

// ---- 2. listen, accept, open, connect ----------------------------------------------

unblock::task<void> listen_accept_connect() {
  const sockaddr_in any = loopback();
  auto listener = unblock::acceptor::listen(sa(any), sizeof any);
  CO_EXPECT_TRUE(listener.is_open());
  const sockaddr_in addr = local_address(listener.native_handle());
  CO_EXPECT_NE(addr.sin_port, 0);
  sockaddr_in client_local{};
  sockaddr_in peer{};
  peer.sin_family = AF_UNSPEC;
  socklen_t peer_len = sizeof peer;
  auto client = [&]() -> unblock::task<std::string> {
    auto s = unblock::socket::open(AF_INET, SOCK_STREAM);
    CO_EXPECT_TRUE(s.is_open());
    CO_EXPECT_TRUE(::fcntl(s.native_handle(), F_GETFL) & O_NONBLOCK);
    CO_EXPECT_TRUE(::fcntl(s.native_handle(), F_GETFD) & FD_CLOEXEC);
    const int rc = co_await s.connect(sa(addr), sizeof addr);
    CO_EXPECT_EQ(rc == 0 ? "connected" : std::strerror(errno), std::string("connected"));
    client_local = local_address(s.native_handle());
    CO_EXPECT_TRUE(co_await send_all(s, "hello", 5));
    co_return co_await recv_exact(s, 5);
  };
  auto server = [&]() -> unblock::task<std::string> {
    unblock::socket conn = co_await listener.accept(reinterpret_cast<sockaddr*>(&peer), &peer_len);
    CO_EXPECT_TRUE(conn.is_open());
    CO_EXPECT_EQ(local_address(conn.native_handle()).sin_port, addr.sin_port);
    const std::string got = co_await recv_exact(conn, 5);
    CO_EXPECT_TRUE(co_await send_all(conn, "world", 5));
    co_return got;
  };
  auto [at_server, at_client] = co_await unblock::when_all(server(), client());
  // The peer address names the client.
  CO_EXPECT_EQ(peer_len, sizeof(sockaddr_in));
  CO_EXPECT_EQ(peer.sin_family, AF_INET);
  CO_EXPECT_EQ(peer.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
  CO_EXPECT_NE(client_local.sin_port, 0);
  CO_EXPECT_EQ(peer.sin_port, client_local.sin_port);
  CO_EXPECT_EQ(at_server, "hello");
  CO_EXPECT_EQ(at_client, "world");
}

TEST(Socket, ListenAcceptFillsThePeerAndOpenConnects) { unblock::run(listen_accept_connect()); }

unblock::task<void> connect_refused() {
  sockaddr_in addr;
  {
    // A port nothing listens on any more.
    const sockaddr_in any = loopback();
    auto l = unblock::acceptor::listen(sa(any), sizeof any);
    addr = local_address(l.native_handle());
    CO_EXPECT_EQ(co_await l.close(), 0);
    CO_EXPECT_FALSE(l.is_open());
  }
  auto s = unblock::socket::open(AF_INET, SOCK_STREAM);
  const int rc = co_await s.connect(sa(addr), sizeof addr);
  const int e = errno;
  CO_EXPECT_EQ(rc, -1);
  CO_EXPECT_EQ(std::string(std::strerror(e)), std::strerror(ECONNREFUSED));
}

TEST(Socket, ConnectToAClosedPortIsRefused) { unblock::run(connect_refused()); }

// ---- 3. adopt --------------------------------------------------------------------

template <class F>
std::error_code adopt_error(F adopt) {
  try {
    adopt();
  } catch (const std::system_error& e) {
    return e.code();
  }
  return {};
}

bool fd_valid(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

TEST(Socket, AdoptRejectsBadDescriptors) {
  EXPECT_EQ(adopt_error([] { (void)unblock::socket::adopt(-1); }), std::errc::bad_file_descriptor);
  EXPECT_EQ(adopt_error([] { (void)unblock::acceptor::adopt(-1); }), std::errc::bad_file_descriptor);

  int p[2];
  ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
  EXPECT_EQ(adopt_error([&] { (void)unblock::socket::adopt(p[0]); }), std::errc::not_a_socket);
  EXPECT_EQ(adopt_error([&] { (void)unblock::acceptor::adopt(p[1]); }), std::errc::not_a_socket);
  for (int fd : p) {
    if (fd_valid(fd)) ::close(fd);
  }

  const int unbound = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(unbound, 0);
  EXPECT_EQ(adopt_error([&] { (void)unblock::acceptor::adopt(unbound); }), std::errc::invalid_argument);
  if (fd_valid(unbound)) ::close(unbound);
}

unblock::task<void> adopted_blocking_sockets_work(unblock::acceptor& listener, unblock::socket& client) {
  const sockaddr_in addr = local_address(listener.native_handle());
  auto connect = [&]() -> unblock::task<std::string> {
    const int rc = co_await client.connect(sa(addr), sizeof addr);
    CO_EXPECT_EQ(rc == 0 ? "connected" : std::strerror(errno), std::string("connected"));
    CO_EXPECT_TRUE(co_await send_all(client, "adopted", 7));
    co_return co_await recv_exact(client, 2);
  };
  auto serve = [&]() -> unblock::task<std::string> {
    unblock::socket conn = co_await listener.accept();
    CO_EXPECT_TRUE(conn.is_open());
    const std::string got = co_await recv_exact(conn, 7);
    CO_EXPECT_TRUE(co_await send_all(conn, "ok", 2));
    co_return got;
  };
  auto [at_server, at_client] = co_await unblock::when_all(serve(), connect());
  CO_EXPECT_EQ(at_server, "adopted");
  CO_EXPECT_EQ(at_client, "ok");
}

TEST(Socket, AdoptMakesBlockingSocketsNonBlocking) {
  const int cfd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(cfd, 0);
  ASSERT_FALSE(::fcntl(cfd, F_GETFL) & O_NONBLOCK);
  unblock::socket client = unblock::socket::adopt(cfd);
  EXPECT_EQ(client.native_handle(), cfd);
  EXPECT_TRUE(::fcntl(cfd, F_GETFL) & O_NONBLOCK);

  // A blocking listening socket, made and bound by hand.
  const int lfd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(lfd, 0);
  const sockaddr_in any = loopback();
  ASSERT_EQ(::bind(lfd, sa(any), sizeof any), 0);
  ASSERT_EQ(::listen(lfd, 16), 0);
  unblock::acceptor listener = unblock::acceptor::adopt(lfd);
  EXPECT_EQ(listener.native_handle(), lfd);
  EXPECT_TRUE(::fcntl(lfd, F_GETFL) & O_NONBLOCK);

  unblock::run(adopted_blocking_sockets_work(listener, client));
}

// ---- 4. closing while others wait ----------------------------------------------------

unblock::task<void> close_ends_waiting_recvs() {
  auto p = owned_socketpair();
  auto waiter = [&]() -> unblock::task<std::string> {
    char buf[16];
    const ssize_t n = co_await p.a.recv(buf, sizeof buf);
    co_return result_text(n, n < 0 ? errno : 0);
  };
  auto closer = [&]() -> unblock::task<int> {
    co_await unblock::sleep_for(10ms);  // both waiters are suspended by now
    co_return co_await p.a.close();
  };
  auto [first, second, closed] = co_await unblock::when_all(waiter(), waiter(), closer());
  CO_EXPECT_EQ(first, result_text(-1, ECANCELED));
  CO_EXPECT_EQ(second, result_text(-1, ECANCELED));
  CO_EXPECT_EQ(closed, 0);
  CO_EXPECT_FALSE(p.a.is_open());
  CO_EXPECT_EQ(p.a.native_handle(), -1);
  // Operations on the closed socket fail at once.
  char c;
  const ssize_t n = co_await p.a.recv(&c, 1);
  CO_EXPECT_EQ(result_text(n, n < 0 ? errno : 0), result_text(-1, EBADF));
  // The peer sees the end of the stream.
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, recv_once(p.b)), result_text(0, 0));
}

TEST(Socket, CloseResumesWaitingRecvsWithEcanceled) { unblock::run(close_ends_waiting_recvs()); }

unblock::task<void> close_ends_waiting_accept() {
  const sockaddr_in any = loopback();
  auto listener = unblock::acceptor::listen(sa(any), sizeof any);
  auto waiter = [&]() -> unblock::task<std::string> {
    unblock::socket conn = co_await listener.accept();
    co_return conn.is_open() ? std::string("accepted") : result_text(-1, errno);
  };
  auto closer = [&]() -> unblock::task<int> {
    co_await unblock::sleep_for(10ms);
    co_return co_await listener.close();
  };
  auto [accepted, closed] = co_await unblock::when_all(waiter(), closer());
  CO_EXPECT_EQ(accepted, result_text(-1, ECANCELED));
  CO_EXPECT_EQ(closed, 0);
  CO_EXPECT_FALSE(listener.is_open());
}

TEST(Socket, CloseResumesAWaitingAcceptWithAnEmptySocket) { unblock::run(close_ends_waiting_accept()); }

unblock::task<void> destroy_ends_waiting_recv() {
  auto p = owned_socketpair();
  auto waiter = [&]() -> unblock::task<std::string> {
    char buf[16];
    const ssize_t n = co_await p.a.recv(buf, sizeof buf);
    co_return result_text(n, n < 0 ? errno : 0);
  };
  auto destroyer = [&]() -> unblock::task<void> {
    co_await unblock::sleep_for(10ms);
    {
      unblock::socket gone = std::move(p.a);
      CO_EXPECT_TRUE(gone.is_open());
    }  // destroyed here
  };
  auto [got, _] = co_await unblock::when_all(waiter(), destroyer());
  CO_EXPECT_EQ(got, result_text(-1, ECANCELED));
  CO_EXPECT_FALSE(p.a.is_open());
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, recv_once(p.b)), result_text(0, 0));
}

TEST(Socket, DestroyingTheSocketResumesAWaitingRecvWithEcanceled) { unblock::run(destroy_ends_waiting_recv()); }

unblock::task<void> move_assign_over_waiting_recv() {
  auto p = owned_socketpair();
  auto q = owned_socketpair();
  auto waiter = [&]() -> unblock::task<std::string> {
    char buf[16];
    const ssize_t n = co_await p.a.recv(buf, sizeof buf);
    co_return result_text(n, n < 0 ? errno : 0);
  };
  auto replacer = [&]() -> unblock::task<void> {
    co_await unblock::sleep_for(10ms);
    p.a = std::move(q.a);  // closes the socket the waiter waits on
  };
  auto [got, _] = co_await unblock::when_all(waiter(), replacer());
  CO_EXPECT_EQ(got, result_text(-1, ECANCELED));
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, recv_once(p.b)), result_text(0, 0));
  // p.a is now q's socket and works.
  CO_EXPECT_EQ(raw_send(q.b.native_handle(), "moved"), 5);
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, recv_once(p.a)), "moved");
}

TEST(Socket, MoveAssigningOverASocketResumesItsWaiterWithEcanceled) { unblock::run(move_assign_over_waiting_recv()); }

unblock::task<void> release_ends_waiting_recv() {
  auto p = owned_socketpair();
  const int number = p.a.native_handle();
  int released = -1;
  auto waiter = [&]() -> unblock::task<std::string> {
    char buf[16];
    const ssize_t n = co_await p.a.recv(buf, sizeof buf);
    co_return result_text(n, n < 0 ? errno : 0);
  };
  auto releaser = [&]() -> unblock::task<void> {
    co_await unblock::sleep_for(10ms);
    released = p.a.release();
  };
  auto [got, _] = co_await unblock::when_all(waiter(), releaser());
  CO_EXPECT_EQ(got, result_text(-1, ECANCELED));
  CO_EXPECT_EQ(released, number);
  CO_EXPECT_FALSE(p.a.is_open());
  CO_EXPECT_TRUE(fd_valid(released));
  // Still open and non-blocking, with nothing consumed.
  CO_EXPECT_TRUE(::fcntl(released, F_GETFL) & O_NONBLOCK);
  CO_EXPECT_TRUE(co_await send_all(p.b, "after", 5));
  char buf[16];
  const ssize_t n = co_await unblock::recv(released, buf, sizeof buf, 0);
  CO_EXPECT_EQ(n, 5);
  if (n == 5) CO_EXPECT_EQ(std::string(buf, 5), "after");
  ::close(released);
}

TEST(Socket, ReleaseResumesAWaitingRecvAndKeepsTheDescriptorOpen) { unblock::run(release_ends_waiting_recv()); }

// ---- 5. a reused descriptor number never gets the old registration's events -----------

// Puts a fresh connected socket at descriptor number `number` (free now) and
// returns its peer.
int place_new_pair_at(int number) {
  fd_pair p = raw_pair();
  if (p.b == number) std::swap(p.a, p.b);  // either end will do: keep the one at `number`
  int at = p.a;
  if (p.a != number) {
    at = ::dup2(p.a, number);
    ::close(p.a);
  }
  if (at != number) throw std::runtime_error("dup2");
  return p.b;
}

// Socket A (peer PA) with a coroutine waiting in recv; A's open file is kept
// alive by a dup; A is closed; socket B gets A's number; B's recv starts;
// then PA writes, which makes A's old file readable: B's recv must not see
// it. `b_peer_writes`: B's own peer writes afterwards, and B gets only that.
// `close_at_once`: A is closed (and B put in its place) in the same loop
// step as A's recv started, before the loop polled (io_uring: the recv is
// still queued, not yet handed to the kernel).
unblock::task<void> reused_number_owned(bool b_peer_writes, bool close_at_once) {
  const fd_pair pa = raw_pair();
  unblock::socket a = unblock::socket::adopt(pa.a);
  const int number = a.native_handle();
  const int keep = ::dup(number);
  CO_EXPECT_GE(keep, 0);

  auto waiter = [&]() -> unblock::task<std::string> {
    char buf[16];
    const ssize_t n = co_await a.recv(buf, sizeof buf);
    co_return result_text(n, n < 0 ? errno : 0);
  };
  auto closer = [&]() -> unblock::task<int> {
    // Else the recv on A waits, registered or submitted to the kernel.
    if (!close_at_once) co_await unblock::sleep_for(10ms);
    co_return co_await a.close();
  };
  auto [got, closed] = co_await unblock::when_all(waiter(), closer());
  CO_EXPECT_EQ(got, result_text(-1, ECANCELED));
  CO_EXPECT_EQ(closed, 0);

  const int pb = place_new_pair_at(number);
  unblock::socket b = unblock::socket::adopt(number);
  CO_EXPECT_EQ(b.native_handle(), number);

  auto writers = [&]() -> unblock::task<void> {
    co_await unblock::sleep_for(10ms);  // B's recv waits by now
    CO_EXPECT_EQ(raw_send(pa.b, "old data"), 8);
    if (b_peer_writes) {
      co_await unblock::sleep_for(20ms);  // the old file's readiness has had its chance
      CO_EXPECT_EQ(raw_send(pb, "new"), 3);
    }
  };
  auto [on_b, _] = co_await unblock::when_all(or_timed_out(b_peer_writes ? hang_guard : 100ms, recv_once(b)), writers());
  CO_EXPECT_EQ(on_b, b_peer_writes ? "new" : "timed out");
  // The old file still holds the old peer's bytes, all of them: nothing read them.
  CO_EXPECT_EQ(raw_take(keep), "old data");
  CO_EXPECT_EQ(raw_take(keep), "");
  // B is still usable.
  CO_EXPECT_EQ(raw_send(pb, "again"), 5);
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, recv_once(b)), "again");
  ::close(keep);
  ::close(pa.b);
  ::close(pb);
}

TEST(SocketReuse, ReusedNumberNeverGetsTheOldSocketsEvents) { unblock::run(reused_number_owned(false, false)); }
TEST(SocketReuse, ReusedNumberGetsOnlyItsOwnPeersData) { unblock::run(reused_number_owned(true, false)); }
TEST(SocketReuse, NumberReusedInTheStepOfTheOldRecvNeverGetsItsEvents) {
  unblock::run(reused_number_owned(false, true));
}
TEST(SocketReuse, NumberReusedInTheStepOfTheOldRecvGetsOnlyItsOwnPeersData) {
  unblock::run(reused_number_owned(true, true));
}

// The same with the free functions on raw descriptors: a recv on A waits
// (and is registered), then ends by a timeout; A is closed with a dup
// keeping its file; a new socket takes A's number; a recv on it must see
// neither the old file's data nor miss its own.
unblock::task<std::string> free_recv_once(int fd) {
  char buf[256];
  const ssize_t n = co_await unblock::recv(fd, buf, sizeof buf, 0);
  if (n > 0) co_return std::string(buf, static_cast<std::size_t>(n));
  co_return result_text(n, n < 0 ? errno : 0);
}

unblock::task<void> reused_number_free(bool keep_old_file, bool b_peer_writes) {
  const fd_pair pa = raw_pair();
  const int number = pa.a;
  CO_EXPECT_EQ(co_await or_timed_out(20ms, free_recv_once(number)), "timed out");
  const int keep = keep_old_file ? ::dup(number) : -1;
  ::close(number);

  const int pb = place_new_pair_at(number);
  auto writers = [&]() -> unblock::task<void> {
    co_await unblock::sleep_for(10ms);  // the recv on the new socket waits by now
    CO_EXPECT_EQ(raw_send(pa.b, "old data"), keep_old_file ? 8 : -1);
    if (b_peer_writes) {
      co_await unblock::sleep_for(20ms);
      CO_EXPECT_EQ(raw_send(pb, "new"), 3);
    }
  };
  auto [on_b, _] =
      co_await unblock::when_all(or_timed_out(b_peer_writes ? hang_guard : 100ms, free_recv_once(number)), writers());
  CO_EXPECT_EQ(on_b, b_peer_writes ? "new" : "timed out");
  if (keep_old_file) {
    CO_EXPECT_EQ(raw_take(keep), "old data");
    ::close(keep);
  }
  CO_EXPECT_EQ(raw_send(pb, "again"), 5);
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, free_recv_once(number)), "again");
  ::close(number);
  ::close(pa.b);
  ::close(pb);
}

TEST(SocketReuse, FreeRecvOnAReusedNumberNeverGetsTheOldFilesEvents) { unblock::run(reused_number_free(true, false)); }
TEST(SocketReuse, FreeRecvOnAReusedNumberGetsItsOwnPeersData) { unblock::run(reused_number_free(true, true)); }
TEST(SocketReuse, FreeRecvOnANumberReusedAfterAPlainCloseGetsItsData) { unblock::run(reused_number_free(false, true)); }

// ---- 6. cancellation --------------------------------------------------------------

unblock::task<void> cancel_from_same_loop() {
  auto p = owned_socketpair();
  std::stop_source source;
  auto reader = [&]() -> unblock::task<std::string> {
    try {
      co_return co_await recv_once(p.a, 0, source.get_token());
    } catch (const unblock::operation_cancelled&) {
    }
    co_return "cancelled";
  };
  auto canceller = [&]() -> unblock::task<void> {
    co_await unblock::sleep_for(10ms);
    const unblock::allow_blocking wake;  // request_stop may make a futex wake call (checked runs)
    source.request_stop();
  };
  auto [got, _] = co_await unblock::when_all(reader(), canceller());
  CO_EXPECT_EQ(got, "cancelled");
  // Nothing was lost: bytes sent afterwards arrive.
  CO_EXPECT_EQ(raw_send(p.b.native_handle(), "later"), 5);
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, recv_exact(p.a, 5)), "later");
}

TEST(SocketCancel, StopFromTheSameLoopThrowsOperationCancelled) { unblock::run(cancel_from_same_loop()); }

TEST(SocketCancel, StopFromAnotherThreadThrowsOperationCancelled) {
  auto p = owned_socketpair();
  std::stop_source source;
  std::thread stopper([&] {
    std::this_thread::sleep_for(20ms);
    source.request_stop();
  });
  auto reader = [&]() -> unblock::task<std::string> {
    try {
      co_return co_await recv_once(p.a, 0, source.get_token());
    } catch (const unblock::operation_cancelled&) {
    }
    co_return "cancelled";
  };
  EXPECT_EQ(unblock::run(reader()), "cancelled");
  stopper.join();
  // The socket still works afterwards, in another run.
  auto after = [&]() -> unblock::task<std::string> {
    CO_EXPECT_EQ(raw_send(p.b.native_handle(), "still"), 5);
    co_return co_await or_timed_out(hang_guard, recv_exact(p.a, 5));
  };
  EXPECT_EQ(unblock::run(after()), "still");
}

unblock::task<void> timeout_of_recv() {
  auto p = owned_socketpair();
  bool timed_out = false;
  try {
    co_await unblock::timeout(20ms, recv_once(p.a));
  } catch (const unblock::timed_out&) {
    timed_out = true;
  }
  CO_EXPECT_TRUE(timed_out);
  CO_EXPECT_EQ(raw_send(p.b.native_handle(), "after timeout"), 13);
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, recv_exact(p.a, 13)), "after timeout");
}

TEST(SocketCancel, TimeoutOfARecvThrowsTimedOutAndLosesNothing) { unblock::run(timeout_of_recv()); }

unblock::task<void> already_stopped() {
  auto p = owned_socketpair();
  std::stop_source source;
  source.request_stop();
  // Empty socket: the recv must throw at once rather than wait.
  auto stopped_recv = [&]() -> unblock::task<std::string> {
    try {
      co_return co_await recv_once(p.a, 0, source.get_token());
    } catch (const unblock::operation_cancelled&) {
    }
    co_return "cancelled";
  };
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, stopped_recv()), "cancelled");
  // With data queued it throws too, and consumes nothing.
  CO_EXPECT_EQ(raw_send(p.b.native_handle(), "queued"), 6);
  co_await unblock::sleep_for(5ms);  // the loop has seen the data arrive
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, stopped_recv()), "cancelled");
  bool send_cancelled = false;
  try {
    (void)co_await p.a.send("x", 1, 0, source.get_token());
  } catch (const unblock::operation_cancelled&) {
    send_cancelled = true;
  }
  CO_EXPECT_TRUE(send_cancelled);
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, recv_exact(p.a, 6)), "queued");
  CO_EXPECT_EQ(raw_take(p.b.native_handle()), "");  // the cancelled send sent nothing
}

TEST(SocketCancel, AnAlreadyStoppedTokenThrowsWithoutWaiting) { unblock::run(already_stopped()); }

unblock::task<void> cancel_accept() {
  const sockaddr_in any = loopback();
  auto listener = unblock::acceptor::listen(sa(any), sizeof any);
  const sockaddr_in addr = local_address(listener.native_handle());
  bool timed_out = false;
  try {
    auto accept_one = [&]() -> unblock::task<void> { (void)co_await listener.accept(); };
    co_await unblock::timeout(20ms, accept_one());
  } catch (const unblock::timed_out&) {
    timed_out = true;
  }
  CO_EXPECT_TRUE(timed_out);
  // The acceptor still accepts.
  auto client = [&]() -> unblock::task<int> {
    auto s = unblock::socket::open(AF_INET, SOCK_STREAM);
    co_return co_await s.connect(sa(addr), sizeof addr);
  };
  auto server = [&]() -> unblock::task<bool> {
    unblock::socket conn = co_await listener.accept();
    co_return conn.is_open();
  };
  auto [accepted, connected] = co_await unblock::when_all(server(), client());
  CO_EXPECT_TRUE(accepted);
  CO_EXPECT_EQ(connected, 0);
}

TEST(SocketCancel, TimedOutAcceptLeavesTheAcceptorUsable) {
  auto guarded = [] { return unblock::timeout(hang_guard, cancel_accept()); };
  unblock::run(guarded());
}

// ---- 7. peeking, datagrams, end of stream, MSG_DONTWAIT ----------------------------------

unblock::task<void> peek_then_recv() {
  auto p = owned_socketpair();
  CO_EXPECT_EQ(raw_send(p.b.native_handle(), "peekaboo"), 8);
  co_await unblock::sleep_for(10ms);  // the loop has seen (and consumed) the readiness edge
  // A peek shorter than the buffer leaves the bytes queued: the recv after
  // it must not wait for another edge.
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, recv_once(p.a, MSG_PEEK)), "peekaboo");
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, recv_once(p.a, MSG_PEEK)), "peekaboo");
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, recv_once(p.a)), "peekaboo");
  CO_EXPECT_EQ(co_await recv_once(p.a, MSG_DONTWAIT), result_text(-1, EAGAIN));
}

TEST(SocketRecv, PeekThenRecvGetsTheSameBytes) { unblock::run(peek_then_recv()); }

unblock::task<void> two_datagrams(unblock::socket& tx, unblock::socket& rx) {
  CO_EXPECT_EQ(co_await tx.send("one", 3), 3);
  CO_EXPECT_EQ(co_await tx.send("two!", 4), 4);
  co_await unblock::sleep_for(10ms);  // the loop has seen (and consumed) the readiness edges
  // Each recv gets one datagram, shorter than the buffer: that must not be
  // taken for a drained queue.
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, recv_once(rx)), "one");
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, recv_once(rx)), "two!");
  CO_EXPECT_EQ(co_await recv_once(rx, MSG_DONTWAIT), result_text(-1, EAGAIN));
}

unblock::task<void> udp_datagrams() {
  auto rx = unblock::socket::open(AF_INET, SOCK_DGRAM);
  auto tx = unblock::socket::open(AF_INET, SOCK_DGRAM);
  const sockaddr_in any = loopback();
  CO_EXPECT_EQ(::bind(rx.native_handle(), sa(any), sizeof any), 0);
  CO_EXPECT_EQ(::bind(tx.native_handle(), sa(any), sizeof any), 0);
  const sockaddr_in rx_addr = local_address(rx.native_handle());
  const sockaddr_in tx_addr = local_address(tx.native_handle());
  CO_EXPECT_EQ(co_await tx.connect(sa(rx_addr), sizeof rx_addr), 0);
  CO_EXPECT_EQ(co_await rx.connect(sa(tx_addr), sizeof tx_addr), 0);
  co_await two_datagrams(tx, rx);
}

TEST(SocketRecv, UdpDatagramsEachCompleteARecv) { unblock::run(udp_datagrams()); }

unblock::task<void> unix_datagrams() {
  auto p = owned_socketpair(SOCK_DGRAM);
  co_await two_datagrams(p.b, p.a);
}

TEST(SocketRecv, UnixDatagramsOfAnAdoptedPairEachCompleteARecv) { unblock::run(unix_datagrams()); }

unblock::task<void> end_of_stream(bool data_first) {
  auto p = owned_socketpair();
  if (data_first) CO_EXPECT_EQ(raw_send(p.b.native_handle(), "tail"), 4);
  CO_EXPECT_EQ(co_await p.b.close(), 0);
  co_await unblock::sleep_for(10ms);  // the loop has seen (and consumed) the readiness edges
  if (data_first) CO_EXPECT_EQ(co_await or_timed_out(hang_guard, recv_once(p.a)), "tail");
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, recv_once(p.a)), result_text(0, 0));
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, recv_once(p.a)), result_text(0, 0));
}

TEST(SocketRecv, EndOfStreamGivesZeroTwice) { unblock::run(end_of_stream(false)); }
TEST(SocketRecv, EndOfStreamAfterAShortReadGivesZeroTwice) { unblock::run(end_of_stream(true)); }

unblock::task<void> end_of_stream_while_waiting() {
  auto p = owned_socketpair();
  auto closer = [&]() -> unblock::task<int> {
    co_await unblock::sleep_for(10ms);
    co_return co_await p.b.close();
  };
  auto [first, closed] = co_await unblock::when_all(or_timed_out(hang_guard, recv_once(p.a)), closer());
  CO_EXPECT_EQ(first, result_text(0, 0));
  CO_EXPECT_EQ(closed, 0);
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, recv_once(p.a)), result_text(0, 0));
}

TEST(SocketRecv, PeerClosingWhileARecvWaitsGivesZero) { unblock::run(end_of_stream_while_waiting()); }

unblock::task<void> dontwait_on_empty() {
  auto p = owned_socketpair();
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, recv_once(p.a, MSG_DONTWAIT)), result_text(-1, EAGAIN));
  // Also once the socket is known to be drained (after a short read).
  CO_EXPECT_EQ(raw_send(p.b.native_handle(), "x"), 1);
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, recv_once(p.a)), "x");
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, recv_once(p.a, MSG_DONTWAIT)), result_text(-1, EAGAIN));
}

TEST(SocketRecv, MsgDontwaitOnAnEmptySocketGivesEagain) { unblock::run(dontwait_on_empty()); }

unblock::task<void> send_to_closed_peer() {
  auto p = owned_socketpair();
  CO_EXPECT_EQ(co_await p.b.close(), 0);
  // MSG_NOSIGNAL is added: EPIPE instead of SIGPIPE killing the test.
  const ssize_t n = co_await p.a.send("x", 1);
  CO_EXPECT_EQ(result_text(n, n < 0 ? errno : 0), result_text(-1, EPIPE));
}

TEST(SocketSend, SendToAClosedPeerGivesEpipeNotSigpipe) { unblock::run(send_to_closed_peer()); }

// ---- 8. large transfer --------------------------------------------------------------

char pattern_byte(std::size_t i) { return static_cast<char>((i * 131 + i / 4093) & 0xff); }

unblock::task<void> large_transfer() {
  constexpr std::size_t total = 8u << 20;
  const sockaddr_in any = loopback();
  auto listener = unblock::acceptor::listen(sa(any), sizeof any);
  const sockaddr_in addr = local_address(listener.native_handle());
  std::string data(total, '\0');
  for (std::size_t i = 0; i < total; ++i) data[i] = pattern_byte(i);
  int sends = 0;
  auto sender = [&]() -> unblock::task<std::size_t> {
    auto s = unblock::socket::open(AF_INET, SOCK_STREAM);
    CO_EXPECT_EQ(co_await s.connect(sa(addr), sizeof addr), 0);
    std::size_t off = 0;
    while (off < total) {
      const std::size_t chunk = std::min<std::size_t>(total - off, 1u << 20);
      const ssize_t w = co_await s.send(data.data() + off, chunk);
      ++sends;
      if (w <= 0) break;
      off += static_cast<std::size_t>(w);  // possibly fewer than asked: sent again from there
    }
    co_return off;
  };
  auto receiver = [&]() -> unblock::task<std::string> {
    unblock::socket conn = co_await listener.accept();
    std::string got;
    got.reserve(total);
    std::vector<char> buf(256 * 1024);
    // Exactly `total` bytes: the end of the stream after a short read is
    // what EndOfStreamAfterAShortReadGivesZeroTwice checks.
    while (got.size() < total) {
      const ssize_t n = co_await conn.recv(buf.data(), std::min(buf.size(), total - got.size()));
      if (n <= 0) break;
      got.append(buf.data(), static_cast<std::size_t>(n));
    }
    co_return got;
  };
  auto [got, sent] = co_await unblock::when_all(receiver(), sender());
  CO_EXPECT_EQ(sent, total);
  CO_EXPECT_GE(sends, 8);
  CO_EXPECT_EQ(got.size(), total);
  std::size_t first_bad = total;
  for (std::size_t i = 0; i < total && i < got.size() && first_bad == total; ++i) {
    if (got[i] != data[i]) first_bad = i;
  }
  CO_EXPECT_EQ(first_bad, total);  // the first differing byte, if any
}

TEST(SocketSend, EightMebibytesArriveIntact) {
  auto guarded = [] { return unblock::timeout(60s, large_transfer()); };
  unblock::run(guarded());
}

// ---- 9. moves, sockets outside run(), successive runs, loops ------------------------------

unblock::task<void> moved_while_idle() {
  auto p = owned_socketpair();
  // Registered and used first.
  CO_EXPECT_EQ(raw_send(p.b.native_handle(), "one"), 3);
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, recv_exact(p.a, 3)), "one");
  const int number = p.a.native_handle();
  unblock::socket moved = std::move(p.a);
  CO_EXPECT_FALSE(p.a.is_open());
  CO_EXPECT_EQ(p.a.native_handle(), -1);
  CO_EXPECT_EQ(moved.native_handle(), number);
  // A wait on the moved socket is woken by its peer.
  auto late_sender = [&]() -> unblock::task<void> {
    co_await unblock::sleep_for(10ms);
    CO_EXPECT_EQ(raw_send(p.b.native_handle(), "two"), 3);
  };
  auto [got, _] = co_await unblock::when_all(or_timed_out(hang_guard, recv_exact(moved, 3)), late_sender());
  CO_EXPECT_EQ(got, "two");
  CO_EXPECT_TRUE(co_await send_all(moved, "back", 4));
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, recv_exact(p.b, 4)), "back");
  // Moved again, by assignment into an empty socket.
  unblock::socket again;
  again = std::move(moved);
  CO_EXPECT_FALSE(moved.is_open());
  CO_EXPECT_TRUE(co_await send_all(again, "three", 5));
  CO_EXPECT_EQ(co_await or_timed_out(hang_guard, recv_exact(p.b, 5)), "three");
}

TEST(SocketLifetime, AMovedSocketKeepsWorking) { unblock::run(moved_while_idle()); }

unblock::task<std::string> exchange_with_wait(unblock::socket& reader, unblock::socket& writer, std::string msg) {
  auto late_sender = [&]() -> unblock::task<bool> {
    co_await unblock::sleep_for(10ms);  // the reader waits first
    co_return co_await send_all(writer, msg.data(), msg.size());
  };
  auto [got, sent] = co_await unblock::when_all(or_timed_out(hang_guard, recv_exact(reader, msg.size())), late_sender());
  CO_EXPECT_TRUE(sent);
  co_return got;
}

TEST(SocketLifetime, SocketsMadeOutsideRunWorkInside) {
  auto p = owned_socketpair();
  auto opened = unblock::socket::open(AF_INET, SOCK_STREAM);
  const sockaddr_in any = loopback();
  auto listener = unblock::acceptor::listen(sa(any), sizeof any);
  const sockaddr_in addr = local_address(listener.native_handle());
  auto body = [&]() -> unblock::task<void> {
    CO_EXPECT_EQ(co_await exchange_with_wait(p.a, p.b, "outside"), "outside");
    auto connect = [&]() -> unblock::task<int> { co_return co_await opened.connect(sa(addr), sizeof addr); };
    auto accept = [&]() -> unblock::task<unblock::socket> { co_return co_await listener.accept(); };
    auto [conn, rc] = co_await unblock::when_all(accept(), connect());
    CO_EXPECT_EQ(rc, 0);
    CO_EXPECT_TRUE(conn.is_open());
    CO_EXPECT_EQ(co_await exchange_with_wait(conn, opened, "opened outside"), "opened outside");
  };
  unblock::run(body());
}

TEST(SocketLifetime, ASocketWorksInSuccessiveRuns) {
  auto p = owned_socketpair();
  for (int i = 0; i < 3; ++i) {
    const std::string msg = "run " + std::to_string(i);
    EXPECT_EQ(unblock::run(exchange_with_wait(p.a, p.b, msg)), msg);
    EXPECT_EQ(unblock::run(exchange_with_wait(p.b, p.a, msg)), msg);
  }
}

TEST(SocketLifetime, ASocketWorksInRunsOfBothBackends) {
  auto p = owned_socketpair();
  unblock::run_options epoll;
  epoll.backend = unblock::io_backend::epoll;
  unblock::run_options ring;
  ring.backend = unblock::io_backend::io_uring;
  EXPECT_EQ(unblock::run(exchange_with_wait(p.a, p.b, "epoll 1"), epoll), "epoll 1");
  try {
    EXPECT_EQ(unblock::run(exchange_with_wait(p.a, p.b, "io_uring"), ring), "io_uring");
  } catch (const std::system_error& e) {
    GTEST_SKIP() << "io_uring backend unavailable: " << e.what();
  }
  EXPECT_EQ(unblock::run(exchange_with_wait(p.a, p.b, "epoll 2"), epoll), "epoll 2");
}

// epoll (forced in both loops): a socket registered with a loop that still
// runs gives EXDEV to another loop; once that loop ends it works anywhere.
TEST(SocketLifetime, ASecondEpollLoopGetsExdevWhileTheFirstRuns) {
  auto p = owned_socketpair();
  unblock::run_options epoll;
  epoll.backend = unblock::io_backend::epoll;
  std::atomic<int> stage{0};
  std::string other_result;
  std::thread other([&] {
    while (stage.load() != 1) std::this_thread::sleep_for(1ms);
    auto use = [&]() -> unblock::task<std::string> { co_return co_await recv_once(p.a, MSG_DONTWAIT); };
    other_result = unblock::run(use(), epoll);
    stage.store(2);
  });
  auto first = [&]() -> unblock::task<void> {
    CO_EXPECT_EQ(co_await recv_once(p.a, MSG_DONTWAIT), result_text(-1, EAGAIN));  // registers it here
    stage.store(1);
    const auto deadline = std::chrono::steady_clock::now() + hang_guard;
    while (stage.load() != 2 && std::chrono::steady_clock::now() < deadline) co_await unblock::sleep_for(1ms);
  };
  unblock::run(first(), epoll);
  other.join();
  EXPECT_EQ(other_result, result_text(-1, EXDEV));
  EXPECT_EQ(unblock::run(exchange_with_wait(p.a, p.b, "after"), epoll), "after");
}

// ---- 10. backends ---------------------------------------------------------------------

unblock::task<unblock::io_backend> backend_in_use() {
  // And owned sockets work in it.
  auto p = owned_socketpair();
  CO_EXPECT_EQ(co_await exchange_with_wait(p.a, p.b, "backend"), "backend");
  co_return unblock::current_backend();
}

const char* backend_name(unblock::io_backend b) {
  switch (b) {
    case unblock::io_backend::automatic:
      return "automatic";
    case unblock::io_backend::epoll:
      return "epoll";
    case unblock::io_backend::io_uring:
      return "io_uring";
  }
  return "?";
}

TEST(SocketBackend, CurrentBackendFollowsTheEnvironment) {
  const unblock::io_backend b = unblock::run(backend_in_use());
  const char* env = std::getenv("UNBLOCK_BACKEND");
  const std::string forced = env ? env : "";
  if (forced == "epoll" || forced == "io_uring") {
    EXPECT_STREQ(backend_name(b), forced.c_str());
  } else {
    EXPECT_TRUE(b == unblock::io_backend::epoll || b == unblock::io_backend::io_uring) << backend_name(b);
  }
}

TEST(SocketBackend, CurrentBackendOutsideRunThrowsLogicError) {
  EXPECT_THROW((void)unblock::current_backend(), std::logic_error);
}

TEST(SocketBackend, RunOptionsForceEpoll) {
  unblock::run_options o;
  o.backend = unblock::io_backend::epoll;
  EXPECT_EQ(unblock::run(backend_in_use(), o), unblock::io_backend::epoll);
}

TEST(SocketBackend, RunOptionsForceIoUringOrThrowSystemError) {
  unblock::run_options o;
  o.backend = unblock::io_backend::io_uring;
  unblock::io_backend b{};
  try {
    b = unblock::run(backend_in_use(), o);
  } catch (const std::system_error& e) {
    GTEST_SKIP() << "io_uring backend unavailable: " << e.what();
  }
  EXPECT_EQ(b, unblock::io_backend::io_uring);
}

// Sets UNBLOCK_BACKEND for its lifetime, then restores it.
class backend_env {
 public:
  explicit backend_env(const char* value) {
    if (const char* old = std::getenv("UNBLOCK_BACKEND")) old_ = old;
    ::setenv("UNBLOCK_BACKEND", value, 1);
  }
  ~backend_env() {
    if (old_) {
      ::setenv("UNBLOCK_BACKEND", old_->c_str(), 1);
    } else {
      ::unsetenv("UNBLOCK_BACKEND");
    }
  }
  backend_env(const backend_env&) = delete;
  backend_env& operator=(const backend_env&) = delete;

 private:
  std::optional<std::string> old_;
};

unblock::task<int> never_run(bool& ran) {
  ran = true;
  co_return 1;
}

TEST(SocketBackend, AnInvalidEnvironmentValueThrowsInvalidArgument) {
  const backend_env env("kqueue");
  bool ran = false;
  EXPECT_THROW((void)unblock::run(never_run(ran)), std::invalid_argument);
  EXPECT_FALSE(ran);
  unblock::run_options automatic;
  automatic.backend = unblock::io_backend::automatic;
  EXPECT_THROW((void)unblock::run(never_run(ran), automatic), std::invalid_argument);
  EXPECT_FALSE(ran);
  // A backend named in the options does not consult the variable.
  unblock::run_options epoll;
  epoll.backend = unblock::io_backend::epoll;
  EXPECT_EQ(unblock::run(backend_in_use(), epoll), unblock::io_backend::epoll);
}

TEST(SocketBackend, TheEnvironmentVariableForcesEpoll) {
  const backend_env env("epoll");
  EXPECT_EQ(unblock::run(backend_in_use()), unblock::io_backend::epoll);
}

TEST(SocketBackend, TheEnvironmentVariableAcceptsAutomatic) {
  const backend_env env("automatic");
  const unblock::io_backend b = unblock::run(backend_in_use());
  EXPECT_TRUE(b == unblock::io_backend::epoll || b == unblock::io_backend::io_uring) << backend_name(b);
}

}  // namespace
