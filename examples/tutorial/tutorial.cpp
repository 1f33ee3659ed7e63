// The classic Python coroutine tutorial sample, in C++.
//
// The Python original runs cpu_bound(i, j) with loop.run_in_executor, then
// ticks a main loop that calls time.sleep(1) inside `async def main()`, so
// the whole event loop stops at every tick; its companion gevent example
// spawns three workers, joins them with gevent.joinall, and shows that they
// only alternate once each yields with gevent.sleep(0). This program makes
// the same two mistakes with unblock's runtime:
//
//   1. std::this_thread::sleep_for inside coroutines (the main loop and the
//      workers): it blocks the event loop, so nothing else runs meanwhile;
//   2. unblock::sleep_for(0ms) without co_await (the workers' "yield", like
//      asyncio.sleep without await): it creates an awaitable and drops it,
//      so the workers never yield.
//
// `unblock --checks='-*,coro-*'` reports both and its fix-its repair them:
// the main loop, the three workers and the offloaded CPU work then overlap,
// and the workers' lines interleave. scripts/demo.sh shows it.
#include <unblock/unblock.hpp>

#include <chrono>
#include <cstdio>
#include <thread>

using namespace std::chrono_literals;

// CPU-bound work: the function Python hands to loop.run_in_executor. It runs
// on the blocking pool, where blocking is fine.
long cpu_bound(long i, long j) {
  long sum = 0;
  for (long k = 0; k < 30'000'000; ++k)
    sum += (k % 7 == 0) ? i : j;
  return sum % 1000;
}

// gevent's f(n): a worker that waits for I/O at every step.
unblock::task<int> worker(int id) {
  int sum = 0;
  for (int step = 0; step < 3; ++step) {
    std::printf("  worker %d: %d\n", id, step);
    std::this_thread::sleep_for(100ms); // waiting for I/O
    unblock::sleep_for(0ms);            // gevent.sleep(0): let the others run
    sum += step;
  }
  co_return sum;
}

// Python's main(): ticks until n > 20.
unblock::task<int> main_loop() {
  int n = 0;
  for (int l = 0; l < 10; ++l) {
    std::printf("m---> %d\n", l);
    std::this_thread::sleep_for(100ms); // time.sleep(1)
    n += l;
    if (n > 20)
      break;
  }
  co_return n;
}

// loop.run_in_executor(executor, cpu_bound, i, j), awaited.
unblock::task<int> in_executor(long i, long j) {
  long r = co_await unblock::offload([=] { return cpu_bound(i, j); });
  std::printf("cpu_bound(%ld, %ld) = %ld\n", i, j, r);
  co_return static_cast<int>(r);
}

// Everything at once, like gevent.joinall.
unblock::task<int> async_main() {
  auto [cpu, n, a, b, c] = co_await unblock::when_all(
      in_executor(0, 1), main_loop(), worker(1), worker(2), worker(3));
  co_return cpu + n + a + b + c;
}

int main() {
  auto start = std::chrono::steady_clock::now();
  int result = unblock::run(async_main());
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - start)
                .count();
  std::printf("result %d in %lld ms\n", result, static_cast<long long>(ms));
  return result == 315 ? 0 : 1;
}
