#pragma once
// The per-thread event loop: a ready queue, a binary heap of timers, I/O
// through one of two backends (epoll readiness, or io_uring submissions and
// readiness polls), a cross-thread completion queue woken through an
// eventfd, and the list of spawned tasks it owns. Internal: the public
// surface is run(), spawn(), the awaitables and the owned sockets.

#include <chrono>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "unblock/run_options.hpp"

namespace unblock::detail {

using steady_clock = std::chrono::steady_clock;

/// A pending timer; lives inside the awaiter that waits for it.
struct timer_node {
  static constexpr std::size_t npos = ~std::size_t{0};
  steady_clock::time_point deadline{};
  std::uint64_t seq = 0;
  std::size_t heap_index = npos;
  void (*expire)(timer_node&) noexcept = nullptr;
};

/// A readiness wait on a file descriptor (one direction).
struct fd_waiter {
  int fd = -1;
  bool write = false;  // false: wait for EPOLLIN, true: EPOLLOUT
  bool linked = false;
  std::uint64_t generation = 0;
  fd_waiter* prev = nullptr;
  fd_waiter* next = nullptr;
  void (*ready)(fd_waiter&) noexcept = nullptr;
};

class event_loop;

/// The edge-triggered epoll registration of an owned socket, made once for
/// the socket's life on one loop (epoll backend only).
struct socket_watch {
  int fd = -1;
  event_loop* loop = nullptr;  // set while registered; cleared if the loop ends first
  std::uint32_t slot = 0;
  void (*on_event)(socket_watch&, std::uint32_t events) noexcept = nullptr;
};

/// An operation submitted to io_uring (io_uring backend only). The loop
/// fills the submission from these fields and calls `complete` on the loop
/// thread with the result (a value, or minus an errno value).
enum class ring_opcode : std::uint8_t { recv, send, accept, connect, read, write };
struct ring_op {
  ring_opcode opcode = ring_opcode::recv;
  int fd = -1;
  void* buf = nullptr;  // recv/send/read/write buffer; connect: the address; accept: the peer address
  std::uint32_t len = 0;
  int flags = 0;  // recv/send flags; accept4 flags
  std::uint64_t offset = 0;  // read/write; connect: the address length; accept: socklen_t*
  bool in_flight = false;
  std::uint32_t slot = 0;
  void (*complete)(ring_op&, int res) noexcept = nullptr;
};

/// A unit of work for the blocking pool.
struct pool_job {
  void (*execute)(pool_job&) noexcept = nullptr;
  pool_job* next = nullptr;
};

/// Link of a spawned (detached) task in its loop's list.
struct spawn_node {
  spawn_node* prev = nullptr;
  spawn_node* next = nullptr;
  std::coroutine_handle<> frame;
};

class stall_watchdog;
class cancellable;
struct ring_state;

class event_loop {
 public:
  explicit event_loop(const run_options& options);
  ~event_loop();
  event_loop(const event_loop&) = delete;
  event_loop& operator=(const event_loop&) = delete;

  /// The loop running on the calling thread, or nullptr.
  static event_loop* current() noexcept;
  /// The loop running on the calling thread; throws std::logic_error naming
  /// `what` when there is none.
  static event_loop& require_current(const char* what);

  /// Queue a coroutine to be resumed (loop thread only).
  void schedule(std::coroutine_handle<> h) { ready_.push_back(h); }
  /// Queue a coroutine to be resumed, from any thread.
  void schedule_from_any_thread(std::coroutine_handle<> h);
  /// Resume `h` now as one resume step (watched by the stall watchdog).
  void resume(std::coroutine_handle<> h) noexcept;

  io_backend backend() const noexcept { return ring_ ? io_backend::io_uring : io_backend::epoll; }
  /// The backend `requested` resolves to on this machine (UNBLOCK_BACKEND
  /// for automatic); throws std::system_error / std::invalid_argument.
  static io_backend resolve_backend(io_backend requested);
  /// Whether this machine's kernel (and this build) can run the io_uring
  /// backend; when not, `why` (if given) says why. Probed once.
  static bool ring_supported(std::string* why);

  void add_timer(timer_node& n);
  void remove_timer(timer_node& n) noexcept;

  /// Registers a readiness wait. Returns 0, or an errno value (EPERM for
  /// descriptors epoll cannot watch, such as regular files).
  int add_fd_waiter(fd_waiter& w) noexcept;
  void remove_fd_waiter(fd_waiter& w) noexcept;
  /// Speculation predictor for socket calls: true when the last direct try
  /// on (fd, direction) would have blocked, so waiting for readiness first
  /// saves a failing system call (every 16th call still tries directly).
  bool should_wait_first(int fd, bool write) noexcept;
  void note_direct_try(int fd, bool write, bool would_block) noexcept;

  /// Hands a job to the blocking pool; the job must end by calling
  /// complete_blocking() exactly once (from the pool thread).
  void submit_blocking(pool_job& job);
  void complete_blocking(std::coroutine_handle<> h) noexcept;

  /// Owned sockets, epoll backend: registers `w` (edge-triggered, in and
  /// out) until unwatch_socket(); returns 0 or an errno value.
  int watch_socket(socket_watch& w) noexcept;
  void unwatch_socket(socket_watch& w) noexcept;

  /// io_uring backend: queues `op` (submitted at the next poll, or at once
  /// when the queue is full); returns 0 or an errno value.
  int ring_submit(ring_op& op) noexcept;
  /// Asks the kernel to cancel `op`; it still completes (with -ECANCELED,
  /// or its result if it finished first).
  void ring_cancel(ring_op& op) noexcept;
  /// Hands the queued submissions to the kernel now (before a descriptor
  /// they name is closed).
  void ring_flush() noexcept;
  /// For an operation whose owner goes away while it is in flight: cancels
  /// it synchronously; `complete` is never called.
  void ring_abandon(ring_op& op) noexcept;

  /// A stop request for a wait whose resumption must come from its event
  /// source (io_uring operations): runs c.deferred_cancel() on the loop
  /// thread, now if called there. withdraw_cancel() drops one not yet run.
  void post_cancel(cancellable& c) noexcept;
  void withdraw_cancel(cancellable& c) noexcept;

  void add_spawned(spawn_node& n) noexcept;
  void remove_spawned(spawn_node& n) noexcept;

  /// Runs until `main` is done.
  void run_until_done(std::coroutine_handle<> main);

 private:
  struct fd_entry {
    fd_waiter* head[2] = {nullptr, nullptr};
    fd_waiter* tail[2] = {nullptr, nullptr};
    std::uint32_t armed = 0;
    bool registered = false;
    bool would_block[2] = {false, false};
    std::uint8_t skips[2] = {0, 0};
    std::uint32_t poll_seq = 0;  // io_uring: the readiness poll in flight
  };
  struct remote_item {
    std::coroutine_handle<> handle;
    bool blocking_done;
    cancellable* cancel;  // a deferred stop request instead of a resumption
  };
  // epoll data / io_uring user_data: the low two bits tell what it names.
  static constexpr std::uint64_t tag_fd = 0;      // a free function's readiness wait: fd << 2 (| poll sequence << 34)
  static constexpr std::uint64_t tag_slot = 1;    // an owned socket's registration, an io_uring operation
  static constexpr std::uint64_t tag_wake = 2;    // the cross-thread wake-up eventfd
  static constexpr std::uint64_t tag_ignore = 3;  // completions of our own cancel and poll-remove requests
  // Registrations identified by (slot, generation) in epoll's data and in
  // io_uring's user_data, so an event for a registration that has ended
  // (its descriptor number possibly reused) is recognised and dropped.
  struct slot_entry {
    void* ptr = nullptr;
    std::uint32_t gen = 0;
  };

  void run_ready();
  void poll(int timeout_ms);
  int next_timeout_ms() const;
  void fire_timers();
  void drain_remote();
  void dispatch_fd(int fd, std::uint32_t events);
  void wake_waiters(int fd, int dir);
  int rearm(int fd) noexcept;
  void unlink_waiter(fd_entry& e, fd_waiter& w) noexcept;
  void post_remote(const remote_item& item) noexcept;
  std::uint32_t take_slot(void* ptr);
  void free_slot(std::uint32_t slot) noexcept;
  void* slot_target(std::uint64_t tag) const noexcept;
  std::uint64_t slot_tag(std::uint64_t kind, std::uint32_t slot) const noexcept;
  // io_uring backend (event_loop_ring.cpp)
  void ring_open();
  void ring_close() noexcept;
  void ring_poll(int timeout_ms);
  int ring_arm(int fd, std::uint32_t want) noexcept;
  void ring_disarm(int fd) noexcept;
  void ring_complete(std::uint64_t user_data, int res, std::uint32_t flags);
  void sift_up(std::size_t i) noexcept;
  void sift_down(std::size_t i) noexcept;
  void shutdown() noexcept;

  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::vector<std::coroutine_handle<>> ready_;
  std::vector<std::coroutine_handle<>> running_;
  std::vector<timer_node*> timers_;
  std::uint64_t timer_seq_ = 0;
  std::vector<fd_entry> fds_;
  std::uint64_t generation_ = 0;
  std::size_t blocking_outstanding_ = 0;
  spawn_node* spawned_ = nullptr;
  std::vector<slot_entry> slots_;
  std::vector<std::uint32_t> free_slots_;
  struct ring_deleter {
    void operator()(ring_state* r) const noexcept;
  };
  std::unique_ptr<ring_state, ring_deleter> ring_;

  std::mutex remote_mutex_;
  std::vector<remote_item> remote_;
  std::vector<remote_item> remote_taken_;
  bool remote_signalled_ = false;

  std::unique_ptr<stall_watchdog> watchdog_;
};

}  // namespace unblock::detail
