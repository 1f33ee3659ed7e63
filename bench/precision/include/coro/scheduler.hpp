// Stand-in for an io scheduler (libcoro's coro::scheduler, cppcoro's
// io_service): one event-loop thread waits in epoll; other threads and the
// loop itself wake it by writing one byte to a non-blocking "self pipe".
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <coroutine>
#include <cstdint>
#include <fcntl.h>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <sys/epoll.h>
#include <unistd.h>
#include <vector>

#include "coro/task.hpp"

namespace coro {

enum class poll_op : std::uint32_t { read = EPOLLIN, write = EPOLLOUT };
enum class poll_status { event, timeout, error, closed };

namespace detail {

// Both ends are O_NONBLOCK: a write never waits, it fails with EAGAIN when
// the pipe is full (and then the loop is awake anyway). The members are
// defined in scheduler.cpp, as libcoro defines them in src/detail/pipe.cpp.
class pipe_t {
public:
  using fd_t = int;
  pipe_t();
  ~pipe_t();
  long write(const void *bytes, std::size_t n);
  long read(void *buf, std::size_t n);
  const fd_t &read_fd() const;
  const fd_t &write_fd() const;

private:
  std::array<fd_t, 2> fds_{-1, -1};
};

} // namespace detail

class scheduler {
public:
  scheduler() : epoll_fd_(::epoll_create1(EPOLL_CLOEXEC)) {}
  ~scheduler() { ::close(epoll_fd_); }

  static std::unique_ptr<scheduler> make_unique() { return std::make_unique<scheduler>(); }

  struct schedule_operation {
    scheduler &s;
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) noexcept { s.resume(h); }
    void await_resume() noexcept {}
  };

  // Moves the awaiting coroutine onto this scheduler's event-loop thread.
  schedule_operation schedule() { return schedule_operation{*this}; }

  // Queues `h` and wakes the loop (a one-byte write to the self pipe).
  bool resume(std::coroutine_handle<> h) {
    {
      std::lock_guard<std::mutex> lk(m_);
      ready_.push_back(h);
    }
    bool expected = false;
    if (wake_pending_.compare_exchange_strong(expected, true)) {
      const int control = 1;
      wake_.write(&control, sizeof(control));
    }
    return true;
  }

  // Takes the task over and runs it on the loop.
  bool spawn_detached(task<void> &&t) { return resume(t.release()); }

  struct poll_operation {
    scheduler &s;
    int fd;
    poll_op op;
    std::chrono::milliseconds timeout;
    poll_status result = poll_status::event;
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) { s.register_poll(fd, op, h); }
    poll_status await_resume() noexcept { return result; }
  };

  // Suspends until `fd` is ready for `op` (or the timeout passes).
  poll_operation poll(int fd, poll_op op,
                      std::chrono::milliseconds timeout = std::chrono::milliseconds{0}) {
    return poll_operation{*this, fd, op, timeout};
  }

  // The same for a socket object (anything with native_handle()).
  template <typename Socket>
  poll_operation poll(const Socket &sock, poll_op op,
                      std::chrono::milliseconds timeout = std::chrono::milliseconds{0}) {
    return poll_operation{*this, sock.native_handle(), op, timeout};
  }

  // One turn of the loop; called by the thread that owns the scheduler.
  std::size_t process_events(std::chrono::milliseconds timeout) {
    epoll_event events[16];
    int n = ::epoll_wait(epoll_fd_, events, 16, static_cast<int>(timeout.count()));
    std::vector<std::coroutine_handle<>> batch;
    {
      std::lock_guard<std::mutex> lk(m_);
      batch.swap(ready_);
      wake_pending_ = false;
    }
    char drain[64];
    while (wake_.read(drain, sizeof(drain)) > 0) {
    }
    for (auto h : batch)
      h.resume();
    return static_cast<std::size_t>(n < 0 ? 0 : n) + batch.size();
  }

private:
  void register_poll(int fd, poll_op op, std::coroutine_handle<> h) {
    epoll_event ev{};
    ev.events = static_cast<std::uint32_t>(op) | EPOLLONESHOT;
    ev.data.ptr = h.address();
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
  }

  int epoll_fd_;
  detail::pipe_t wake_;
  std::atomic<bool> wake_pending_{false};
  std::mutex m_;
  std::vector<std::coroutine_handle<>> ready_;
};

// A one-shot event; set() resumes every waiter through the scheduler.
class event {
public:
  struct awaiter {
    event &e;
    bool await_ready() const noexcept { return e.set_; }
    void await_suspend(std::coroutine_handle<> h) {
      std::lock_guard<std::mutex> lk(e.m_);
      e.waiters_.push_back(h);
    }
    void await_resume() noexcept {}
  };
  awaiter operator co_await() { return awaiter{*this}; }

  void set(scheduler &s) {
    std::vector<std::coroutine_handle<>> waiters;
    {
      std::lock_guard<std::mutex> lk(m_);
      set_ = true;
      waiters.swap(waiters_);
    }
    for (auto h : waiters)
      s.resume(h);
  }
  bool is_set() const noexcept { return set_; }

private:
  std::atomic<bool> set_{false};
  std::mutex m_;
  std::vector<std::coroutine_handle<>> waiters_;
};

// A countdown latch whose count_down wakes the waiter through the scheduler.
class latch {
public:
  explicit latch(std::int64_t count) : count_(count) {}
  void count_down(scheduler &s, std::int64_t n = 1) {
    if ((count_ -= n) <= 0)
      done_.set(s);
  }
  event::awaiter operator co_await() { return done_.operator co_await(); }

private:
  std::atomic<std::int64_t> count_;
  event done_;
};

} // namespace coro
