#pragma once
// run(): drive a task to completion on an event loop owned by the calling
// thread; spawn(), yield() and current_stop_token() for code on that loop.

#include <coroutine>
#include <stdexcept>
#include <stop_token>
#include <utility>

#include "unblock/detail/event_loop.hpp"
#include "unblock/run_options.hpp"
#include "unblock/task.hpp"

namespace unblock {

/// Runs an event loop on the calling thread until `main` finishes, and
/// returns its value or rethrows its exception (the counterpart of
/// Python's asyncio.run). Tasks spawned on the loop that are still pending
/// when `main` finishes are destroyed (after any offloaded call they are
/// waiting for returns). Throws std::logic_error if a loop is already
/// running on this thread, std::invalid_argument for an empty task.
template <class T>
T run(task<T> main, const run_options& options = {}) {
  if (!main) throw std::invalid_argument("unblock::run: empty task");
  {
    detail::event_loop loop(options);
    loop.run_until_done(detail::task_access::prepare_root(main, options.stop_token));
  }
  return detail::task_access::take_result(main);
}

/// Starts `work` as a detached task owned by the current thread's loop. It
/// starts at the loop's next turn (not inside spawn()), inherits `token` as
/// its stop token, and its frame is freed when it finishes. An exception it
/// lets escape is reported on stderr and otherwise ignored. Must be called
/// on a thread inside run() (else std::logic_error).
void spawn(task<void> work, std::stop_token token = {});

namespace detail {
struct yield_awaitable {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) { event_loop::require_current("unblock::yield").schedule(h); }
  void await_resume() const noexcept {}
};
struct stop_token_awaitable {
  std::stop_token token;
  bool await_ready() const noexcept { return false; }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> h) noexcept {
    token = inherited_stop_token(h);
    return false;
  }
  std::stop_token await_resume() noexcept { return std::move(token); }
};
}  // namespace detail

/// `co_await yield()` lets the loop run every other ready coroutine and
/// poll for I/O before the caller continues.
[[nodiscard]] inline detail::yield_awaitable yield() noexcept { return {}; }

/// `co_await current_stop_token()` gives the stop token the current task
/// inherited (from run_options, spawn(), when_any() or timeout()).
[[nodiscard]] inline detail::stop_token_awaitable current_stop_token() noexcept { return {}; }

}  // namespace unblock
