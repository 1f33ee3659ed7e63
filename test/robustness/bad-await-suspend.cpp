// Awaiters whose await_suspend returns something else than void, bool or a
// coroutine handle, or whose members are missing or deleted.
// RUN: %hostile_both %s -- -std=c++20 -I%S/Inputs | FileCheck %s -implicit-check-not="{{warning|error}}:"

#include "task.h"

struct returns_int {
  bool await_ready() const noexcept { return false; }
  int await_suspend(std::coroutine_handle<>) const noexcept { return 0; }
  // CHECK-DAG: :[[@LINE-1]]:7: error: return type of 'await_suspend' is required to be 'void' or 'bool' (have 'int')
  void await_resume() const noexcept {}
};

struct returns_pointer {
  bool await_ready() const noexcept { return false; }
  void *await_suspend(std::coroutine_handle<>) const noexcept { return nullptr; }
  // CHECK-DAG: :[[@LINE-1]]:9: error: return type of 'await_suspend' is required to be 'void' or 'bool' (have 'void *')
  void await_resume() const noexcept {}
};

struct no_resume {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
};

struct deleted_ready {
  bool await_ready() const noexcept = delete;
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

hostile::task<> awaits_bad_things() {
  co_await returns_int{};
  co_await returns_pointer{};
  co_await no_resume{};
  // CHECK-DAG: :[[@LINE-1]]:12: error: no member named 'await_resume' in 'no_resume'
  co_await deleted_ready{};
  // CHECK-DAG: :[[@LINE-1]]:12: error: attempt to use a deleted function
  co_await 42;
  // CHECK-DAG: :[[@LINE-1]]:12: error: member reference base type 'int' is not a structure or union
}

// Beside them, a valid coroutine is still checked.
hostile::task<> still_reported() {
  usleep(5);
  // CHECK-DAG: :[[@LINE-1]]:3: warning: blocking call to 'usleep' inside coroutine 'still_reported'; it stalls every coroutine on this thread [coro-blocking-sleep]
  co_await hostile::pause{};
}
