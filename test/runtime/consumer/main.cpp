// A program built against the installed package.
#include <unblock/unblock.hpp>

#include <chrono>
#include <cstdio>

unblock::task<int> answer() {
  co_await unblock::sleep_for(std::chrono::milliseconds(1));
  co_return co_await unblock::offload([] { return 42; });
}

int main() {
  std::printf("consumer ok %d\n", unblock::run(answer()));
  return 0;
}
