// The rewrites offered for each kind of catalog entry, and where none is.
// RUN: %check_coro --config="{CheckOptions: {RuntimeByType: 'demo::task=unblock'}}" %s 'coro-blocking-*' %t -- -I%S/Inputs

#include "task.h"
#include <chrono>
#include <cstdio>
#include <future>
#include <netdb.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
// CHECK-FIXES: #include <unblock/unblock.hpp>
// CHECK-FIXES-NOT: #include <unblock/unblock.hpp>

using namespace std::chrono_literals;

demo::task<> sleeps() {
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for'
  // CHECK-FIXES: co_await unblock::sleep_for(10ms);
  std::this_thread::sleep_until(std::chrono::steady_clock::now() + 1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_until'
  // CHECK-FIXES: co_await unblock::sleep_until(std::chrono::steady_clock::now() + 1s);
  sleep(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep'
  // CHECK-FIXES: co_await unblock::sleep_for(std::chrono::seconds(2));
  usleep(500);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep'
  // CHECK-FIXES: co_await unblock::sleep_for(std::chrono::microseconds(500));
  // The value of sleep() is used: unblock::sleep_for has none, so offload.
  unsigned left = sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: blocking call to 'sleep'
  // CHECK-FIXES: unsigned left = co_await unblock::offload([&] { return sleep(1); });
  (void)left;
  co_return;
}

demo::task<> sockets(int fd, char *b, size_t len, sockaddr *sa, socklen_t sl) {
  ssize_t n = recv(fd, b, len, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking call to 'recv'
  // CHECK-FIXES: ssize_t n = co_await unblock::recv(fd, b, len, 0);
  n += ::send(fd, b, n, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking call to 'send'
  // CHECK-FIXES: n += co_await unblock::send(fd, b, n, 0);
  read(fd, b, len);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read'
  // CHECK-FIXES: co_await unblock::read(fd, b, len);
  if (write(fd, b, 1) < 0)
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'write'
  // CHECK-FIXES: if (co_await unblock::write(fd, b, 1) < 0)
    co_return;
  int rc = connect(fd, sa, sl);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'connect'
  // CHECK-FIXES: int rc = co_await unblock::connect(fd, sa, sl);
  int c = accept(fd, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'accept'
  // CHECK-FIXES: int c = co_await unblock::accept(fd, nullptr, nullptr);
  addrinfo *res = nullptr;
  getaddrinfo("localhost", "80", nullptr, &res);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'getaddrinfo'
  // CHECK-FIXES: co_await unblock::getaddrinfo("localhost", "80", nullptr, &res);
  (void)rc;
  (void)c;
}

struct holder { int value; };
holder make_holder();

demo::task<> executor(std::future<int> f, std::shared_future<holder> sf, FILE *fp) {
  auto v = f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: blocking call to 'std::future::get'
  // CHECK-FIXES: auto v = co_await unblock::offload([&] { return f.get(); });
  sf.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::shared_future::wait'
  // CHECK-FIXES: co_await unblock::offload([&] { sf.wait(); });
  holder h = sf.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'std::shared_future::get'
  // CHECK-FIXES: holder h = co_await unblock::offload([&] { return sf.get(); });
  int x = sf.get().value;
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: blocking call to 'std::shared_future::get'
  // CHECK-MESSAGES: :[[@LINE-2]]:14: note: no automatic fix: the call's result is a reference, which 'offload' would copy
  fflush(fp);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fflush'
  // CHECK-FIXES: co_await unblock::offload([&] { fflush(fp); });
  (void)v;
  (void)h;
  (void)x;
  co_return;
}

// Where co_await cannot go, the diagnostic stays and a note explains.
#define NAP() usleep(1)
demo::task<> no_fix(int fd, char *b) {
  NAP();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep'
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: no automatic fix: the call is inside a macro expansion
  // CHECK-FIXES: NAP();
  [&] { recv(fd, b, 1, 0); }();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call to 'recv'
  // CHECK-MESSAGES: :[[@LINE-2]]:9: note: no automatic fix: the call is in a function the coroutine calls, where 'co_await' is not available
  // CHECK-FIXES: [&] { recv(fd, b, 1, 0); }();
  try {
    co_await demo::yield();
  } catch (...) {
    sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'sleep'
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: no automatic fix: 'co_await' is not allowed in a catch handler
    // CHECK-FIXES: sleep(1);
  }
}

[[clang::annotate("unblock::nonblocking")]] void callback() {
  usleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep' inside function 'callback' marked non-blocking
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: no automatic fix: 'co_await' is only available in a coroutine
  // CHECK-FIXES: usleep(1);
}
