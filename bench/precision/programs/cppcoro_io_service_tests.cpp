// io_service tests in the style of cppcoro's test/io_service_tests.cpp and
// file_tests.cpp: a when_all pairs the coroutine under test with a second
// coroutine that *is* the event loop (it calls process_events() until the
// first one stops the service). That coroutine's blocking epoll_wait is the
// loop's own wait. Opening a file synchronously inside the coroutine under
// test, or waiting in a private epoll set with an infinite timeout, blocks
// the loop.
#include "coro/task.hpp"
#include "cppcoro/io_service.hpp"
#include "minitest/catch.hpp"

#include <sys/epoll.h>
#include <unistd.h>

TEST_CASE("schedule() resumes on the thread running process_events()", "[io_service]") {
  cppcoro::io_service io;
  bool reached_a = false;
  bool reached_b = false;

  auto start = [&](cppcoro::io_service &service) -> coro::task<void> {
    reached_a = true;
    co_await service.schedule();
    reached_b = true;
  };

  coro::sync_wait(coro::when_all(start(io), [&]() -> coro::task<void> {
    CHECK(reached_a);
    io.process_pending_events();
    CHECK(reached_b);
    co_return;
  }()));
}

TEST_CASE("many coroutines scheduled from several threads", "[io_service]") {
  cppcoro::io_service io;
  int done = 0;

  auto worker = [&]() -> coro::task<void> {
    auto stop_on_exit = cppcoro::on_scope_exit([&] { io.stop(); });
    for (int i = 0; i < 100; ++i) {
      co_await io.schedule();
      ++done;
    }
  };

  coro::sync_wait(coro::when_all(worker(), [&]() -> coro::task<void> {
    io.process_events();
    co_return;
  }()));
  REQUIRE(done == 100);
}

TEST_CASE("read a file through the io_service", "[file]") {
  cppcoro::io_service io;

  auto read = [&](cppcoro::io_service &service) -> coro::task<void> {
    auto stop_on_exit = cppcoro::on_scope_exit([&] { service.stop(); });
    co_await service.schedule();
    auto f = cppcoro::read_only_file::open(service, "/var/tmp/cppcoro-test.bin"); // expect: coro-blocking-indirect
    CHECK(f.size() >= 0);
  };

  coro::sync_wait(coro::when_all(read(io), [&]() -> coro::task<void> {
    io.process_events();
    co_return;
  }()));
}

TEST_CASE("waiting for a descriptor outside the io_service", "[io_service]") {
  cppcoro::io_service io;

  auto wait_readable = [&](cppcoro::io_service &service, int fd) -> coro::task<void> {
    auto stop_on_exit = cppcoro::on_scope_exit([&] { service.stop(); });
    co_await service.schedule();
    int ep = ::epoll_create1(0);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ::epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    ::epoll_wait(ep, &ev, 1, -1); // expect: coro-blocking-net
    ::close(ep);
  };

  coro::sync_wait(coro::when_all(wait_readable(io, 0), [&]() -> coro::task<void> {
    io.process_events();
    co_return;
  }()));
}
