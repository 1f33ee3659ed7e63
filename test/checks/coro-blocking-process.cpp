// RUN: %check_coro %s coro-blocking-process %t -- -I%S/Inputs

#include "task.h"
#include <cstdio>
#include <cstdlib>
#include <sys/wait.h>

demo::task<int> run_tools(pid_t child) {
  int rc = system("make");
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'system' inside coroutine 'run_tools'; it stalls every coroutine on this thread [coro-blocking-process]
  // CHECK-MESSAGES: :[[@LINE-2]]:12: note: run it on your runtime's thread pool for blocking work
  rc += std::system("true");
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call to 'system'
  FILE *p = popen("ls", "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'popen'
  pclose(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'pclose'
  int status = 0;
  wait(&status);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'wait'
  waitpid(child, &status, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'waitpid'
  siginfo_t info;
  waitid(P_PID, child, &info, WEXITED);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'waitid'
  // WNOHANG only polls.
  waitpid(child, &status, WNOHANG);
  waitpid(-1, &status, WNOHANG | WUNTRACED);
  waitid(P_ALL, 0, &info, WEXITED | WNOHANG);
  co_return rc;
}

// Not a coroutine.
int plain() { return system("true"); }
