// The boost-asio profile, picked by default for coroutines returning
// boost::asio::awaitable (Boost.Asio, <boost/asio.hpp>), spelled through a
// namespace alias as many code bases do: the calls keep their qualifier as
// written, the completion token is Boost's. Boost.Beast's synchronous
// operations take the same token.
//
// REQUIRES: boost-asio
// RUN: %check_coro %s 'coro-blocking-*' %t -- -DBOOST_ASIO_HAS_CO_AWAIT

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <string>
#include <thread>

namespace net = boost::asio;
namespace http = boost::beast::http;
using net::ip::tcp;
using namespace std::chrono_literals;

net::awaitable<std::size_t> serve(tcp::acceptor &acc, tcp::resolver &r) {
  tcp::socket s = acc.accept();
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: blocking call to 'boost::asio::basic_socket_acceptor::accept' inside coroutine 'serve'
  // CHECK-FIXES: {{^}}  tcp::socket s = co_await acc.async_accept(boost::asio::use_awaitable);
  char b[8];
  boost::system::error_code ec;
  std::size_t n = s.read_some(net::buffer(b), ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: blocking call to 'boost::asio::basic_stream_socket::read_some'
  // CHECK-FIXES: {{^}}  std::size_t n = co_await s.async_read_some(net::buffer(b), boost::asio::redirect_error(boost::asio::use_awaitable, ec));
  net::write(s, net::buffer(b, n));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::asio::write'
  // CHECK-FIXES: {{^}}  co_await net::async_write(s, net::buffer(b, n), boost::asio::use_awaitable);
  net::connect(s, r.resolve("localhost", "80"));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::asio::connect'
  // CHECK-MESSAGES: :[[@LINE-2]]:21: warning: blocking call to 'boost::asio::ip::basic_resolver::resolve'
  // CHECK-FIXES: {{^}}  co_await net::async_connect(s, co_await r.async_resolve("localhost", "80", boost::asio::use_awaitable), boost::asio::use_awaitable);
  net::steady_timer t(s.get_executor(), 1ms);
  t.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'boost::asio::basic_waitable_timer::wait'
  // CHECK-FIXES: {{^}}  co_await t.async_wait(boost::asio::use_awaitable);
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for'
  // CHECK-FIXES: {{^}}  co_await boost::asio::steady_timer(co_await boost::asio::this_coro::executor, 1ms).async_wait(boost::asio::use_awaitable);
  n += s.async_write_some(net::buffer(b, 1), net::use_future).get();
  // CHECK-MESSAGES: :[[@LINE-1]]:63: warning: blocking call to 'std::future::get'
  // CHECK-FIXES: {{^}}  n += co_await s.async_write_some(net::buffer(b, 1), boost::asio::use_awaitable);

  boost::beast::flat_buffer buffer;
  http::request<http::string_body> req;
  http::read(s, buffer, req);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::beast::http::read'
  // CHECK-FIXES: {{^}}  co_await http::async_read(s, buffer, req, boost::asio::use_awaitable);
  http::response<http::string_body> res{http::status::ok, req.version()};
  http::write(s, res, ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::beast::http::write'
  // CHECK-FIXES: {{^}}  co_await http::async_write(s, res, boost::asio::redirect_error(boost::asio::use_awaitable, ec));
  co_return n;
}
