#pragma once
// Intrusive FIFO of suspended waiters, used by event and async_mutex.

#include "unblock/detail/cancellable.hpp"

namespace unblock::detail {

class waiter_queue;

class queued_waiter : protected cancellable {
 public:
  ~queued_waiter();

 protected:
  /// Hands the completion to this waiter; false if it was cancelled meanwhile.
  bool wake() noexcept;
  void leave() noexcept;

 private:
  friend class waiter_queue;
  queued_waiter* prev_ = nullptr;
  queued_waiter* next_ = nullptr;
  waiter_queue* queue_ = nullptr;
};

class waiter_queue {
 public:
  waiter_queue() = default;
  waiter_queue(const waiter_queue&) = delete;
  waiter_queue& operator=(const waiter_queue&) = delete;

  bool empty() const noexcept { return head_ == nullptr; }
  void push_back(queued_waiter& w) noexcept;
  void erase(queued_waiter& w) noexcept;
  /// Wakes waiters in FIFO order until one accepts; true if one did.
  bool wake_one() noexcept;
  void wake_all() noexcept;

 private:
  queued_waiter* pop_front() noexcept;
  queued_waiter* head_ = nullptr;
  queued_waiter* tail_ = nullptr;
};

}  // namespace unblock::detail
