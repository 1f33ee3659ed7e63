// unblock --fix turns this into the "after" file.
#include <unblock/unblock.hpp>

#include <chrono>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

unblock::task<int> poll_loop() {
  int polls = 0;
  for (int i = 0; i < 3; ++i) {
    ++polls;
    std::this_thread::sleep_for(10ms);
    usleep(1000);
  }
  co_return polls;
}

int main() { return unblock::run(poll_loop()) == 3 ? 0 : 1; }
