#pragma once
// The stall watchdog: a thread that notices when one resume step holds the
// loop thread longer than a threshold and reports it on stderr.

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace unblock::detail {

class stall_watchdog {
 public:
  stall_watchdog(std::chrono::milliseconds threshold, bool backtrace);
  ~stall_watchdog();
  stall_watchdog(const stall_watchdog&) = delete;
  stall_watchdog& operator=(const stall_watchdog&) = delete;

  void step_begin(void* frame) noexcept;
  void step_end() noexcept { step_start_ns_.store(0, std::memory_order_release); }

  /// UNBLOCK_STALL_MS from the environment, or zero.
  static std::chrono::milliseconds threshold_from_env() noexcept;

 private:
  void watch();
  void report(std::int64_t blocked_ns, void* frame, void* resume_fn);

  const std::chrono::milliseconds threshold_;
  const bool backtrace_;
  const ::pid_t loop_tid_;
  std::atomic<std::int64_t> step_start_ns_{0};
  std::atomic<void*> frame_{nullptr};
  std::atomic<void*> resume_fn_{nullptr};
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace unblock::detail
