// Round trip of rewrites in the places where a careless rewrite would not
// compile: arguments from macros, a call whose result is the operand of a
// postfix operator, conditions and loop headers, co_return, a template
// coroutine instantiated twice, a lambda coroutine, a floating-point
// duration. (Where no fix-it is offered, coro-blocking-fixits-traps.cpp in
// test/checks shows the notes.)
//
// RUN: %roundtrip %s %t | FileCheck %s
// CHECK-LABEL: === fixed source

#include <unblock/unblock.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <future>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

#define PIECES buf, sizeof buf
#define TICK 20ms

struct channel {
  int fds[2];
};

template <class Duration> unblock::task<int> nap_twice(Duration d) {
  std::this_thread::sleep_for(d);
  // CHECK: {{^}}  co_await unblock::sleep_for(d);
  std::this_thread::sleep_for(d);
  // CHECK: {{^}}  co_await unblock::sleep_for(d);
  co_return 1;
}

unblock::task<int> worker(channel &ch, int id) {
  char buf[4] = {static_cast<char>('a' + id), 0, 0, 0};
  // A macro gives two of the arguments.
  if (write(ch.fds[1], PIECES) != sizeof buf)
    // CHECK: {{^}}  if (co_await unblock::write(ch.fds[1], PIECES) != sizeof buf)
    co_return -1;
  std::memset(buf, 0, sizeof buf);
  while (read(ch.fds[0], PIECES) <= 0) {
    // CHECK: {{^}}  while (co_await unblock::read(ch.fds[0], PIECES) <= 0) {
  }
  // A macro is the whole argument.
  std::this_thread::sleep_for(TICK);
  // CHECK: {{^}}  co_await unblock::sleep_for(TICK);
  std::this_thread::sleep_for(0.1s);
  // CHECK: {{^}}  co_await unblock::sleep_for(0.1s);
  int n = co_await nap_twice(std::chrono::milliseconds(50)) +
          co_await nap_twice(std::chrono::microseconds(50000));
  auto sleepy = [](int ms) -> unblock::task<int> {
    usleep(static_cast<useconds_t>(ms) * 1000);
    // CHECK: {{^}}    co_await unblock::sleep_for(std::chrono::microseconds(static_cast<useconds_t>(ms) * 1000));
    co_return ms;
  };
  n += co_await sleepy(100) > 0 ? 1 : 0;
  co_return n + buf[0];
}

unblock::task<int> once() {
  std::promise<int> p;
  std::future<int> f = p.get_future();
  p.set_value(1);
  FILE *in = tmpfile();
  fputs("7\n", in);
  // CHECK: {{^}}  co_await unblock::offload([&] { fputs("7\n", in); });
  rewind(in);
  // The value of a call as the operand of a postfix operator: parentheses.
  char line[16];
  char first = fgets(line, sizeof line, in)[0];
  // CHECK: {{^}}  char first = (co_await unblock::offload([&] { return fgets(line, sizeof line, in); }))[0];
  fclose(in);
  // CHECK: {{^}}  co_await unblock::offload([&] { fclose(in); });
  co_return f.get() + (first - '0');
  // CHECK: {{^}}  co_return co_await unblock::offload([&] { return f.get(); }) + (first - '0');
}

unblock::task<int> all(channel *chs) {
  int base = co_await once();
  auto [a, b, c] = co_await unblock::when_all(worker(chs[0], 0), worker(chs[1], 1),
                                              worker(chs[2], 2));
  co_return base + a + b + c;
}

int main() {
  channel chs[3];
  for (channel &ch : chs)
    if (::pipe(ch.fds) != 0)
      return 2;
  std::printf("result %d\n", unblock::run(all(chs)));
  return 0;
}

// CHECK-LABEL: === recheck
// CHECK-LABEL: === before output
// CHECK-NEXT: result 311
// CHECK-LABEL: === after output
// CHECK-NEXT: result 311
// CHECK: === overlap: ok
