// Stand-in for the parts of drogon that coroutine handlers use: Task<T>,
// the event loop (runInLoop, sleepCoro), and DbClient with its three
// interfaces (callback, coroutine, synchronous). execSqlSync waits for the
// loop thread to answer: calling it from a handler coroutine blocks.
#pragma once

#include <chrono>
#include <coroutine>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "coro/task.hpp"

namespace trantor {

class EventLoop {
public:
  void runInLoop(std::function<void()> f) { queue_.push_back(std::move(f)); }
  void runAfter(std::chrono::duration<double> d, std::function<void()> f) {
    (void)d;
    queue_.push_back(std::move(f));
  }

private:
  std::vector<std::function<void()>> queue_;
};

} // namespace trantor

namespace drogon {

template <typename T = void> using Task = coro::task<T>;

struct sleep_awaiter {
  trantor::EventLoop *loop;
  std::chrono::duration<double> d;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) { loop->runAfter(d, [h] { h.resume(); }); }
  void await_resume() const noexcept {}
};
inline sleep_awaiter sleepCoro(trantor::EventLoop *loop, std::chrono::duration<double> d) { return {loop, d}; }

class HttpResponse {
public:
  static std::shared_ptr<HttpResponse> newHttpResponse() { return std::make_shared<HttpResponse>(); }
  void setBody(std::string b) { body_ = std::move(b); }

private:
  std::string body_;
};
using HttpResponsePtr = std::shared_ptr<HttpResponse>;

struct HttpRequest {
  std::string path;
  std::string query;
};
using HttpRequestPtr = std::shared_ptr<HttpRequest>;

namespace orm {

struct Result {
  std::vector<std::string> rows;
  std::size_t size() const { return rows.size(); }
};

class DbClient {
public:
  explicit DbClient(trantor::EventLoop *loop) : loop_(loop) {}

  void execSqlAsync(const std::string &sql, std::function<void(const Result &)> cb) {
    loop_->runInLoop([sql, cb = std::move(cb)] { cb(Result{{sql}}); });
  }

  struct sql_awaiter {
    DbClient *client;
    std::string sql;
    Result result;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) {
      client->execSqlAsync(sql, [this, h](const Result &r) {
        result = r;
        h.resume();
      });
    }
    Result await_resume() { return std::move(result); }
  };
  sql_awaiter execSqlCoro(std::string sql) { return sql_awaiter{this, std::move(sql), {}}; }

  // Runs the query on the loop and waits for the answer.
  Result execSqlSync(const std::string &sql) {
    std::promise<Result> p;
    auto f = p.get_future();
    execSqlAsync(sql, [&p](const Result &r) { p.set_value(r); });
    return f.get();
  }

private:
  trantor::EventLoop *loop_;
};

} // namespace orm

class App {
public:
  trantor::EventLoop *getLoop() { return &loop_; }
  std::shared_ptr<orm::DbClient> getDbClient() { return db_; }

private:
  trantor::EventLoop loop_;
  std::shared_ptr<orm::DbClient> db_ = std::make_shared<orm::DbClient>(&loop_);
};

inline App &app() {
  static App a;
  return a;
}

} // namespace drogon
