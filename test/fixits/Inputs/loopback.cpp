// The program of the loopback round trips (asio-loopback.cpp,
// boost-asio-loopback.cpp): a server and a client, each an awaitable
// coroutine on its own io_context and thread, talk over TCP and UDP on
// 127.0.0.1 with every synchronous Asio call the Asio profiles rewrite
// (accept, connect, resolve, read_some, write_some, receive, send, read,
// write, read_until, receive_from, send_to, timer waits, use_future waits,
// error_code overloads) plus a call with no Asio counterpart, offloaded to a
// thread pool. Written against standalone Asio, or against Boost.Asio with
// -DLOOPBACK_BOOST, through the namespace alias net.

#ifdef LOOPBACK_BOOST
#include <boost/asio.hpp>
namespace net = boost::asio;
using error_code = boost::system::error_code;
#else
#include <asio.hpp>
namespace net = asio;
using error_code = asio::error_code;
#endif

#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <exception>
#include <future>
#include <string>
#include <thread>
#include <unistd.h>

using net::ip::tcp;
using net::ip::udp;
using namespace std::chrono_literals;

net::thread_pool blocking(1);

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

net::awaitable<void> server(tcp::acceptor &acceptor, udp::socket &udp_sock,
                             net::io_context &aux) {
  // The peer's operations run on aux, so that a use_future wait can
  // complete while this thread waits for it.
  tcp::socket peer = acceptor.accept(aux.get_executor());
  char buf[16];
  std::size_t n = peer.read_some(net::buffer(buf, 5));
  server_note("server read %zu: %.*s\n", n, static_cast<int>(n), buf);
  error_code ec;
  peer.write_some(net::buffer(buf, n), ec);
  std::string line;
  net::read_until(peer, net::dynamic_buffer(line), '\n');
  server_note("server line: %s", line.c_str());
  n = peer.receive(net::buffer(buf, 3));
  peer.send(net::buffer(buf, n));
  n = peer.async_read_some(net::buffer(buf, 4), net::use_future).get();
  server_note("server future read %zu\n", n);
  net::write(peer, net::buffer("done", 4));

  udp::endpoint from;
  n = udp_sock.receive_from(net::buffer(buf), from);
  udp_sock.send_to(net::buffer(buf, n), from);
  server_note("server echoed %zu bytes over udp\n", n);
  co_return;
}

net::awaitable<int> client(const std::string &port, unsigned short udp_port) {
  auto executor = co_await net::this_coro::executor;
  tcp::resolver resolver(executor);
  tcp::socket sock(executor);
  net::connect(sock, resolver.resolve("127.0.0.1", port));
  net::write(sock, net::buffer("hello", 5));
  char buf[16];
  std::size_t n = net::read(sock, net::buffer(buf, 5));
  std::printf("client echo: %.*s\n", static_cast<int>(n), buf);
  net::steady_timer timer(executor, 5ms);
  timer.wait();
  std::this_thread::sleep_for(5ms);
  net::write(sock, net::buffer("a line\n", 7));
  sock.send(net::buffer("abc", 3));
  error_code ec;
  n = sock.receive(net::buffer(buf, 3), 0, ec);
  std::printf("client got %zu back\n", n);
  net::write(sock, net::buffer("four", 4));
  n = net::read(sock, net::buffer(buf, 4), ec);
  std::printf("client final: %.*s\n", static_cast<int>(n), buf);

  udp::socket u(executor, udp::endpoint(udp::v4(), 0));
  u.connect(udp::endpoint(net::ip::address_v4::loopback(), udp_port), ec);
  u.send(net::buffer("datagram", 8));
  n = u.receive(net::buffer(buf));
  std::printf("client udp echo: %.*s\n", static_cast<int>(n), buf);

  // No Asio form: offloaded to the blocking pool.
  int answer = std::async(std::launch::async, [] { return 40; }).get();
  co_return answer + 2;
}

int main() {
  alarm(60); // a hung exchange fails the test instead of stalling it
  net::io_context server_ctx, client_ctx, aux;
  auto aux_work = net::make_work_guard(aux);
  std::thread aux_thread([&] { aux.run(); });

  tcp::acceptor acceptor(server_ctx, tcp::endpoint(net::ip::address_v4::loopback(), 0));
  udp::socket udp_sock(server_ctx, udp::endpoint(net::ip::address_v4::loopback(), 0));
  std::string port = std::to_string(acceptor.local_endpoint().port());
  unsigned short udp_port = udp_sock.local_endpoint().port();

  net::co_spawn(server_ctx, server(acceptor, udp_sock, aux),
                 [](std::exception_ptr e) {
                   if (e)
                     server_note("server failed\n");
                 });
  std::thread server_thread([&] { server_ctx.run(); });
  int result = 0;
  net::co_spawn(client_ctx, client(port, udp_port),
                 [&](std::exception_ptr e, int r) { result = e ? -1 : r; });
  client_ctx.run();
  server_thread.join();
  aux_work.reset();
  aux_thread.join();
  blocking.join();
  std::printf("%sresult %d\n", server_log.c_str(), result);
  return 0;
}
