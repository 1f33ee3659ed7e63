// Helper coroutines around a thread pool, in the style of libcoro's
// thread_pool tests: a helper awaited only after `co_await tp.schedule()`
// starts on a pool worker and may block there, and so does a job handed to
// the pool with spawn_joinable. The same helper awaited on the io scheduler
// too blocks the loop there; a task created on the pool but awaited after
// hopping back to the io scheduler runs on the loop.
#include "coro/scheduler.hpp"
#include "coro/task.hpp"
#include "coro/thread_pool.hpp"

#include <atomic>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace pool_helpers {

coro::task<long> nap(std::chrono::milliseconds d) {
  std::this_thread::sleep_for(d);
  co_return static_cast<long>(d.count());
}

coro::task<void> tick_on_pool(coro::thread_pool &tp, std::chrono::milliseconds d) {
  co_await tp.schedule();
  long total = 0;
  for (int i = 0; i < 3; ++i)
    total += co_await nap(d);
  (void)total;
}

coro::task<void> counted_job(std::atomic<int> &count) {
  ++count;
  std::this_thread::sleep_for(10ms);
  ++count;
  co_return;
}

coro::task<std::size_t> file_size(std::string path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate); // expect: coro-blocking-file
  co_return static_cast<std::size_t>(in.tellg());
}

coro::task<void> flush_log() {
  std::this_thread::sleep_for(1ms); // expect: coro-blocking-sleep
  co_return;
}

coro::task<void> serve(coro::scheduler &io, coro::thread_pool &tp) {
  co_await tp.schedule();
  (void)co_await file_size("/var/tmp/a.bin");
  auto late = flush_log();
  co_await io.schedule();
  // Back on the loop: the same helper blocks here, and so does the task
  // created on the pool.
  (void)co_await file_size("/var/tmp/b.bin");
  co_await late;
}

} // namespace pool_helpers

int main() {
  auto io = coro::scheduler::make_unique();
  auto tp = coro::thread_pool::make_unique({.thread_count = 2});
  std::atomic<int> count{0};
  std::vector<coro::task<void>> all;
  all.push_back(pool_helpers::tick_on_pool(*tp, 5ms));
  all.push_back(tp->spawn_joinable(pool_helpers::counted_job(count)));
  all.push_back(pool_helpers::serve(*io, *tp));
  coro::sync_wait(coro::when_all(std::move(all)));
  return count.load() == 2 ? 0 : 1;
}
