#include <unblock/unblock.hpp>

#include <chrono>
#include <map>
#include <string>

using namespace std::chrono_literals;

unblock::async_mutex cache_mutex;
std::map<std::string, int> cache;

unblock::task<int> lookup(std::string key) {
  co_await unblock::sleep_for(1ms);
  co_return static_cast<int>(key.size());
}

unblock::task<int> cached(std::string key) {
  auto lock = co_await cache_mutex.lock();
  auto it = cache.find(key);
  if (it == cache.end())
    it = cache.emplace(key, co_await lookup(key)).first;
  co_return it->second;
}

int main() { return unblock::run(cached("abc")) == 3 ? 0 : 1; }
