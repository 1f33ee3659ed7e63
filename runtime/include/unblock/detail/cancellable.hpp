#pragma once
// Base of every suspended wait that std::stop_token can cancel. A wait is
// completed either by its event source (on the loop thread) or by a stop
// request (on any thread); an atomic state decides which one wins, so the
// coroutine is resumed exactly once.

#include <atomic>
#include <coroutine>
#include <cstdint>
#include <optional>
#include <stop_token>

#include "unblock/detail/checked_step.hpp"

namespace unblock::detail {

class event_loop;

class cancellable {
 public:
  cancellable() = default;
  cancellable(const cancellable&) = delete;
  cancellable& operator=(const cancellable&) = delete;
  ~cancellable() { unwatch(); }

 protected:
  /// True (and the wait marked cancelled) when either token is already stopped.
  bool precheck_cancelled(const std::stop_token& a, const std::stop_token& b) noexcept {
    if (a.stop_requested() || b.stop_requested()) {
      state_.store(cancelled, std::memory_order_relaxed);
      return true;
    }
    return false;
  }
  void mark_cancelled() noexcept { state_.store(cancelled, std::memory_order_relaxed); }
  /// Start listening to the tokens; handle_ and loop_ must be set and the
  /// wait registered with its event source.
  void watch(const std::stop_token& a, const std::stop_token& b) {
    if (a.stop_possible()) on_a_.emplace(a, on_stop{this});
    if (b.stop_possible()) on_b_.emplace(b, on_stop{this});
  }
  /// Stop listening; waits for a stop callback running on another thread.
  void unwatch() noexcept {
    const allow_blocking own_wait;  // that wait is short and the runtime's own
    on_a_.reset();
    on_b_.reset();
  }
  /// Event source side: true when the wait was still pending (caller resumes).
  bool try_complete() noexcept {
    std::uint8_t expected = waiting;
    return state_.compare_exchange_strong(expected, completed, std::memory_order_acq_rel);
  }
  /// For retried I/O: claim the wait while an attempt runs.
  bool try_begin_attempt() noexcept {
    std::uint8_t expected = waiting;
    return state_.compare_exchange_strong(expected, attempting, std::memory_order_acq_rel);
  }
  void end_attempt_completed() noexcept { state_.store(completed, std::memory_order_release); }
  /// After an attempt that would block: back to waiting, or false when a stop
  /// request arrived meanwhile (the wait is then cancelled; caller resumes).
  bool end_attempt_would_block() noexcept {
    std::uint8_t expected = attempting;
    if (state_.compare_exchange_strong(expected, waiting, std::memory_order_acq_rel)) return true;
    state_.store(cancelled, std::memory_order_release);
    return false;
  }
  bool was_cancelled() const noexcept { return state_.load(std::memory_order_acquire) == cancelled; }

  /// For waits only their event source may end (an io_uring operation owns
  /// the caller's buffer until it completes): a stop request runs `fn` on
  /// the loop thread (event_loop::post_cancel) instead of resuming the
  /// coroutine; `fn` asks the source to finish early.
  void defer_cancellation(void (*fn)(cancellable&) noexcept) noexcept { deferred_ = fn; }
  /// Stop listening, and drop a deferred stop request not yet run; for the
  /// destructor of a class that uses defer_cancellation().
  void end_deferred() noexcept;

  std::coroutine_handle<> handle_;
  event_loop* loop_ = nullptr;

 private:
  friend class event_loop;
  void deferred_cancel() noexcept {
    cancel_posted_.store(false, std::memory_order_relaxed);
    deferred_(*this);
  }

  enum : std::uint8_t { waiting, completed, cancelled, attempting, cancel_during_attempt };
  struct on_stop {
    cancellable* self;
    void operator()() const noexcept { self->request_cancel(); }
  };
  void request_cancel() noexcept;

  std::atomic<std::uint8_t> state_{waiting};
  std::optional<std::stop_callback<on_stop>> on_a_;
  std::optional<std::stop_callback<on_stop>> on_b_;
  void (*deferred_)(cancellable&) noexcept = nullptr;
  std::atomic<bool> cancel_posted_{false};
};

}  // namespace unblock::detail
