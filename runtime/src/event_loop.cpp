#include "unblock/detail/event_loop.hpp"

#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <system_error>

#include "blocking_pool.hpp"
#include "stall_watchdog.hpp"
#include "unblock/detail/cancellable.hpp"
#include "unblock/detail/checked_step.hpp"

namespace unblock::detail {

namespace {

thread_local event_loop* t_current = nullptr;

[[noreturn]] void throw_errno(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

bool earlier(const timer_node* a, const timer_node* b) noexcept {
  return a->deadline < b->deadline || (a->deadline == b->deadline && a->seq < b->seq);
}

constexpr int max_events = 256;

// Ready coroutines run for at most this many rounds before I/O is polled.
constexpr unsigned rounds_between_polls = 64;

}  // namespace

event_loop::event_loop(const run_options& options) {
  if (t_current) throw std::logic_error("unblock::run: an event loop is already running on this thread");
  const io_backend backend = resolve_backend(options.backend);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) throw_errno("unblock: eventfd");
  try {
    if (backend == io_backend::io_uring) {
      ring_open();  // watches wake_fd_ too
    } else {
      epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
      if (epoll_fd_ < 0) throw_errno("unblock: epoll_create1");
      ::epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u64 = tag_wake;
      if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev) != 0) throw_errno("unblock: epoll_ctl");
    }
  } catch (...) {
    if (epoll_fd_ >= 0) ::close(epoll_fd_);
    ::close(wake_fd_);
    throw;
  }
  auto threshold = options.stall_threshold;
  if (threshold.count() <= 0) threshold = stall_watchdog::threshold_from_env();
  if (threshold.count() > 0) watchdog_ = std::make_unique<stall_watchdog>(threshold, options.stall_backtrace);
  t_current = this;
}

event_loop::~event_loop() {
  shutdown();
  watchdog_.reset();
  // Owned sockets that outlive the loop can be registered again elsewhere.
  if (!ring_) {
    for (const slot_entry& s : slots_) {
      if (s.ptr) static_cast<socket_watch*>(s.ptr)->loop = nullptr;
    }
  }
  ring_close();
  ::close(wake_fd_);
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
  t_current = nullptr;
}

io_backend event_loop::resolve_backend(io_backend requested) {
  if (requested == io_backend::automatic) {
    const char* env = std::getenv("UNBLOCK_BACKEND");
    const std::string v = env ? env : "";
    if (v == "epoll") {
      requested = io_backend::epoll;
    } else if (v == "io_uring") {
      requested = io_backend::io_uring;
    } else if (!v.empty() && v != "automatic") {
      throw std::invalid_argument("unblock::run: UNBLOCK_BACKEND=" + v + " (expected epoll, io_uring or automatic)");
    }
  }
  if (requested == io_backend::automatic) requested = ring_supported(nullptr) ? io_backend::io_uring : io_backend::epoll;
  return requested;
}

event_loop* event_loop::current() noexcept { return t_current; }

event_loop& event_loop::require_current(const char* what) {
  if (!t_current) throw std::logic_error(std::string(what) + ": no unblock event loop runs on this thread (use unblock::run)");
  return *t_current;
}

void event_loop::schedule_from_any_thread(std::coroutine_handle<> h) {
  if (t_current == this) {
    ready_.push_back(h);
  } else {
    post_remote({h, false, nullptr});
  }
}

void event_loop::resume(std::coroutine_handle<> h) noexcept {
  // A checked step under -fsanitize=realtime (unblock::runtime_checked); a
  // plain resume otherwise.
  if (watchdog_) {
    watchdog_->step_begin(h.address());
    resume_checked(h);
    watchdog_->step_end();
  } else {
    resume_checked(h);
  }
}

// ---- timers: a binary min-heap of (deadline, sequence) -------------------

void event_loop::add_timer(timer_node& n) {
  n.seq = ++timer_seq_;
  n.heap_index = timers_.size();
  timers_.push_back(&n);
  sift_up(n.heap_index);
}

void event_loop::remove_timer(timer_node& n) noexcept {
  if (n.heap_index == timer_node::npos) return;
  const std::size_t i = n.heap_index;
  n.heap_index = timer_node::npos;
  timer_node* last = timers_.back();
  timers_.pop_back();
  if (i < timers_.size()) {
    timers_[i] = last;
    last->heap_index = i;
    sift_down(i);
    sift_up(last->heap_index);
  }
}

void event_loop::sift_up(std::size_t i) noexcept {
  timer_node* n = timers_[i];
  while (i > 0) {
    const std::size_t parent = (i - 1) / 2;
    if (!earlier(n, timers_[parent])) break;
    timers_[i] = timers_[parent];
    timers_[i]->heap_index = i;
    i = parent;
  }
  timers_[i] = n;
  n->heap_index = i;
}

void event_loop::sift_down(std::size_t i) noexcept {
  timer_node* n = timers_[i];
  const std::size_t size = timers_.size();
  for (;;) {
    std::size_t child = 2 * i + 1;
    if (child >= size) break;
    if (child + 1 < size && earlier(timers_[child + 1], timers_[child])) ++child;
    if (!earlier(timers_[child], n)) break;
    timers_[i] = timers_[child];
    timers_[i]->heap_index = i;
    i = child;
  }
  timers_[i] = n;
  n->heap_index = i;
}

void event_loop::fire_timers() {
  if (timers_.empty()) return;
  const auto now = steady_clock::now();
  while (!timers_.empty() && timers_.front()->deadline <= now) {
    timer_node* n = timers_.front();
    remove_timer(*n);
    n->expire(*n);
  }
}

int event_loop::next_timeout_ms() const {
  if (timers_.empty()) return -1;
  const auto wait = timers_.front()->deadline - steady_clock::now();
  if (wait <= steady_clock::duration::zero()) return 0;
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(wait).count();
  return ms > 1'000'000 ? 1'000'000 : static_cast<int>(ms);
}

// ---- registration slots ------------------------------------------------------

namespace {
constexpr std::uint32_t gen_mask = (1u << 30) - 1;
}

std::uint32_t event_loop::take_slot(void* ptr) {
  std::uint32_t s;
  if (free_slots_.empty()) {
    s = static_cast<std::uint32_t>(slots_.size());
    slots_.push_back({});
    free_slots_.reserve(slots_.capacity());  // so free_slot() never allocates
  } else {
    s = free_slots_.back();
    free_slots_.pop_back();
  }
  slots_[s].ptr = ptr;
  return s;
}

void event_loop::free_slot(std::uint32_t s) noexcept {
  slots_[s].ptr = nullptr;
  slots_[s].gen = (slots_[s].gen + 1) & gen_mask;
  free_slots_.push_back(s);
}

std::uint64_t event_loop::slot_tag(std::uint64_t kind, std::uint32_t s) const noexcept {
  return kind | (std::uint64_t{s} << 2) | (std::uint64_t{slots_[s].gen} << 34);
}

void* event_loop::slot_target(std::uint64_t tag) const noexcept {
  const auto s = static_cast<std::uint32_t>(tag >> 2);
  if (s >= slots_.size() || slots_[s].gen != (tag >> 34)) return nullptr;  // ended: a stale event
  return slots_[s].ptr;
}

// ---- owned sockets on epoll: one edge-triggered registration each -------------

int event_loop::watch_socket(socket_watch& w) noexcept {
  const allow_blocking own_call;  // epoll_ctl, from inside a coroutine step
  std::uint32_t s;
  try {
    s = take_slot(&w);
  } catch (...) {
    return ENOMEM;
  }
  ::epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  ev.data.u64 = slot_tag(tag_slot, s);
  // EEXIST: a free function's wait registered the descriptor; take it over.
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, w.fd, &ev) != 0 &&
      (errno != EEXIST || ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, w.fd, &ev) != 0)) {
    const int e = errno;
    free_slot(s);
    return e;
  }
  w.slot = s;
  w.loop = this;
  return 0;
}

void event_loop::unwatch_socket(socket_watch& w) noexcept {
  if (w.loop != this) return;
  const allow_blocking own_call;
  // Explicitly: a descriptor dup()ed elsewhere would keep the registration.
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, w.fd, nullptr);
  free_slot(w.slot);
  w.loop = nullptr;
}

// ---- descriptors: one-shot epoll registrations, re-armed on demand ------

int event_loop::add_fd_waiter(fd_waiter& w) noexcept {
  if (w.fd < 0) return EBADF;
  const allow_blocking own_call;  // epoll_ctl, from inside a coroutine step
  const auto index = static_cast<std::size_t>(w.fd);
  if (index >= fds_.size()) {
    try {
      fds_.resize(index + 1 + index / 2);
    } catch (...) {
      return ENOMEM;
    }
  }
  fd_entry& e = fds_[index];
  const int dir = w.write ? 1 : 0;
  w.prev = e.tail[dir];
  w.next = nullptr;
  if (e.tail[dir]) {
    e.tail[dir]->next = &w;
  } else {
    e.head[dir] = &w;
  }
  e.tail[dir] = &w;
  w.linked = true;
  w.generation = generation_;
  const int rc = rearm(w.fd);
  if (rc != 0) unlink_waiter(e, w);
  return rc;
}

bool event_loop::should_wait_first(int fd, bool write) noexcept {
  if (fd < 0 || static_cast<std::size_t>(fd) >= fds_.size()) return false;
  fd_entry& e = fds_[static_cast<std::size_t>(fd)];
  const int dir = write ? 1 : 0;
  return e.would_block[dir] && (++e.skips[dir] & 15) != 0;
}

void event_loop::note_direct_try(int fd, bool write, bool would_block) noexcept {
  if (fd < 0 || static_cast<std::size_t>(fd) >= fds_.size()) return;
  fds_[static_cast<std::size_t>(fd)].would_block[write ? 1 : 0] = would_block;
}

void event_loop::remove_fd_waiter(fd_waiter& w) noexcept {
  if (!w.linked) return;
  fd_entry& e = fds_[static_cast<std::size_t>(w.fd)];
  unlink_waiter(e, w);
  if (e.head[0] || e.head[1]) return;
  if (ring_) {
    // A poll left in flight would keep the file open after the caller
    // closes the descriptor.
    ring_disarm(w.fd);
  } else {
    // The registration may still be armed, but the caller may close the
    // descriptor now (which drops it) and a new file take the number: the
    // next wait re-arms, whatever this one left.
    e.armed = 0;
  }
}

void event_loop::unlink_waiter(fd_entry& e, fd_waiter& w) noexcept {
  const int dir = w.write ? 1 : 0;
  if (w.prev) {
    w.prev->next = w.next;
  } else {
    e.head[dir] = w.next;
  }
  if (w.next) {
    w.next->prev = w.prev;
  } else {
    e.tail[dir] = w.prev;
  }
  w.prev = w.next = nullptr;
  w.linked = false;
}

int event_loop::rearm(int fd) noexcept {
  fd_entry& e = fds_[static_cast<std::size_t>(fd)];
  const std::uint32_t want = (e.head[0] ? std::uint32_t{EPOLLIN} : 0u) | (e.head[1] ? std::uint32_t{EPOLLOUT} : 0u);
  if (want == 0 || (want & ~e.armed) == 0) return 0;
  if (ring_) return ring_arm(fd, want);
  ::epoll_event ev{};
  ev.events = want | EPOLLONESHOT;
  ev.data.u64 = tag_fd | (static_cast<std::uint64_t>(fd) << 2);
  int rc;
  if (e.registered) {
    rc = ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &ev);
    if (rc != 0 && errno == ENOENT) rc = ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
  } else {
    rc = ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
    if (rc != 0 && errno == EEXIST) rc = ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &ev);
  }
  if (rc != 0) return errno;
  e.registered = true;
  e.armed = want;
  return 0;
}

void event_loop::dispatch_fd(int fd, std::uint32_t events) {
  if (fd < 0 || static_cast<std::size_t>(fd) >= fds_.size()) return;
  fds_[static_cast<std::size_t>(fd)].armed = 0;  // one-shot: disarmed by the kernel
  if (events & (EPOLLIN | EPOLLERR | EPOLLHUP | EPOLLRDHUP)) wake_waiters(fd, 0);
  if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) wake_waiters(fd, 1);
  rearm(fd);  // waiters still pending in the other direction (errors show up on their retry)
}

void event_loop::wake_waiters(int fd, int dir) {
  // Waiters that registered during this dispatch (e.g. after a retry that
  // would block again) carry the current generation and wait for the next event.
  for (;;) {
    fd_entry& e = fds_[static_cast<std::size_t>(fd)];
    fd_waiter* w = e.head[dir];
    if (!w || w->generation == generation_) return;
    unlink_waiter(e, *w);
    w->ready(*w);
  }
}

// ---- cross-thread completions ----------------------------------------------

void event_loop::post_remote(const remote_item& item) noexcept {
  const allow_blocking own_call;  // a short lock and an eventfd write, maybe inside a step
  std::lock_guard lock(remote_mutex_);
  remote_.push_back(item);
  if (!remote_signalled_) {
    remote_signalled_ = true;
    const std::uint64_t one = 1;
    // Written under the lock: once the loop can see the item, this thread no
    // longer touches the loop.
    [[maybe_unused]] const auto n = ::write(wake_fd_, &one, sizeof one);
  }
}

void event_loop::submit_blocking(pool_job& job) {
  const allow_blocking own_call;  // the pool's lock (and thread start), inside a step
  ++blocking_outstanding_;
  try {
    blocking_pool::instance().submit(job);
  } catch (...) {
    --blocking_outstanding_;
    throw;
  }
}

void event_loop::complete_blocking(std::coroutine_handle<> h) noexcept { post_remote({h, true, nullptr}); }

void event_loop::post_cancel(cancellable& c) noexcept {
  if (t_current == this) {
    c.deferred_cancel();
  } else {
    c.cancel_posted_.store(true, std::memory_order_relaxed);
    post_remote({{}, false, &c});
  }
}

void event_loop::withdraw_cancel(cancellable& c) noexcept {
  if (!c.cancel_posted_.load(std::memory_order_relaxed)) return;
  const allow_blocking own_call;
  std::lock_guard lock(remote_mutex_);
  std::erase_if(remote_, [&](const remote_item& i) { return i.cancel == &c; });
  c.cancel_posted_.store(false, std::memory_order_relaxed);
}

void event_loop::drain_remote() {
  std::uint64_t value;
  [[maybe_unused]] const auto n = ::read(wake_fd_, &value, sizeof value);
  {
    std::lock_guard lock(remote_mutex_);
    remote_taken_.swap(remote_);
    remote_signalled_ = false;
  }
  for (const remote_item& item : remote_taken_) {
    if (item.cancel) {
      item.cancel->deferred_cancel();
      continue;
    }
    if (item.blocking_done) --blocking_outstanding_;
    ready_.push_back(item.handle);
  }
  remote_taken_.clear();
}

// ---- spawned tasks -----------------------------------------------------------

void event_loop::add_spawned(spawn_node& n) noexcept {
  n.prev = nullptr;
  n.next = spawned_;
  if (spawned_) spawned_->prev = &n;
  spawned_ = &n;
}

void event_loop::remove_spawned(spawn_node& n) noexcept {
  if (n.prev) {
    n.prev->next = n.next;
  } else {
    spawned_ = n.next;
  }
  if (n.next) n.next->prev = n.prev;
  n.prev = n.next = nullptr;
}

// ---- the loop ------------------------------------------------------------------

void event_loop::run_ready() {
  running_.swap(ready_);
  for (std::coroutine_handle<> h : running_) resume(h);
  running_.clear();
}

void event_loop::poll(int timeout_ms) {
  if (ring_) {
    ring_poll(timeout_ms);
    return;
  }
  ::epoll_event events[max_events];
  const int n = ::epoll_wait(epoll_fd_, events, max_events, timeout_ms);
  if (n < 0) {
    if (errno == EINTR) return;
    throw_errno("unblock: epoll_wait");
  }
  ++generation_;
  for (int i = 0; i < n; ++i) {
    const std::uint64_t tag = events[i].data.u64;
    switch (tag & 3) {
      case tag_fd:
        dispatch_fd(static_cast<int>(tag >> 2), events[i].events);
        break;
      case tag_slot:
        if (void* p = slot_target(tag)) {
          auto& w = *static_cast<socket_watch*>(p);
          w.on_event(w, events[i].events);
        }
        break;
      case tag_wake:
        drain_remote();
        break;
    }
  }
}

void event_loop::run_until_done(std::coroutine_handle<> main) {
  schedule(main);
  unsigned rounds = 0;
  while (!main.done()) {
    if (!ready_.empty()) {
      run_ready();
      if (main.done()) break;
      if (!ready_.empty() && ++rounds < rounds_between_polls) {
        fire_timers();
        continue;
      }
    }
    rounds = 0;
    poll(ready_.empty() ? next_timeout_ms() : 0);
    fire_timers();
  }
}

void event_loop::shutdown() noexcept {
  // Offloaded calls may still use the frames of abandoned spawned tasks:
  // wait for them to return before destroying anything.
  while (blocking_outstanding_ > 0) {
    ::pollfd p{wake_fd_, POLLIN, 0};
    ::poll(&p, 1, -1);
    drain_remote();
  }
  ready_.clear();
  while (spawned_) {
    spawn_node* n = spawned_;
    remove_spawned(*n);
    n->frame.destroy();
  }
  ready_.clear();
  std::lock_guard lock(remote_mutex_);
  remote_.clear();
}

// ---- cancellation ----------------------------------------------------------------

void cancellable::request_cancel() noexcept {
  std::uint8_t s = state_.load(std::memory_order_acquire);
  for (;;) {
    if (s == waiting) {
      if (state_.compare_exchange_weak(s, cancelled, std::memory_order_acq_rel)) {
        if (deferred_) {
          loop_->post_cancel(*this);
        } else {
          loop_->schedule_from_any_thread(handle_);
        }
        return;
      }
    } else if (s == attempting) {
      if (state_.compare_exchange_weak(s, cancel_during_attempt, std::memory_order_acq_rel)) return;
    } else {
      return;
    }
  }
}

void cancellable::end_deferred() noexcept {
  unwatch();
  if (loop_) loop_->withdraw_cancel(*this);
}

}  // namespace unblock::detail
