// Input of config.test: two sleeps in a coroutine, and a variable that
// misc-const-correctness (a check clangd counts as slow) would report.
#include "task.h"
#include <chrono>
#include <thread>
#include <unistd.h>

demo::task<> nap() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  usleep(1);
  co_return;
}

int counter() {
  int x = 1;
  return x;
}
