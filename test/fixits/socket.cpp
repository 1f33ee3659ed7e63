// Round trip of the Awaitable rewrite on sockets: getaddrinfo, connect, send
// and recv become their unblock:: awaitables with the same arguments. Three
// clients each make three round trips to an echo server (threads, outside
// any coroutine) that answers after 100 ms: ~900 ms blocking, ~300 ms fixed.
//
// RUN: %roundtrip %s %t | FileCheck %s
// CHECK-LABEL: === fixed source

#include <unblock/unblock.hpp>

#include <arpa/inet.h>
#include <chrono>
#include <cstdio>
#include <netdb.h>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

unblock::task<int> client(std::string port, int id) {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo *res = nullptr;
  if (getaddrinfo("127.0.0.1", port.c_str(), &hints, &res) != 0)
    // CHECK: {{^}}  if (co_await unblock::getaddrinfo("127.0.0.1", port.c_str(), &hints, &res) != 0)
    co_return -1;
  int fd = socket(res->ai_family, res->ai_socktype, 0);
  int rc = connect(fd, res->ai_addr, res->ai_addrlen);
  // CHECK: {{^}}  int rc = co_await unblock::connect(fd, res->ai_addr, res->ai_addrlen);
  freeaddrinfo(res);
  if (rc != 0)
    co_return -1;
  int sum = 0;
  for (int step = 1; step <= 3; ++step) {
    char out = static_cast<char>(id * 10 + step);
    send(fd, &out, 1, MSG_NOSIGNAL);
    // CHECK: {{^}}    co_await unblock::send(fd, &out, 1, MSG_NOSIGNAL);
    char in = 0;
    if (recv(fd, &in, sizeof in, 0) != 1)
      // CHECK: {{^}}    if (co_await unblock::recv(fd, &in, sizeof in, 0) != 1)
      break;
    sum += in;
  }
  close(fd);
  co_return sum;
}

unblock::task<int> all(std::string port) {
  auto [a, b, c] = co_await unblock::when_all(client(port, 1), client(port, 2),
                                              client(port, 3));
  co_return a + b + c;
}

// The echo server: one thread per connection, each answering after 100 ms.
void echo(int fd) {
  char byte;
  while (::recv(fd, &byte, 1, 0) == 1) {
    std::this_thread::sleep_for(100ms);
    ::send(fd, &byte, 1, MSG_NOSIGNAL);
  }
  ::close(fd);
}

int main() {
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(listener, reinterpret_cast<sockaddr *>(&addr), len) != 0 ||
      ::listen(listener, 8) != 0 ||
      ::getsockname(listener, reinterpret_cast<sockaddr *>(&addr), &len) != 0)
    return 2;
  std::thread server([listener] {
    for (int i = 0; i < 3; ++i)
      std::thread(echo, ::accept(listener, nullptr, nullptr)).detach();
  });
  int result = unblock::run(all(std::to_string(ntohs(addr.sin_port))));
  server.join();
  std::printf("result %d\n", result);
  return 0;
}

// CHECK-LABEL: === recheck: no blocking calls
// CHECK-LABEL: === before output
// CHECK-NEXT: result 198
// CHECK-LABEL: === after output
// CHECK-NEXT: result 198
// CHECK: === overlap: ok
