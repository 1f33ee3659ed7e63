// A small file server in the style of Asio's cpp20 coroutine examples
// (echo_server.cpp, refactored_echo_server.cpp): one io_context runs the
// sessions; disk reads are handed to an asio::thread_pool with
// `co_await asio::post(pool, use_awaitable)`. The synchronous socket,
// resolver and timer calls, and the session started without co_spawn, are
// mistakes.
#include "asio_lite/asio.hpp"

#include <array>
#include <chrono>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

using asio::awaitable;
using asio::use_awaitable;
using asio::ip::tcp;

namespace files {

struct server_state {
  asio::io_context &io;
  asio::thread_pool &disk;
  std::string root;
};

// asio::post(pool, use_awaitable) does not move the coroutine: use_awaitable
// resumes it on its own executor, the io_context. Only a token bound to the
// pool (bind_executor) resumes it there.
awaitable<std::string> read_file_on_pool(server_state &st, std::string name) {
  co_await asio::post(asio::bind_executor(st.disk, use_awaitable));
  // On a disk-pool thread now.
  std::ifstream in(st.root + "/" + name, std::ios::binary);
  std::string body{std::istreambuf_iterator<char>(in), {}};
  std::this_thread::sleep_for(std::chrono::milliseconds(1)); // throttle the disk
  co_await asio::dispatch(st.io.get_executor(), use_awaitable);
  co_return body;
}

awaitable<void> session(server_state &st, tcp::socket socket) {
  std::array<char, 1024> request{};
  std::size_t n = co_await socket.async_read_some(asio::buffer(request), use_awaitable);
  auto body = co_await read_file_on_pool(st, std::string(request.data(), n));
  co_await socket.async_write_some(asio::buffer(body), use_awaitable);
}

awaitable<void> listener(server_state &st) {
  tcp::acceptor acceptor(st.io.get_executor(), {"0.0.0.0", 8080});
  for (;;) {
    tcp::socket *socket = co_await acceptor.async_accept(use_awaitable);
    asio::co_spawn(st.io, session(st, std::move(*socket)), asio::detached);
    delete socket;
  }
}

// Back on the io_context after the pool, then blocking again.
awaitable<std::string> read_then_sleep(server_state &st, std::string name) {
  co_await asio::post(st.disk.get_executor(), use_awaitable); // still on the io_context
  std::ifstream in(st.root + "/" + name); // expect: coro-blocking-file
  std::string first;
  std::getline(in, first); // expect: coro-blocking-file
  co_await asio::dispatch(st.io.get_executor(), use_awaitable);
  std::this_thread::sleep_for(std::chrono::milliseconds(5)); // expect: coro-blocking-sleep
  co_return first;
}

// Mistakes in handlers on the io_context.
awaitable<void> bad_session(server_state &st, tcp::socket socket) {
  std::array<char, 1024> request{};
  std::size_t n = socket.read_some(asio::buffer(request)); // expect: coro-blocking-net
  std::ifstream in(st.root + "/" + std::string(request.data(), n)); // expect: coro-blocking-file
  std::string body{std::istreambuf_iterator<char>(in), {}};
  socket.write_some(asio::buffer(body)); // expect: coro-blocking-net
  co_return;
}

awaitable<void> upstream_check(server_state &st, std::string host) {
  tcp::resolver resolver(st.io.get_executor());
  auto endpoints = resolver.resolve(host, "80"); // expect: coro-blocking-net
  auto async_endpoints = co_await resolver.async_resolve(host, "80", use_awaitable);
  asio::steady_timer timer(st.io.get_executor());
  timer.expires_after(std::chrono::milliseconds(100));
  co_await timer.async_wait(use_awaitable);
  timer.wait(); // expect: coro-blocking-indirect
  (void)endpoints;
  (void)async_endpoints;
}

awaitable<void> forgetful_listener(server_state &st) {
  tcp::acceptor acceptor(st.io.get_executor(), {"0.0.0.0", 8081});
  tcp::socket *socket = co_await acceptor.async_accept(use_awaitable);
  session(st, std::move(*socket)); // expect: coro-unawaited
  delete socket;
}

} // namespace files

int main() {
  asio::io_context io;
  asio::thread_pool disk(2);
  files::server_state st{io, disk, "/srv/www"};
  asio::co_spawn(io, files::listener(st), asio::detached);
  asio::co_spawn(io, files::read_then_sleep(st, "motd"), asio::detached);
  asio::co_spawn(io, files::bad_session(st, tcp::socket{io.get_executor()}), asio::detached);
  asio::co_spawn(io, files::upstream_check(st, "example.org"), asio::detached);
  asio::co_spawn(io, files::forgetful_listener(st), asio::detached);
  // Synchronous calls are fine outside coroutines.
  tcp::resolver resolver(io.get_executor());
  auto eps = resolver.resolve("localhost", "8080");
  (void)eps;
  io.run();
  disk.join();
}
