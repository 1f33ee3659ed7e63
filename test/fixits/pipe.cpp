// Round trip of the Awaitable rewrite on pipes: read and write become
// unblock::read / unblock::write with the same arguments. Each worker talks
// to a peer thread through two pipes; the peer answers after 100 ms. Three
// workers of three exchanges: ~900 ms blocking, ~300 ms fixed.
//
// RUN: %roundtrip %s %t | FileCheck %s
// CHECK-LABEL: === fixed source

#include <unblock/unblock.hpp>

#include <chrono>
#include <cstdio>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace std::chrono_literals;

struct channel {
  int request[2];
  int reply[2];
};

unblock::task<int> worker(channel &ch, int id) {
  int sum = 0;
  for (int step = 1; step <= 3; ++step) {
    char out = static_cast<char>(id * 10 + step);
    if (write(ch.request[1], &out, 1) != 1)
      // CHECK: {{^}}    if (co_await unblock::write(ch.request[1], &out, 1) != 1)
      co_return -1;
    char in = 0;
    ssize_t n = read(ch.reply[0], &in, 1);
    // CHECK: {{^}}    ssize_t n = co_await unblock::read(ch.reply[0], &in, 1);
    sum += n == 1 ? in : -100;
  }
  co_return sum;
}

unblock::task<int> all(std::vector<channel> &chs) {
  auto [a, b, c] = co_await unblock::when_all(worker(chs[0], 1),
                                              worker(chs[1], 2),
                                              worker(chs[2], 3));
  co_return a + b + c;
}

// The peer: doubles every byte it gets, after 100 ms.
void peer(channel ch) {
  char byte;
  while (::read(ch.request[0], &byte, 1) == 1) {
    std::this_thread::sleep_for(100ms);
    byte = static_cast<char>(byte * 2);
    if (::write(ch.reply[1], &byte, 1) != 1)
      break;
  }
}

int main() {
  std::vector<channel> chs(3);
  std::vector<std::thread> peers;
  for (channel &ch : chs) {
    if (::pipe(ch.request) != 0 || ::pipe(ch.reply) != 0)
      return 2;
    peers.emplace_back(peer, ch);
  }
  int result = unblock::run(all(chs));
  for (channel &ch : chs)
    ::close(ch.request[1]);
  for (std::thread &t : peers)
    t.join();
  std::printf("result %d\n", result);
  return 0;
}

// CHECK-LABEL: === recheck: no blocking calls
// CHECK-LABEL: === before output
// CHECK-NEXT: result 396
// CHECK-LABEL: === after output
// CHECK-NEXT: result 396
// CHECK: === overlap: ok
