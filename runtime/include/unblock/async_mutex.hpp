#pragma once
// async_mutex: a FIFO mutex whose lock() suspends instead of blocking.

#include <coroutine>
#include <mutex>
#include <stop_token>
#include <utility>

#include "unblock/detail/waiter_queue.hpp"
#include "unblock/task.hpp"

namespace unblock {

/// A mutex for coroutines. `auto guard = co_await m.lock();` suspends until
/// the mutex is free and yields a scoped_lock that unlocks on destruction.
/// Strictly FIFO: unlock() hands ownership directly to the oldest waiter,
/// so try_lock() cannot barge past waiters. Not thread-safe: use it from
/// coroutines of one loop. It must outlive its waiters.
class async_mutex {
 public:
  /// Owns a lock on an async_mutex; move-only; unlocks on destruction.
  class [[nodiscard]] scoped_lock {
   public:
    scoped_lock() noexcept = default;
    scoped_lock(async_mutex& m, std::adopt_lock_t) noexcept : m_(&m) {}
    scoped_lock(scoped_lock&& other) noexcept : m_(std::exchange(other.m_, nullptr)) {}
    scoped_lock& operator=(scoped_lock&& other) noexcept {
      if (this != &other) {
        unlock();
        m_ = std::exchange(other.m_, nullptr);
      }
      return *this;
    }
    ~scoped_lock() { unlock(); }
    /// Unlocks now (no-op when it owns nothing).
    void unlock() noexcept {
      if (m_) std::exchange(m_, nullptr)->unlock();
    }
    bool owns_lock() const noexcept { return m_ != nullptr; }
    async_mutex* mutex() const noexcept { return m_; }

   private:
    async_mutex* m_ = nullptr;
  };

  class [[nodiscard]] lock_awaitable : private detail::queued_waiter {
   public:
    lock_awaitable(async_mutex& m, std::stop_token token) noexcept : m_(m), token_(std::move(token)) {}
    bool await_ready() noexcept { return m_.try_lock(); }
    template <class P>
    bool await_suspend(std::coroutine_handle<P> h) {
      return suspend(h, detail::inherited_stop_token(h));
    }
    /// The lock; throws unblock::operation_cancelled if the wait was cancelled.
    scoped_lock await_resume();

   private:
    bool suspend(std::coroutine_handle<> h, const std::stop_token& inherited);
    async_mutex& m_;
    std::stop_token token_;
  };

  async_mutex() noexcept = default;
  async_mutex(const async_mutex&) = delete;
  async_mutex& operator=(const async_mutex&) = delete;

  /// Locks if free; never waits.
  [[nodiscard]] bool try_lock() noexcept;
  /// Awaitable yielding a scoped_lock; cancellable by `token` or the task's
  /// inherited token (throws unblock::operation_cancelled).
  lock_awaitable lock(std::stop_token token = {}) noexcept { return lock_awaitable(*this, std::move(token)); }
  /// Unlocks, handing ownership to the oldest waiter if any.
  void unlock() noexcept;
  bool is_locked() const noexcept { return locked_; }

 private:
  bool locked_ = false;
  detail::waiter_queue waiters_;
};

/// Alias for the guard `co_await m.lock()` yields.
using async_lock_guard = async_mutex::scoped_lock;

}  // namespace unblock
