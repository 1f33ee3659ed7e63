// RUN: %check_coro %s coro-blocking-sleep %t -- -I%S/Inputs
// A coroutine that asks for its executor and blocks only when it has none
// runs that code on no event loop: nothing drives it but the thread that
// waits for it.

#include "task.h"
#include <chrono>
#include <thread>

namespace lib {
struct executor {
  demo::task<> after(std::chrono::milliseconds);
};
struct CurrentExecutor {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  executor *await_resume() const noexcept { return nullptr; }
};
} // namespace lib

demo::task<> sleep(std::chrono::milliseconds d) {
  lib::executor *ex = co_await lib::CurrentExecutor{};
  if (!ex) {
    std::this_thread::sleep_for(d);
    co_return;
  }
  co_await ex->after(d);
}

demo::task<> sleep_else(std::chrono::milliseconds d) {
  auto *ex = co_await lib::CurrentExecutor{};
  if (ex != nullptr)
    co_await ex->after(d);
  else
    std::this_thread::sleep_for(d);
}

// True twins: the inverted guard, and a test of something else.
demo::task<> sleep_wrong(std::chrono::milliseconds d, bool quick) {
  lib::executor *ex = co_await lib::CurrentExecutor{};
  if (ex != nullptr)
    std::this_thread::sleep_for(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'sleep_wrong'
  // CHECK-MESSAGES: :[[@LINE-2]]:5: note: suspend instead
  if (!quick)
    std::this_thread::sleep_for(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'sleep_wrong'
  // CHECK-MESSAGES: :[[@LINE-2]]:5: note: suspend instead
}
