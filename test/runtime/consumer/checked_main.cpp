// A program built against the installed package's unblock::runtime_checked,
// with no flag of its own: linking the target brings -fsanitize=realtime.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <unblock/unblock.hpp>

unblock::task<int> answer(bool block) {
  if (block) usleep(1000);  // reported: a blocking call in a coroutine step
  co_await unblock::sleep_for(std::chrono::milliseconds(1));
  co_return co_await unblock::offload([] {
    usleep(1000);  // not reported: on the offload pool
    return 42;
  });
}

int main(int argc, char** argv) {
  const bool block = argc > 1 && std::strcmp(argv[1], "--block") == 0;
  std::printf("checked consumer ok %d\n", unblock::run(answer(block)));
  return 0;
}
