// Asio 1.22 (Debian 12's libasio-dev) enables asio::awaitable under clang
// only with -DASIO_HAS_CO_AWAIT; GCC builds do without. The unblock tool
// reads share/unblock/coroutine-compat.h before each file, so that code GCC
// compiles parses here too and its coroutines are checked.
// REQUIRES: asio
// RUN: %unblock --checks='-*,coro-*' %s -- -std=c++20 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='{{warning|error}}:'
// An explicit ASIO_DISABLE_CO_AWAIT is respected: Asio's coroutines are off.
// RUN: not %unblock --checks='-*,coro-*' %s -- -std=c++20 -DASIO_DISABLE_CO_AWAIT 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DISABLED
// Without coroutines (C++17) Asio parses as before.
// RUN: %unblock --checks='-*,coro-*' %s -- -std=c++17 -DNO_COROUTINES 2>&1 \
// RUN:   | FileCheck %s --check-prefix=CXX17 --allow-empty --implicit-check-not='{{warning|error}}:'

#include <asio.hpp>

#include <chrono>
#include <thread>

#ifndef NO_COROUTINES
asio::awaitable<void> session(asio::ip::tcp::socket s) {
  char buf[64];
  std::size_t n = s.read_some(asio::buffer(buf));
  // CHECK: :[[@LINE-1]]:21: warning: blocking call to 'asio::basic_stream_socket::read_some' inside coroutine 'session'{{.*}}[coro-blocking-net]
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  // CHECK: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'session'{{.*}}[coro-blocking-sleep]
  co_await asio::async_write(s, asio::buffer(buf, n), asio::use_awaitable);
}
// DISABLED: error: no template named 'awaitable' in namespace 'asio'
#endif

int main() {
  asio::io_context io;
#ifndef NO_COROUTINES
  asio::co_spawn(io, session(asio::ip::tcp::socket(io)), asio::detached);
#endif
  io.run();
}
// CXX17-NOT: error:
