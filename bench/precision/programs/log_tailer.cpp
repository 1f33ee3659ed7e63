// A log shipper in the style of cppcoro's generator and async_generator
// examples. A synchronous generator that reads a file runs on the thread
// that iterates it (here main, at start-up) and cannot suspend: it is not
// an event-loop context. An async_generator's body runs on the loop each
// time the consumer awaits the next element, so a blocking read there
// stalls the loop.
#include "coro/generator.hpp"
#include "coro/scheduler.hpp"
#include "coro/task.hpp"

#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace shipper {

// Synchronous: iterated by plain code.
coro::generator<std::string> config_lines(std::string path) {
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#')
      co_yield line;
}

std::vector<std::string> load_targets(const std::string &path) {
  std::vector<std::string> targets;
  for (const auto &line : config_lines(path))
    targets.push_back(line);
  return targets;
}

// Asynchronous: awaits the scheduler between records, but reads the file
// synchronously on the loop.
coro::async_generator<std::string> records(coro::scheduler &sched, std::string path) {
  std::ifstream in(path); // expect: coro-blocking-file
  std::string line;
  while (std::getline(in, line)) { // expect: coro-blocking-file
    co_await sched.schedule();
    co_yield line;
  }
}

// Asynchronous and well behaved: the records come from memory.
coro::async_generator<std::string> buffered(coro::scheduler &sched, std::vector<std::string> lines) {
  for (auto &l : lines) {
    co_await sched.schedule();
    co_yield l;
  }
}

coro::task<int> ship(coro::scheduler &sched, std::string path) {
  auto gen = records(sched, path);
  int shipped = 0;
  while (auto rec = co_await gen.next())
    shipped += static_cast<int>(rec->size() > 0);
  auto mem = buffered(sched, {"a", "b"});
  while (auto rec = co_await mem.next())
    ++shipped;
  co_return shipped;
}

} // namespace shipper

int main() {
  auto targets = shipper::load_targets("/etc/shipper/targets.conf");
  auto sched = coro::scheduler::make_unique();
  auto t = shipper::ship(*sched, "/var/log/app.log");
  t.resume();
  while (sched->process_events(std::chrono::milliseconds{10}) > 0) {
  }
  return targets.empty() ? 1 : 0;
}
