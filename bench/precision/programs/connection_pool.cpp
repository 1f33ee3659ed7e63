// A database connection pool used from request coroutines. A pooled
// connection that is not handed back closes itself synchronously in its
// destructor (a network round trip). Connections that are moved back into
// the pool, moved into the caller's result, or moved into a spawned task
// leave only moved-from shells to destroy. One handler forgets to give its
// connection back: destroying it really waits.
#include "coro/scheduler.hpp"
#include "coro/task.hpp"

#include <deque>
#include <optional>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace db {

class connection {
public:
  connection() = default;
  explicit connection(int fd) : fd_(fd) {}
  connection(connection &&o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  connection &operator=(connection &&o) noexcept {
    std::swap(fd_, o.fd_);
    return *this;
  }
  ~connection() {
    if (fd_ != -1)
      close_gracefully();
  }

  // The query goes out through the scheduler's writer (not shown).
  coro::task<std::string> query(coro::scheduler &s, std::string sql) {
    co_await s.schedule();
    co_return "rows for " + sql;
  }

private:
  // Sends the terminate message and waits for the server's answer.
  void close_gracefully() {
    char bye = 'X';
    ::send(fd_, &bye, 1, 0);
    char ack;
    ::recv(fd_, &ack, 1, 0);
    ::close(fd_);
  }

  int fd_ = -1;
};

class pool {
public:
  std::optional<connection> try_acquire() {
    if (idle_.empty())
      return std::nullopt;
    connection c = std::move(idle_.front());
    idle_.pop_front();
    return c;
  }
  void release(connection c) { idle_.push_back(std::move(c)); }

private:
  std::deque<connection> idle_;
};

coro::task<std::string> lookup_user(coro::scheduler &s, pool &p, int id) {
  co_await s.schedule();
  auto c = p.try_acquire();
  if (!c)
    co_return "";
  auto rows = co_await c->query(s, "select * from users where id = " + std::to_string(id));
  p.release(std::move(*c));
  co_return rows;
}

coro::task<void> audit_row(coro::scheduler &s, connection c, std::string row) {
  co_await c.query(s, "insert into audit values ('" + row + "')");
}

coro::task<void> lookup_and_audit(coro::scheduler &s, pool &p) {
  co_await s.schedule();
  auto c = p.try_acquire();
  if (!c)
    co_return;
  auto rows = co_await c->query(s, "select 1");
  connection owned = std::move(*c);
  // The connection moves into the spawned task's frame.
  s.spawn_detached(audit_row(s, std::move(owned), rows));
}

coro::task<connection> checkout(coro::scheduler &s, pool &p) {
  co_await s.schedule();
  auto c = p.try_acquire();
  connection out = c ? std::move(*c) : connection{};
  co_return std::move(out);
}

coro::task<void> batch(coro::scheduler &s, pool &p) {
  co_await s.schedule();
  std::vector<connection> held;
  for (int i = 0; i < 3; ++i)
    if (auto c = p.try_acquire())
      held.push_back(std::move(*c));
  for (auto &c : held)
    co_await c.query(s, "vacuum");
  for (auto &c : held)
    p.release(std::move(c));
}

// Forgets to release: the connection closes itself on the loop's thread.
coro::task<std::string> leaky_lookup(coro::scheduler &s, pool &p) {
  co_await s.schedule();
  auto c = p.try_acquire(); // expect: coro-blocking-indirect
  if (!c)
    co_return "";
  co_return co_await c->query(s, "select now()");
}

coro::task<void> direct_connect(coro::scheduler &s, int fd) {
  co_await s.schedule();
  connection c{fd}; // expect: coro-blocking-indirect
  co_await c.query(s, "select 1");
}

// A replication stream on a *blocking* socket: it awaits writability
// before sending, but stop() waits for the server's acknowledgement with a
// plain recv. Awaiting readiness somewhere in the class does not make the
// descriptor non-blocking.
class replication_stream {
public:
  explicit replication_stream(int fd) : fd_(fd) {}

  coro::task<void> send_position(coro::scheduler &s, long lsn) {
    co_await s.poll(fd_, coro::poll_op::write);
    ::send(fd_, &lsn, sizeof lsn, MSG_DONTWAIT);
  }

  void stop() {
    char bye = 'c';
    ::send(fd_, &bye, 1, MSG_DONTWAIT);
    char ack;
    ::recv(fd_, &ack, 1, 0);
  }

private:
  int fd_;
};

coro::task<void> replicate(coro::scheduler &s, replication_stream &stream) {
  co_await stream.send_position(s, 42);
  stream.stop(); // expect: coro-blocking-indirect
}

} // namespace db

int main() {
  auto sched = coro::scheduler::make_unique();
  db::pool p;
  auto a = db::lookup_user(*sched, p, 1);
  auto b = db::lookup_and_audit(*sched, p);
  auto c = db::checkout(*sched, p);
  auto d = db::batch(*sched, p);
  auto e = db::leaky_lookup(*sched, p);
  auto f = db::direct_connect(*sched, 7);
  db::replication_stream stream{8};
  auto g = db::replicate(*sched, stream);
  g.resume();
  a.resume();
  b.resume();
  c.resume();
  d.resume();
  e.resume();
  f.resume();
  while (sched->process_events(std::chrono::milliseconds{10}) > 0) {
  }
}
