// unblock::check_blocking(executor): every handler and coroutine step an Asio
// executor runs is checked, also through a strand. A blocking call inside an
// asio::awaitable is reported with the coroutine's frame, and so is a
// synchronous Asio operation; a clean awaitable (timer, TCP connect, accept,
// write, read) is not, at -O0 and -O2, with the shipped suppressions.
// boost-asio-executor.test builds this program on Boost.Asio
// (-DUNBLOCK_TEST_BOOST_ASIO).
// REQUIRES: runtime-checked, asio
// RUN: %clangxx -std=c++20 -O0 -g -fsanitize=realtime -DASIO_HAS_CO_AWAIT -I%runtime_include %s -o %t.O0
// RUN: %clangxx -std=c++20 -O2 -g -fsanitize=realtime -DASIO_HAS_CO_AWAIT -I%runtime_include %s -o %t.O2
// RUN: env RTSAN_OPTIONS=suppressions=%rtsan_supp %t.O0 clean 2>&1 | FileCheck --check-prefix=CLEAN --implicit-check-not=RealtimeSanitizer %s
// RUN: env RTSAN_OPTIONS=suppressions=%rtsan_supp %t.O2 clean 2>&1 | FileCheck --check-prefix=CLEAN --implicit-check-not=RealtimeSanitizer %s
// CLEAN: clean: 3 bytes echoed
// RUN: env RTSAN_OPTIONS=suppressions=%rtsan_supp not %t.O2 usleep 2>&1 | FileCheck --check-prefix=USLEEP %s
// USLEEP: Intercepted call to real-time unsafe function `usleep`
// USLEEP: in sleeps_in_awaitable() (.resume)
// USLEEP: unblock::call_checked<
// RUN: env RTSAN_OPTIONS=suppressions=%rtsan_supp not %t.O2 handler 2>&1 | FileCheck --check-prefix=HANDLER %s
// HANDLER: Intercepted call to real-time unsafe function `nanosleep`
// HANDLER: in main::{{.*}}operator()
// RUN: env RTSAN_OPTIONS=suppressions=%rtsan_supp not %t.O2 strand 2>&1 | FileCheck --check-prefix=STRAND %s
// STRAND: Intercepted call to real-time unsafe function `usleep`
// STRAND: in main::{{.*}}operator()
// STRAND: asio::detail::strand_executor_service::invoker
// RUN: env RTSAN_OPTIONS=suppressions=%rtsan_supp not %t.O0 sync-read 2>&1 | FileCheck --check-prefix=SYNC %s
// RUN: env RTSAN_OPTIONS=suppressions=%rtsan_supp not %t.O2 sync-read 2>&1 | FileCheck --check-prefix=SYNC %s
// SYNC: Intercepted call to real-time unsafe function `recv`
// SYNC: in reads_synchronously(asio::basic_stream_socket<asio::ip::tcp{{.*}}) (.resume)
//
// The unchecked executor reports nothing: the wrapper is what checks.
// RUN: %t.O2 usleep-unchecked 2>&1 | FileCheck --check-prefix=UNCHECKED --implicit-check-not=RealtimeSanitizer %s
// UNCHECKED: unchecked done

// Included before Asio, then again after it: the second inclusion adds the
// Asio part (the order users will not always control).
#include <unblock/check_blocking.hpp>

#ifdef UNBLOCK_TEST_BOOST_ASIO
#include <boost/asio.hpp>
namespace asio = boost::asio;
#else
#include <asio.hpp>
#endif
#include <unblock/check_blocking.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <thread>

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

asio::awaitable<void> reads_synchronously(tcp::socket& s) {
  char c;
  s.read_some(asio::buffer(&c, 1));  // synchronous: blocks the loop
  co_return;
}

int main(int argc, char** argv) {
  const std::string what = argc > 1 ? argv[1] : "";
  asio::io_context io;
  auto checked = unblock::check_blocking(io.get_executor());
  std::optional<tcp::socket> client, server;  // sync-read: outlive io.run()
  if (what == "clean") {
    asio::co_spawn(checked, clean(), asio::detached);
    // A strand on the checked executor: its own locks are not reported.
    asio::post(asio::make_strand(checked), [] {});
  } else if (what == "usleep") {
    asio::co_spawn(checked, sleeps_in_awaitable(), asio::detached);
  } else if (what == "usleep-unchecked") {
    asio::co_spawn(io.get_executor(), sleeps_in_awaitable(), asio::detached);
    result = "unchecked done";
  } else if (what == "handler") {
    asio::post(checked, [] { std::this_thread::sleep_for(1ms); });
  } else if (what == "strand") {
    asio::post(asio::make_strand(checked), [] { usleep(1000); });
  } else if (what == "sync-read") {
    // A connected pair made outside the loop, with one byte waiting.
    tcp::acceptor acceptor(io, {asio::ip::address_v4::loopback(), 0});
    client.emplace(io);
    client->connect(acceptor.local_endpoint());
    server.emplace(acceptor.accept());
    asio::write(*client, asio::buffer("x", 1));
    asio::co_spawn(checked, reads_synchronously(*server), asio::detached);
  } else {
    return 2;
  }
  io.run();
  std::printf("%s\n", result.c_str());
}
