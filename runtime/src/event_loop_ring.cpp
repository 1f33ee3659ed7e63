// The io_uring backend of event_loop (liburing): operations of owned
// sockets and file reads/writes are submitted as they are; readiness waits
// of the free functions become one-shot polls; the wake-up eventfd is
// watched by a multishot poll. Submissions are batched and handed to the
// kernel by the same io_uring_enter that waits for completions.

#include <poll.h>
#include <sys/epoll.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>
#include <system_error>

#include "unblock/detail/checked_step.hpp"
#include "unblock/detail/event_loop.hpp"

#if UNBLOCK_HAVE_LIBURING
#include <liburing.h>
#endif

namespace unblock::detail {

#if UNBLOCK_HAVE_LIBURING

struct ring_state {
  ::io_uring ring{};
};

namespace {

// liburing maps a ring's queues with raw system calls, which ThreadSanitizer
// does not see: a ring set up where another thread's ring was unmapped looks
// like memory that thread still writes. The kernel orders the unmapping
// before the new mapping; these tell ThreadSanitizer so.
#if defined(__SANITIZE_THREAD__)
#define UNBLOCK_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define UNBLOCK_TSAN 1
#endif
#endif
#if UNBLOCK_TSAN
extern "C" void __tsan_acquire(void* addr);
extern "C" void __tsan_release(void* addr);
char ring_mappings;
void after_mapping() noexcept { __tsan_acquire(&ring_mappings); }
void before_unmapping() noexcept { __tsan_release(&ring_mappings); }
#else
void after_mapping() noexcept {}
void before_unmapping() noexcept {}
#endif

void exit_ring(::io_uring& ring) noexcept {
  before_unmapping();
  ::io_uring_queue_exit(&ring);
}

// The opcodes the backend submits; a kernel missing one runs epoll.
constexpr int needed_ops[] = {IORING_OP_RECV,    IORING_OP_SEND,      IORING_OP_ACCEPT,      IORING_OP_CONNECT,
                              IORING_OP_READ,    IORING_OP_WRITE,     IORING_OP_POLL_ADD,    IORING_OP_POLL_REMOVE,
                              IORING_OP_ASYNC_CANCEL};

// Sets up `ring`: single issuer with deferred task work (Linux 6.1) where
// the kernel has them, plain otherwise. Returns 0 or a negative errno.
int init_ring(::io_uring& ring) {
  const unsigned tries[] = {IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN, IORING_SETUP_COOP_TASKRUN, 0};
  int rc = -EINVAL;
  for (unsigned flags : tries) {
    ::io_uring_params p{};
    p.flags = flags | IORING_SETUP_CQSIZE;
    p.cq_entries = 4096;
    rc = ::io_uring_queue_init_params(256, &ring, &p);
    if (rc == 0) {
      after_mapping();
      return 0;
    }
    if (rc != -EINVAL) return rc;
  }
  return rc;
}

// Empty when the io_uring backend can run here, else the reason.
std::string probe() {
  ::io_uring ring;
  const int rc = init_ring(ring);
  if (rc != 0) return std::string("io_uring_setup failed: ") + std::strerror(-rc);
  std::string why;
  if (::io_uring_probe* p = ::io_uring_get_probe_ring(&ring)) {
    for (int op : needed_ops) {
      if (!::io_uring_opcode_supported(p, op)) why = "the kernel lacks io_uring opcode " + std::to_string(op);
    }
    ::io_uring_free_probe(p);
  } else {
    why = "the kernel cannot describe its io_uring opcodes";
  }
  if (why.empty()) {
    // Synchronous cancellation (Linux 6.0): how an operation whose frame goes
    // away is stopped before its buffer is freed. No such request: -ENOENT.
    ::io_uring_sync_cancel_reg reg{};
    reg.addr = ~std::uint64_t{0};
    reg.timeout.tv_sec = -1;
    reg.timeout.tv_nsec = -1;
    if (::io_uring_register_sync_cancel(&ring, &reg) != -ENOENT) why = "the kernel lacks synchronous io_uring cancellation (Linux 6.0)";
  }
  exit_ring(ring);
  return why;
}

}  // namespace

bool event_loop::ring_supported(std::string* why) {
  static const std::string reason = probe();
  if (why) *why = reason;
  return reason.empty();
}

void event_loop::ring_open() {
  std::string why;
  if (!ring_supported(&why)) {
    throw std::system_error(std::make_error_code(std::errc::function_not_supported),
                            "unblock: io_uring backend unavailable: " + why);
  }
  auto st = std::make_unique<ring_state>();
  if (const int rc = init_ring(st->ring); rc != 0) throw std::system_error(-rc, std::generic_category(), "unblock: io_uring_setup");
  ring_.reset(st.release());
  ::io_uring_sqe* sqe = ::io_uring_get_sqe(&ring_->ring);
  ::io_uring_prep_poll_multishot(sqe, wake_fd_, POLLIN);
  ::io_uring_sqe_set_data64(sqe, tag_wake);
}

void event_loop::ring_deleter::operator()(ring_state* r) const noexcept {
  exit_ring(r->ring);  // the kernel cancels what is left
  delete r;
}

void event_loop::ring_close() noexcept { ring_.reset(); }

namespace {
// A free submission entry, handing the queue to the kernel when it is full.
::io_uring_sqe* next_sqe(::io_uring& ring) noexcept {
  ::io_uring_sqe* sqe = ::io_uring_get_sqe(&ring);
  if (!sqe) {
    const allow_blocking own_call;  // io_uring_enter without waiting, maybe inside a step
    ::io_uring_submit(&ring);
    sqe = ::io_uring_get_sqe(&ring);
  }
  return sqe;
}
}  // namespace

int event_loop::ring_submit(ring_op& op) noexcept {
  ::io_uring_sqe* sqe = next_sqe(ring_->ring);
  if (!sqe) return EBUSY;
  std::uint32_t s;
  try {
    s = take_slot(&op);
  } catch (...) {
    ::io_uring_prep_nop(sqe);
    ::io_uring_sqe_set_data64(sqe, tag_ignore);
    return ENOMEM;
  }
  switch (op.opcode) {
    case ring_opcode::recv:
      ::io_uring_prep_recv(sqe, op.fd, op.buf, op.len, op.flags);
      break;
    case ring_opcode::send:
      ::io_uring_prep_send(sqe, op.fd, op.buf, op.len, op.flags);
      break;
    case ring_opcode::accept:
      ::io_uring_prep_accept(sqe, op.fd, static_cast<::sockaddr*>(op.buf),
                             reinterpret_cast<::socklen_t*>(static_cast<std::uintptr_t>(op.offset)), op.flags);
      break;
    case ring_opcode::connect:
      ::io_uring_prep_connect(sqe, op.fd, static_cast<const ::sockaddr*>(op.buf), static_cast<::socklen_t>(op.offset));
      break;
    case ring_opcode::read:
      ::io_uring_prep_read(sqe, op.fd, op.buf, op.len, op.offset);
      break;
    case ring_opcode::write:
      ::io_uring_prep_write(sqe, op.fd, op.buf, op.len, op.offset);
      break;
  }
  ::io_uring_sqe_set_data64(sqe, slot_tag(tag_slot, s));
  op.slot = s;
  op.in_flight = true;
  return 0;
}

void event_loop::ring_cancel(ring_op& op) noexcept {
  if (!op.in_flight) return;
  ::io_uring_sqe* sqe = next_sqe(ring_->ring);
  if (!sqe) return;  // the operation still completes on its own
  ::io_uring_prep_cancel64(sqe, slot_tag(tag_slot, op.slot), 0);
  ::io_uring_sqe_set_data64(sqe, tag_ignore);
}

void event_loop::ring_flush() noexcept {
  const allow_blocking own_call;  // io_uring_enter without waiting, maybe inside a step
  ::io_uring_submit(&ring_->ring);
}

void event_loop::ring_abandon(ring_op& op) noexcept {
  if (!op.in_flight) return;
  ring_flush();  // the request may not have been handed over yet
  const allow_blocking own_call;  // waits for the kernel to let go of the buffer
  ::io_uring_sync_cancel_reg reg{};
  reg.addr = slot_tag(tag_slot, op.slot);
  reg.timeout.tv_sec = -1;
  reg.timeout.tv_nsec = -1;
  ::io_uring_register_sync_cancel(&ring_->ring, &reg);
  free_slot(op.slot);  // its completion, if already queued, is now stale
  op.in_flight = false;
}

int event_loop::ring_arm(int fd, std::uint32_t want) noexcept {
  fd_entry& e = fds_[static_cast<std::size_t>(fd)];
  if (e.armed) ring_disarm(fd);  // a poll for fewer events is in flight: replace it
  ::io_uring_sqe* sqe = next_sqe(ring_->ring);
  if (!sqe) return EBUSY;
  e.poll_seq = (e.poll_seq + 1) & ((1u << 30) - 1);
  ::io_uring_prep_poll_add(sqe, fd, want);
  ::io_uring_sqe_set_data64(sqe, tag_fd | (static_cast<std::uint64_t>(fd) << 2) | (std::uint64_t{e.poll_seq} << 34));
  e.armed = want;
  e.registered = true;
  return 0;
}

void event_loop::ring_disarm(int fd) noexcept {
  fd_entry& e = fds_[static_cast<std::size_t>(fd)];
  if (!e.armed) return;
  if (::io_uring_sqe* sqe = next_sqe(ring_->ring)) {
    ::io_uring_prep_poll_remove(sqe, tag_fd | (static_cast<std::uint64_t>(fd) << 2) | (std::uint64_t{e.poll_seq} << 34));
    ::io_uring_sqe_set_data64(sqe, tag_ignore);
  }
  e.poll_seq = (e.poll_seq + 1) & ((1u << 30) - 1);  // its completion is stale from now on
  e.armed = 0;
}

void event_loop::ring_poll(int timeout_ms) {
  ::io_uring& ring = ring_->ring;
  int rc;
  if (timeout_ms == 0) {
    rc = ::io_uring_submit_and_get_events(&ring);
  } else {
    ::io_uring_cqe* cqe = nullptr;
    ::__kernel_timespec ts{};
    ts.tv_sec = timeout_ms / 1000;
    ts.tv_nsec = static_cast<long long>(timeout_ms % 1000) * 1'000'000;
    rc = ::io_uring_submit_and_wait_timeout(&ring, &cqe, 1, timeout_ms < 0 ? nullptr : &ts, nullptr);
  }
  if (rc < 0 && rc != -ETIME && rc != -EINTR && rc != -EBUSY && rc != -EAGAIN) {
    throw std::system_error(-rc, std::generic_category(), "unblock: io_uring_enter");
  }
  ++generation_;
  struct done {
    std::uint64_t user_data;
    int res;
    std::uint32_t flags;
  };
  constexpr unsigned batch = 256;
  ::io_uring_cqe* cqes[batch];
  done taken[batch];
  for (;;) {
    const unsigned n = ::io_uring_peek_batch_cqe(&ring, cqes, batch);
    if (n == 0) break;
    for (unsigned i = 0; i < n; ++i) taken[i] = {cqes[i]->user_data, cqes[i]->res, cqes[i]->flags};
    ::io_uring_cq_advance(&ring, n);
    for (unsigned i = 0; i < n; ++i) ring_complete(taken[i].user_data, taken[i].res, taken[i].flags);
    if (n < batch) break;
  }
}

void event_loop::ring_complete(std::uint64_t user_data, int res, std::uint32_t flags) {
  switch (user_data & 3) {
    case tag_fd: {
      const auto fd = static_cast<std::size_t>((user_data >> 2) & 0xffffffffu);
      if (fd >= fds_.size() || fds_[fd].poll_seq != (user_data >> 34) || !fds_[fd].armed) return;  // replaced or removed
      // An error (the descriptor was closed meanwhile...) wakes every waiter:
      // their retry reports it.
      const std::uint32_t events = res < 0 ? std::uint32_t{EPOLLERR} : static_cast<std::uint32_t>(res);
      dispatch_fd(static_cast<int>(fd), events);
      return;
    }
    case tag_slot:
      if (void* p = slot_target(user_data)) {
        auto& op = *static_cast<ring_op*>(p);
        free_slot(op.slot);
        op.in_flight = false;
        op.complete(op, res);
      }
      return;
    case tag_wake:
      drain_remote();
      if (!(flags & IORING_CQE_F_MORE)) {  // the multishot poll ended: start another
        if (::io_uring_sqe* sqe = next_sqe(ring_->ring)) {
          ::io_uring_prep_poll_multishot(sqe, wake_fd_, POLLIN);
          ::io_uring_sqe_set_data64(sqe, tag_wake);
        }
      }
      return;
    default:
      return;
  }
}

#else  // built without liburing: the epoll backend only

struct ring_state {};
void event_loop::ring_deleter::operator()(ring_state* r) const noexcept { delete r; }

bool event_loop::ring_supported(std::string* why) {
  if (why) *why = "unblock was built without liburing";
  return false;
}
void event_loop::ring_open() {
  throw std::system_error(std::make_error_code(std::errc::function_not_supported),
                          "unblock: io_uring backend unavailable: unblock was built without liburing");
}
void event_loop::ring_close() noexcept {}
int event_loop::ring_submit(ring_op&) noexcept { return ENOSYS; }
void event_loop::ring_cancel(ring_op&) noexcept {}
void event_loop::ring_flush() noexcept {}
void event_loop::ring_abandon(ring_op&) noexcept {}
int event_loop::ring_arm(int, std::uint32_t) noexcept { return ENOSYS; }
void event_loop::ring_disarm(int) noexcept {}
void event_loop::ring_poll(int) {}
void event_loop::ring_complete(std::uint64_t, int, std::uint32_t) {}

#endif

}  // namespace unblock::detail
