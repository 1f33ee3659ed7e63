// The fix-it of every catalog row that coro-blocking-net reports: one call
// per row, with its diagnostic and the rewrite that the row names
// (checks/catalog/blocking-functions.def); a row without one keeps its call
// and gets a note. test/checks/coro-blocking-fixits.cpp shows each kind of
// rewrite in context.
// RUN: %check_coro --config="{CheckOptions: {RuntimeByType: 'demo::task=unblock'}}" %s 'coro-blocking-net' %t -- -I%S/Inputs

#include "fixits-catalog-apis.h"
#include "task.h"
#include <arpa/nameser.h>
#include <netdb.h>
#include <poll.h>
#include <resolv.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
// CHECK-FIXES: #include <unblock/unblock.hpp>

using namespace std::chrono_literals;

demo::task<> sockets(int fd, int file_fd, int ep, sockaddr *sa, socklen_t sl,
                     const char *host) {
  char buf[64];
  char name[256];
  unsigned char answer[512];
  msghdr msg{};
  mmsghdr mmsg{};
  iovec iov{buf, sizeof buf};
  addrinfo *res = nullptr;
  hostent hbuf, *he = nullptr;
  int herr = 0;
  pollfd pfd{fd, POLLIN, 0};
  fd_set set;
  FD_ZERO(&set);
  epoll_event events[8];
  int rc = connect(fd, sa, sl);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'connect'
  // CHECK-FIXES: {{^}}  int rc = co_await unblock::connect(fd, sa, sl);
  accept(fd, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'accept'
  // CHECK-FIXES: {{^}}  co_await unblock::accept(fd, nullptr, nullptr);
  int c = accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'accept4'
  // CHECK-FIXES: {{^}}  int c = co_await unblock::offload([&] { return accept4(fd, nullptr, nullptr, SOCK_CLOEXEC); });
  ssize_t n = recv(fd, buf, sizeof buf, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking call to 'recv'
  // CHECK-FIXES: {{^}}  ssize_t n = co_await unblock::recv(fd, buf, sizeof buf, 0);
  recvfrom(fd, buf, sizeof buf, 0, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'recvfrom'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { recvfrom(fd, buf, sizeof buf, 0, nullptr, nullptr); });
  recvmsg(fd, &msg, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'recvmsg'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { recvmsg(fd, &msg, 0); });
  recvmmsg(fd, &mmsg, 1, 0, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'recvmmsg'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { recvmmsg(fd, &mmsg, 1, 0, nullptr); });
  send(fd, buf, 1, MSG_NOSIGNAL);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'send'
  // CHECK-FIXES: {{^}}  co_await unblock::send(fd, buf, 1, MSG_NOSIGNAL);
  sendto(fd, buf, 1, 0, sa, sl);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sendto'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { sendto(fd, buf, 1, 0, sa, sl); });
  sendmsg(fd, &msg, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sendmsg'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { sendmsg(fd, &msg, 0); });
  sendmmsg(fd, &mmsg, 1, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sendmmsg'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { sendmmsg(fd, &mmsg, 1, 0); });
  n = read(fd, buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'read'
  // CHECK-FIXES: {{^}}  n = co_await unblock::read(fd, buf, sizeof buf);
  write(fd, buf, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'write'
  // CHECK-FIXES: {{^}}  co_await unblock::write(fd, buf, 1);
  readv(fd, &iov, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'readv'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { readv(fd, &iov, 1); });
  writev(fd, &iov, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'writev'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { writev(fd, &iov, 1); });
  sendfile(fd, file_fd, nullptr, 64);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sendfile'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { sendfile(fd, file_fd, nullptr, 64); });
  int gai = getaddrinfo(host, "80", nullptr, &res);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'getaddrinfo'
  // CHECK-FIXES: {{^}}  int gai = co_await unblock::getaddrinfo(host, "80", nullptr, &res);
  getnameinfo(sa, sl, name, sizeof name, nullptr, 0, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'getnameinfo'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { getnameinfo(sa, sl, name, sizeof name, nullptr, 0, 0); });
  he = gethostbyname(host);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking call to 'gethostbyname'
  // CHECK-FIXES: {{^}}  he = co_await unblock::offload([&] { return gethostbyname(host); });
  gethostbyname2(host, AF_INET6);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'gethostbyname2'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { gethostbyname2(host, AF_INET6); });
  gethostbyname_r(host, &hbuf, name, sizeof name, &he, &herr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'gethostbyname_r'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { gethostbyname_r(host, &hbuf, name, sizeof name, &he, &herr); });
  gethostbyname2_r(host, AF_INET, &hbuf, name, sizeof name, &he, &herr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'gethostbyname2_r'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { gethostbyname2_r(host, AF_INET, &hbuf, name, sizeof name, &he, &herr); });
  gethostbyaddr(buf, 4, AF_INET);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'gethostbyaddr'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { gethostbyaddr(buf, 4, AF_INET); });
  res_query(host, C_IN, T_A, answer, sizeof answer);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'res_query'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { res_query(host, C_IN, T_A, answer, sizeof answer); });
  res_search(host, C_IN, T_A, answer, sizeof answer);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'res_search'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { res_search(host, C_IN, T_A, answer, sizeof answer); });
  int ready = poll(&pfd, 1, -1);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking call to 'poll'
  // CHECK-FIXES: {{^}}  int ready = co_await unblock::offload([&] { return poll(&pfd, 1, -1); });
  ppoll(&pfd, 1, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'ppoll'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { ppoll(&pfd, 1, nullptr, nullptr); });
  select(fd + 1, &set, nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'select'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { select(fd + 1, &set, nullptr, nullptr, nullptr); });
  pselect(fd + 1, &set, nullptr, nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'pselect'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { pselect(fd + 1, &set, nullptr, nullptr, nullptr, nullptr); });
  epoll_wait(ep, events, 8, -1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'epoll_wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { epoll_wait(ep, events, 8, -1); });
  epoll_pwait(ep, events, 8, -1, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'epoll_pwait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { epoll_pwait(ep, events, 8, -1, nullptr); });
  epoll_pwait2(ep, events, 8, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'epoll_pwait2'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { epoll_pwait2(ep, events, 8, nullptr, nullptr); });
  (void)rc;
  (void)c;
  (void)n;
  (void)gai;
  (void)ready;
  co_return;
}

demo::task<> clients(CURL *curl, CURLM *multi, MYSQL *my, MYSQL_STMT *stmt,
                     sqlite3_stmt *st, sqlite3_backup *backup,
                     const char *host, const char *const *keys,
                     const char *const *values, timeval tv) {
  sqlite3 *db = nullptr;
  int code = curl_easy_perform(curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: blocking call to 'curl_easy_perform'
  // CHECK-FIXES: {{^}}  int code = co_await unblock::offload([&] { return curl_easy_perform(curl); });
  curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'curl_multi_poll'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { curl_multi_poll(multi, nullptr, 0, 1000, nullptr); });
  curl_multi_wait(multi, nullptr, 0, 1000, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'curl_multi_wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { curl_multi_wait(multi, nullptr, 0, 1000, nullptr); });
  PGconn *pg = PQconnectdb("dbname=app");
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking call to 'PQconnectdb'
  // CHECK-FIXES: {{^}}  PGconn *pg = co_await unblock::offload([&] { return PQconnectdb("dbname=app"); });
  PQconnectdbParams(keys, values, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'PQconnectdbParams'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { PQconnectdbParams(keys, values, 0); });
  PQsetdbLogin(host, "5432", nullptr, nullptr, "app", "me", nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'PQsetdbLogin'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { PQsetdbLogin(host, "5432", nullptr, nullptr, "app", "me", nullptr); });
  PQreset(pg);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'PQreset'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { PQreset(pg); });
  PQping("dbname=app");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'PQping'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { PQping("dbname=app"); });
  PQpingParams(keys, values, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'PQpingParams'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { PQpingParams(keys, values, 0); });
  PGresult *pr = PQexec(pg, "select 1");
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: blocking call to 'PQexec'
  // CHECK-FIXES: {{^}}  PGresult *pr = co_await unblock::offload([&] { return PQexec(pg, "select 1"); });
  PQexecParams(pg, "select $1", 1, nullptr, values, nullptr, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'PQexecParams'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { PQexecParams(pg, "select $1", 1, nullptr, values, nullptr, nullptr, 0); });
  PQexecPrepared(pg, "q", 1, values, nullptr, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'PQexecPrepared'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { PQexecPrepared(pg, "q", 1, values, nullptr, nullptr, 0); });
  PQprepare(pg, "q", "select $1", 1, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'PQprepare'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { PQprepare(pg, "q", "select $1", 1, nullptr); });
  PQdescribePrepared(pg, "q");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'PQdescribePrepared'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { PQdescribePrepared(pg, "q"); });
  PQdescribePortal(pg, "p");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'PQdescribePortal'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { PQdescribePortal(pg, "p"); });
  pr = PQgetResult(pg);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking call to 'PQgetResult'
  // CHECK-FIXES: {{^}}  pr = co_await unblock::offload([&] { return PQgetResult(pg); });
  mysql_real_connect(my, host, "me", "pw", "app", 3306, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'mysql_real_connect'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { mysql_real_connect(my, host, "me", "pw", "app", 3306, nullptr, 0); });
  int q = mysql_query(my, "select 1");
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'mysql_query'
  // CHECK-FIXES: {{^}}  int q = co_await unblock::offload([&] { return mysql_query(my, "select 1"); });
  mysql_real_query(my, "select 1", 8);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'mysql_real_query'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { mysql_real_query(my, "select 1", 8); });
  MYSQL_RES *rows = mysql_store_result(my);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: blocking call to 'mysql_store_result'
  // CHECK-FIXES: {{^}}  MYSQL_RES *rows = co_await unblock::offload([&] { return mysql_store_result(my); });
  mysql_next_result(my);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'mysql_next_result'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { mysql_next_result(my); });
  mysql_ping(my);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'mysql_ping'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { mysql_ping(my); });
  mysql_commit(my);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'mysql_commit'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { mysql_commit(my); });
  mysql_rollback(my);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'mysql_rollback'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { mysql_rollback(my); });
  mysql_select_db(my, "app");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'mysql_select_db'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { mysql_select_db(my, "app"); });
  mysql_stmt_execute(stmt);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'mysql_stmt_execute'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { mysql_stmt_execute(stmt); });
  mysql_stmt_fetch(stmt);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'mysql_stmt_fetch'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { mysql_stmt_fetch(stmt); });
  redisContext *redis = redisConnect(host, 6379);
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: blocking call to 'redisConnect'
  // CHECK-FIXES: {{^}}  redisContext *redis = co_await unblock::offload([&] { return redisConnect(host, 6379); });
  redisConnectWithTimeout(host, 6379, tv);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'redisConnectWithTimeout'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { redisConnectWithTimeout(host, 6379, tv); });
  redisConnectUnix("/run/redis.sock");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'redisConnectUnix'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { redisConnectUnix("/run/redis.sock"); });
  void *reply = redisCommand(redis, "GET %s", "key");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'redisCommand'
  // CHECK-FIXES: {{^}}  void *reply = co_await unblock::offload([&] { return redisCommand(redis, "GET %s", "key"); });
  redisCommandArgv(redis, 0, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'redisCommandArgv'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { redisCommandArgv(redis, 0, nullptr, nullptr); });
  redisGetReply(redis, &reply);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'redisGetReply'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { redisGetReply(redis, &reply); });
  int sq = sqlite3_open("app.db", &db);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'sqlite3_open'
  // CHECK-FIXES: {{^}}  int sq = co_await unblock::offload([&] { return sqlite3_open("app.db", &db); });
  sqlite3_open_v2("app.db", &db, 0, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sqlite3_open_v2'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { sqlite3_open_v2("app.db", &db, 0, nullptr); });
  sqlite3_exec(db, "vacuum", nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sqlite3_exec'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { sqlite3_exec(db, "vacuum", nullptr, nullptr, nullptr); });
  sqlite3_step(st);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sqlite3_step'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { sqlite3_step(st); });
  sqlite3_backup_step(backup, -1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sqlite3_backup_step'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { sqlite3_backup_step(backup, -1); });
  (void)code;
  (void)pr;
  (void)q;
  (void)rows;
  (void)reply;
  (void)sq;
  co_return;
}

demo::task<> asio_sync(asio::io_context &io, const char *host,
                       std::chrono::steady_clock::time_point deadline) {
  asio::basic_stream_socket<asio::ip::tcp> tcp_sock;
  asio::basic_datagram_socket<asio::ip::udp> udp_sock;
  asio::basic_socket_acceptor<asio::ip::tcp> acceptor;
  asio::ip::basic_resolver<asio::ip::tcp> resolver;
  int peer = 0;
  char buf[4];
  char line[64];
  std::size_t got = tcp_sock.read_some(asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: blocking call to 'asio::basic_stream_socket::read_some'
  // CHECK-FIXES: {{^}}  std::size_t got = co_await unblock::offload([&] { return tcp_sock.read_some(asio::buffer(buf, 4)); });
  tcp_sock.write_some(asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'asio::basic_stream_socket::write_some'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { tcp_sock.write_some(asio::buffer(buf, 4)); });
  tcp_sock.receive(asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'asio::basic_stream_socket::receive'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { tcp_sock.receive(asio::buffer(buf, 4)); });
  tcp_sock.send(asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'asio::basic_stream_socket::send'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { tcp_sock.send(asio::buffer(buf, 4)); });
  udp_sock.receive(asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'asio::basic_datagram_socket::receive'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { udp_sock.receive(asio::buffer(buf, 4)); });
  udp_sock.receive_from(asio::buffer(buf, 4), peer);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'asio::basic_datagram_socket::receive_from'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { udp_sock.receive_from(asio::buffer(buf, 4), peer); });
  udp_sock.send(asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'asio::basic_datagram_socket::send'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { udp_sock.send(asio::buffer(buf, 4)); });
  udp_sock.send_to(asio::buffer(buf, 4), peer);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'asio::basic_datagram_socket::send_to'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { udp_sock.send_to(asio::buffer(buf, 4), peer); });
  tcp_sock.connect(peer);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'asio::basic_socket::connect'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { tcp_sock.connect(peer); });
  acceptor.accept(tcp_sock);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'asio::basic_socket_acceptor::accept'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { acceptor.accept(tcp_sock); });
  resolver.resolve(host, "80");
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'asio::ip::basic_resolver::resolve'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { resolver.resolve(host, "80"); });
  asio::read(tcp_sock, asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::read'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { asio::read(tcp_sock, asio::buffer(buf, 4)); });
  asio::read_at(tcp_sock, 0, asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::read_at'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { asio::read_at(tcp_sock, 0, asio::buffer(buf, 4)); });
  asio::read_until(tcp_sock, line, "\n");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::read_until'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { asio::read_until(tcp_sock, line, "\n"); });
  asio::write(tcp_sock, asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::write'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { asio::write(tcp_sock, asio::buffer(buf, 4)); });
  asio::write_at(tcp_sock, 0, asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::write_at'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { asio::write_at(tcp_sock, 0, asio::buffer(buf, 4)); });
  asio::connect(tcp_sock, peer);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::connect'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { asio::connect(tcp_sock, peer); });
  io.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'asio::io_context::run'
  // CHECK-MESSAGES: :[[@LINE-2]]:6: note: no automatic fix: there is no non-blocking form of this call; await the work instead
  // CHECK-FIXES: {{^}}  io.run();
  io.run_one();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'asio::io_context::run_one'
  // CHECK-MESSAGES: :[[@LINE-2]]:6: note: no automatic fix: there is no non-blocking form of this call; await the work instead
  // CHECK-FIXES: {{^}}  io.run_one();
  io.run_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'asio::io_context::run_for'
  // CHECK-MESSAGES: :[[@LINE-2]]:6: note: no automatic fix: there is no non-blocking form of this call; await the work instead
  // CHECK-FIXES: {{^}}  io.run_for(10ms);
  io.run_until(deadline);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'asio::io_context::run_until'
  // CHECK-MESSAGES: :[[@LINE-2]]:6: note: no automatic fix: there is no non-blocking form of this call; await the work instead
  // CHECK-FIXES: {{^}}  io.run_until(deadline);
  asio::basic_raw_socket<asio::ip::udp> raw_sock;
  asio::basic_seq_packet_socket<asio::ip::tcp> seq_sock;
  asio::basic_serial_port<> serial;
  asio::posix::basic_stream_descriptor<> stream_fd;
  asio::ssl::stream<asio::basic_stream_socket<asio::ip::tcp>> tls;
  int flags = 0;
  tcp_sock.wait(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'asio::basic_socket::wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { tcp_sock.wait(0); });
  acceptor.wait(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'asio::basic_socket_acceptor::wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { acceptor.wait(0); });
  raw_sock.receive(asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'asio::basic_raw_socket::receive'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { raw_sock.receive(asio::buffer(buf, 4)); });
  raw_sock.receive_from(asio::buffer(buf, 4), peer);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'asio::basic_raw_socket::receive_from'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { raw_sock.receive_from(asio::buffer(buf, 4), peer); });
  raw_sock.send(asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'asio::basic_raw_socket::send'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { raw_sock.send(asio::buffer(buf, 4)); });
  raw_sock.send_to(asio::buffer(buf, 4), peer);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'asio::basic_raw_socket::send_to'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { raw_sock.send_to(asio::buffer(buf, 4), peer); });
  seq_sock.receive(asio::buffer(buf, 4), flags);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'asio::basic_seq_packet_socket::receive'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { seq_sock.receive(asio::buffer(buf, 4), flags); });
  seq_sock.send(asio::buffer(buf, 4), 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'asio::basic_seq_packet_socket::send'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { seq_sock.send(asio::buffer(buf, 4), 0); });
  serial.read_some(asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'asio::basic_serial_port::read_some'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { serial.read_some(asio::buffer(buf, 4)); });
  serial.write_some(asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'asio::basic_serial_port::write_some'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { serial.write_some(asio::buffer(buf, 4)); });
  stream_fd.wait(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'asio::posix::basic_descriptor::wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { stream_fd.wait(0); });
  stream_fd.read_some(asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'asio::posix::basic_stream_descriptor::read_some'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { stream_fd.read_some(asio::buffer(buf, 4)); });
  stream_fd.write_some(asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'asio::posix::basic_stream_descriptor::write_some'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { stream_fd.write_some(asio::buffer(buf, 4)); });
  tls.handshake(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'asio::ssl::stream::handshake'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { tls.handshake(0); });
  tls.read_some(asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'asio::ssl::stream::read_some'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { tls.read_some(asio::buffer(buf, 4)); });
  tls.write_some(asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'asio::ssl::stream::write_some'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { tls.write_some(asio::buffer(buf, 4)); });
  tls.shutdown();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'asio::ssl::stream::shutdown'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { tls.shutdown(); });
  (void)flags;
  (void)got;
  co_return;
}

demo::task<> boost_asio_sync(boost::asio::io_context &io, const char *host,
                             std::chrono::steady_clock::time_point deadline) {
  boost::asio::basic_stream_socket<boost::asio::ip::tcp> tcp_sock;
  boost::asio::basic_datagram_socket<boost::asio::ip::udp> udp_sock;
  boost::asio::basic_socket_acceptor<boost::asio::ip::tcp> acceptor;
  boost::asio::ip::basic_resolver<boost::asio::ip::tcp> resolver;
  int peer = 0;
  char buf[4];
  char line[64];
  std::size_t got = tcp_sock.read_some(boost::asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: blocking call to 'boost::asio::basic_stream_socket::read_some'
  // CHECK-FIXES: {{^}}  std::size_t got = co_await unblock::offload([&] { return tcp_sock.read_some(boost::asio::buffer(buf, 4)); });
  tcp_sock.write_some(boost::asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'boost::asio::basic_stream_socket::write_some'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { tcp_sock.write_some(boost::asio::buffer(buf, 4)); });
  tcp_sock.receive(boost::asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'boost::asio::basic_stream_socket::receive'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { tcp_sock.receive(boost::asio::buffer(buf, 4)); });
  tcp_sock.send(boost::asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'boost::asio::basic_stream_socket::send'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { tcp_sock.send(boost::asio::buffer(buf, 4)); });
  udp_sock.receive(boost::asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'boost::asio::basic_datagram_socket::receive'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { udp_sock.receive(boost::asio::buffer(buf, 4)); });
  udp_sock.receive_from(boost::asio::buffer(buf, 4), peer);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'boost::asio::basic_datagram_socket::receive_from'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { udp_sock.receive_from(boost::asio::buffer(buf, 4), peer); });
  udp_sock.send(boost::asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'boost::asio::basic_datagram_socket::send'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { udp_sock.send(boost::asio::buffer(buf, 4)); });
  udp_sock.send_to(boost::asio::buffer(buf, 4), peer);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'boost::asio::basic_datagram_socket::send_to'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { udp_sock.send_to(boost::asio::buffer(buf, 4), peer); });
  tcp_sock.connect(peer);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'boost::asio::basic_socket::connect'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { tcp_sock.connect(peer); });
  acceptor.accept(tcp_sock);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'boost::asio::basic_socket_acceptor::accept'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { acceptor.accept(tcp_sock); });
  resolver.resolve(host, "80");
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'boost::asio::ip::basic_resolver::resolve'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { resolver.resolve(host, "80"); });
  boost::asio::read(tcp_sock, boost::asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::asio::read'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { boost::asio::read(tcp_sock, boost::asio::buffer(buf, 4)); });
  boost::asio::read_at(tcp_sock, 0, boost::asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::asio::read_at'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { boost::asio::read_at(tcp_sock, 0, boost::asio::buffer(buf, 4)); });
  boost::asio::read_until(tcp_sock, line, "\n");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::asio::read_until'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { boost::asio::read_until(tcp_sock, line, "\n"); });
  boost::asio::write(tcp_sock, boost::asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::asio::write'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { boost::asio::write(tcp_sock, boost::asio::buffer(buf, 4)); });
  boost::asio::write_at(tcp_sock, 0, boost::asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::asio::write_at'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { boost::asio::write_at(tcp_sock, 0, boost::asio::buffer(buf, 4)); });
  boost::asio::connect(tcp_sock, peer);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::asio::connect'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { boost::asio::connect(tcp_sock, peer); });
  io.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'boost::asio::io_context::run'
  // CHECK-MESSAGES: :[[@LINE-2]]:6: note: no automatic fix: there is no non-blocking form of this call; await the work instead
  // CHECK-FIXES: {{^}}  io.run();
  io.run_one();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'boost::asio::io_context::run_one'
  // CHECK-MESSAGES: :[[@LINE-2]]:6: note: no automatic fix: there is no non-blocking form of this call; await the work instead
  // CHECK-FIXES: {{^}}  io.run_one();
  io.run_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'boost::asio::io_context::run_for'
  // CHECK-MESSAGES: :[[@LINE-2]]:6: note: no automatic fix: there is no non-blocking form of this call; await the work instead
  // CHECK-FIXES: {{^}}  io.run_for(10ms);
  io.run_until(deadline);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'boost::asio::io_context::run_until'
  // CHECK-MESSAGES: :[[@LINE-2]]:6: note: no automatic fix: there is no non-blocking form of this call; await the work instead
  // CHECK-FIXES: {{^}}  io.run_until(deadline);
  boost::asio::basic_raw_socket<boost::asio::ip::udp> raw_sock;
  boost::asio::basic_seq_packet_socket<boost::asio::ip::tcp> seq_sock;
  boost::asio::basic_serial_port<> serial;
  boost::asio::posix::basic_stream_descriptor<> stream_fd;
  boost::asio::ssl::stream<boost::asio::basic_stream_socket<boost::asio::ip::tcp>> tls;
  int flags = 0;
  tcp_sock.wait(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'boost::asio::basic_socket::wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { tcp_sock.wait(0); });
  acceptor.wait(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'boost::asio::basic_socket_acceptor::wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { acceptor.wait(0); });
  raw_sock.receive(boost::asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'boost::asio::basic_raw_socket::receive'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { raw_sock.receive(boost::asio::buffer(buf, 4)); });
  raw_sock.receive_from(boost::asio::buffer(buf, 4), peer);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'boost::asio::basic_raw_socket::receive_from'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { raw_sock.receive_from(boost::asio::buffer(buf, 4), peer); });
  raw_sock.send(boost::asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'boost::asio::basic_raw_socket::send'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { raw_sock.send(boost::asio::buffer(buf, 4)); });
  raw_sock.send_to(boost::asio::buffer(buf, 4), peer);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'boost::asio::basic_raw_socket::send_to'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { raw_sock.send_to(boost::asio::buffer(buf, 4), peer); });
  seq_sock.receive(boost::asio::buffer(buf, 4), flags);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'boost::asio::basic_seq_packet_socket::receive'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { seq_sock.receive(boost::asio::buffer(buf, 4), flags); });
  seq_sock.send(boost::asio::buffer(buf, 4), 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'boost::asio::basic_seq_packet_socket::send'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { seq_sock.send(boost::asio::buffer(buf, 4), 0); });
  serial.read_some(boost::asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'boost::asio::basic_serial_port::read_some'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { serial.read_some(boost::asio::buffer(buf, 4)); });
  serial.write_some(boost::asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'boost::asio::basic_serial_port::write_some'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { serial.write_some(boost::asio::buffer(buf, 4)); });
  stream_fd.wait(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'boost::asio::posix::basic_descriptor::wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { stream_fd.wait(0); });
  stream_fd.read_some(boost::asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'boost::asio::posix::basic_stream_descriptor::read_some'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { stream_fd.read_some(boost::asio::buffer(buf, 4)); });
  stream_fd.write_some(boost::asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'boost::asio::posix::basic_stream_descriptor::write_some'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { stream_fd.write_some(boost::asio::buffer(buf, 4)); });
  tls.handshake(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'boost::asio::ssl::stream::handshake'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { tls.handshake(0); });
  tls.read_some(boost::asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'boost::asio::ssl::stream::read_some'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { tls.read_some(boost::asio::buffer(buf, 4)); });
  tls.write_some(boost::asio::buffer(buf, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'boost::asio::ssl::stream::write_some'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { tls.write_some(boost::asio::buffer(buf, 4)); });
  tls.shutdown();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'boost::asio::ssl::stream::shutdown'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { tls.shutdown(); });
  (void)flags;
  (void)got;
  co_return;
}

demo::task<> beast_and_grpc(const char *host) {
  boost::asio::basic_stream_socket<boost::asio::ip::tcp> tcp_sock;
  boost::beast::websocket::stream<int> ws;
  char line[64];
  int message = 0;
  grpc::ClientReader<routeguide::Feature> reader;
  grpc::ClientWriter<routeguide::Point> writer;
  grpc::ClientReaderWriter<routeguide::Point, routeguide::Feature> stream;
  grpc::CompletionQueue cq;
  grpc::Server server;
  routeguide::RouteGuide::Stub stub;
  grpc::ClientContext context;
  routeguide::Point point;
  routeguide::Feature feature;
  void *tag = nullptr;
  bool ok = false;
  boost::beast::http::read(tcp_sock, line, message);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::beast::http::read'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { boost::beast::http::read(tcp_sock, line, message); });
  boost::beast::http::write(tcp_sock, message);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::beast::http::write'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { boost::beast::http::write(tcp_sock, message); });
  ws.read(line);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'boost::beast::websocket::stream::read'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { ws.read(line); });
  ws.write(line);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'boost::beast::websocket::stream::write'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { ws.write(line); });
  ws.handshake(host, "/");
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'boost::beast::websocket::stream::handshake'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { ws.handshake(host, "/"); });
  ws.accept();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'boost::beast::websocket::stream::accept'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { ws.accept(); });
  bool more = reader.Read(&feature);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: blocking call to 'grpc::ClientReader::Read'
  // CHECK-FIXES: {{^}}  bool more = co_await unblock::offload([&] { return reader.Read(&feature); });
  reader.Finish();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'grpc::ClientReader::Finish'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { reader.Finish(); });
  writer.Write(point);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'grpc::ClientWriter::Write'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { writer.Write(point); });
  writer.WritesDone();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'grpc::ClientWriter::WritesDone'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { writer.WritesDone(); });
  writer.Finish();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'grpc::ClientWriter::Finish'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { writer.Finish(); });
  stream.Read(&feature);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'grpc::ClientReaderWriter::Read'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { stream.Read(&feature); });
  stream.Write(point);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'grpc::ClientReaderWriter::Write'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { stream.Write(point); });
  stream.WritesDone();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'grpc::ClientReaderWriter::WritesDone'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { stream.WritesDone(); });
  grpc::Status status = stream.Finish();
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: blocking call to 'grpc::ClientReaderWriter::Finish'
  // CHECK-FIXES: {{^}}  grpc::Status status = co_await unblock::offload([&] { return stream.Finish(); });
  cq.Next(&tag, &ok);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'grpc::CompletionQueue::Next'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { cq.Next(&tag, &ok); });
  server.Wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'grpc::Server::Wait'
  // CHECK-MESSAGES: :[[@LINE-2]]:10: note: no automatic fix: there is no non-blocking form of this call; await the work instead
  // CHECK-FIXES: {{^}}  server.Wait();
  status = stub.GetFeature(&context, point, &feature);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'routeguide::RouteGuide::Stub::GetFeature'
  // CHECK-FIXES: {{^}}  status = co_await unblock::offload([&] { return stub.GetFeature(&context, point, &feature); });
  (void)more;
  co_return;
}
