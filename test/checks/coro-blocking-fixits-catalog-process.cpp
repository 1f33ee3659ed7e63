// The fix-it of every catalog row that coro-blocking-process reports: one call
// per row, with its diagnostic and the rewrite that the row names
// (checks/catalog/blocking-functions.def); a row without one keeps its call
// and gets a note. test/checks/coro-blocking-fixits.cpp shows each kind of
// rewrite in context.
// RUN: %check_coro --config="{CheckOptions: {RuntimeByType: 'demo::task=unblock'}}" %s 'coro-blocking-process' %t -- -I%S/Inputs

#include "fixits-catalog-apis.h"
#include "task.h"
#include <cstdio>
#include <cstdlib>
#include <sys/resource.h>
#include <sys/wait.h>
// CHECK-FIXES: #include <unblock/unblock.hpp>

demo::task<> processes(pid_t child) {
  siginfo_t info;
  boost::process::child proc;
  int status = system("make");
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking call to 'system'
  // CHECK-FIXES: {{^}}  int status = co_await unblock::offload([&] { return system("make"); });
  FILE *pipe = popen("ls", "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking call to 'popen'
  // CHECK-FIXES: {{^}}  FILE *pipe = co_await unblock::offload([&] { return popen("ls", "r"); });
  pclose(pipe);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'pclose'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { pclose(pipe); });
  pid_t done = wait(&status);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking call to 'wait'
  // CHECK-FIXES: {{^}}  pid_t done = co_await unblock::offload([&] { return wait(&status); });
  waitpid(child, &status, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'waitpid'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { waitpid(child, &status, 0); });
  waitid(P_PID, child, &info, WEXITED);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'waitid'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { waitid(P_PID, child, &info, WEXITED); });
  wait3(&status, 0, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'wait3'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { wait3(&status, 0, nullptr); });
  wait4(child, &status, 0, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'wait4'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { wait4(child, &status, 0, nullptr); });
  status = boost::process::system("make");
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'boost::process::system'
  // CHECK-FIXES: {{^}}  status = co_await unblock::offload([&] { return boost::process::system("make"); });
  proc.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking call to 'boost::process::child::wait'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { proc.wait(); });
  (void)done;
  co_return;
}
