// Round trip of the Offload rewrites on system(): as a statement it becomes
// `co_await unblock::offload([&] { system(...); })`, and where its status is
// used, `co_await unblock::offload([&] { return system(...); })`. Three jobs
// each run a 300 ms command: ~900 ms blocking, ~300 ms fixed.
//
// RUN: %roundtrip %s %t | FileCheck %s
// CHECK-LABEL: === fixed source

#include <unblock/unblock.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/wait.h>

unblock::task<int> job(int id) {
  system("sleep 0.3");
  // CHECK: {{^}}  co_await unblock::offload([&] { system("sleep 0.3"); });
  std::string command = "exit " + std::to_string(id);
  int status = std::system(command.c_str());
  // CHECK: {{^}}  int status = co_await unblock::offload([&] { return std::system(command.c_str()); });
  co_return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

unblock::task<int> all() {
  auto [a, b, c] = co_await unblock::when_all(job(1), job(2), job(3));
  co_return a + b + c;
}

int main() {
  std::printf("result %d\n", unblock::run(all()));
  return 0;
}

// CHECK-LABEL: === recheck: no blocking calls
// CHECK-LABEL: === before output
// CHECK-NEXT: result 6
// CHECK-LABEL: === after output
// CHECK-NEXT: result 6
// CHECK: === overlap: ok
