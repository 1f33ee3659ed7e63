// A file-processing pipeline in the style of concurrencpp's examples 3, 4
// and 13 and its result tests. Blocking file I/O is fine after
// `co_await resume_on(background)` and in a coroutine that starts on an
// executor (executor_tag); get() on a result that was just resolved
// returns at once. Forgetting `co_await` on resume_on keeps the coroutine
// where it was; get() on a result nobody waited for blocks.
#include "concurrencpp/concurrencpp.hpp"

#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

namespace pipeline {

using concurrencpp::executor_tag;
using concurrencpp::result;
using pool_ptr = std::shared_ptr<concurrencpp::thread_pool_executor>;

result<std::string> load(pool_ptr background, std::string path) {
  co_await concurrencpp::resume_on(background);
  // On the background executor now: it exists for blocking work.
  std::ifstream in(path, std::ios::binary);
  std::string content{std::istreambuf_iterator<char>(in), {}};
  co_return content;
}

// Starts on `background` because of the executor_tag parameter.
result<std::size_t> store(executor_tag, pool_ptr background, std::string path, std::string content) {
  std::ofstream out(path, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  co_return content.size();
}

template <typename T> void check_ready(result<T> r, T expected) {
  if (r.get() != expected)
    throw std::logic_error("unexpected value");
}

result<void> verify(pool_ptr background, std::string path) {
  auto pending = load(background, path);
  auto done = co_await std::move(pending).resolve();
  // `done` is ready: get() does not wait.
  check_ready(std::move(done), std::string{"expected"});
}

result<void> replace_chars(pool_ptr background, pool_ptr cpu, std::string path, char from, char to) {
  auto content = co_await load(background, path);
  co_await concurrencpp::resume_on(cpu);
  for (auto &c : content)
    if (c == from)
      c = to;
  // Missing co_await: the coroutine stays on the CPU pool.
  concurrencpp::resume_on(background); // expect: coro-unawaited
  co_await store({}, background, path, content);
}

result<std::size_t> total_size(pool_ptr background, std::vector<std::string> paths) {
  std::vector<result<std::string>> loads;
  for (auto &p : paths)
    loads.push_back(load(background, p));
  std::size_t total = 0;
  for (auto &r : loads)
    total += r.get().size(); // expect: coro-blocking-indirect
  co_return total;
}

} // namespace pipeline

int main(int argc, char **argv) {
  concurrencpp::runtime rt;
  auto background = rt.background_executor();
  auto cpu = rt.thread_pool_executor();
  std::string path = argc > 1 ? argv[1] : "/var/tmp/input.txt";
  pipeline::replace_chars(background, cpu, path, 'a', 'b').get();
  pipeline::verify(background, path).get();
  return pipeline::total_size(background, {path}).get() > 0 ? 0 : 1;
}
