// An admin console for a server, in the style of Asio's stdin_line_reader
// example: the loop reads commands from stdin only after the scheduler said
// stdin is readable, on a descriptor put in O_NONBLOCK mode, and runs
// shell hooks from a helper thread. Reading std::cin, or running a hook
// with popen, inside the coroutine blocks the loop.
#include "coro/scheduler.hpp"
#include "coro/task.hpp"

#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <iostream>
#include <string>
#include <thread>
#include <unistd.h>

namespace admin {

// Start-up, before any loop runs.
void install_hooks() { std::system("mkdir -p /var/tmp/admin-hooks"); }

coro::task<std::string> next_command(coro::scheduler &sched) {
  ::fcntl(STDIN_FILENO, F_SETFL, ::fcntl(STDIN_FILENO, F_GETFL) | O_NONBLOCK);
  co_await sched.poll(STDIN_FILENO, coro::poll_op::read);
  char buf[256];
  auto n = ::read(STDIN_FILENO, buf, sizeof buf);
  co_return std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
}

coro::task<void> run_hook_in_background(coro::scheduler &sched, std::string hook) {
  co_await sched.schedule();
  std::thread([hook] { std::system(hook.c_str()); }).detach();
}

coro::task<void> console(coro::scheduler &sched) {
  for (;;) {
    auto cmd = co_await next_command(sched);
    if (cmd.empty() || cmd == "quit\n")
      break;
    co_await run_hook_in_background(sched, "/var/tmp/admin-hooks/" + cmd);
  }
}

// The first version: reads the terminal and runs the hook right here.
coro::task<void> console_v1(coro::scheduler &sched) {
  co_await sched.schedule();
  std::string cmd;
  std::getline(std::cin, cmd); // expect: coro-blocking-console
  std::FILE *out = ::popen(cmd.c_str(), "r"); // expect: coro-blocking-process
  char line[256];
  while (out && std::fgets(line, sizeof line, out)) // expect: coro-blocking-file
    std::fputs(line, stdout);
  if (out)
    ::pclose(out); // expect: coro-blocking-process
}

} // namespace admin

int main() {
  admin::install_hooks();
  auto sched = coro::scheduler::make_unique();
  auto c = admin::console(*sched);
  auto v1 = admin::console_v1(*sched);
  c.resume();
  v1.resume();
  while (sched->process_events(std::chrono::milliseconds{10}) > 0) {
  }
}
