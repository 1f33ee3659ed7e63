// RUN: %check_coro %s coro-blocking-sleep %t -- -I%S/Inputs

#include "task.h"
#include <chrono>
#include <thread>
#include <time.h>
#include <unistd.h>

using namespace std::chrono_literals;

demo::task<> poll_loop() {
  usleep(1000);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep' inside coroutine 'poll_loop'; it stalls every coroutine on this thread [coro-blocking-sleep]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: suspend instead with your runtime's sleep
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'poll_loop'
  ::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' inside coroutine 'poll_loop'
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'poll_loop'
  std::this_thread::sleep_until(std::chrono::steady_clock::now() + 1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_until' inside coroutine 'poll_loop'
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: suspend instead with your runtime's sleep
  timespec ts{0, 1000};
  nanosleep(&ts, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'nanosleep' inside coroutine 'poll_loop'
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: run it on your runtime's thread pool for blocking work
  clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'clock_nanosleep' inside coroutine 'poll_loop'
  co_return;
}

// The result of a sleep used in an expression is still a sleep.
demo::task<int> value_used() {
  unsigned left = sleep(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: blocking call to 'sleep' inside coroutine 'value_used'
  co_return static_cast<int>(left);
}

// Member coroutines and coroutine lambdas are contexts.
struct poller {
  demo::task<> run() {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'poller::run'
    co_await demo::yield();
  }
};

void starts_a_lambda() {
  auto coro = []() -> demo::task<> {
    usleep(5);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'usleep' inside coroutine lambda
    co_return;
  };
  (void)coro;
}

// Not coroutines: sleeping here is fine (this is what an offload runs).
void plain_function() {
  sleep(1);
  std::this_thread::sleep_for(1ms);
}
int main() { plain_function(); }
