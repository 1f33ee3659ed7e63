// The runtime profile of coroutines returning asio::awaitable (standalone
// Asio, <asio.hpp>). By default (Runtime: auto) the profile follows the
// coroutine's type: asio::awaitable gets the asio profile, whose rewrites
// are Asio's own asynchronous operations awaited with asio::use_awaitable
// (asio::redirect_error for the overloads that take an error_code), steady
// timer waits for sleeps, and co_spawn on the OffloadExecutor for calls with
// no Asio counterpart. Naming another profile in Runtime keeps it for every
// coroutine: Asio's promise type awaits only Asio's operations, so the
// unblock profile has no fix there and the note says what to set instead.
//
// REQUIRES: asio
// RUN: %check_coro --check-suffix=AUTO %s 'coro-blocking-*' %t.auto -- -DASIO_HAS_CO_AWAIT
// RUN: %check_coro --check-suffix=EXEC --config="{CheckOptions: {OffloadExecutor: 'pool.get_executor()'}}" %s 'coro-blocking-*' %t.exec -- -DASIO_HAS_CO_AWAIT
// RUN: %check_coro --check-suffix=UNBLOCK --config="{CheckOptions: {Runtime: unblock}}" %s 'coro-blocking-*' %t.unblock -- -DASIO_HAS_CO_AWAIT

#include <asio.hpp>
// The header is already included: it is not inserted again.
// CHECK-FIXES: #include <asio.hpp>
// CHECK-FIXES-NOT: #include <asio.hpp>

#include <chrono>
#include <cstdio>
#include <future>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;
using asio::ip::tcp;
using asio::ip::udp;

asio::thread_pool pool(1);

asio::awaitable<int> sleeps() {
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' inside coroutine 'sleeps'
  // CHECK-MESSAGES-UNBLOCK: :[[@LINE-2]]:3: note: no automatic fix: the coroutine's promise type 'asio::detail::awaitable_frame' only awaits its own runtime's operations; set the 'Runtime' option to 'asio'
  // CHECK-FIXES-UNBLOCK: {{^}}  std::this_thread::sleep_for(10ms);
  // CHECK-FIXES-AUTO: {{^}}  co_await asio::steady_timer(co_await asio::this_coro::executor, 10ms).async_wait(asio::use_awaitable);
  // A floating-point duration does not convert to the timer's by itself.
  std::this_thread::sleep_for(0.5s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for'
  // CHECK-FIXES-AUTO: {{^}}  co_await asio::steady_timer(co_await asio::this_coro::executor, std::chrono::ceil<std::chrono::nanoseconds>(0.5s)).async_wait(asio::use_awaitable);
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep'
  // CHECK-FIXES-AUTO: {{^}}  co_await asio::steady_timer(co_await asio::this_coro::executor, std::chrono::seconds(1)).async_wait(asio::use_awaitable);
  usleep(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep'
  // CHECK-FIXES-AUTO: {{^}}  co_await asio::steady_timer(co_await asio::this_coro::executor, std::chrono::microseconds(10)).async_wait(asio::use_awaitable);
  // No spelling for sleep_until (the timer's type depends on the clock).
  std::this_thread::sleep_until(std::chrono::steady_clock::now() + 1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_until'
  // CHECK-MESSAGES-AUTO: :[[@LINE-2]]:3: note: no automatic fix: the 'asio' runtime profile has no rewrite for this call
  // CHECK-FIXES: {{^}}  std::this_thread::sleep_until(std::chrono::steady_clock::now() + 1s);
  asio::steady_timer t(co_await asio::this_coro::executor, 1ms);
  t.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'asio::basic_waitable_timer::wait'
  // CHECK-MESSAGES-AUTO: :[[@LINE-2]]:5: note: wait on the event loop instead with 'co_await ....async_wait(..., asio::use_awaitable)'
  // CHECK-FIXES-AUTO: {{^}}  co_await t.async_wait(asio::use_awaitable);
  // CHECK-FIXES-UNBLOCK: {{^}}  t.wait();
  asio::error_code ec;
  t.wait(ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'asio::basic_waitable_timer::wait'
  // CHECK-FIXES-AUTO: {{^}}  co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  co_return 0;
}

std::future<std::size_t> only_future(asio::use_future_t<>);

asio::awaitable<std::size_t> streams(tcp::socket &s, tcp::acceptor &acc,
                                     tcp::resolver &r) {
  char b[8];
  std::size_t n = s.read_some(asio::buffer(b));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: blocking call to 'asio::basic_stream_socket::read_some'
  // CHECK-FIXES-AUTO: {{^}}  std::size_t n = co_await s.async_read_some(asio::buffer(b), asio::use_awaitable);
  asio::error_code ec;
  n += s.write_some(asio::buffer(b, n), ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'asio::basic_stream_socket::write_some'
  // CHECK-FIXES-AUTO: {{^}}  n += co_await s.async_write_some(asio::buffer(b, n), asio::redirect_error(asio::use_awaitable, ec));
  s.receive(asio::buffer(b), 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'asio::basic_stream_socket::receive'
  // CHECK-FIXES-AUTO: {{^}}  co_await s.async_receive(asio::buffer(b), 0, asio::use_awaitable);
  s.send(asio::buffer(b));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'asio::basic_stream_socket::send'
  // CHECK-FIXES-AUTO: {{^}}  co_await s.async_send(asio::buffer(b), asio::use_awaitable);
  // The result is used as before; the operand of a postfix operator gets
  // parentheses.
  std::size_t got = asio::read(s, asio::buffer(b, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: blocking call to 'asio::read'
  // CHECK-FIXES-AUTO: {{^}}  std::size_t got = co_await asio::async_read(s, asio::buffer(b, 4), asio::use_awaitable);
  asio::read(s, asio::buffer(b, 4), asio::transfer_at_least(1), ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::read'
  // CHECK-FIXES-AUTO: {{^}}  co_await asio::async_read(s, asio::buffer(b, 4), asio::transfer_at_least(1), asio::redirect_error(asio::use_awaitable, ec));
  asio::write(s, asio::buffer(b, got));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::write'
  // CHECK-FIXES-AUTO: {{^}}  co_await asio::async_write(s, asio::buffer(b, got), asio::use_awaitable);
  std::string line;
  n += asio::read_until(s, asio::dynamic_buffer(line), '\n');
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking call to 'asio::read_until'
  // CHECK-FIXES-AUTO: {{^}}  n += co_await asio::async_read_until(s, asio::dynamic_buffer(line), '\n', asio::use_awaitable);
  // The call inside the argument gets its own rewrite.
  asio::connect(s, r.resolve("localhost", "7"));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::connect'
  // CHECK-MESSAGES: :[[@LINE-2]]:22: warning: blocking call to 'asio::ip::basic_resolver::resolve'
  // CHECK-FIXES-AUTO: {{^}}  co_await asio::async_connect(s, co_await r.async_resolve("localhost", "7", asio::use_awaitable), asio::use_awaitable);
  s.connect(tcp::endpoint(asio::ip::address_v4::loopback(), 7), ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'asio::basic_socket::connect'
  // CHECK-FIXES-AUTO: {{^}}  co_await s.async_connect(tcp::endpoint(asio::ip::address_v4::loopback(), 7), asio::redirect_error(asio::use_awaitable, ec));
  s.wait(tcp::socket::wait_read);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'asio::basic_socket::wait'
  // CHECK-FIXES-AUTO: {{^}}  co_await s.async_wait(tcp::socket::wait_read, asio::use_awaitable);
  tcp::socket peer = acc.accept();
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: blocking call to 'asio::basic_socket_acceptor::accept'
  // CHECK-FIXES-AUTO: {{^}}  tcp::socket peer = co_await acc.async_accept(asio::use_awaitable);
  acc.accept(peer, ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'asio::basic_socket_acceptor::accept'
  // CHECK-FIXES-AUTO: {{^}}  co_await acc.async_accept(peer, asio::redirect_error(asio::use_awaitable, ec));
  auto results = r.resolve(tcp::v4(), "localhost", "7", ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: blocking call to 'asio::ip::basic_resolver::resolve'
  // CHECK-FIXES-AUTO: {{^}}  auto results = co_await r.async_resolve(tcp::v4(), "localhost", "7", asio::redirect_error(asio::use_awaitable, ec));
  // A use_future operation waited for at once is the awaited operation.
  n += s.async_read_some(asio::buffer(b), asio::use_future).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:61: warning: blocking call to 'std::future::get'
  // CHECK-MESSAGES-AUTO: :[[@LINE-2]]:61: note: await the operation with 'asio::use_awaitable' instead of waiting for its future
  // CHECK-FIXES-AUTO: {{^}}  n += co_await s.async_read_some(asio::buffer(b), asio::use_awaitable);
  // An operation written for use_future alone does not take use_awaitable:
  // offloaded (or a note), not rewritten.
  n += only_future(asio::use_future).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: blocking call to 'std::future::get'
  // CHECK-MESSAGES-AUTO: :[[@LINE-2]]:38: note: no automatic fix: the 'asio' profile offloads to an executor
  // CHECK-FIXES-AUTO: {{^}}  n += only_future(asio::use_future).get();
  // Kept in a variable, the operation starts before the wait: the note says
  // what to change (also with an OffloadExecutor, which could only wait).
  std::future<std::size_t> pending = s.async_write_some(asio::buffer(b, 1), asio::use_future);
  n += pending.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking call to 'std::future::get'
  // CHECK-MESSAGES-AUTO: :[[@LINE-2]]:16: note: no automatic fix: the future comes from 'async_write_some(..., use_future)': start that operation with 'asio::use_awaitable' and co_await it instead
  // CHECK-MESSAGES-EXEC: :[[@LINE-3]]:16: note: no automatic fix: the future comes from 'async_write_some(..., use_future)'
  // CHECK-FIXES: {{^}}  n += pending.get();
  co_return n + results.size();
}

asio::awaitable<void> datagrams(udp::socket &u, udp::endpoint &from,
                                asio::posix::stream_descriptor &pipe_end) {
  char b[8];
  pipe_end.read_some(asio::buffer(b));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'asio::posix::basic_stream_descriptor::read_some'
  // CHECK-FIXES-AUTO: {{^}}  co_await pipe_end.async_read_some(asio::buffer(b), asio::use_awaitable);
  u.receive(asio::buffer(b));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'asio::basic_datagram_socket::receive'
  // CHECK-FIXES-AUTO: {{^}}  co_await u.async_receive(asio::buffer(b), asio::use_awaitable);
  u.receive_from(asio::buffer(b), from);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'asio::basic_datagram_socket::receive_from'
  // CHECK-FIXES-AUTO: {{^}}  co_await u.async_receive_from(asio::buffer(b), from, asio::use_awaitable);
  u.send(asio::buffer(b));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'asio::basic_datagram_socket::send'
  // CHECK-FIXES-AUTO: {{^}}  co_await u.async_send(asio::buffer(b), asio::use_awaitable);
  u.send_to(asio::buffer(b), from, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'asio::basic_datagram_socket::send_to'
  // CHECK-FIXES-AUTO: {{^}}  co_await u.async_send_to(asio::buffer(b), from, 0, asio::use_awaitable);
  co_return;
}

// An awaitable on another executor type awaits only that executor's
// operations: the token names it, as the return type writes it.
using strand_executor = asio::strand<asio::io_context::executor_type>;
asio::awaitable<std::size_t, strand_executor> on_strand(tcp::socket &s) {
  char b[4];
  asio::error_code ec;
  std::size_t n = s.read_some(asio::buffer(b), ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: blocking call to 'asio::basic_stream_socket::read_some'
  // CHECK-FIXES-AUTO: {{^}}  std::size_t n = co_await s.async_read_some(asio::buffer(b), asio::redirect_error(asio::use_awaitable_t<strand_executor>(), ec));
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for'
  // CHECK-FIXES-AUTO: {{^}}  co_await asio::steady_timer(co_await asio::this_coro::executor, 1ms).async_wait(asio::use_awaitable_t<strand_executor>());
  co_return n;
}

// A random-access device (what asio::read_at and write_at take).
struct device {
  template <class Buffers>
  std::size_t read_some_at(std::uint64_t, const Buffers &b, asio::error_code &) {
    return asio::buffer_size(b);
  }
  template <class Buffers>
  std::size_t write_some_at(std::uint64_t, const Buffers &b, asio::error_code &) {
    return asio::buffer_size(b);
  }
};

asio::awaitable<std::size_t> random_access(device &d) {
  char b[8];
  std::size_t n = asio::read_at(d, 0, asio::buffer(b));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: blocking call to 'asio::read_at'
  // CHECK-FIXES-AUTO: {{^}}  std::size_t n = co_await asio::async_read_at(d, 0, asio::buffer(b), asio::use_awaitable);
  asio::error_code ec;
  n += asio::write_at(d, 8, asio::buffer(b, n), ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking call to 'asio::write_at'
  // CHECK-FIXES-AUTO: {{^}}  n += co_await asio::async_write_at(d, 8, asio::buffer(b, n), asio::redirect_error(asio::use_awaitable, ec));
  co_return n;
}

// Calls with no Asio counterpart run in a coroutine co_spawned on the
// OffloadExecutor; without one, the note says to set it.
asio::awaitable<int> offloads(int fd, std::future<int> f, FILE *fp) {
  char b[4];
  recv(fd, b, sizeof b, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'recv'
  // CHECK-MESSAGES-AUTO: :[[@LINE-2]]:3: note: no automatic fix: the 'asio' runtime profile has no rewrite for this call
  // CHECK-FIXES-AUTO: {{^}}  recv(fd, b, sizeof b, 0);
  int v = f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'std::future::get'
  // CHECK-MESSAGES-AUTO: :[[@LINE-2]]:13: note: no automatic fix: the 'asio' profile offloads to an executor: set the 'OffloadExecutor' option to one meant for blocking calls (e.g. 'pool.get_executor()')
  // CHECK-FIXES-AUTO: {{^}}  int v = f.get();
  // CHECK-FIXES-EXEC: {{^}}  int v = co_await asio::co_spawn(pool.get_executor(), [&]() -> asio::awaitable<int> { co_return f.get(); }, asio::use_awaitable);
  fflush(fp);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fflush'
  // CHECK-MESSAGES-EXEC: :[[@LINE-2]]:3: note: run it on the blocking pool with 'co_await asio::co_spawn(pool.get_executor(), [&]() -> asio::awaitable<void> { ... co_return; }, asio::use_awaitable)'
  // CHECK-FIXES-AUTO: {{^}}  fflush(fp);
  // CHECK-FIXES-EXEC: {{^}}  co_await asio::co_spawn(pool.get_executor(), [&]() -> asio::awaitable<void> { fflush(fp); co_return; }, asio::use_awaitable);
  std::size_t got = fread(b, 1, sizeof b, fp);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: blocking call to 'fread'
  // CHECK-FIXES-EXEC: {{^}}  std::size_t got = co_await asio::co_spawn(pool.get_executor(), [&]() -> asio::awaitable<size_t> { co_return fread(b, 1, sizeof b, fp); }, asio::use_awaitable);
  co_return v + static_cast<int>(got);
}

// Already offloaded: a coroutine lambda co_spawned on a thread pool runs
// there from start to end.
asio::awaitable<int> on_pool(FILE *fp) {
  co_return co_await asio::co_spawn(pool.get_executor(), [&]() -> asio::awaitable<int> { co_return fflush(fp); }, asio::use_awaitable);
}

// Traps: a lambda coroutine, a template, a macro, a helper.
#define READ_ALL(s, b) asio::read(s, b)
std::size_t helper(tcp::socket &s, char *b) { return s.read_some(asio::buffer(b, 1)); }

template <class Socket> asio::awaitable<void> generic(Socket &s) {
  char b[2];
  s.read_some(asio::buffer(b));
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'asio::basic_stream_socket::read_some' inside coroutine 'generic'
  // CHECK-FIXES-AUTO: {{^}}  co_await s.async_read_some(asio::buffer(b), asio::use_awaitable);
  co_return;
}
template asio::awaitable<void> generic(tcp::socket &);

asio::awaitable<void> traps(tcp::socket &s) {
  char b[2];
  auto inner = [&]() -> asio::awaitable<void> {
    s.write_some(asio::buffer(b));
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'asio::basic_stream_socket::write_some' inside coroutine lambda
    // CHECK-FIXES-AUTO: {{^}}    co_await s.async_write_some(asio::buffer(b), asio::use_awaitable);
    co_return;
  };
  co_await inner();
  READ_ALL(s, asio::buffer(b));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::read'
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: no automatic fix: the call is inside a macro expansion
  // CHECK-FIXES: {{^}}  READ_ALL(s, asio::buffer(b));
  helper(s, b);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'helper' may block inside coroutine 'traps'
}
