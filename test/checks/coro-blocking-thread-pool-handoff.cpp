// RUN: %check_coro %s coro-blocking-sleep %t -- -I%S/Inputs
// A coroutine handed to a blocking pool that runs it (libcoro's
// `co_await tp.schedule(job())`) runs there from its first statement, when
// every call of it in the translation unit is such a hand-off.

#include "thread-pools.h"
#include <chrono>
#include <thread>

using namespace std::chrono_literals;

coro::task<> checksum_job() {
  std::this_thread::sleep_for(5ms); // on the pool
  co_return;
}

coro::task<> on_the_loop_too() {
  std::this_thread::sleep_for(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'on_the_loop_too'
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: suspend instead
  co_return;
}

coro::task<> loop_job() {
  std::this_thread::sleep_for(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'loop_job'
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: suspend instead
  co_return;
}

coro::task<> driver(coro::thread_pool &tp, coro::io_scheduler &loop) {
  co_await tp.schedule(checksum_job());
  co_await tp.schedule(on_the_loop_too());
  co_await on_the_loop_too(); // also awaited here, on the loop
  co_await loop.schedule(loop_job());
}

// libcoro's spawn_detached / spawn_joinable start the task on the pool too.
coro::task<> detached_job() {
  std::this_thread::sleep_for(5ms); // on the pool
  co_return;
}
coro::task<> joinable_job() {
  std::this_thread::sleep_for(5ms); // on the pool
  co_return;
}
coro::task<> spawned_on_the_loop() {
  std::this_thread::sleep_for(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'spawned_on_the_loop'
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: suspend instead
  co_return;
}
struct loop_spawner {
  template <class Task> bool spawn_detached(Task &&t);
};
coro::task<> spawner(coro::thread_pool &tp, loop_spawner &loop) {
  tp.spawn_detached(detached_job());
  co_await tp.spawn_joinable(joinable_job());
  loop.spawn_detached(spawned_on_the_loop());
}

// A helper coroutine awaited only after the switch to the pool starts
// there, and so do the helpers it awaits in turn.
coro::task<> read_block() {
  std::this_thread::sleep_for(5ms); // on the pool
  co_return;
}
coro::task<> read_file() {
  for (int i = 0; i < 3; ++i)
    co_await read_block();
  std::this_thread::sleep_for(5ms); // on the pool
}
// Awaited on the pool by one caller and on the loop by another.
coro::task<> read_anywhere() {
  std::this_thread::sleep_for(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'read_anywhere'
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: suspend instead
  co_return;
}
// Created on the pool, awaited after the switch back: it runs on the loop.
coro::task<> read_later() {
  std::this_thread::sleep_for(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'read_later'
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: suspend instead
  co_return;
}
coro::task<> importer(coro::thread_pool &tp, coro::io_scheduler &loop) {
  co_await tp.schedule();
  co_await read_file();
  co_await read_anywhere();
  auto later = read_later();
  co_await loop.schedule();
  co_await read_anywhere();
  co_await later;
}
