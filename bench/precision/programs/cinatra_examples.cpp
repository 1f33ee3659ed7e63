// Example programs in the style of cinatra's example/main.cpp: each example
// is a Lazy<void> that main runs with syncAwait, without an executor. Until
// its first co_await such a root coroutine runs on main's thread, where no
// event loop lives: starting the server (its constructor, a synchronous
// resolve of the listen address) and the "wait for the server" sleep are
// fine there. After `co_await client.async_get(...)` it resumes on the
// client's io thread, where the same calls block other connections, and
// the server's destructor (which joins its pool) runs there too.
#include "async_simple/lazy.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <netdb.h>
#include <string>
#include <thread>
#include <vector>

using async_simple::coro::Lazy;
using namespace std::chrono_literals;

namespace web {

// Runs every scheduled function on a new thread (the client's io thread).
class thread_executor : public async_simple::Executor {
public:
  bool schedule(Func f) override {
    std::thread(std::move(f)).detach();
    return true;
  }
  void schedule(Func f, Duration d) override {
    std::thread([f = std::move(f), d] {
      std::this_thread::sleep_for(d);
      f();
    }).detach();
  }
};

inline thread_executor &client_io() {
  static thread_executor ex;
  return ex;
}

class io_context_pool {
public:
  explicit io_context_pool(std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
      threads_.emplace_back([] {});
  }
  ~io_context_pool() { stop(); }
  void stop() {
    for (auto &t : threads_)
      if (t.joinable())
        t.join();
  }

private:
  std::vector<std::thread> threads_;
};

class http_server {
public:
  http_server(std::size_t threads, unsigned short port)
      : pool_(std::make_unique<io_context_pool>(threads)), port_(port) {}
  ~http_server() { stop(); }

  // Resolves the listen address synchronously, then accepts on the pool.
  void async_start() {
    addrinfo *res = nullptr;
    ::getaddrinfo("0.0.0.0", std::to_string(port_).c_str(), nullptr, &res);
    if (res)
      ::freeaddrinfo(res);
  }
  void stop() { pool_->stop(); }

private:
  std::unique_ptr<io_context_pool> pool_;
  unsigned short port_;
};

class http_client {
public:
  // Resumes the caller on the client's io thread with the body.
  Lazy<std::string> async_get(std::string url) {
    co_await client_io().after(std::chrono::microseconds(100));
    co_return "body of " + url;
  }
};

inline void create_file(const std::string &name) {
  std::ofstream out(name);
  out << "<html></html>";
}

} // namespace web

Lazy<void> basic_usage() {
  web::create_file("index.html");
  web::http_server server(1, 9001); // expect: coro-blocking-indirect
  server.async_start();
  std::this_thread::sleep_for(200ms); // wait for the server to start
  web::http_client client;
  auto body = co_await client.async_get("http://127.0.0.1:9001/index.html");
  // On the client's io thread from here on.
  std::filesystem::remove("index.html"); // expect: coro-blocking-file
  std::this_thread::sleep_for(1s); // expect: coro-blocking-sleep
  (void)body;
}

// The server lives only in the prologue: it is built, started and
// destroyed on main's thread before the first suspension.
Lazy<void> start_and_stop() {
  {
    web::http_server server(1, 9002);
    server.async_start();
    std::this_thread::sleep_for(100ms);
  }
  web::http_client client;
  auto body = co_await client.async_get("http://127.0.0.1:9002/");
  (void)body;
}

int main() {
  async_simple::coro::syncAwait(basic_usage());
  async_simple::coro::syncAwait(start_and_stop());
}
