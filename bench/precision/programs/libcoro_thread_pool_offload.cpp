// Offloading blocking work to a thread pool, libcoro style: after
// `co_await pool.schedule()` the coroutine runs on a pool worker, which
// exists to run such work. Blocking before the hop, or after hopping back
// to the io scheduler, stalls the event loop.
#include "coro/scheduler.hpp"
#include "coro/task.hpp"
#include "coro/thread_pool.hpp"

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

namespace thumbnails {

struct context {
  std::unique_ptr<coro::scheduler> io = coro::scheduler::make_unique();
  std::unique_ptr<coro::thread_pool> cpu = coro::thread_pool::make_unique({.thread_count = 2});
};

std::string load_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

coro::task<std::string> render(context &ctx, std::string path) {
  co_await ctx.cpu->schedule();
  // On a pool worker from here on.
  auto bytes = load_file(path);
  std::this_thread::sleep_for(std::chrono::milliseconds{5}); // rate limit the disk
  co_return bytes.substr(0, 64);
}

// The same through the pool's schedule(task) overload.
coro::task<std::size_t> checksum_job(std::string path) {
  auto bytes = load_file(path);
  std::size_t sum = 0;
  for (unsigned char c : bytes)
    sum = sum * 31 + c;
  co_return sum;
}

coro::task<void> handle_request(context &ctx, std::string path) {
  co_await ctx.io->schedule();
  auto thumb = co_await render(ctx, path);
  auto sum = co_await ctx.cpu->schedule(checksum_job(path));
  (void)thumb;
  (void)sum;
}

// Blocks on the io loop before hopping to the pool.
coro::task<std::string> render_eagerly(context &ctx, std::string path) {
  co_await ctx.io->schedule();
  auto header = load_file(path + ".hdr"); // expect: coro-blocking-indirect
  co_await ctx.cpu->schedule();
  auto bytes = load_file(path);
  co_return header + bytes;
}

// Hops to the pool and back, then sleeps on the io loop.
coro::task<void> throttled_upload(context &ctx, std::string path) {
  co_await ctx.cpu->schedule();
  auto bytes = load_file(path);
  co_await ctx.io->schedule();
  std::this_thread::sleep_for(std::chrono::milliseconds{50}); // expect: coro-blocking-sleep
  (void)bytes;
}

} // namespace thumbnails

int main() {
  thumbnails::context ctx;
  auto a = thumbnails::handle_request(ctx, "/var/tmp/a.png");
  auto b = thumbnails::render_eagerly(ctx, "/var/tmp/b.png");
  auto c = thumbnails::throttled_upload(ctx, "/var/tmp/c.png");
  a.resume();
  b.resume();
  c.resume();
  while (ctx.io->process_events(std::chrono::milliseconds{100}) > 0) {
  }
}
