// RUN: %check_coro %s coro-blocking-sleep,coro-blocking-indirect %t -- -I%S/Inputs
// A root coroutine, one that plain code only hands to a synchronous wait,
// runs on the waiting thread until its first suspension: no event loop
// lives there. After it, the coroutine resumes wherever the awaited
// operation completes, and is checked as usual.

#include "task.h"
#include <chrono>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

namespace lib {
template <class T> void sync_wait(T &&) {}
template <class... T> demo::task<> when_all(T &&...) { co_return; }
struct io_service {
  void process_events() {
    while (!stopped)
      usleep(10); // stands for epoll_wait
  }
  bool stopped = false;
};
} // namespace lib

demo::task<> example() {
  std::this_thread::sleep_for(100ms); // wait for the server to come up
  {
    std::jthread helper([] {});
  }
  co_await demo::yield();
  std::this_thread::sleep_for(1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'example'
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: suspend instead
}

demo::task<> work(lib::io_service &io) {
  co_await demo::yield();
  io.stopped = true;
}

int main() {
  lib::sync_wait(example());
  lib::io_service io;
  lib::sync_wait(lib::when_all(work(io), [&]() -> demo::task<> {
    io.process_events(); // this coroutine is the event loop
    co_return;
  }()));
}

// True twins: awaited by another coroutine, and a local of the body that
// lives past the first suspension.
demo::task<> also_awaited() {
  std::this_thread::sleep_for(100ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'also_awaited'
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: suspend instead
  co_await demo::yield();
}

demo::task<> caller() { co_await also_awaited(); }

demo::task<> keeps_a_thread() {
  std::jthread t([] {});
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: destroying 't' may block inside coroutine 'keeps_a_thread'
  // CHECK-MESSAGES: :[[@LINE+3]]:1: note: 't' is destroyed here
  for (int i = 0; i < 3; ++i)
    co_await demo::yield();
}

void test_body() {
  lib::sync_wait(also_awaited());
  lib::sync_wait(keeps_a_thread());
}
