// The fix-it of every catalog row that coro-blocking-sleep reports: one call
// per row, with its diagnostic and the rewrite that the row names
// (checks/catalog/blocking-functions.def); a row without one keeps its call
// and gets a note. test/checks/coro-blocking-fixits.cpp shows each kind of
// rewrite in context.
// RUN: %check_coro --config="{CheckOptions: {RuntimeByType: 'demo::task=unblock'}}" %s 'coro-blocking-sleep' %t -- -I%S/Inputs

#include "fixits-catalog-apis.h"
#include "task.h"
#include <chrono>
#include <thread>
#include <time.h>
#include <unistd.h>
// CHECK-FIXES: #include <unblock/unblock.hpp>

using namespace std::chrono_literals;

demo::task<> sleeps(std::chrono::steady_clock::time_point deadline) {
  timespec ts{0, 1000};
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for'
  // CHECK-FIXES: {{^}}  co_await unblock::sleep_for(10ms);
  std::this_thread::sleep_until(deadline);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_until'
  // CHECK-FIXES: {{^}}  co_await unblock::sleep_until(deadline);
  sleep(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep'
  // CHECK-FIXES: {{^}}  co_await unblock::sleep_for(std::chrono::seconds(2));
  usleep(500);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep'
  // CHECK-FIXES: {{^}}  co_await unblock::sleep_for(std::chrono::microseconds(500));
  int rc = nanosleep(&ts, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'nanosleep'
  // CHECK-FIXES: {{^}}  int rc = co_await unblock::offload([&] { return nanosleep(&ts, nullptr); });
  clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'clock_nanosleep'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, nullptr); });
  pause();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'pause'
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: no automatic fix: there is no non-blocking form of this call; await the work instead
  // CHECK-FIXES: {{^}}  pause();
  boost::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::this_thread::sleep_for'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { boost::this_thread::sleep_for(10ms); });
  boost::this_thread::sleep_until(deadline);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::this_thread::sleep_until'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { boost::this_thread::sleep_until(deadline); });
  boost::this_thread::sleep(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::this_thread::sleep'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { boost::this_thread::sleep(10ms); });
  boost::this_fiber::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::this_fiber::sleep_for'
  // CHECK-FIXES: {{^}}  co_await unblock::sleep_for(10ms);
  Sleep(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'Sleep'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { Sleep(10); });
  (void)rc;
  co_return;
}

demo::task<> asio_timers(asio::steady_timer &steady,
                         asio::deadline_timer &deadline,
                         boost::asio::steady_timer &boost_steady,
                         boost::asio::deadline_timer &boost_deadline) {
  asio::error_code ec;
  steady.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'asio::basic_waitable_timer::wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { steady.wait(); });
  steady.wait(ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'asio::basic_waitable_timer::wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { steady.wait(ec); });
  deadline.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'asio::basic_deadline_timer::wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { deadline.wait(); });
  boost_steady.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking call to 'boost::asio::basic_waitable_timer::wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { boost_steady.wait(); });
  boost_deadline.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: blocking call to 'boost::asio::basic_deadline_timer::wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { boost_deadline.wait(); });
  // The asynchronous wait is not blocking.
  steady.async_wait(0);
  co_return;
}
