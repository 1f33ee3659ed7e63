#pragma once
// The per-thread event loop: a ready queue, a binary heap of timers, epoll
// readiness waits, a cross-thread completion queue woken through an
// eventfd, and the list of spawned tasks it owns. Internal: the public
// surface is run(), spawn() and the awaitables.

#include <chrono>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
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
  };
  struct remote_item {
    std::coroutine_handle<> handle;
    bool blocking_done;
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
  void post_remote(std::coroutine_handle<> h, bool blocking_done) noexcept;
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

  std::mutex remote_mutex_;
  std::vector<remote_item> remote_;
  std::vector<remote_item> remote_taken_;
  bool remote_signalled_ = false;

  std::unique_ptr<stall_watchdog> watchdog_;
};

}  // namespace unblock::detail
