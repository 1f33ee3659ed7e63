// unblock --fix turns this into the "after" file.
#include <unblock/unblock.hpp>

#include <future>

int compute() { return 42; }

unblock::task<int> wait_for_worker() {
  std::future<int> result = std::async(std::launch::async, compute);
  int value = result.get();
  co_return value;
}

int main() { return unblock::run(wait_for_worker()) == 42 ? 0 : 1; }
