// A read-through cache in front of a slow backend, on an io scheduler. The
// cache map is guarded by a std::mutex. Holding that mutex across a
// co_await lets the coroutine suspend with it locked: another coroutine on
// the loop that takes it then blocks the loop's thread. Locks released
// before the suspension (scope end, unlock(), never locked, a spin lock
// guarding a counter) are fine.
#include "coro/scheduler.hpp"
#include "coro/task.hpp"

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>

namespace cache {

class spin_lock {
public:
  void lock() noexcept {
    while (flag_.test_and_set(std::memory_order_acquire)) {
    }
  }
  void unlock() noexcept { flag_.clear(std::memory_order_release); }

private:
  std::atomic_flag flag_ = ATOMIC_FLAG_INIT;
};

struct service {
  coro::scheduler &sched;
  std::mutex m;
  std::shared_mutex rw;
  spin_lock stats_lock;
  std::map<std::string, std::string> entries;
  long hits = 0;
  long misses = 0;

  coro::task<std::string> fetch_from_backend(std::string key) {
    co_await sched.schedule();
    co_return "value of " + key;
  }

  std::optional<std::string> lookup(const std::string &key) {
    std::lock_guard<std::mutex> g(m);
    auto it = entries.find(key);
    if (it == entries.end())
      return std::nullopt;
    return it->second;
  }

  // Scoped: the guard ends before the suspension.
  coro::task<std::string> get(std::string key) {
    {
      std::lock_guard<std::mutex> g(m);
      if (auto it = entries.find(key); it != entries.end())
        co_return it->second;
    }
    auto value = co_await fetch_from_backend(key);
    {
      std::scoped_lock g(m);
      entries[key] = value;
    }
    co_return value;
  }

  // unlock() before the suspension, lock() again after it.
  coro::task<std::string> get_with_unique_lock(std::string key) {
    std::unique_lock<std::mutex> lk(m);
    if (auto it = entries.find(key); it != entries.end())
      co_return it->second;
    lk.unlock();
    auto value = co_await fetch_from_backend(key);
    lk.lock();
    entries[key] = value;
    co_return value;
  }

  // Deferred and only taken after the suspension.
  coro::task<void> refresh(std::string key) {
    std::unique_lock<std::mutex> lk(m, std::defer_lock);
    auto value = co_await fetch_from_backend(key);
    lk.lock();
    entries[key] = value;
  }

  // A spin lock held across a suspension only guards two counters.
  coro::task<void> count_hit(bool hit) {
    std::lock_guard<spin_lock> g(stats_lock);
    co_await sched.schedule();
    (hit ? hits : misses)++;
  }

  // Holds the map's mutex while the backend is asked.
  coro::task<std::string> get_locked(std::string key) {
    std::lock_guard<std::mutex> g(m); // expect: coro-lock-across-suspend
    if (auto it = entries.find(key); it != entries.end())
      co_return it->second;
    auto value = co_await fetch_from_backend(key);
    entries[key] = value;
    co_return value;
  }

  // Relocks, then suspends with the lock held.
  coro::task<void> warm(std::string key) {
    std::unique_lock<std::mutex> lk(m); // expect: coro-lock-across-suspend
    lk.unlock();
    auto value = co_await fetch_from_backend(key);
    lk.lock();
    entries[key] = value;
    co_await sched.schedule();
  }

  // A reader lock across a suspension.
  coro::task<std::size_t> size_after_tick() {
    std::shared_lock<std::shared_mutex> r(rw); // expect: coro-lock-across-suspend
    co_await sched.schedule();
    co_return entries.size();
  }
};

} // namespace cache

int main() {
  auto sched = coro::scheduler::make_unique();
  cache::service svc{*sched};
  auto a = svc.get("a");
  auto b = svc.get_with_unique_lock("b");
  auto c = svc.refresh("c");
  auto d = svc.count_hit(true);
  auto e = svc.get_locked("e");
  auto f = svc.warm("f");
  auto g = svc.size_after_tick();
  a.resume();
  b.resume();
  c.resume();
  d.resume();
  e.resume();
  f.resume();
  g.resume();
  while (sched->process_events(std::chrono::milliseconds{10}) > 0) {
  }
}
