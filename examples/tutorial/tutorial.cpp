// The classic Python asyncio tutorial sample, in C++.
//
// The Python original calls time.sleep(1) inside `async def main()`, so the
// whole event loop stops for a second at every step, and calls
// asyncio.sleep(1) without `await`, so that sleep never happens. This
// program makes the same two mistakes with unblock's runtime; `unblock`
// reports both and its fix-its repair them.
#include <unblock/unblock.hpp>

#include <chrono>
#include <cstdio>
#include <thread>

using namespace std::chrono_literals;

// CPU-bound work: the counterpart of the function handed to
// loop.run_in_executor. Blocking here is fine: it runs on the blocking pool.
int cpu_bound(int i, int j) {
  std::this_thread::sleep_for(200ms);
  return i + j;
}

// Three workers joined like gevent.joinall: they should run concurrently.
unblock::task<int> worker(int id) {
  int n = 0;
  for (int step = 0; step < 3; ++step) {
    std::printf("worker %d step %d\n", id, step);
    std::this_thread::sleep_for(100ms); // blocks the loop: workers run in turn
    n += step;
  }
  co_return n;
}

unblock::task<int> async_main() {
  unblock::sleep_for(1s); // creates an awaitable and drops it: no sleep at all
  int offloaded = co_await unblock::offload([] { return cpu_bound(0, 1); });
  auto [a, b, c] = co_await unblock::when_all(worker(1), worker(2), worker(3));
  co_return offloaded + a + b + c;
}

int main() {
  auto start = std::chrono::steady_clock::now();
  int result = unblock::run(async_main());
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - start)
                .count();
  std::printf("result %d in %lld ms\n", result, static_cast<long long>(ms));
  return result == 10 ? 0 : 1;
}
