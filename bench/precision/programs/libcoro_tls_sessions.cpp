// TLS sessions in the style of libcoro's tls tests and benchmarks. A
// tls::client finishes its shutdown synchronously in its destructor only
// when the owner did not `co_await client.shutdown()`; a moved-from client
// (handed to a session coroutine) has nothing left to shut down. A resource
// whose destructor always waits (a report uploader joining its thread), and
// a client whose shutdown is never awaited, still block.
#include "coro/net.hpp"
#include "coro/scheduler.hpp"
#include "coro/task.hpp"

#include <string>
#include <thread>

namespace tls_app {

// Closes the session properly: the destructor's fallback does not run.
coro::task<void> session(coro::net::tls::client client, std::string greeting) {
  co_await client.handshake();
  co_await client.send(greeting);
  auto reply = co_await client.recv();
  (void)reply;
  co_await client.shutdown();
}

coro::task<void> serve(coro::scheduler &sched, coro::net::socket listening) {
  co_await sched.schedule();
  for (int i = 0; i < 4; ++i) {
    co_await sched.poll(listening.native_handle(), coro::poll_op::read);
    coro::net::tls::client c{sched, coro::net::socket{::accept(listening.native_handle(), nullptr, nullptr)}};
    // The client moves into the session's frame; the moved-from argument
    // and `c` are destroyed here with nothing to shut down.
    sched.spawn_detached(session(std::move(c), "hello"));
  }
}

coro::task<std::string> fetch(coro::scheduler &sched, coro::net::socket sock) {
  co_await sched.schedule();
  coro::net::tls::client client{sched, std::move(sock)};
  co_await client.handshake();
  co_await client.send("GET / HTTP/1.0\r\n\r\n");
  auto body = co_await client.recv();
  co_await client.shutdown();
  co_return body;
}

// A factory returns the client by value (copy elision): no temporary is
// destroyed in the caller.
coro::net::tls::client make_client(coro::scheduler &sched) {
  return coro::net::tls::client{sched, coro::net::make_nonblocking_socket()};
}

coro::task<void> ping(coro::scheduler &sched) {
  auto client = make_client(sched);
  co_await client.handshake();
  co_await client.send("PING");
  co_await client.shutdown();
}

// Never shut down: the destructor runs sync_wait on the loop's thread.
coro::task<void> fire_and_forget(coro::scheduler &sched, coro::net::socket sock) {
  co_await sched.schedule();
  coro::net::tls::client client{sched, std::move(sock)}; // expect: coro-blocking-indirect
  co_await client.handshake();
  co_await client.send("BYE");
}

// Shuts down on the normal path but returns early on an empty reply: on
// that path the destructor's fallback runs sync_wait on the loop.
coro::task<std::string> fetch_or_bail(coro::scheduler &sched, coro::net::socket sock) {
  co_await sched.schedule();
  coro::net::tls::client client{sched, std::move(sock)}; // expect: coro-blocking-indirect
  co_await client.handshake();
  auto body = co_await client.recv();
  if (body.empty())
    co_return "";
  co_await client.shutdown();
  co_return body;
}

// An uploader that joins its worker thread when destroyed.
class report_uploader {
public:
  explicit report_uploader(std::string path) : worker_([p = std::move(path)] { (void)p; }) {}
  ~report_uploader() { worker_.join(); }

private:
  std::thread worker_;
};

coro::task<void> nightly_report(coro::scheduler &sched) {
  co_await sched.schedule();
  report_uploader uploader{"/var/tmp/report.csv"}; // expect: coro-blocking-indirect
  co_await sched.schedule();
}

} // namespace tls_app

int main() {
  auto sched = coro::scheduler::make_unique();
  auto s = tls_app::serve(*sched, coro::net::make_nonblocking_socket());
  auto f = tls_app::fetch(*sched, coro::net::make_nonblocking_socket());
  auto p = tls_app::ping(*sched);
  auto b = tls_app::fire_and_forget(*sched, coro::net::make_nonblocking_socket());
  auto r = tls_app::nightly_report(*sched);
  auto e = tls_app::fetch_or_bail(*sched, coro::net::make_nonblocking_socket());
  e.resume();
  s.resume();
  f.resume();
  p.resume();
  b.resume();
  r.resume();
  while (sched->process_events(std::chrono::milliseconds{100}) > 0) {
  }
}
