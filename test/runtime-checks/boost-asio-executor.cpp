// unblock::check_blocking with Boost.Asio: a blocking call inside a
// boost::asio::awaitable is reported; a clean one (timer, TCP connect,
// accept, write, read) is not, with the shipped suppressions.
// REQUIRES: runtime-checked, boost-asio
// RUN: %clangxx -std=c++20 -O2 -g -fsanitize=realtime -DBOOST_ASIO_HAS_CO_AWAIT -I%runtime_include %s -o %t
// RUN: env RTSAN_OPTIONS=suppressions=%rtsan_supp %t clean 2>&1 | FileCheck --check-prefix=CLEAN --implicit-check-not=RealtimeSanitizer %s
// CLEAN: clean: 3 bytes echoed
// RUN: env RTSAN_OPTIONS=suppressions=%rtsan_supp not %t usleep 2>&1 | FileCheck --check-prefix=USLEEP %s
// USLEEP: Intercepted call to real-time unsafe function `usleep`
// USLEEP: in sleeps_in_awaitable() (.resume)
// USLEEP: unblock::call_checked<

#include <boost/asio.hpp>
#include <unblock/check_blocking.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono_literals;

std::string result;  // printed by main: printing is itself a blocking call

asio::awaitable<void> clean() {
  auto ex = co_await asio::this_coro::executor;
  asio::steady_timer timer(ex, 1ms);
  co_await timer.async_wait(asio::use_awaitable);
  tcp::acceptor acceptor(ex, {asio::ip::address_v4::loopback(), 0});
  tcp::socket client(ex);
  co_await client.async_connect(acceptor.local_endpoint(), asio::use_awaitable);
  tcp::socket server = co_await acceptor.async_accept(asio::use_awaitable);
  char out[3] = {'a', 'b', 'c'};
  char in[3] = {};
  co_await asio::async_write(client, asio::buffer(out), asio::use_awaitable);
  const std::size_t n = co_await asio::async_read(server, asio::buffer(in), asio::use_awaitable);
  if (n == 3 && std::memcmp(in, out, 3) == 0) result = "clean: 3 bytes echoed";
}

asio::awaitable<void> sleeps_in_awaitable() {
  usleep(1000);
  co_return;
}

int main(int argc, char** argv) {
  const std::string what = argc > 1 ? argv[1] : "";
  asio::io_context io;
  auto checked = unblock::check_blocking(io.get_executor());
  if (what == "clean") {
    asio::co_spawn(checked, clean(), asio::detached);
  } else if (what == "usleep") {
    asio::co_spawn(checked, sleeps_in_awaitable(), asio::detached);
  } else {
    return 2;
  }
  io.run();
  std::printf("%s\n", result.c_str());
}
