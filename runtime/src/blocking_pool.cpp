#include "blocking_pool.hpp"

#include <pthread.h>

#include <algorithm>
#include <cstdlib>
#include <system_error>

namespace unblock::detail {

namespace {
std::size_t configured_threads() {
  if (const char* env = std::getenv("UNBLOCK_POOL_THREADS")) {
    const long n = std::strtol(env, nullptr, 10);
    if (n > 0) return static_cast<std::size_t>(n);
  }
  const std::size_t hw = std::max(1u, std::thread::hardware_concurrency());
  return std::clamp<std::size_t>(4 * hw, 8, 64);
}
}  // namespace

blocking_pool& blocking_pool::instance() {
  static blocking_pool pool;
  return pool;
}

blocking_pool::blocking_pool() : max_threads_(configured_threads()) {}

blocking_pool::~blocking_pool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

void blocking_pool::submit(pool_job& job) {
  std::unique_lock lock(mutex_);
  job.next = nullptr;
  if (tail_) {
    tail_->next = &job;
  } else {
    head_ = &job;
  }
  tail_ = &job;
  ++queued_;
  if (queued_ > idle_ && threads_.size() < max_threads_) {
    try {
      threads_.emplace_back([this] { work(); });
      return;
    } catch (const std::system_error&) {
      if (threads_.empty()) {
        head_ = tail_ = nullptr;
        queued_ = 0;
        throw;
      }
    }
  }
  lock.unlock();
  cv_.notify_one();
}

void blocking_pool::work() {
  ::pthread_setname_np(::pthread_self(), "unblock-pool");
  std::unique_lock lock(mutex_);
  for (;;) {
    while (!head_ && !stopping_) {
      ++idle_;
      cv_.wait(lock);
      --idle_;
    }
    if (!head_) return;  // stopping and nothing left
    pool_job* job = head_;
    head_ = job->next;
    if (!head_) tail_ = nullptr;
    --queued_;
    lock.unlock();
    job->execute(*job);
    lock.lock();
  }
}

}  // namespace unblock::detail
