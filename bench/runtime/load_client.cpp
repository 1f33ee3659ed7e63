#include "load_client.hpp"

#include <fcntl.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#if UNBLOCK_BENCH_HAVE_LIBURING
#include <liburing.h>
#endif

namespace bench {
namespace {

using steady = std::chrono::steady_clock;

double cpu_seconds(clockid_t c) {
  timespec ts{};
  ::clock_gettime(c, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Busy time of all CPUs since boot (user to steal in /proc/stat's first
// line, without idle and iowait), 0 when unreadable.
double machine_busy_seconds() {
  std::FILE* f = std::fopen("/proc/stat", "r");
  if (!f) return 0;
  unsigned long long t[8] = {};
  const int n = std::fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &t[0], &t[1], &t[2], &t[3], &t[4], &t[5],
                            &t[6], &t[7]);
  std::fclose(f);
  if (n != 8) return 0;
  const unsigned long long busy = t[0] + t[1] + t[2] + t[5] + t[6] + t[7];  // not idle (3), iowait (4)
  return static_cast<double>(busy) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// The timed window: wall time and the CPU clocks at its start.
class window {
 public:
  explicit window(clockid_t server) : server_(server) {
    t0_ = steady::now();
    m0_ = machine_busy_seconds();
    c0_ = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
    s0_ = cpu_seconds(server_);
    p0_ = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
  }
  load_result stop(long trips) const {
    load_result r;
    r.trips = trips;
    r.client_cpu_s = cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - c0_;
    r.server_cpu_s = cpu_seconds(server_) - s0_;
    r.process_cpu_s = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - p0_;
    r.machine_cpu_s = machine_busy_seconds() - m0_;
    r.wall_s = std::chrono::duration<double>(steady::now() - t0_).count();
    return r;
  }

 private:
  clockid_t server_;
  steady::time_point t0_;
  double m0_, c0_, s0_, p0_;
};

std::vector<int> connect_all(const sockaddr_in& addr, int conns) {
  std::vector<int> fds;
  fds.reserve(static_cast<std::size_t>(conns));
  for (int i = 0; i < conns; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
      std::fprintf(stderr, "load client: connection %d: %s\n", i, std::strerror(errno));
      std::exit(1);
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::fcntl(fd, F_SETFL, O_NONBLOCK);
    fds.push_back(fd);
  }
  return fds;
}

void shut_down(const std::vector<int>& fds) {
  for (int fd : fds) ::shutdown(fd, SHUT_RDWR);  // end of stream now, whoever still holds the file
}

const char out_msg[msg_size] = {'x'};

load_result epoll_load(const std::vector<int>& fds, double secs, clockid_t server, bool busy_poll) {
  const int ep = ::epoll_create1(EPOLL_CLOEXEC);
  std::vector<std::size_t> got(fds.size(), 0);
  for (std::size_t i = 0; i < fds.size(); ++i) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    ::epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev);
  }
  const window w(server);
  for (int fd : fds) ::send(fd, out_msg, msg_size, MSG_NOSIGNAL);
  long trips = 0;
  const auto end = steady::now() + std::chrono::duration<double>(secs);
  epoll_event evs[256];
  char in[4096];
  while (steady::now() < end) {
    const int n = ::epoll_wait(ep, evs, 256, busy_poll ? 0 : 100);
    for (int k = 0; k < n; ++k) {
      const std::size_t i = evs[k].data.u64;
      const ssize_t r = ::recv(fds[i], in, sizeof in, 0);
      if (r <= 0) continue;
      got[i] += static_cast<std::size_t>(r);
      if (got[i] >= msg_size) {
        got[i] -= msg_size;
        ++trips;
        ::send(fds[i], out_msg, msg_size, MSG_NOSIGNAL);
      }
    }
  }
  const load_result r = w.stop(trips);
  ::close(ep);
  return r;
}

#if UNBLOCK_BENCH_HAVE_LIBURING

unsigned pow2_at_least(unsigned n) {
  unsigned p = 8;
  while (p < n) p <<= 1;
  return p;
}

// Single issuer with deferred task work (completions are posted only when
// this thread waits for them) where the kernel has it, plain otherwise.
bool init_ring(io_uring& ring, unsigned entries) {
  for (unsigned flags : {IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN, 0u}) {
    io_uring_params p{};
    p.flags = flags | IORING_SETUP_CQSIZE;
    p.cq_entries = entries * 2;
    if (::io_uring_queue_init_params(entries, &ring, &p) == 0) return true;
  }
  return false;
}

// user_data of a recv; sends post no completion unless they fail.
constexpr std::uint64_t send_tag = std::uint64_t{1} << 63;

class uring_load {
 public:
  explicit uring_load(const std::vector<int>& fds) : fds_(fds), got_(fds.size(), 0) {
    const unsigned n = static_cast<unsigned>(fds.size());
    entries_ = pow2_at_least(2 * n + 8);
    if (!init_ring(ring_, entries_)) {
      std::fprintf(stderr, "load client: io_uring_queue_init failed\n");
      std::exit(1);
    }
    // Provided buffers: one message per connection is in flight at most, so
    // twice as many buffers as connections never run out (ENOBUFS re-arms).
    nbufs_ = pow2_at_least(2 * n);
    ring_mem_ = nbufs_ * sizeof(io_uring_buf);
    void* mem = ::mmap(nullptr, ring_mem_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) std::exit(1);
    br_ = static_cast<io_uring_buf_ring*>(mem);
    io_uring_buf_reg reg{};
    reg.ring_addr = reinterpret_cast<std::uintptr_t>(mem);
    reg.ring_entries = nbufs_;
    reg.bgid = 0;
    if (const int rc = ::io_uring_register_buf_ring(&ring_, &reg, 0); rc != 0) {
      std::fprintf(stderr, "load client: io_uring_register_buf_ring: %s\n", std::strerror(-rc));
      std::exit(1);
    }
    ::io_uring_buf_ring_init(br_);
    bufs_.resize(std::size_t{nbufs_} * buf_size);
    for (unsigned b = 0; b < nbufs_; ++b) give_back(b, static_cast<int>(b));
    ::io_uring_buf_ring_advance(br_, static_cast<int>(nbufs_));
  }
  ~uring_load() {
    ::io_uring_queue_exit(&ring_);
    ::munmap(br_, ring_mem_);
  }
  uring_load(const uring_load&) = delete;
  uring_load& operator=(const uring_load&) = delete;

  load_result run(double secs, clockid_t server, bool busy_poll) {
    for (std::size_t i = 0; i < fds_.size(); ++i) arm_recv(i);
    ::io_uring_submit(&ring_);
    const window w(server);
    for (std::size_t i = 0; i < fds_.size(); ++i) queue_send(i);
    long trips = 0;
    const auto end = steady::now() + std::chrono::duration<double>(secs);
    __kernel_timespec wait{0, 100'000'000};
    while (steady::now() < end) {
      io_uring_cqe* cqe = nullptr;
      const int rc = busy_poll ? ::io_uring_submit_and_get_events(&ring_)
                               : ::io_uring_submit_and_wait_timeout(&ring_, &cqe, 1, &wait, nullptr);
      if (rc < 0 && rc != -ETIME && rc != -EINTR) {
        std::fprintf(stderr, "load client: io_uring_submit_and_wait: %s\n", std::strerror(-rc));
        std::exit(1);
      }
      unsigned head, seen = 0, returned = 0;
      io_uring_for_each_cqe(&ring_, head, cqe) {
        ++seen;
        if (cqe->user_data & send_tag) continue;  // a failed send: the connection is gone
        const std::size_t i = cqe->user_data;
        if (cqe->flags & IORING_CQE_F_BUFFER) {
          give_back(cqe->flags >> IORING_CQE_BUFFER_SHIFT, static_cast<int>(returned++));
        }
        if (cqe->res > 0) {
          got_[i] += static_cast<std::size_t>(cqe->res);
          if (got_[i] >= msg_size) {
            got_[i] -= msg_size;
            ++trips;
            queue_send(i);
          }
        }
        // The multishot recv ended (ENOBUFS, or a real end): re-arm unless closed.
        if (!(cqe->flags & IORING_CQE_F_MORE) && (cqe->res > 0 || cqe->res == -ENOBUFS)) arm_recv(i);
      }
      ::io_uring_buf_ring_advance(br_, static_cast<int>(returned));
      ::io_uring_cq_advance(&ring_, seen);
    }
    return w.stop(trips);
  }

 private:
  static constexpr unsigned buf_size = 256;

  void give_back(unsigned bid, int offset) {
    ::io_uring_buf_ring_add(br_, &bufs_[std::size_t{bid} * buf_size], buf_size, static_cast<unsigned short>(bid),
                            ::io_uring_buf_ring_mask(nbufs_), offset);
  }
  io_uring_sqe* sqe() {
    io_uring_sqe* s = ::io_uring_get_sqe(&ring_);
    while (!s) {
      ::io_uring_submit(&ring_);
      s = ::io_uring_get_sqe(&ring_);
    }
    return s;
  }
  void arm_recv(std::size_t i) {
    io_uring_sqe* s = sqe();
    ::io_uring_prep_recv_multishot(s, fds_[i], nullptr, 0, 0);
    s->flags |= IOSQE_BUFFER_SELECT;
    s->buf_group = 0;
    s->user_data = i;
  }
  void queue_send(std::size_t i) {
    io_uring_sqe* s = sqe();
    ::io_uring_prep_send(s, fds_[i], out_msg, msg_size, MSG_NOSIGNAL);
    s->flags |= IOSQE_CQE_SKIP_SUCCESS;
    s->user_data = send_tag | i;
  }

  const std::vector<int>& fds_;
  std::vector<std::size_t> got_;
  io_uring ring_{};
  unsigned entries_ = 0;
  io_uring_buf_ring* br_ = nullptr;
  unsigned nbufs_ = 0;
  std::size_t ring_mem_ = 0;
  std::vector<char> bufs_;
};

bool uring_available() {
  io_uring ring{};
  if (!init_ring(ring, 8)) return false;
  ::io_uring_queue_exit(&ring);
  return true;
}

#else

bool uring_available() { return false; }

#endif

}  // namespace

client_kind chosen_client() {
  const char* env = std::getenv("UNBLOCK_BENCH_CLIENT");
  if (env && std::strcmp(env, "epoll") == 0) return client_kind::epoll;
  static const bool uring = uring_available();
  return uring ? client_kind::io_uring : client_kind::epoll;
}

const char* describe(client_kind kind) {
  return kind == client_kind::io_uring ? "io_uring (multishot recv, provided buffers, batched sends)"
                                       : "epoll (epoll_wait, recv, send)";
}

load_result run_load_client(const sockaddr_in& server, int conns, double secs, clockid_t server_cpu_clock,
                            bool busy_poll) {
  const std::vector<int> fds = connect_all(server, conns);
  load_result r;
#if UNBLOCK_BENCH_HAVE_LIBURING
  if (chosen_client() == client_kind::io_uring) {
    uring_load load(fds);
    r = load.run(secs, server_cpu_clock, busy_poll);
    shut_down(fds);
  } else
#endif
  {
    r = epoll_load(fds, secs, server_cpu_clock, busy_poll);
    shut_down(fds);
  }
  for (int fd : fds) ::close(fd);
  return r;
}

}  // namespace bench
