// Awaitables that hand the blocking part to another thread, in the style of
// async_simple's tests and callback-wrapping adapters: the lambda given to
// std::thread, to a pool's post(), or stored as a callback runs elsewhere.
// A lambda the coroutine calls itself (immediately, by name, or through
// std::invoke) runs on the coroutine's thread.
#include "coro/scheduler.hpp"
#include "coro/task.hpp"
#include "coro/thread_pool.hpp"

#include <chrono>
#include <coroutine>
#include <fstream>
#include <functional>
#include <string>
#include <thread>

using namespace std::chrono_literals;

namespace adapters {

// Resumes the awaiting coroutine from a helper thread after a delay.
struct resume_after {
  std::chrono::milliseconds delay;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    std::thread([h, d = delay] {
      std::this_thread::sleep_for(d);
      h.resume();
    }).detach();
  }
  void await_resume() const noexcept {}
};

// Reads a file on a helper thread and resumes with its first line.
struct read_first_line {
  std::string path;
  std::string line;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    std::thread([this, h] {
      std::ifstream in(path);
      std::getline(in, line);
      h.resume();
    }).detach();
  }
  std::string await_resume() { return std::move(line); }
};

struct callbacks {
  std::function<void()> on_close;
};

coro::task<std::string> startup(coro::scheduler &s, coro::thread_pool &pool, callbacks &cb) {
  co_await s.schedule();
  co_await resume_after{10ms};
  auto first = co_await read_first_line{"/etc/hostname"};
  // Runs on the pool, not here.
  pool.resume(std::noop_coroutine());
  std::thread([] { std::this_thread::sleep_for(1s); }).detach();
  // Stored for later; runs when the connection closes, on whatever thread.
  cb.on_close = [] { std::this_thread::sleep_for(5ms); };
  co_return first;
}

coro::task<std::string> startup_inline(coro::scheduler &s) {
  co_await s.schedule();
  // Immediately invoked: the lambda's body runs on this coroutine's thread.
  auto version = [] {
    std::ifstream in("/etc/app/version"); // expect: coro-blocking-file
    std::string v;
    std::getline(in, v); // expect: coro-blocking-file
    return v;
  }();
  // Called by name: its body is part of the coroutine (reported there).
  auto settle = [] { std::this_thread::sleep_for(20ms); }; // expect: coro-blocking-sleep
  settle();
  std::invoke([] { std::this_thread::sleep_for(1ms); }); // expect: coro-blocking-indirect
  co_return version;
}

} // namespace adapters

int main() {
  auto sched = coro::scheduler::make_unique();
  coro::thread_pool pool;
  adapters::callbacks cb;
  auto a = adapters::startup(*sched, pool, cb);
  auto b = adapters::startup_inline(*sched);
  a.resume();
  b.resume();
  while (sched->process_events(std::chrono::milliseconds{10}) > 0) {
  }
}
