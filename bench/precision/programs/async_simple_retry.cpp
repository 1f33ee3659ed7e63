// A retrying RPC helper in the style of async_simple's demos. Backoff goes
// through coro::sleep, which awaits the executor's timer and falls back to
// a thread sleep only when the Lazy has no executor (then it runs under
// syncAwait on a plain thread, not on an event loop). The same guard
// written by hand is fine; sleeping when an executor *is* present, or with
// no guard at all, stalls the executor's thread.
#include "async_simple/lazy.hpp"

#include <chrono>
#include <string>
#include <thread>

using namespace std::chrono_literals;
using async_simple::Executor;
using async_simple::coro::CurrentExecutor;
using async_simple::coro::Lazy;

namespace rpc {

Lazy<bool> try_call(const std::string &method, int attempt) {
  co_return !method.empty() && attempt > 1;
}

Lazy<bool> call_with_retry(std::string method) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    if (co_await try_call(method, attempt))
      co_return true;
    co_await async_simple::coro::sleep(std::chrono::milliseconds(10 << attempt));
  }
  co_return false;
}

// The guard written out in user code.
Lazy<void> backoff(std::chrono::milliseconds d) {
  Executor *ex = co_await CurrentExecutor{};
  if (ex == nullptr) {
    std::this_thread::sleep_for(d);
    co_return;
  }
  co_await ex->after(std::chrono::duration_cast<Executor::Duration>(d));
}

// Inverted guard: sleeps exactly when it runs on an executor.
Lazy<void> backoff_wrong(std::chrono::milliseconds d) {
  Executor *ex = co_await CurrentExecutor{};
  if (ex != nullptr)
    std::this_thread::sleep_for(d); // expect: coro-blocking-sleep
}

// No guard at all, but main runs it with syncAwait and no executor, and it
// never suspends: all of it runs on main's thread, where no loop lives.
Lazy<int> poll_until_ready(int rounds) {
  int seen = 0;
  for (int i = 0; i < rounds; ++i) {
    std::this_thread::sleep_for(5ms);
    ++seen;
  }
  co_return seen;
}

} // namespace rpc

int main() {
  bool ok = async_simple::coro::syncAwait(rpc::call_with_retry("ping"));
  async_simple::coro::syncAwait(rpc::backoff(1ms));
  async_simple::coro::syncAwait(rpc::backoff_wrong(1ms));
  int n = async_simple::coro::syncAwait(rpc::poll_until_ready(2));
  return ok && n == 2 ? 0 : 1;
}
