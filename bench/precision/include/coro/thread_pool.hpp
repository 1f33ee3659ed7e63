// Stand-in for coro::thread_pool: a pool of worker threads that resumes the
// coroutines scheduled on it. Code after `co_await pool.schedule()` runs on a
// worker thread, not on the caller's event loop.
#pragma once

#include <condition_variable>
#include <coroutine>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "coro/task.hpp"

namespace coro {

struct thread_pool_options {
  unsigned thread_count = 4;
};

class thread_pool {
public:
  using options = thread_pool_options;

  explicit thread_pool(options opts = {}) {
    for (unsigned i = 0; i < opts.thread_count; ++i)
      threads_.emplace_back([this] { run(); });
  }
  ~thread_pool() { shutdown(); }

  static std::unique_ptr<thread_pool> make_unique(options opts = {}) {
    return std::make_unique<thread_pool>(opts);
  }

  struct schedule_operation {
    thread_pool &pool;
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) { pool.resume(h); }
    void await_resume() noexcept {}
  };

  // Moves the awaiting coroutine onto a worker thread.
  schedule_operation schedule() { return schedule_operation{*this}; }

  // Runs `t` on a worker thread once it is awaited.
  template <typename T> task<T> schedule(task<T> t) {
    co_await schedule();
    co_return co_await t;
  }

  // Starts `t` on a worker thread; the returned task completes with it.
  template <typename T> task<T> spawn_joinable(task<T> &&t) { return schedule(std::move(t)); }

  bool resume(std::coroutine_handle<> h) {
    {
      std::lock_guard<std::mutex> lk(m_);
      queue_.push_back(h);
    }
    cv_.notify_one();
    return true;
  }

  void shutdown() {
    {
      std::lock_guard<std::mutex> lk(m_);
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto &t : threads_)
      if (t.joinable())
        t.join();
  }

private:
  void run() {
    for (;;) {
      std::coroutine_handle<> h;
      {
        std::unique_lock<std::mutex> lk(m_);
        cv_.wait(lk, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty())
          return;
        h = queue_.front();
        queue_.pop_front();
      }
      h.resume();
    }
  }

  std::mutex m_;
  std::condition_variable cv_;
  std::deque<std::coroutine_handle<>> queue_;
  std::vector<std::thread> threads_;
  bool stopping_ = false;
};

} // namespace coro
