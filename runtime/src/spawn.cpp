#include <coroutine>
#include <cstdio>
#include <exception>
#include <stdexcept>

#include "unblock/detail/event_loop.hpp"
#include "unblock/run.hpp"

namespace unblock {
namespace detail {
namespace {

// The detached coroutine that owns a spawned task. Its frame unlinks itself
// from the loop and frees itself when the task finishes; the loop destroys
// the ones still pending when run() ends.
struct spawned {
  struct promise_type : spawn_node {
    event_loop* loop = nullptr;
    std::stop_token stop;

    spawned get_return_object() noexcept { return spawned{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() const noexcept { return {}; }
    struct final_awaiter {
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<promise_type> h) const noexcept {
        h.promise().loop->remove_spawned(h.promise());
        h.destroy();
      }
      void await_resume() const noexcept {}
    };
    final_awaiter final_suspend() const noexcept { return {}; }
    void return_void() const noexcept {}
    void unhandled_exception() const noexcept {
      try {
        throw;
      } catch (const std::exception& e) {
        std::fprintf(stderr, "unblock: a spawned task ended with an exception: %s\n", e.what());
      } catch (...) {
        std::fprintf(stderr, "unblock: a spawned task ended with an exception of unknown type\n");
      }
    }
    const std::stop_token& get_stop_token() const noexcept { return stop; }
  };
  std::coroutine_handle<promise_type> handle;
};

spawned spawn_body(task<void> work) { co_await std::move(work); }

}  // namespace
}  // namespace detail

void spawn(task<void> work, std::stop_token token) {
  if (!work) throw std::invalid_argument("unblock::spawn: empty task");
  detail::event_loop& loop = detail::event_loop::require_current("unblock::spawn");
  auto h = detail::spawn_body(std::move(work)).handle;
  auto& p = h.promise();
  p.loop = &loop;
  p.stop = std::move(token);
  p.frame = h;
  loop.add_spawned(p);
  loop.schedule(h);
}

}  // namespace unblock
