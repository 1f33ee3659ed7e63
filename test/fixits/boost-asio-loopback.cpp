// Round trip of the boost-asio profile (Boost.Asio, <boost/asio.hpp>): the
// program of asio-loopback.cpp written against Boost. A loopback exchange:
// a server and a client, each a boost::asio::awaitable coroutine on its own io_context and thread,
// talk over TCP and UDP on 127.0.0.1 with every synchronous Asio call the
// profile rewrites (accept, connect, resolve, read_some, write_some,
// receive, send, read, write, read_until, receive_from, send_to, timer
// waits, use_future waits, error_code overloads) plus calls with no Asio
// counterpart, offloaded to a thread pool (OffloadExecutor). The profile
// comes from the coroutines' type (Runtime: auto). Both programs print the
// same transcript; the fixed one has no blocking call left. The exchange is
// sequential, so the two take about as long (no speed-up is asked for).
//
// REQUIRES: boost-asio
// RUN: %roundtrip --max-ratio=100 --cxxflags=-DBOOST_ASIO_HAS_CO_AWAIT --config="{CheckOptions: {OffloadExecutor: 'blocking.get_executor()'}}" %s %t | FileCheck %s
// CHECK-LABEL: === fixed source
// CHECK: tcp::socket peer = co_await acceptor.async_accept(aux.get_executor(), boost::asio::use_awaitable);
// CHECK: std::size_t n = co_await peer.async_read_some(boost::asio::buffer(buf, 5), boost::asio::use_awaitable);
// CHECK: co_await peer.async_write_some(boost::asio::buffer(buf, n), boost::asio::redirect_error(boost::asio::use_awaitable, ec));
// CHECK: co_await boost::asio::async_read_until(peer, boost::asio::dynamic_buffer(line), '\n', boost::asio::use_awaitable);
// CHECK: co_await boost::asio::async_connect(sock, co_await resolver.async_resolve("127.0.0.1", port, boost::asio::use_awaitable), boost::asio::use_awaitable);
// CHECK: co_await boost::asio::co_spawn(blocking.get_executor(), [&]() -> boost::asio::awaitable<int> { co_return std::async(std::launch::async, [] { return 40; }).get(); }, boost::asio::use_awaitable)
// CHECK-LABEL: === recheck: no blocking calls

#include <boost/asio.hpp>

#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <exception>
#include <future>
#include <string>
#include <thread>
#include <unistd.h>

using boost::asio::ip::tcp;
using boost::asio::ip::udp;
using namespace std::chrono_literals;

boost::asio::thread_pool blocking(1);

// The server's transcript, printed after its thread ends: the output does
// not depend on how the two threads interleave.
std::string server_log;
__attribute__((format(printf, 1, 2))) void server_note(const char *format,
                                                       ...) {
  char line[128];
  va_list args;
  va_start(args, format);
  std::vsnprintf(line, sizeof line, format, args);
  va_end(args);
  server_log += line;
}

boost::asio::awaitable<void> server(tcp::acceptor &acceptor, udp::socket &udp_sock,
                             boost::asio::io_context &aux) {
  // The peer's operations run on aux, so that a use_future wait can
  // complete while this thread waits for it.
  tcp::socket peer = acceptor.accept(aux.get_executor());
  char buf[16];
  std::size_t n = peer.read_some(boost::asio::buffer(buf, 5));
  server_note("server read %zu: %.*s\n", n, static_cast<int>(n), buf);
  boost::system::error_code ec;
  peer.write_some(boost::asio::buffer(buf, n), ec);
  std::string line;
  boost::asio::read_until(peer, boost::asio::dynamic_buffer(line), '\n');
  server_note("server line: %s", line.c_str());
  n = peer.receive(boost::asio::buffer(buf, 3));
  peer.send(boost::asio::buffer(buf, n));
  n = peer.async_read_some(boost::asio::buffer(buf, 4), boost::asio::use_future).get();
  server_note("server future read %zu\n", n);
  boost::asio::write(peer, boost::asio::buffer("done", 4));

  udp::endpoint from;
  n = udp_sock.receive_from(boost::asio::buffer(buf), from);
  udp_sock.send_to(boost::asio::buffer(buf, n), from);
  server_note("server echoed %zu bytes over udp\n", n);
  co_return;
}

boost::asio::awaitable<int> client(const std::string &port, unsigned short udp_port) {
  auto executor = co_await boost::asio::this_coro::executor;
  tcp::resolver resolver(executor);
  tcp::socket sock(executor);
  boost::asio::connect(sock, resolver.resolve("127.0.0.1", port));
  boost::asio::write(sock, boost::asio::buffer("hello", 5));
  char buf[16];
  std::size_t n = boost::asio::read(sock, boost::asio::buffer(buf, 5));
  std::printf("client echo: %.*s\n", static_cast<int>(n), buf);
  boost::asio::steady_timer timer(executor, 5ms);
  timer.wait();
  std::this_thread::sleep_for(5ms);
  boost::asio::write(sock, boost::asio::buffer("a line\n", 7));
  sock.send(boost::asio::buffer("abc", 3));
  boost::system::error_code ec;
  n = sock.receive(boost::asio::buffer(buf, 3), 0, ec);
  std::printf("client got %zu back\n", n);
  boost::asio::write(sock, boost::asio::buffer("four", 4));
  n = boost::asio::read(sock, boost::asio::buffer(buf, 4), ec);
  std::printf("client final: %.*s\n", static_cast<int>(n), buf);

  udp::socket u(executor, udp::endpoint(udp::v4(), 0));
  u.connect(udp::endpoint(boost::asio::ip::address_v4::loopback(), udp_port), ec);
  u.send(boost::asio::buffer("datagram", 8));
  n = u.receive(boost::asio::buffer(buf));
  std::printf("client udp echo: %.*s\n", static_cast<int>(n), buf);

  // No Asio form: offloaded to the blocking pool.
  int answer = std::async(std::launch::async, [] { return 40; }).get();
  co_return answer + 2;
}

int main() {
  alarm(60); // a hung exchange fails the test instead of stalling it
  boost::asio::io_context server_ctx, client_ctx, aux;
  auto aux_work = boost::asio::make_work_guard(aux);
  std::thread aux_thread([&] { aux.run(); });

  tcp::acceptor acceptor(server_ctx, tcp::endpoint(boost::asio::ip::address_v4::loopback(), 0));
  udp::socket udp_sock(server_ctx, udp::endpoint(boost::asio::ip::address_v4::loopback(), 0));
  std::string port = std::to_string(acceptor.local_endpoint().port());
  unsigned short udp_port = udp_sock.local_endpoint().port();

  boost::asio::co_spawn(server_ctx, server(acceptor, udp_sock, aux),
                 [](std::exception_ptr e) {
                   if (e)
                     server_note("server failed\n");
                 });
  std::thread server_thread([&] { server_ctx.run(); });
  int result = 0;
  boost::asio::co_spawn(client_ctx, client(port, udp_port),
                 [&](std::exception_ptr e, int r) { result = e ? -1 : r; });
  client_ctx.run();
  server_thread.join();
  aux_work.reset();
  aux_thread.join();
  blocking.join();
  std::printf("%sresult %d\n", server_log.c_str(), result);
  return 0;
}

// CHECK-LABEL: === before output
// CHECK-NEXT: client echo: hello
// CHECK-NEXT: client got 3 back
// CHECK-NEXT: client final: done
// CHECK-NEXT: client udp echo: datagram
// CHECK-NEXT: server read 5: hello
// CHECK-NEXT: server line: a line
// CHECK-NEXT: server future read 4
// CHECK-NEXT: server echoed 8 bytes over udp
// CHECK-NEXT: result 42
// CHECK-LABEL: === after output
// CHECK-NEXT: client echo: hello
// CHECK-NEXT: client got 3 back
// CHECK-NEXT: client final: done
// CHECK-NEXT: client udp echo: datagram
// CHECK-NEXT: server read 5: hello
// CHECK-NEXT: server line: a line
// CHECK-NEXT: server future read 4
// CHECK-NEXT: server echoed 8 bytes over udp
// CHECK-NEXT: result 42
