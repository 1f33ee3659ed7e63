// The examples of docs/runtime.md, compiled and run. Keep them in sync: each
// block between "// doc:NAME" and "// end" is copied verbatim into the docs.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <future>
#include <iterator>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "support.hpp"
#include "unblock/unblock.hpp"

using namespace std::chrono_literals;

// doc:hello
unblock::task<int> answer() {
  co_await unblock::sleep_for(10ms);  // suspends this coroutine, not the thread
  co_return 42;
}

int hello_main() { return unblock::run(answer()); }
// end

// doc:offload
unblock::task<std::string> read_config(const std::string& path) {
  // Blocking calls without an awaitable equivalent go to the blocking pool.
  // Capturing by reference is safe: this coroutine stays suspended until
  // the lambda has returned.
  co_return co_await unblock::offload([&] {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  });
}

unblock::task<int> wait_for_future(std::future<int>& fut) {
  co_return co_await unblock::offload([&] { return fut.get(); });
}
// end

// doc:echo
unblock::task<void> echo(int fd) {
  char buf[4096];
  for (;;) {
    const ssize_t n = co_await unblock::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;  // 0: peer closed; -1: errno says why
    if (co_await unblock::send(fd, buf, static_cast<size_t>(n), MSG_NOSIGNAL) != n) break;
  }
  ::close(fd);
}

unblock::task<void> serve(int listen_fd, int connections) {
  for (int i = 0; i < connections; ++i) {
    const int fd = co_await unblock::accept(listen_fd, nullptr, nullptr);
    if (fd < 0) break;
    unblock::spawn(echo(fd));  // owned by the loop
  }
}
// end

// doc:owned
unblock::task<void> owned_echo(unblock::socket conn) {
  char buf[4096];
  for (;;) {
    const ssize_t n = co_await conn.recv(buf, sizeof buf);
    if (n <= 0) break;  // 0: peer closed; -1: errno says why
    for (ssize_t off = 0; off < n;) {
      const ssize_t w = co_await conn.send(buf + off, static_cast<size_t>(n - off));
      if (w < 0) co_return;  // the destructor closes the socket
      off += w;
    }
  }
}

unblock::task<void> owned_serve(unblock::acceptor& listener, int connections) {
  for (int i = 0; i < connections; ++i) {
    unblock::socket conn = co_await listener.accept();
    if (!conn.is_open()) break;  // errno says why
    unblock::spawn(owned_echo(std::move(conn)));
  }
}

unblock::task<std::string> owned_client(const sockaddr_in& addr) {
  auto s = unblock::socket::open(AF_INET, SOCK_STREAM);
  if (co_await s.connect(reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) co_return "";
  co_await s.send("ping", 4);
  char buf[4];
  size_t have = 0;
  while (have < 4) {
    const ssize_t n = co_await s.recv(buf + have, 4 - have);
    if (n <= 0) co_return "";
    have += static_cast<size_t>(n);
  }
  co_return std::string(buf, 4);
}
// end

// doc:files
unblock::task<std::string> read_header(int fd) {
  char buf[16];
  // io_uring: read by the kernel while the loop runs; epoll: on the pool.
  const ssize_t n = co_await unblock::read_at(fd, buf, sizeof buf, 0);
  if (n < 0) throw std::system_error(errno, std::generic_category(), "read_at");
  co_return std::string(buf, static_cast<size_t>(n));
}
// end

// doc:combinators
unblock::task<int> fetch(int id) {
  co_await unblock::sleep_for(std::chrono::milliseconds(10 * id));
  co_return id;
}

unblock::task<int> combinators() {
  auto [a, b] = co_await unblock::when_all(fetch(1), fetch(2));  // both run concurrently

  std::vector<unblock::task<int>> many;
  for (int i = 1; i <= 3; ++i) many.push_back(fetch(i));
  std::vector<int> all = co_await unblock::when_all(std::move(many));

  auto first = co_await unblock::when_any(fetch(3), fetch(1));  // fetch(3) is cancelled
  const int winner = static_cast<int>(first.index());           // 1

  try {
    co_await unblock::timeout(5ms, fetch(100));
  } catch (const unblock::timed_out&) {
    // fetch(100) was cancelled, then timed_out thrown
  }
  co_return a + b + all[2] + winner;  // 1 + 2 + 3 + 1
}
// end

// doc:sync
struct account {
  unblock::async_mutex mutex;
  int balance = 0;
};

unblock::task<void> deposit(account& acc, int amount) {
  auto guard = co_await acc.mutex.lock();  // unlocks when guard is destroyed
  const int before = acc.balance;
  co_await unblock::sleep_for(1ms);  // other coroutines run; none enters
  acc.balance = before + amount;
}

unblock::task<bool> ready_signal() {
  unblock::event ready;
  auto waiter = [&]() -> unblock::task<void> { co_await ready.wait(); };
  auto setter = [&]() -> unblock::task<void> {
    ready.set();
    co_return;
  };
  co_await unblock::when_all(waiter(), setter());
  co_return ready.is_set();
}
// end

// doc:cancel
unblock::task<bool> cancellable_sleep(std::stop_token token) {
  try {
    co_await unblock::sleep_for(1h, token);
    co_return false;
  } catch (const unblock::operation_cancelled&) {
    co_return true;  // token was stopped
  }
}
// end

// doc:watchdog
int watched_main() {
  unblock::run_options options;
  options.stall_threshold = 100ms;  // or: UNBLOCK_STALL_MS=100 in the environment
  return unblock::run(answer(), options);
}
// end

TEST(DocsExamples, HelloRuns) { EXPECT_EQ(hello_main(), 42); }

TEST(DocsExamples, OffloadReadsAFileAndAFuture) {
  const std::string path = "/tmp/unblock-docs-example.txt";
  std::ofstream(path) << "key=value";
  EXPECT_EQ(unblock::run(read_config(path)), "key=value");
  ::unlink(path.c_str());
  std::promise<int> p;
  auto fut = p.get_future();
  std::thread t([&] { p.set_value(5); });
  EXPECT_EQ(unblock::run(wait_for_future(fut)), 5);
  t.join();
}

TEST(DocsExamples, EchoServerEchoes) {
  unblock_test::listener l;
  auto client = [&]() -> unblock::task<std::string> {
    const int fd = unblock_test::tcp_socket(false);
    co_await unblock::connect(fd, l.sa(), sizeof l.addr);
    co_await unblock::send(fd, "ping", 4, 0);
    char buf[4];
    std::size_t have = 0;
    while (have < 4) have += static_cast<std::size_t>(co_await unblock::recv(fd, buf + have, 4 - have, 0));
    ::close(fd);
    co_return std::string(buf, 4);
  };
  auto both = [&]() -> unblock::task<std::string> {
    auto [_, got] = co_await unblock::when_all(serve(l.fd, 1), client());
    co_return got;
  };
  EXPECT_EQ(unblock::run(both()), "ping");
}

TEST(DocsExamples, OwnedSocketsEcho) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  auto both = [&]() -> unblock::task<std::string> {
    auto listener = unblock::acceptor::listen(reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(listener.native_handle(), reinterpret_cast<sockaddr*>(&addr), &len);
    auto [_, got] = co_await unblock::when_all(owned_serve(listener, 1), owned_client(addr));
    co_return got;
  };
  EXPECT_EQ(unblock::run(both()), "ping");
}

TEST(DocsExamples, ReadAtReadsTheHeader) {
  const std::string path = "/tmp/unblock-docs-read-at.txt";
  std::ofstream(path) << "0123456789abcdefXYZ";
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(unblock::run(read_header(fd)), "0123456789abcdef");
  ::close(fd);
  ::unlink(path.c_str());
}

TEST(DocsExamples, CombinatorsCompute) { EXPECT_EQ(unblock::run(combinators()), 7); }

TEST(DocsExamples, MutexAndEvent) {
  account acc;
  unblock::run(unblock::when_all(deposit(acc, 5), deposit(acc, 7)));
  EXPECT_EQ(acc.balance, 12);
  EXPECT_TRUE(unblock::run(ready_signal()));
}

TEST(DocsExamples, CancellationAndWatchdog) {
  std::stop_source s;
  s.request_stop();
  EXPECT_TRUE(unblock::run(cancellable_sleep(s.get_token())));
  EXPECT_EQ(watched_main(), 42);
}
