// unblock runtime vs standalone Asio (C++20 awaitables), same process, same
// build. `unblock_runtime_bench all` runs every scenario in its own child
// process (peak RSS from wait4) and prints markdown tables: general costs,
// echo (free functions and owned sockets, epoll and io_uring, against Asio),
// a 1 ms timer's tail latency under echo load, and file read throughput. A
// single scenario: `unblock_runtime_bench <scenario> <n> [secs] [chunk-KiB]`.
// Loopback and a temporary file only; every scenario is bounded in time.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
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
#include <utility>
#include <vector>

#include "load_client.hpp"

using namespace std::chrono_literals;
using bench_clock = std::chrono::steady_clock;

namespace {

double ms_since(bench_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(bench_clock::now() - t).count();
}

bench_clock::duration seconds(double s) {
  return std::chrono::duration_cast<bench_clock::duration>(std::chrono::duration<double>(s));
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

// ---- echo: the shared load client (load_client.hpp) against coroutine echo servers --

// A listening loopback socket on an ephemeral port; room for 500 pending connects.
struct listen_socket {
  int fd;
  sockaddr_in addr{};
  listen_socket() {
    fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::listen(fd, 4096);
  }
};

// What an echo scenario prints: round trips/s, the CPU shares of the client
// thread, the server thread, the process and everything else on the
// machine; with the timer probe, then the p50, p99 and max of its sleeps
// (us) and their number.
struct echo_outcome {
  bench::load_result load;
  std::vector<double> sleeps_us;

  std::vector<double> values() {
    const double w = load.wall_s;
    std::vector<double> v{static_cast<double>(load.trips) / w, load.client_cpu_s / w, load.server_cpu_s / w,
                          load.process_cpu_s / w, std::max(0.0, load.machine_cpu_s - load.process_cpu_s) / w};
    if (!sleeps_us.empty()) {
      std::sort(sleeps_us.begin(), sleeps_us.end());
      auto pct = [&](double p) {
        return sleeps_us[std::min(sleeps_us.size() - 1, static_cast<std::size_t>(p * sleeps_us.size()))];
      };
      v.insert(v.end(), {pct(0.5), pct(0.99), sleeps_us.back(), static_cast<double>(sleeps_us.size())});
    }
    return v;
  }
};

// Where the load client runs beside the server (the echo scenarios' option).
enum class client_setup : long {
  own_core = 0,            // the server's loop thread pinned to one CPU, the client to another
  own_core_busy_poll = 1,  // the same, and the client never sleeps (bench::run_load_client)
  shared_core = 2,         // both on one CPU: a round trip costs CPU time only, no cross-CPU wake-up
  unpinned = 3,            // wherever the scheduler puts them
};

void pin_this_thread(int cpu) {
  if (cpu < 0) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  ::pthread_setaffinity_np(::pthread_self(), sizeof set, &set);
}

// Runs `serve` (the server's loop, on this thread) against the load client
// (on another thread); the client measures this thread's CPU time.
template <class Serve>
bench::load_result with_load_client(const sockaddr_in& addr, int conns, double secs, client_setup setup, Serve serve) {
  // The first two CPUs this process may use; unpinned when it has one.
  int cpu[2] = {-1, -1};
  cpu_set_t allowed;
  if (setup != client_setup::unpinned && ::sched_getaffinity(0, sizeof allowed, &allowed) == 0) {
    for (int c = 0, k = 0; c < CPU_SETSIZE && k < 2; ++c) {
      if (CPU_ISSET(c, &allowed)) cpu[k++] = c;
    }
    if (cpu[1] < 0) cpu[0] = -1;
    if (setup == client_setup::shared_core) cpu[1] = cpu[0];
  }
  clockid_t server_clock;
  ::pthread_getcpuclockid(::pthread_self(), &server_clock);
  bench::load_result r;
  std::thread client([&] {
    pin_this_thread(cpu[1]);
    r = bench::run_load_client(addr, conns, secs, server_clock, setup == client_setup::own_core_busy_poll);
  });
  pin_this_thread(cpu[0]);
  serve();
  client.join();
  return r;
}

// unblock: the same session and server for the free functions on a raw
// descriptor and for owned sockets; the backend is chosen by the caller.

// A raw accepted descriptor with the owned socket's recv/send, for the
// free functions.
class fd_conn {
 public:
  explicit fd_conn(int fd) noexcept : fd_(fd) {}
  fd_conn(fd_conn&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  fd_conn& operator=(fd_conn&&) = delete;
  ~fd_conn() {
    if (fd_ >= 0) ::close(fd_);
  }
  int native_handle() const noexcept { return fd_; }
  auto recv(void* buf, std::size_t len) noexcept { return unblock::recv(fd_, buf, len, 0); }
  auto send(const void* buf, std::size_t len) noexcept { return unblock::send(fd_, buf, len, MSG_NOSIGNAL); }

 private:
  int fd_;
};

unblock::task<fd_conn> accept_conn(int listen_fd) {
  co_return fd_conn(co_await unblock::accept(listen_fd, nullptr, nullptr));
}
auto accept_conn(unblock::acceptor& listener) { return listener.accept(); }

// Receives up to 4 KiB, sends back what came (all of it), until end of stream.
template <class Conn>
unblock::task<void> echo_session(Conn c) {
  int one = 1;
  ::setsockopt(c.native_handle(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  char buf[4096];
  for (;;) {
    const ssize_t n = co_await c.recv(buf, sizeof buf);
    if (n <= 0) co_return;
    for (ssize_t sent = 0; sent < n;) {
      const ssize_t s = co_await c.send(buf + sent, static_cast<std::size_t>(n - sent));
      if (s <= 0) co_return;
      sent += s;
    }
  }
}

// Sleeps 1 ms again and again until `stop`, recording each sleep's elapsed time.
unblock::task<void> unblock_timer_probe(std::vector<double>& sleeps_us, const bool& stop) {
  while (!stop) {
    const auto t = bench_clock::now();
    co_await unblock::sleep_for(1ms);
    sleeps_us.push_back(ms_since(t) * 1e3);
  }
}

unblock::task<void> all_then_flag(std::vector<unblock::task<void>> sessions, bool& done) {
  co_await unblock::when_all(std::move(sessions));
  done = true;
}

template <class Listener>
unblock::task<void> unblock_echo_server(Listener& listener, int conns, std::vector<double>* sleeps_us) {
  std::vector<unblock::task<void>> sessions;
  for (int i = 0; i < conns; ++i) sessions.push_back(echo_session(co_await accept_conn(listener)));
  if (!sleeps_us) {
    co_await unblock::when_all(std::move(sessions));
    co_return;
  }
  bool done = false;
  co_await unblock::when_all(all_then_flag(std::move(sessions), done), unblock_timer_probe(*sleeps_us, done));
}

enum class unblock_api { free_functions, owned_sockets };

echo_outcome echo_unblock(unblock_api api, unblock::io_backend backend, int conns, double secs, client_setup setup,
                          bool probe) {
  listen_socket l;
  unblock::run_options options;
  options.backend = backend;
  echo_outcome out;
  std::vector<double>* sleeps = probe ? &out.sleeps_us : nullptr;
  out.load = with_load_client(l.addr, conns, secs, setup, [&] {
    if (api == unblock_api::owned_sockets) {
      auto listener = unblock::acceptor::adopt(l.fd);
      unblock::run(unblock_echo_server(listener, conns, sleeps), options);
    } else {
      unblock::run(unblock_echo_server(l.fd, conns, sleeps), options);
      ::close(l.fd);
    }
  });
  return out;
}

// Asio: the same session on asio::ip::tcp::socket (async_write sends all).
asio::awaitable<void> asio_session(asio::ip::tcp::socket s, int& live) {
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
  --live;
}

asio::awaitable<void> asio_timer_probe(std::vector<double>& sleeps_us, const int& live) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (live > 0) {
    const auto t = bench_clock::now();
    timer.expires_after(1ms);
    co_await timer.async_wait(asio::use_awaitable);
    sleeps_us.push_back(ms_since(t) * 1e3);
  }
}

echo_outcome echo_asio(int conns, double secs, client_setup setup, bool probe) {
  asio::io_context io(1);
  asio::ip::tcp::acceptor acceptor(io);
  const asio::ip::tcp::endpoint ep(asio::ip::address_v4::loopback(), 0);
  acceptor.open(ep.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(ep);
  acceptor.listen(4096);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(acceptor.local_endpoint().port());
  echo_outcome out;
  int live = conns;  // sessions not yet ended
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        for (int i = 0; i < conns; ++i) {
          auto s = co_await acceptor.async_accept(asio::use_awaitable);
          asio::co_spawn(io, asio_session(std::move(s), live), asio::detached);
        }
      },
      asio::detached);
  if (probe) asio::co_spawn(io, asio_timer_probe(out.sleeps_us, live), asio::detached);
  out.load = with_load_client(addr, conns, secs, setup, [&] { io.run(); });
  return out;
}

// ---- file read throughput: a warm 256 MiB file, read in chunks ----------------------

constexpr std::size_t file_size = std::size_t{256} << 20;

// The file a run reads: $UNBLOCK_BENCH_FILE when set (run_all makes one for
// all the file scenarios), else one made here and removed afterwards.
class bench_file {
 public:
  bench_file() {
    if (const char* p = std::getenv("UNBLOCK_BENCH_FILE")) {
      path_ = p;
      return;
    }
    path_ = create();
    owned_ = true;
  }
  ~bench_file() {
    if (owned_) ::unlink(path_.c_str());
  }
  bench_file(const bench_file&) = delete;
  bench_file& operator=(const bench_file&) = delete;
  const std::string& path() const { return path_; }

  // Writes the file, flushes it to disk (no write-back during the runs) and
  // reads it once so that the page cache holds it.
  static std::string create() {
    const char* dir = std::getenv("TMPDIR");
    std::string path = std::string(dir && *dir ? dir : "/tmp") + "/unblock-bench-XXXXXX";
    const int fd = ::mkstemp(path.data());
    if (fd < 0) {
      std::perror("mkstemp");
      std::exit(1);
    }
    std::vector<char> chunk(std::size_t{1} << 20);
    for (std::size_t i = 0; i < chunk.size(); ++i) chunk[i] = static_cast<char>(i * 131);
    for (std::size_t off = 0; off < file_size; off += chunk.size()) {
      if (::write(fd, chunk.data(), chunk.size()) != static_cast<ssize_t>(chunk.size())) {
        std::perror("write");
        std::exit(1);
      }
    }
    ::fsync(fd);
    for (std::size_t off = 0; off < file_size; off += chunk.size()) {
      if (::pread(fd, chunk.data(), chunk.size(), static_cast<off_t>(off)) <= 0) break;
    }
    ::close(fd);
    return path;
  }

 private:
  std::string path_;
  bool owned_ = false;
};

// What the readers of one run share: they take the next chunk of the file in
// turn (wrapping around) until `end`, and count the bytes read.
struct file_reads {
  int fd;
  std::size_t chunk;
  bench_clock::time_point end;
  std::size_t next = 0;
  double bytes = 0;

  off_t take() {
    const std::size_t off = next;
    next = (next + chunk) % file_size;
    return static_cast<off_t>(off);
  }
  bool account(ssize_t r) {
    if (r <= 0) {
      std::fprintf(stderr, "read: %s\n", r < 0 ? std::strerror(errno) : "end of file");
      std::exit(1);
    }
    bytes += static_cast<double>(r);
    return bench_clock::now() < end;
  }
};

enum class file_mode { offload_pread, read_at };

unblock::task<void> file_reader(file_reads& f, file_mode mode) {
  std::vector<char> buf(f.chunk);
  for (;;) {
    const off_t off = f.take();
    ssize_t r;
    if (mode == file_mode::offload_pread) {
      r = co_await unblock::offload([&] { return ::pread(f.fd, buf.data(), f.chunk, off); });
    } else {
      r = co_await unblock::read_at(f.fd, buf.data(), f.chunk, off);
    }
    if (!f.account(r)) co_return;
  }
}

// MiB/s of `readers` coroutines on one loop of `backend`.
double file_unblock(file_mode mode, unblock::io_backend backend, int readers, std::size_t chunk, double secs) {
  const bench_file file;
  const int fd = ::open(file.path().c_str(), O_RDONLY | O_CLOEXEC);
  const auto t = bench_clock::now();
  file_reads f{fd, chunk, t + seconds(secs)};
  unblock::run_options options;
  options.backend = backend;
  unblock::run(
      [](file_reads& f, file_mode mode, int readers) -> unblock::task<void> {
        std::vector<unblock::task<void>> tasks;
        for (int i = 0; i < readers; ++i) tasks.push_back(file_reader(f, mode));
        co_await unblock::when_all(std::move(tasks));
      }(f, mode, readers),
      options);
  const double ms = ms_since(t);
  ::close(fd);
  return f.bytes / (1 << 20) / (ms / 1e3);
}

// MiB/s of a plain pread loop on this thread.
double file_blocking(std::size_t chunk, double secs) {
  const bench_file file;
  const int fd = ::open(file.path().c_str(), O_RDONLY | O_CLOEXEC);
  const auto t = bench_clock::now();
  file_reads f{fd, chunk, t + seconds(secs)};
  std::vector<char> buf(chunk);
  for (;;) {
    const off_t off = f.take();
    if (!f.account(::pread(fd, buf.data(), chunk, off))) break;
  }
  const double ms = ms_since(t);
  ::close(fd);
  return f.bytes / (1 << 20) / (ms / 1e3);
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

// A scenario's result: one or more numbers (printed on one line by the child).
using values = std::vector<double>;

// Echo scenarios: echo_<api>_<backend> and echo_asio; timer_<...> is the
// same server with the 1 ms timer probe on its loop.
struct echo_variant {
  const char* name;
  const char* label;
  bool asio;
  unblock_api api;
  unblock::io_backend backend;
};
constexpr echo_variant echo_variants[] = {
    {"free_epoll", "unblock free functions, epoll", false, unblock_api::free_functions, unblock::io_backend::epoll},
    {"free_uring", "unblock free functions, io_uring", false, unblock_api::free_functions,
     unblock::io_backend::io_uring},
    {"owned_epoll", "unblock owned sockets, epoll", false, unblock_api::owned_sockets, unblock::io_backend::epoll},
    {"owned_uring", "unblock owned sockets, io_uring", false, unblock_api::owned_sockets,
     unblock::io_backend::io_uring},
    {"asio", "Asio (epoll reactor)", true, unblock_api::free_functions, unblock::io_backend::automatic},
};

values run_scenario(const std::string& name, long n, double secs, long extra) {
  if (name == "post_unblock") return {post_unblock(n)};
  if (name == "post_asio") return {post_asio(n)};
  if (name == "timers_unblock") return {timers_unblock(n)};
  if (name == "timers_asio") return {timers_asio(n)};
  for (const auto& v : echo_variants) {
    for (const bool probe : {false, true}) {
      if (name != std::string(probe ? "timer_" : "echo_") + v.name) continue;
      // `extra`: a client_setup.
      const int conns = static_cast<int>(n);
      const auto setup = static_cast<client_setup>(extra);
      return (v.asio ? echo_asio(conns, secs, setup, probe) : echo_unblock(v.api, v.backend, conns, secs, setup, probe))
          .values();
    }
  }
  // file_*: n readers, `extra` KiB chunks.
  const std::size_t chunk = static_cast<std::size_t>(extra > 0 ? extra : 64) << 10;
  const int readers = static_cast<int>(n);
  if (name == "file_offload_epoll")
    return {file_unblock(file_mode::offload_pread, unblock::io_backend::epoll, readers, chunk, secs)};
  if (name == "file_read_at_uring")
    return {file_unblock(file_mode::read_at, unblock::io_backend::io_uring, readers, chunk, secs)};
  if (name == "file_read_at_epoll")
    return {file_unblock(file_mode::read_at, unblock::io_backend::epoll, readers, chunk, secs)};
  if (name == "file_blocking") return {file_blocking(chunk, secs)};
  if (name == "offload_unblock") return {offload_unblock(n)};
  if (name == "offload_asio") return {offload_asio(n)};
  if (name == "waits_coroutines") return {waits_coroutines(n)};
  if (name == "waits_threads") return {waits_threads(n)};
  std::fprintf(stderr, "unknown scenario %s\n", name.c_str());
  std::exit(2);
}

struct measured {
  values v;  // NaN-filled when the child failed
  double peak_mib = 0;
  double operator[](std::size_t i) const { return i < v.size() ? v[i] : std::nan(""); }
};

// Runs one scenario in a child process: its results and peak RSS.
measured in_child(const char* self, const std::string& name, long n, double secs, long extra = 0) {
  int p[2];
  if (::pipe(p) != 0) std::abort();
  std::fflush(stdout);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(p[1], STDOUT_FILENO);
    ::close(p[0]);
    const std::string ns = std::to_string(n), ss = std::to_string(secs), es = std::to_string(extra);
    ::execl(self, self, name.c_str(), ns.c_str(), ss.c_str(), es.c_str(), static_cast<char*>(nullptr));
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
  m.peak_mib = static_cast<double>(ru.ru_maxrss) / 1024.0;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "scenario %s %ld failed (status %d)\n", name.c_str(), n, status);
    return m;
  }
  const char* s = out.c_str();
  for (char* e;; s = e) {
    const double d = std::strtod(s, &e);
    if (e == s) break;
    m.v.push_back(d);
  }
  return m;
}

std::string fmt(const char* f, double a, double b = 0) {
  char buf[96];
  std::snprintf(buf, sizeof buf, f, a, b);
  return buf;
}

std::string pct(double share) { return fmt("%.0f%%", share * 100); }

void general_table(const char* self) {
  std::printf("| benchmark | unblock | asio / threads | ratio (unblock / other) | target |\n");
  std::printf("| --- | ---: | ---: | ---: | --- |\n");
  auto row = [](const std::string& what, const std::string& a, const std::string& b, double ratio, const char* target) {
    std::printf("| %s | %s | %s | %.2fx | %s |\n", what.c_str(), a.c_str(), b.c_str(), ratio, target);
    std::fflush(stdout);
  };
  {
    const long n = 5'000'000;
    auto u = in_child(self, "post_unblock", n, 0), x = in_child(self, "post_asio", n, 0);
    row("post + resume (yield through the loop), cost per op", fmt("%.1f ns", u[0]), fmt("%.1f ns", x[0]), u[0] / x[0],
        "<= 0.5x");
  }
  {
    const long n = 100'000;
    auto u = in_child(self, "timers_unblock", n, 0), x = in_child(self, "timers_asio", n, 0);
    row("100k sleepers of 100 ms: wall time, peak RSS", fmt("%.0f ms, %.1f MiB", u[0], u.peak_mib),
        fmt("%.0f ms, %.1f MiB", x[0], x.peak_mib), u.peak_mib / x.peak_mib, "unblock < 100 MiB (ratio: memory)");
  }
  {
    const long n = 50'000;
    auto u = in_child(self, "offload_unblock", n, 0), x = in_child(self, "offload_asio", n, 0);
    row("offload round trip latency (vs asio post to thread_pool and back)", fmt("%.2f us", u[0]), fmt("%.2f us", x[0]),
        u[0] / x[0], "-");
  }
  for (long n : {1'000L, 10'000L, 100'000L}) {
    auto u = in_child(self, "waits_coroutines", n, 0), t = in_child(self, "waits_threads", n, 0);
    const std::string b = t[0] < 0 ? fmt("failed after %.0f threads, %.1f MiB", -t[0], t.peak_mib)
                                   : fmt("%.0f ms, %.1f MiB", t[0], t.peak_mib);
    row(std::to_string(n) + " concurrent waits (100 ms): coroutines vs threads, wall, peak RSS",
        fmt("%.0f ms, %.1f MiB", u[0], u.peak_mib), b, t[0] < 0 ? 0.0 : u.peak_mib / t.peak_mib, "- (ratio: memory)");
  }
}

// The targets of the issue: owned sockets >= 1.2x Asio at 1 and 50
// connections, io_uring >= 1.5x at 50.
double echo_target(const echo_variant& v, int conns) {
  if (v.api != unblock_api::owned_sockets || v.asio || conns > 50) return 0;
  return v.backend == unblock::io_backend::io_uring && conns == 50 ? 1.5 : 1.2;
}

// Of several runs of one scenario, the one whose value `i` is the median (a
// failed run counts as the highest), and that value's range over the runs.
struct median_run {
  measured run;
  double lo = 0, hi = 0;
};
median_run median_of(std::vector<measured> runs, std::size_t i) {
  auto key = [i](const measured& m) { return std::isnan(m[i]) ? HUGE_VAL : m[i]; };
  std::sort(runs.begin(), runs.end(), [&](const measured& a, const measured& b) { return key(a) < key(b); });
  return {runs[runs.size() / 2], runs.front()[i], runs.back()[i]};
}

// Runs every echo variant `repeats` times, interleaved (so that drift of the
// machine falls on all variants alike); the median run of each by `by`.
std::vector<median_run> echo_variants_runs(const char* self, const std::string& prefix, int conns, double secs,
                                           long extra, int repeats, std::size_t by,
                                           const std::vector<std::string>& only = {}) {
  std::vector<const echo_variant*> vs;
  for (const auto& v : echo_variants) {
    if (only.empty() || std::find(only.begin(), only.end(), v.name) != only.end()) vs.push_back(&v);
  }
  std::vector<std::vector<measured>> runs(vs.size());
  for (int k = 0; k < repeats; ++k) {
    for (std::size_t i = 0; i < vs.size(); ++i)
      runs[i].push_back(in_child(self, prefix + vs[i]->name, conns, secs, extra));
  }
  std::vector<median_run> med;
  for (auto& r : runs) med.push_back(median_of(std::move(r), by));
  return med;
}

void echo_table(const char* self, double secs, int repeats) {
  std::printf(
      "\nLoopback echo, 64 B messages, %.1f s per run, median of %d interleaved runs (range beside it).\n"
      "Load client: %s, on a thread of the server's process;\n"
      "the server's loop thread is pinned to one CPU and the client to another, except where the client\n"
      "shares the server's CPU (a round trip then costs CPU time only: no wake-up across CPUs).\n"
      "\"busy-polling client\": the client never sleeps, so its own wake-up is not in the round trip.\n"
      "CPU columns (of the median run): share of one core over the window, for the client thread,\n"
      "the server's loop thread, the whole process, and the rest of the machine (other programs, steal).\n\n",
      secs, repeats, bench::describe(bench::chosen_client()));
  std::printf(
      "| connections | server | round trips/s | range | vs Asio | target | client CPU | server CPU "
      "| process CPU | other CPU |\n");
  std::printf("| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |\n");
  struct row_set {
    int conns;
    client_setup setup;
    const char* label;
  };
  for (const row_set set :
       {row_set{1, client_setup::own_core, "1"}, row_set{1, client_setup::own_core_busy_poll, "1, busy-polling client"},
        row_set{1, client_setup::shared_core, "1, client on the server's CPU"},
        row_set{50, client_setup::own_core, "50"}, row_set{500, client_setup::own_core, "500"}}) {
    const auto r = echo_variants_runs(self, "echo_", set.conns, secs, static_cast<long>(set.setup), repeats, 0);
    const double asio_rate = r.back().run[0];
    for (std::size_t i = 0; i < r.size(); ++i) {
      const auto& v = echo_variants[i];
      const auto& m = r[i].run;
      const double ratio = m[0] / asio_rate, target = echo_target(v, set.conns);
      const std::string t =
          target > 0 ? fmt(">= %.1fx: ", target) + (ratio >= target ? "met" : "not met") : std::string("-");
      std::printf("| %s | %s | %.0f | %s | %.2fx | %s | %s | %s | %s | %s |\n", set.label, v.label, m[0],
                  fmt("%.0fk-%.0fk", r[i].lo / 1e3, r[i].hi / 1e3).c_str(), ratio, t.c_str(), pct(m[1]).c_str(),
                  pct(m[2]).c_str(), pct(m[3]).c_str(), pct(m[4]).c_str());
      std::fflush(stdout);
    }
  }
}

void timer_table(const char* self, double secs, int repeats) {
  const int conns = 50;
  std::printf(
      "\nsleep_for(1 ms) in a loop on the echo server's own loop under %d-connection echo load (client and\n"
      "server on CPUs of their own): elapsed time per sleep; the run with the median p99 of %d interleaved\n"
      "runs of %.1f s.\n\n",
      conns, repeats, secs);
  std::printf("| server | p50 | p99 | p99 range | max | sleeps | echo round trips/s meanwhile | other CPU |\n");
  std::printf("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  const std::vector<std::string> names{"owned_epoll", "owned_uring", "asio"};
  const auto r = echo_variants_runs(self, "timer_", conns, secs, 0, repeats, 6, names);
  for (std::size_t i = 0; i < r.size(); ++i) {
    const auto& v = *std::find_if(std::begin(echo_variants), std::end(echo_variants),
                                  [&](const echo_variant& e) { return e.name == names[i]; });
    const auto& m = r[i].run;
    std::printf("| %s | %.0f us | %.0f us | %.0f-%.0f us | %.0f us | %.0f | %.0f | %s |\n", v.label, m[5], m[6],
                r[i].lo, r[i].hi, m[7], m[8], m[0], pct(m[4]).c_str());
    std::fflush(stdout);
  }
}

void file_table(const char* self) {
  const double secs = 1.0;
  const std::string path = bench_file::create();
  ::setenv("UNBLOCK_BENCH_FILE", path.c_str(), 1);
  std::printf(
      "\nFile read throughput, MiB/s: a %zu MiB file in the page cache (%s), read in chunks by N\n"
      "concurrent readers for %.1f s (offsets taken in turn, wrapping around).\n\n",
      file_size >> 20, path.c_str(), secs);
  std::printf(
      "| chunk | readers | offload(pread), epoll | read_at, io_uring | read_at, epoll (pool) "
      "| blocking pread loop, 1 thread | io_uring / offload |\n");
  std::printf("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  for (long kib : {64L, 1024L}) {
    const double blocking = in_child(self, "file_blocking", 1, secs, kib)[0];
    for (long readers : {1L, 8L}) {
      const double off = in_child(self, "file_offload_epoll", readers, secs, kib)[0];
      const double ring = in_child(self, "file_read_at_uring", readers, secs, kib)[0];
      const double pool = in_child(self, "file_read_at_epoll", readers, secs, kib)[0];
      std::printf("| %ld KiB | %ld | %.0f | %.0f | %.0f | %.0f | %.2fx |\n", kib, readers, off, ring, pool, blocking,
                  ring / off);
      std::fflush(stdout);
    }
  }
  ::unlink(path.c_str());
  ::unsetenv("UNBLOCK_BENCH_FILE");
}

int run_all(const char* self, double echo_secs, int repeats) {
  general_table(self);
  echo_table(self, echo_secs, repeats);
  timer_table(self, echo_secs, repeats);
  file_table(self);
  return 0;
}

// 500 connections need 1000+ descriptors (both ends live in one process).
void raise_fd_limit() {
  rlimit rl{};
  if (::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &rl);
  }
}

}  // namespace

int main(int argc, char** argv) {
  raise_fd_limit();
  if (argc >= 2 && std::string(argv[1]) == "all") {
    return run_all("/proc/self/exe", argc >= 3 ? std::atof(argv[2]) : 2.0,
                   argc >= 4 ? std::max(1, std::atoi(argv[3])) : 3);
  }
  if (argc < 3) {
    std::fprintf(
        stderr,
        "usage: %s all [echo-seconds] [repeats] | <scenario> <n> [seconds] [option]\n"
        "  echo_<v> / timer_<v> <connections> [secs] [client: 0 own CPU, 1 own CPU busy-polling,\n"
        "    2 on the server's CPU, 3 unpinned],\n"
        "    v in free_epoll free_uring owned_epoll owned_uring asio:\n"
        "    round trips/s, CPU share of client/server/process/rest of machine [, sleep p50 p99 max count (us)]\n"
        "  file_offload_epoll | file_read_at_uring | file_read_at_epoll | file_blocking <readers> [secs]\n"
        "    [chunk-KiB, default 64]: MiB/s\n",
        argv[0]);
    return 2;
  }
  const values r = run_scenario(argv[1], std::atol(argv[2]), argc >= 4 ? std::atof(argv[3]) : 2.0,
                                argc >= 5 ? std::atol(argv[4]) : 0);
  for (std::size_t i = 0; i < r.size(); ++i) std::printf(i ? " %f" : "%f", r[i]);
  std::printf("\n");
  return 0;
}
