// Stand-in for cppcoro's io_service and file types. process_events() runs
// the event loop on the calling thread until stop(); tests drive it from a
// coroutine in a when_all beside the coroutines under test. The bodies live
// in io_service.cpp, another translation unit, as in cppcoro's lib/.
#pragma once

#include <atomic>
#include <coroutine>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace cppcoro {

class io_service {
public:
  io_service();
  ~io_service();

  struct schedule_operation {
    io_service &service;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) { service.post(h); }
    void await_resume() const noexcept {}
  };

  // Resumes the awaiting coroutine on the thread running process_events().
  schedule_operation schedule() noexcept { return schedule_operation{*this}; }

  // Runs the loop until stop(); returns the number of events processed.
  std::uint64_t process_events();
  // Runs what is ready without waiting.
  std::uint64_t process_pending_events();
  void stop() noexcept;

  void post(std::coroutine_handle<> h);

private:
  bool try_process_one_event(bool wait);

  int epoll_fd_;
  int wake_fd_;
  std::atomic<bool> stopped_{false};
  std::mutex m_;
  std::vector<std::coroutine_handle<>> ready_;
};

// Runs `f` when the scope ends (cppcoro::on_scope_exit).
template <typename F> struct scope_exit {
  F f;
  ~scope_exit() { f(); }
};
template <typename F> scope_exit<F> on_scope_exit(F f) { return scope_exit<F>{std::move(f)}; }

// A file opened synchronously; reads and writes are awaited.
class read_only_file {
public:
  static read_only_file open(io_service &io, const std::string &path);
  std::uint64_t size() const;

private:
  explicit read_only_file(int fd) : fd_(fd) {}
  int fd_;
};

} // namespace cppcoro
