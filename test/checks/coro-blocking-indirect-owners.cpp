// RUN: %check_coro %s coro-blocking-indirect %t -- -I%S/Inputs
// A destructor that waits blocks only where an owner really ends. No
// temporary exists where a prvalue initializes a member (guaranteed copy
// elision), a temporary that is moved from is empty when it is destroyed,
// and an argument passed by value to a coroutine is moved into its frame.
// The owner that goes out of scope inside the coroutine is reported there.

#include "task.h"
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <unistd.h>
#include <thread>
#include <utility>
#include <vector>

void spin() {}

// An event loop that joins its thread when destroyed.
struct io_loop {
  std::thread t{spin};
  ~io_loop() {
    if (t.joinable())
      t.join();
  }
};

// Its owner makes it in the member initializer: the prvalue of make_unique
// is the member itself.
struct scheduler {
  std::unique_ptr<io_loop> loop;
  std::unique_ptr<io_loop> spare;
  std::vector<std::unique_ptr<io_loop>> more;
  scheduler() : loop(std::make_unique<io_loop>()) {
    spare = std::make_unique<io_loop>();            // moved from, then empty
    more.push_back(std::make_unique<io_loop>());    // moved into the vector
    more.emplace_back(std::make_unique<io_loop>()); // and again
    std::unique_ptr<io_loop> local = std::make_unique<io_loop>();
    more.push_back(std::move(local));
  }
};

demo::task<> serve(std::unique_ptr<io_loop> loop) {
  co_await demo::yield();
  (void)loop;
}

void keep(std::unique_ptr<io_loop> loop, std::vector<std::unique_ptr<io_loop>> &into) {
  into.push_back(std::move(loop));
}

std::unique_ptr<scheduler> make_scheduler() {
  return std::make_unique<scheduler>();
}

demo::task<> starts_a_scheduler(std::vector<std::unique_ptr<io_loop>> &pool,
                                std::vector<std::unique_ptr<scheduler>> &all) {
  auto *s = new scheduler(); // constructed, not destroyed here
  (void)s;
  std::unique_ptr<scheduler> owned = make_scheduler();
  all.push_back(std::move(owned));
  co_await serve(std::make_unique<io_loop>()); // the coroutine's frame owns it
  keep(std::make_unique<io_loop>(), pool);     // moved away by the callee
  std::shared_ptr<io_loop> shared = std::make_unique<io_loop>(); // converted
  all.push_back(std::make_unique<scheduler>());
  co_return;
}

// True twins: the owner that ends inside the coroutine waits there.
void drop(std::unique_ptr<io_loop> loop) { (void)loop; }

demo::task<> owner_ends_here() {
  scheduler s;
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: destroying 's' may block inside coroutine 'owner_ends_here': it calls 'std::thread::join' through 3 functions; it stalls every coroutine on this thread [coro-blocking-indirect]
  // CHECK-MESSAGES: :[[@LINE+17]]:1: note: 's' is destroyed here
  // CHECK-MESSAGES: :[[@LINE-45]]:28: note: 'scheduler::~scheduler' destroys member 'loop'
  // CHECK-MESSAGES: :[[@LINE-46]]:28: note: 'std::unique_ptr::~unique_ptr' destroys the 'io_loop' objects it holds
  // CHECK-MESSAGES: :[[@LINE-54]]:9: note: 'io_loop::~io_loop' calls 'std::thread::join' here
  drop(std::make_unique<io_loop>());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: destroying the temporary 'std::unique_ptr' may block inside coroutine 'owner_ends_here': it calls 'std::thread::join' through 2 functions
  // CHECK-MESSAGES: :[[@LINE-2]]:8: note: 'std::unique_ptr::~unique_ptr' destroys the 'io_loop' objects it holds
  // CHECK-MESSAGES: :[[@LINE-58]]:9: note: 'io_loop::~io_loop' calls 'std::thread::join' here
  io_loop{};
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: destroying the temporary 'io_loop' may block inside coroutine 'owner_ends_here': it calls 'std::thread::join'
  // CHECK-MESSAGES: :[[@LINE-61]]:9: note: 'io_loop::~io_loop' calls 'std::thread::join' here
  std::unique_ptr<io_loop> kept = std::make_unique<io_loop>();
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: destroying 'kept' may block inside coroutine 'owner_ends_here': it calls 'std::thread::join' through 2 functions
  // CHECK-MESSAGES: :[[@LINE+4]]:1: note: 'kept' is destroyed here
  // CHECK-MESSAGES: :[[@LINE-3]]:28: note: 'std::unique_ptr::~unique_ptr' destroys the 'io_loop' objects it holds
  // CHECK-MESSAGES: :[[@LINE-66]]:9: note: 'io_loop::~io_loop' calls 'std::thread::join' here
  co_return;
}

// A service that waits on its std::async future when destroyed.
struct service {
  std::future<void> done;
  std::future<void> later;
  std::future<int> promised;
  service() : done(std::async(std::launch::async, spin)) {
    later = std::async(std::launch::async, spin);
  }
};
struct lazy_service {
  std::future<void> done;
  std::promise<int> p;
  lazy_service() : done(std::async(std::launch::deferred, spin)) {}
};

demo::task<> runs_a_service() {
  service s;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: destroying 's' may block inside coroutine 'runs_a_service': it destroys the 'std::future' of 'std::async' (it waits for the task); it stalls every coroutine on this thread
  // CHECK-MESSAGES: :[[@LINE+4]]:1: note: 's' is destroyed here
  // CHECK-MESSAGES: :[[@LINE-17]]:21: note: 'service::~service' destroys the 'std::future' of 'std::async' here, which waits for the task
  lazy_service l;
  co_return;
}

// Moved out of an optional, returned by value, or chosen by a conditional:
// what is left to destroy is empty.
struct pooled {
  int fd = -1;
  pooled() = default;
  explicit pooled(int f) : fd(f) {}
  pooled(pooled &&o) noexcept : fd(std::exchange(o.fd, -1)) {}
  ~pooled() {
    if (fd != -1)
      usleep(1); // stands for a synchronous goodbye to the server
  }
};

std::optional<pooled> take_one(std::vector<pooled> &idle) {
  if (idle.empty())
    return std::nullopt;
  pooled c = std::move(idle.back());
  idle.pop_back();
  return c;
}

demo::task<> gives_back(std::vector<pooled> &idle) {
  auto c = take_one(idle);
  if (c)
    idle.push_back(std::move(*c));
  co_return;
}

demo::task<> keeps_one(std::vector<pooled> &idle, std::vector<pooled> &mine) {
  auto c = take_one(idle);
  pooled out = c ? std::move(*c) : pooled{};
  mine.push_back(std::move(out));
  co_return;
}

// True twin: the connection taken is never handed back.
demo::task<> leaks_one(std::vector<pooled> &idle) {
  auto c = take_one(idle);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: destroying 'c' may block inside coroutine 'leaks_one': it calls 'usleep' through 2 functions
  // CHECK-MESSAGES: :[[@LINE+4]]:1: note: 'c' is destroyed here
  // CHECK-MESSAGES: :[[@LINE-3]]:8: note: 'std::optional::~optional' destroys the 'pooled' objects it holds
  // CHECK-MESSAGES: :[[@LINE-32]]:7: note: 'pooled::~pooled' calls 'usleep' here
  co_return;
}
