#pragma once
// offload(f): run a blocking call on the runtime's blocking pool.

#include <coroutine>
#include <exception>
#include <functional>
#include <type_traits>
#include <utility>

#include "unblock/detail/event_loop.hpp"
#include "unblock/detail/result.hpp"

namespace unblock {
namespace detail {

template <class F>
using offload_result_t = std::conditional_t<std::is_void_v<std::invoke_result_t<F&>>, void,
                                            std::remove_cvref_t<std::invoke_result_t<F&>>>;

template <class F>
class [[nodiscard]] offload_awaitable : private pool_job {
 public:
  using result_type = offload_result_t<F>;

  explicit offload_awaitable(F f) noexcept(std::is_nothrow_move_constructible_v<F>) : fn_(std::move(f)) {
    pool_job::execute = &offload_awaitable::execute;
  }
  offload_awaitable(const offload_awaitable&) = delete;
  offload_awaitable& operator=(const offload_awaitable&) = delete;

  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    handle_ = h;
    loop_ = &event_loop::require_current("unblock::offload");
    loop_->submit_blocking(*this);
  }
  result_type await_resume() { return result_.get(); }

 private:
  // Runs on a pool thread. The awaiting coroutine stays suspended until
  // complete_blocking() hands it back to its loop, so `fn_` (and whatever it
  // captured by reference) is alive for the whole call.
  static void execute(pool_job& job) noexcept {
    auto& self = static_cast<offload_awaitable&>(job);
    try {
      if constexpr (std::is_void_v<result_type>) {
        std::invoke(self.fn_);
        self.result_.set_value();
      } else {
        self.result_.set_value(std::invoke(self.fn_));
      }
    } catch (...) {
      self.result_.set_exception(std::current_exception());
    }
    self.loop_->complete_blocking(self.handle_);  // `self` may be gone after this
  }

  F fn_;
  result_slot<result_type> result_;
  std::coroutine_handle<> handle_;
  event_loop* loop_ = nullptr;
};

}  // namespace detail

/// `co_await offload(f)` runs `f()` on the runtime's blocking pool (a
/// bounded set of threads shared by all loops) and resumes the awaiting
/// coroutine on its own loop with f's result (cv-ref qualifiers removed: a
/// returned reference is copied) or rethrows f's exception. The loop keeps
/// running other coroutines meanwhile. `f` may capture by reference: the
/// awaiting coroutine is suspended until f returns. Not cancellable once
/// submitted.
template <class F>
  requires std::invocable<F&>
[[nodiscard]] detail::offload_awaitable<std::decay_t<F>> offload(F&& f) {
  return detail::offload_awaitable<std::decay_t<F>>(std::forward<F>(f));
}

}  // namespace unblock
