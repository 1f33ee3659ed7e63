// HTTP handlers in the style of drogon's coroutine controllers
// (api_v1_CoroTest.cc): a handler awaits execSqlCoro and sleepCoro on the
// loop; work handed to runInLoop runs later on the loop, not inside the
// handler. The synchronous DbClient interface and a thread sleep inside a
// handler block the loop the handler runs on.
#include "drogon/drogon.hpp"

#include <chrono>
#include <string>
#include <thread>

using namespace std::chrono_literals;

namespace api::v1 {

drogon::Task<drogon::HttpResponsePtr> get_user(drogon::HttpRequestPtr req) {
  auto db = drogon::app().getDbClient();
  auto rows = co_await db->execSqlCoro("select * from users where id = " + req->query);
  auto resp = drogon::HttpResponse::newHttpResponse();
  resp->setBody(rows.size() ? rows.rows[0] : "none");
  co_return resp;
}

drogon::Task<drogon::HttpResponsePtr> slow_endpoint(drogon::HttpRequestPtr req) {
  co_await drogon::sleepCoro(drogon::app().getLoop(), 200ms);
  // Deferred cleanup: runs on the loop after this handler returns.
  drogon::app().getLoop()->runInLoop([] { std::this_thread::sleep_for(1ms); });
  auto resp = drogon::HttpResponse::newHttpResponse();
  resp->setBody(req->path);
  co_return resp;
}

drogon::Task<drogon::HttpResponsePtr> count_users(drogon::HttpRequestPtr) {
  auto db = drogon::app().getDbClient();
  auto rows = db->execSqlSync("select count(*) from users"); // expect: coro-blocking-indirect
  auto resp = drogon::HttpResponse::newHttpResponse();
  resp->setBody(rows.rows.empty() ? "0" : rows.rows[0]);
  co_return resp;
}

drogon::Task<drogon::HttpResponsePtr> rate_limited(drogon::HttpRequestPtr req) {
  std::this_thread::sleep_for(50ms); // expect: coro-blocking-sleep
  auto resp = drogon::HttpResponse::newHttpResponse();
  resp->setBody(req->path);
  co_return resp;
}

} // namespace api::v1

int main() {
  auto req = std::make_shared<drogon::HttpRequest>(drogon::HttpRequest{"/users", "1"});
  auto a = api::v1::get_user(req);
  auto b = api::v1::slow_endpoint(req);
  auto c = api::v1::count_users(req);
  auto d = api::v1::rate_limited(req);
  a.resume();
  b.resume();
  c.resume();
  d.resume();
}
