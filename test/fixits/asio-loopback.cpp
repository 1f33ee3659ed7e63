// Round trip of the asio profile on a loopback exchange: a server and a
// client, each an asio::awaitable coroutine on its own io_context and thread,
// talk over TCP and UDP on 127.0.0.1 with every synchronous Asio call the
// profile rewrites (accept, connect, resolve, read_some, write_some,
// receive, send, read, write, read_until, receive_from, send_to, timer
// waits, use_future waits, error_code overloads) plus calls with no Asio
// counterpart, offloaded to a thread pool (OffloadExecutor). The profile
// comes from the coroutines' type (Runtime: auto). Both programs print the
// same transcript; the fixed one has no blocking call left. The exchange is
// sequential, so the two take about as long (no speed-up is asked for).
//
// REQUIRES: asio
// RUN: %roundtrip --max-ratio=100 --cxxflags=-DASIO_HAS_CO_AWAIT --config="{CheckOptions: {OffloadExecutor: 'blocking.get_executor()'}}" %s %t | FileCheck %s
// CHECK-LABEL: === fixed source
// CHECK: tcp::socket peer = co_await acceptor.async_accept(aux.get_executor(), asio::use_awaitable);
// CHECK: std::size_t n = co_await peer.async_read_some(asio::buffer(buf, 5), asio::use_awaitable);
// CHECK: co_await peer.async_write_some(asio::buffer(buf, n), asio::redirect_error(asio::use_awaitable, ec));
// CHECK: co_await asio::async_read_until(peer, asio::dynamic_buffer(line), '\n', asio::use_awaitable);
// CHECK: co_await asio::async_connect(sock, co_await resolver.async_resolve("127.0.0.1", port, asio::use_awaitable), asio::use_awaitable);
// CHECK: co_await asio::co_spawn(blocking.get_executor(), [&]() -> asio::awaitable<int> { co_return std::async(std::launch::async, [] { return 40; }).get(); }, asio::use_awaitable)
// CHECK-LABEL: === recheck: no blocking calls

#include <asio.hpp>

#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <exception>
#include <future>
#include <string>
#include <thread>
#include <unistd.h>

using asio::ip::tcp;
using asio::ip::udp;
using namespace std::chrono_literals;

asio::thread_pool blocking(1);

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

asio::awaitable<void> server(tcp::acceptor &acceptor, udp::socket &udp_sock,
                             asio::io_context &aux) {
  // The peer's operations run on aux, so that a use_future wait can
  // complete while this thread waits for it.
  tcp::socket peer = acceptor.accept(aux.get_executor());
  char buf[16];
  std::size_t n = peer.read_some(asio::buffer(buf, 5));
  server_note("server read %zu: %.*s\n", n, static_cast<int>(n), buf);
  asio::error_code ec;
  peer.write_some(asio::buffer(buf, n), ec);
  std::string line;
  asio::read_until(peer, asio::dynamic_buffer(line), '\n');
  server_note("server line: %s", line.c_str());
  n = peer.receive(asio::buffer(buf, 3));
  peer.send(asio::buffer(buf, n));
  n = peer.async_read_some(asio::buffer(buf, 4), asio::use_future).get();
  server_note("server future read %zu\n", n);
  asio::write(peer, asio::buffer("done", 4));

  udp::endpoint from;
  n = udp_sock.receive_from(asio::buffer(buf), from);
  udp_sock.send_to(asio::buffer(buf, n), from);
  server_note("server echoed %zu bytes over udp\n", n);
  co_return;
}

asio::awaitable<int> client(const std::string &port, unsigned short udp_port) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  tcp::socket sock(executor);
  asio::connect(sock, resolver.resolve("127.0.0.1", port));
  asio::write(sock, asio::buffer("hello", 5));
  char buf[16];
  std::size_t n = asio::read(sock, asio::buffer(buf, 5));
  std::printf("client echo: %.*s\n", static_cast<int>(n), buf);
  asio::steady_timer timer(executor, 5ms);
  timer.wait();
  std::this_thread::sleep_for(5ms);
  asio::write(sock, asio::buffer("a line\n", 7));
  sock.send(asio::buffer("abc", 3));
  asio::error_code ec;
  n = sock.receive(asio::buffer(buf, 3), 0, ec);
  std::printf("client got %zu back\n", n);
  asio::write(sock, asio::buffer("four", 4));
  n = asio::read(sock, asio::buffer(buf, 4), ec);
  std::printf("client final: %.*s\n", static_cast<int>(n), buf);

  udp::socket u(executor, udp::endpoint(udp::v4(), 0));
  u.connect(udp::endpoint(asio::ip::address_v4::loopback(), udp_port), ec);
  u.send(asio::buffer("datagram", 8));
  n = u.receive(asio::buffer(buf));
  std::printf("client udp echo: %.*s\n", static_cast<int>(n), buf);

  // No Asio form: offloaded to the blocking pool.
  int answer = std::async(std::launch::async, [] { return 40; }).get();
  co_return answer + 2;
}

int main() {
  alarm(60); // a hung exchange fails the test instead of stalling it
  asio::io_context server_ctx, client_ctx, aux;
  auto aux_work = asio::make_work_guard(aux);
  std::thread aux_thread([&] { aux.run(); });

  tcp::acceptor acceptor(server_ctx, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  udp::socket udp_sock(server_ctx, udp::endpoint(asio::ip::address_v4::loopback(), 0));
  std::string port = std::to_string(acceptor.local_endpoint().port());
  unsigned short udp_port = udp_sock.local_endpoint().port();

  asio::co_spawn(server_ctx, server(acceptor, udp_sock, aux),
                 [](std::exception_ptr e) {
                   if (e)
                     server_note("server failed\n");
                 });
  std::thread server_thread([&] { server_ctx.run(); });
  int result = 0;
  asio::co_spawn(client_ctx, client(port, udp_port),
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
