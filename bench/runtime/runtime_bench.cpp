// unblock runtime vs standalone Asio (C++20 awaitables), same process, same
// build. `unblock_runtime_bench all` runs every scenario in its own child
// process (peak RSS from wait4) and prints a markdown table; a single
// scenario can be run as `unblock_runtime_bench <scenario> <n> [secs]`.
// Loopback only; every scenario is bounded in time.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <asio.hpp>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <unblock/unblock.hpp>
#include <vector>

using namespace std::chrono_literals;
using bench_clock = std::chrono::steady_clock;

namespace {

double ms_since(bench_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(bench_clock::now() - t).count();
}

// ---- post + resume ---------------------------------------------------------------

double post_unblock(long n) {
  const auto t = bench_clock::now();
  unblock::run([](long n) -> unblock::task<void> {
    for (long i = 0; i < n; ++i) co_await unblock::yield();
  }(n));
  return ms_since(t) * 1e6 / static_cast<double>(n);  // ns per yield
}

double post_asio(long n) {
  asio::io_context io(1);
  const auto t = bench_clock::now();
  asio::co_spawn(
      io,
      [n]() -> asio::awaitable<void> {
        auto ex = co_await asio::this_coro::executor;
        for (long i = 0; i < n; ++i) co_await asio::post(ex, asio::use_awaitable);
      },
      asio::detached);
  io.run();
  return ms_since(t) * 1e6 / static_cast<double>(n);
}

// ---- timers: n sleepers of 100 ms --------------------------------------------------

double timers_unblock(long n) {
  const auto t = bench_clock::now();
  unblock::run([](long n) -> unblock::task<void> {
    std::vector<unblock::task<void>> tasks;
    tasks.reserve(static_cast<std::size_t>(n));
    for (long i = 0; i < n; ++i) {
      tasks.push_back([]() -> unblock::task<void> { co_await unblock::sleep_for(100ms); }());
    }
    co_await unblock::when_all(std::move(tasks));
  }(n));
  return ms_since(t);
}

double timers_asio(long n) {
  asio::io_context io(1);
  const auto t = bench_clock::now();
  for (long i = 0; i < n; ++i) {
    asio::co_spawn(
        io,
        []() -> asio::awaitable<void> {
          asio::steady_timer timer(co_await asio::this_coro::executor, 100ms);
          co_await timer.async_wait(asio::use_awaitable);
        },
        asio::detached);
  }
  io.run();
  return ms_since(t);
}

// ---- echo: a bundled epoll load client against a coroutine echo server ------------

constexpr std::size_t msg_size = 64;

struct listen_socket {
  int fd;
  sockaddr_in addr{};
  listen_socket() {
    fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::listen(fd, 1024);
  }
};

// Each connection sends a message, waits for all of it back, repeats, until
// `secs` have passed. Returns completed round trips.
long load_client(const sockaddr_in& addr, int conns, double secs) {
  const int ep = ::epoll_create1(0);
  std::vector<int> fds(static_cast<std::size_t>(conns));
  std::vector<std::size_t> got(fds.size(), 0);
  char out[msg_size];
  std::memset(out, 'x', sizeof out);
  for (int i = 0; i < conns; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::fcntl(fd, F_SETFL, O_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u32 = static_cast<std::uint32_t>(i);
    ::epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    fds[static_cast<std::size_t>(i)] = fd;
    ::send(fd, out, sizeof out, 0);
  }
  long trips = 0;
  const auto end = bench_clock::now() + std::chrono::duration<double>(secs);
  epoll_event evs[256];
  char in[4096];
  while (bench_clock::now() < end) {
    const int n = ::epoll_wait(ep, evs, 256, 100);
    for (int k = 0; k < n; ++k) {
      const std::size_t i = evs[k].data.u32;
      const ssize_t r = ::recv(fds[i], in, sizeof in, 0);
      if (r <= 0) continue;
      got[i] += static_cast<std::size_t>(r);
      if (got[i] >= msg_size) {
        got[i] -= msg_size;
        ++trips;
        ::send(fds[i], out, sizeof out, 0);
      }
    }
  }
  for (int fd : fds) ::close(fd);
  ::close(ep);
  return trips;
}

unblock::task<void> unblock_session(int fd) {
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  char buf[4096];
  for (;;) {
    const ssize_t n = co_await unblock::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    if (co_await unblock::send(fd, buf, static_cast<std::size_t>(n), MSG_NOSIGNAL) != n) break;
  }
  ::close(fd);
}

double echo_unblock(int conns, double secs) {
  listen_socket l;
  long trips = 0;
  std::thread client([&] { trips = load_client(l.addr, conns, secs); });
  unblock::run([](int lfd, int conns) -> unblock::task<void> {
    std::vector<unblock::task<void>> sessions;
    for (int i = 0; i < conns; ++i) sessions.push_back(unblock_session(co_await unblock::accept(lfd, nullptr, nullptr)));
    co_await unblock::when_all(std::move(sessions));
  }(l.fd, conns));
  client.join();
  ::close(l.fd);
  return static_cast<double>(trips) / secs;
}

asio::awaitable<void> asio_session(asio::ip::tcp::socket s) {
  s.set_option(asio::ip::tcp::no_delay(true));
  char buf[4096];
  try {
    for (;;) {
      const std::size_t n = co_await s.async_read_some(asio::buffer(buf), asio::use_awaitable);
      co_await asio::async_write(s, asio::buffer(buf, n), asio::use_awaitable);
    }
  } catch (const std::exception&) {
    // peer closed
  }
}

double echo_asio(int conns, double secs) {
  asio::io_context io(1);
  asio::ip::tcp::acceptor acceptor(io, asio::ip::tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(acceptor.local_endpoint().port());
  long trips = 0;
  std::thread client([&] { trips = load_client(addr, conns, secs); });
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        for (int i = 0; i < conns; ++i) {
          auto s = co_await acceptor.async_accept(asio::use_awaitable);
          asio::co_spawn(io, asio_session(std::move(s)), asio::detached);
        }
      },
      asio::detached);
  io.run();
  client.join();
  return static_cast<double>(trips) / secs;
}

// ---- offload round trip --------------------------------------------------------------

double offload_unblock(long n) {
  const auto t = bench_clock::now();
  unblock::run([](long n) -> unblock::task<void> {
    long sum = 0;
    for (long i = 0; i < n; ++i) sum += co_await unblock::offload([i] { return i; });
    if (sum < 0) std::abort();
  }(n));
  return ms_since(t) * 1e3 / static_cast<double>(n);  // us per round trip
}

template <class F>
auto asio_offload(asio::thread_pool& pool, F f) {
  return asio::async_initiate<decltype(asio::use_awaitable), void(long)>(
      [&pool, f](auto handler) {
        asio::post(pool, [f, h = std::move(handler)]() mutable {
          const long r = f();
          auto ex = asio::get_associated_executor(h);
          asio::post(ex, [h = std::move(h), r]() mutable { std::move(h)(r); });
        });
      },
      asio::use_awaitable);
}

double offload_asio(long n) {
  asio::io_context io(1);
  asio::thread_pool pool(8);
  const auto t = bench_clock::now();
  asio::co_spawn(
      io,
      [&pool, n]() -> asio::awaitable<void> {
        long sum = 0;
        for (long i = 0; i < n; ++i) sum += co_await asio_offload(pool, [i] { return i; });
        if (sum < 0) std::abort();
      },
      asio::detached);
  io.run();
  const double r = ms_since(t) * 1e3 / static_cast<double>(n);
  pool.join();
  return r;
}

// ---- N concurrent waits: coroutines vs threads --------------------------------------

double waits_coroutines(long n) {
  const auto t = bench_clock::now();
  unblock::run([](long n) -> unblock::task<void> {
    unblock::event go;
    std::vector<unblock::task<void>> tasks;
    tasks.reserve(static_cast<std::size_t>(n));
    for (long i = 0; i < n; ++i) {
      tasks.push_back([](unblock::event& ev) -> unblock::task<void> {
        co_await ev.wait();
        co_await unblock::sleep_for(100ms);
      }(go));
    }
    auto setter = [&]() -> unblock::task<void> {
      co_await unblock::yield();
      go.set();
    };
    co_await unblock::when_all(unblock::when_all(std::move(tasks)), setter());
  }(n));
  return ms_since(t);
}

// Returns wall ms, or minus the number of threads created when creation failed.
double waits_threads(long n) {
  const auto t = bench_clock::now();
  std::mutex m;
  std::condition_variable cv;
  bool go = false;
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(n));
  long created = 0;
  try {
    for (long i = 0; i < n; ++i) {
      threads.emplace_back([&] {
        {
          std::unique_lock lock(m);
          cv.wait(lock, [&] { return go; });
        }
        std::this_thread::sleep_for(100ms);
      });
      ++created;
    }
  } catch (const std::system_error&) {
  }
  {
    std::lock_guard lock(m);
    go = true;
  }
  cv.notify_all();
  for (auto& th : threads) th.join();
  return created == n ? ms_since(t) : -static_cast<double>(created);
}

// ---- driver --------------------------------------------------------------------------

double run_scenario(const std::string& name, long n, double secs) {
  if (name == "post_unblock") return post_unblock(n);
  if (name == "post_asio") return post_asio(n);
  if (name == "timers_unblock") return timers_unblock(n);
  if (name == "timers_asio") return timers_asio(n);
  if (name == "echo_unblock") return echo_unblock(static_cast<int>(n), secs);
  if (name == "echo_asio") return echo_asio(static_cast<int>(n), secs);
  if (name == "offload_unblock") return offload_unblock(n);
  if (name == "offload_asio") return offload_asio(n);
  if (name == "waits_coroutines") return waits_coroutines(n);
  if (name == "waits_threads") return waits_threads(n);
  std::fprintf(stderr, "unknown scenario %s\n", name.c_str());
  std::exit(2);
}

struct measured {
  double value = 0;
  double peak_mib = 0;
};

// Runs one scenario in a child process: its result and peak RSS.
measured in_child(const char* self, const std::string& name, long n, double secs) {
  int p[2];
  if (::pipe(p) != 0) std::abort();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(p[1], STDOUT_FILENO);
    ::close(p[0]);
    const std::string ns = std::to_string(n), ss = std::to_string(secs);
    ::execl(self, self, name.c_str(), ns.c_str(), ss.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(p[1]);
  std::string out;
  char buf[256];
  for (ssize_t r; (r = ::read(p[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(r));
  ::close(p[0]);
  int status = 0;
  rusage ru{};
  ::wait4(pid, &status, 0, &ru);
  measured m;
  m.value = std::strtod(out.c_str(), nullptr);
  m.peak_mib = static_cast<double>(ru.ru_maxrss) / 1024.0;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) m.value = std::nan("");
  return m;
}

int run_all(const char* self, double echo_secs) {
  std::printf("| benchmark | unblock | asio / threads | ratio (unblock / other) | target |\n");
  std::printf("| --- | ---: | ---: | ---: | --- |\n");
  auto row = [](const char* what, const std::string& a, const std::string& b, double ratio, const char* target) {
    std::printf("| %s | %s | %s | %.2fx | %s |\n", what, a.c_str(), b.c_str(), ratio, target);
    std::fflush(stdout);
  };
  char a[64], b[64];
  {
    const long n = 5'000'000;
    auto u = in_child(self, "post_unblock", n, 0), x = in_child(self, "post_asio", n, 0);
    std::snprintf(a, sizeof a, "%.1f ns", u.value);
    std::snprintf(b, sizeof b, "%.1f ns", x.value);
    row("post + resume (yield through the loop), cost per op", a, b, u.value / x.value, "<= 0.5x");
  }
  {
    const long n = 100'000;
    auto u = in_child(self, "timers_unblock", n, 0), x = in_child(self, "timers_asio", n, 0);
    std::snprintf(a, sizeof a, "%.0f ms, %.1f MiB", u.value, u.peak_mib);
    std::snprintf(b, sizeof b, "%.0f ms, %.1f MiB", x.value, x.peak_mib);
    row("100k sleepers of 100 ms: wall time, peak RSS", a, b, u.peak_mib / x.peak_mib,
        "unblock < 100 MiB (ratio: memory)");
  }
  for (int conns : {1, 50}) {
    auto u = in_child(self, "echo_unblock", conns, echo_secs), x = in_child(self, "echo_asio", conns, echo_secs);
    std::snprintf(a, sizeof a, "%.0f rt/s", u.value);
    std::snprintf(b, sizeof b, "%.0f rt/s", x.value);
    const std::string what = "loopback echo, " + std::to_string(conns) + " connection(s), 64 B round trips/s";
    row(what.c_str(), a, b, u.value / x.value, ">= 1.2x");
  }
  {
    const long n = 50'000;
    auto u = in_child(self, "offload_unblock", n, 0), x = in_child(self, "offload_asio", n, 0);
    std::snprintf(a, sizeof a, "%.2f us", u.value);
    std::snprintf(b, sizeof b, "%.2f us", x.value);
    row("offload round trip latency (vs asio post to thread_pool and back)", a, b, u.value / x.value, "-");
  }
  for (long n : {1'000L, 10'000L, 100'000L}) {
    auto u = in_child(self, "waits_coroutines", n, 0), t = in_child(self, "waits_threads", n, 0);
    std::snprintf(a, sizeof a, "%.0f ms, %.1f MiB", u.value, u.peak_mib);
    if (t.value < 0) {
      std::snprintf(b, sizeof b, "failed after %.0f threads, %.1f MiB", -t.value, t.peak_mib);
    } else {
      std::snprintf(b, sizeof b, "%.0f ms, %.1f MiB", t.value, t.peak_mib);
    }
    const std::string what = std::to_string(n) + " concurrent waits (100 ms): coroutines vs threads, wall, peak RSS";
    row(what.c_str(), a, b, t.value < 0 ? 0.0 : u.peak_mib / t.peak_mib, "- (ratio: memory)");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "all") return run_all("/proc/self/exe", argc >= 3 ? std::atof(argv[2]) : 2.0);
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s all [echo-seconds] | <scenario> <n> [seconds]\n", argv[0]);
    return 2;
  }
  const double r = run_scenario(argv[1], std::atol(argv[2]), argc >= 4 ? std::atof(argv[3]) : 2.0);
  std::printf("%f\n", r);
  return 0;
}
