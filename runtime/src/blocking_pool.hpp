#pragma once
// The runtime's blocking pool: a bounded set of threads, created on demand,
// shared by every loop of the process.

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

#include "unblock/detail/event_loop.hpp"

namespace unblock::detail {

class blocking_pool {
 public:
  static blocking_pool& instance();
  ~blocking_pool();
  blocking_pool(const blocking_pool&) = delete;
  blocking_pool& operator=(const blocking_pool&) = delete;

  void submit(pool_job& job);
  std::size_t max_threads() const noexcept { return max_threads_; }

 private:
  blocking_pool();
  void work();

  std::mutex mutex_;
  std::condition_variable cv_;
  pool_job* head_ = nullptr;
  pool_job* tail_ = nullptr;
  std::size_t queued_ = 0;
  std::size_t idle_ = 0;
  std::size_t max_threads_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace unblock::detail
