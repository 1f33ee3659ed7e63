// Background jobs in the style of concurrencpp's examples: eager
// coroutines returning result<T> and executor::submit start their work at
// once; dropping the result is fire-and-forget (the work still runs). A
// lazy_result dropped never runs, and result::get() inside a coroutine
// blocks the thread that runs it.
#include "concurrencpp/concurrencpp.hpp"

#include <algorithm>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

namespace jobs {

using concurrencpp::lazy_result;
using concurrencpp::result;

result<void> touch_index(std::shared_ptr<concurrencpp::thread_pool_executor> ex, std::string name) {
  co_await ex->submit([name] { return name.size(); });
}

lazy_result<int> count_words(std::string text) {
  co_return static_cast<int>(std::count(text.begin(), text.end(), ' ') + 1);
}

result<int> sum_sizes(std::shared_ptr<concurrencpp::thread_pool_executor> ex, std::vector<std::string> files) {
  int total = 0;
  for (auto &f : files)
    total += static_cast<int>(co_await ex->submit([f] { return f.size(); }));
  co_return total;
}

result<void> refresh(std::shared_ptr<concurrencpp::thread_pool_executor> ex) {
  // Started at once; the refresh does not wait for them on purpose.
  touch_index(ex, "users");
  touch_index(ex, "orders");
  ex->submit([] { return 0; });
  ex->post([] {});
  co_return;
}

result<int> report(std::shared_ptr<concurrencpp::thread_pool_executor> ex) {
  count_words("never counted"); // expect: coro-unawaited
  auto words = co_await count_words("one two three");
  auto sizes = sum_sizes(ex, {"a.txt", "bb.txt"});
  // get() waits on this coroutine's thread for the pool.
  int total = sizes.get(); // expect: coro-blocking-indirect
  auto direct = ex->submit([] { return 40; }).get(); // expect: coro-blocking-indirect
  co_return words + total + direct;
}

} // namespace jobs

int main() {
  concurrencpp::runtime rt;
  auto ex = rt.thread_pool_executor();
  jobs::refresh(ex).get();
  return jobs::report(ex).get() > 0 ? 0 : 1;
}
