// unblock --fix turns this into the "after" file.
#include <unblock/unblock.hpp>

#include <chrono>

using namespace std::chrono_literals;

unblock::task<int> fetch(int id) {
  co_await unblock::sleep_for(1ms);
  co_return id * 2;
}

unblock::task<int> refresh() {
  unblock::sleep_for(10ms);
  fetch(1);
  co_return co_await fetch(2);
}

int main() { return unblock::run(refresh()) == 4 ? 0 : 1; }
