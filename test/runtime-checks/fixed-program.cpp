// The blocking-calls.cpp program rewritten the way the fix-its rewrite it
// (co_await unblock::sleep_for, unblock::recv, async_mutex, offload) runs
// clean under unblock::runtime_checked with the shipped suppressions and
// RealtimeSanitizer's default halt_on_error=1: the runtime's own waits
// (epoll, the offload pool's threads and lock, completions posted back,
// stop callbacks) are not reported, and blocking work offloaded to the pool
// is not reported either. The same program at -O0 and -O2.
// REQUIRES: runtime-checked
// RUN: %clangxx -std=c++20 -O0 -g -fsanitize=realtime -I%runtime_include %s %runtime_checked_lib -o %t.O0
// RUN: %clangxx -std=c++20 -O2 -g -fsanitize=realtime -I%runtime_include %s %runtime_checked_lib -o %t.O2
// RUN: env RTSAN_OPTIONS=suppressions=%rtsan_supp %t.O0 2>&1 | FileCheck --implicit-check-not=RealtimeSanitizer %s
// RUN: env RTSAN_OPTIONS=suppressions=%rtsan_supp %t.O2 2>&1 | FileCheck --implicit-check-not=RealtimeSanitizer %s
// CHECK: slept
// CHECK-NEXT: received x
// CHECK-NEXT: locked
// CHECK-NEXT: future 7
// CHECK-NEXT: offloaded 3
// CHECK-NEXT: event, when_all, timeout, cancellation, spawn: ok
// CHECK-NEXT: all done
//
// And the sanitizer is really on in that build: one blocking call is reported.
// RUN: env RTSAN_OPTIONS=suppressions=%rtsan_supp not %t.O2 --blocking 2>&1 | FileCheck --check-prefix=ON %s
// ON: Intercepted call to real-time unsafe function `usleep`

#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <future>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <unblock/unblock.hpp>

// Written to stdout by main: a coroutine that prints makes a blocking call.
std::string out;
void say(const std::string& line) { out += line + "\n"; }

using namespace std::chrono_literals;

unblock::task<void> sleeps() { co_await unblock::sleep_for(1ms); }

unblock::task<char> receives(int fd) {
  char c = 0;
  if (co_await unblock::recv(fd, &c, 1, 0) != 1) co_return '?';
  co_return c;
}

unblock::task<void> locks(unblock::async_mutex& m, int& counter) {
  auto guard = co_await m.lock();
  co_await unblock::sleep_for(1ms);
  ++counter;
}

unblock::task<int> waits_for_future(std::future<int>& f) {
  co_return co_await unblock::offload([&] { return f.get(); });
}

unblock::task<int> offloads_blocking_work() {
  std::mutex m;
  co_return co_await unblock::offload([&] {
    usleep(1000);  // on the pool: not a coroutine step
    std::lock_guard guard(m);
    return 3;
  });
}

unblock::task<void> sleeps_long() { co_await unblock::sleep_for(1h); }

unblock::task<void> primitives() {
  unblock::event ready;
  auto waiter = [&]() -> unblock::task<void> { co_await ready.wait(); };
  auto setter = [&]() -> unblock::task<void> {
    co_await unblock::sleep_for(1ms);
    ready.set();
  };
  co_await unblock::when_all(waiter(), setter());
  bool timed_out = false;
  try {
    co_await unblock::timeout(2ms, sleeps_long());
  } catch (const unblock::timed_out&) {
    timed_out = true;
  }
  std::stop_source source;
  auto cancelled = [&]() -> unblock::task<bool> {
    try {
      co_await unblock::sleep_for(1h, source.get_token());
    } catch (const unblock::operation_cancelled&) {
      co_return true;
    }
    co_return false;
  };
  auto canceller = [&]() -> unblock::task<void> {
    co_await unblock::sleep_for(1ms);
    // libstdc++ wakes the stop callbacks' waiters with a futex call, which
    // RealtimeSanitizer reports once inlined (docs/runtime-checks.md).
    const unblock::allow_blocking wake;
    source.request_stop();
  };
  auto [was_cancelled, ignored] = co_await unblock::when_all(cancelled(), canceller());
  (void)ignored;
  int spawned = 0;
  unblock::spawn([](int& n) -> unblock::task<void> {
    co_await unblock::sleep_for(1ms);
    ++n;
  }(spawned));
  co_await unblock::sleep_for(5ms);
  if (timed_out && was_cancelled && spawned == 1) say("event, when_all, timeout, cancellation, spawn: ok");
}

unblock::task<void> fixed_main(int fd, std::future<int>& f) {
  co_await sleeps();
  say("slept");
  say(std::string("received ") + co_await receives(fd));
  unblock::async_mutex m;
  int counter = 0;
  co_await unblock::when_all(locks(m, counter), locks(m, counter));
  if (counter == 2) say("locked");
  say("future " + std::to_string(co_await waits_for_future(f)));
  say("offloaded " + std::to_string(co_await offloads_blocking_work()));
  co_await primitives();
}

unblock::task<void> blocking() {
  usleep(1000);
  co_return;
}

int main(int argc, char** argv) {
  if (argc > 1 && !std::strcmp(argv[1], "--blocking")) {
    unblock::run(blocking());
    return 0;
  }
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) return 2;
  std::thread writer([&] {
    std::this_thread::sleep_for(20ms);
    (void)!write(sv[1], "x", 1);
  });
  std::promise<int> p;
  std::future<int> f = p.get_future();
  std::thread setter([&] {
    std::this_thread::sleep_for(20ms);
    p.set_value(7);
  });
  unblock::run(fixed_main(sv[0], f));
  writer.join();
  setter.join();

  std::printf("%sall done\n", out.c_str());
}
