// RUN: %check_coro %s coro-blocking-indirect %t -- -I%S/Inputs
// Destructors run without a written call: at the end of a scope, at the end
// of a full-expression, in a delete-expression. A destructor that waits
// blocks the coroutine where it runs.

#include "task.h"
#include <future>
#include <memory>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

void work() {}

// std::jthread joins its thread when it is destroyed.
demo::task<> joins_at_scope_end() {
  std::jthread t(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: destroying 't' may block inside coroutine 'joins_at_scope_end': a 'std::jthread' joins its thread when destroyed; it stalls every coroutine on this thread [coro-blocking-indirect]
  // CHECK-MESSAGES: :[[@LINE+3]]:1: note: 't' is destroyed here
  co_await demo::yield();
  co_return;
}

demo::task<> inner_scope(bool b) {
  if (b) {
    std::jthread t(work);
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: destroying 't' may block inside coroutine 'inner_scope'
    // CHECK-MESSAGES: :[[@LINE+1]]:3: note: 't' is destroyed here
  }
  co_return;
}

// Moved away, joined, detached: nothing waits at the end of the scope.
demo::task<> handed_over(std::vector<std::jthread> &pool) {
  std::jthread a(work);
  pool.push_back(std::move(a));
  std::jthread d(work);
  d.detach();
  co_return;
}

// Every element moved away through a reference to it: the container
// destroys moved-from threads, which do not join.
void keep(std::jthread &&t);
demo::task<> elements_handed_over(std::vector<std::jthread> &pool) {
  std::vector<std::jthread> batch;
  batch.emplace_back(work);
  co_await demo::yield();
  for (auto &t : batch)
    pool.push_back(std::move(t));
}
demo::task<> elements_moved_into_a_call() {
  std::vector<std::jthread> batch;
  batch.emplace_back(work);
  for (std::jthread &t : batch)
    keep(std::move(t));
  co_return;
}
// Looked at, or moved from a copy: the elements still join.
demo::task<> elements_kept() {
  std::vector<std::jthread> batch;
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: destroying 'batch' may block inside coroutine 'elements_kept'
  batch.emplace_back(work);
  for (auto &t : batch)
    (void)t.get_id();
  co_return;
}
demo::task<> elements_of_another(std::vector<std::jthread> &pool) {
  std::vector<std::jthread> batch;
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: destroying 'batch' may block inside coroutine 'elements_of_another'
  batch.emplace_back(work);
  for (auto &t : pool)
    keep(std::move(t));
  co_return;
}
demo::task<> elements_by_const_reference(std::vector<std::jthread> &pool) {
  std::vector<std::jthread> batch;
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: destroying 'batch' may block inside coroutine 'elements_by_const_reference'
  batch.emplace_back(work);
  for (const auto &t : batch)
    (void)std::move(t);
  co_return;
}

// A class that joins in its destructor.
struct worker {
  std::thread t;
  ~worker() {
    if (t.joinable())
      t.join();
  }
};
// A class whose members join.
struct crew {
  std::jthread first;
  int count = 0;
};
struct big_crew : crew {};
struct fleet {
  std::vector<std::jthread> threads;
};

demo::task<> owners() {
  worker w;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: destroying 'w' may block inside coroutine 'owners': it calls 'std::thread::join'; it stalls every coroutine on this thread
  // CHECK-MESSAGES: :[[@LINE+20]]:1: note: 'w' is destroyed here
  // CHECK-MESSAGES: :[[@LINE-17]]:9: note: 'worker::~worker' calls 'std::thread::join' here
  crew c;
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: destroying 'c' may block inside coroutine 'owners': it destroys a 'std::jthread' (it joins its thread) through 2 functions
  // CHECK-MESSAGES: :[[@LINE+16]]:1: note: 'c' is destroyed here
  // CHECK-MESSAGES: :[[@LINE-16]]:16: note: 'crew::~crew' destroys member 'first'
  // CHECK-MESSAGES: :[[@LINE-17]]:16: note: destroying a 'std::jthread' joins its thread
  big_crew b;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: destroying 'b' may block inside coroutine 'owners': it destroys a 'std::jthread' (it joins its thread) through 3 functions
  // CHECK-MESSAGES: :[[@LINE+11]]:1: note: 'b' is destroyed here
  // CHECK-MESSAGES: :[[@LINE-18]]:19: note: 'big_crew::~big_crew' destroys base 'crew'
  // CHECK-MESSAGES: :[[@LINE-22]]:16: note: 'crew::~crew' destroys member 'first'
  // CHECK-MESSAGES: :[[@LINE-23]]:16: note: destroying a 'std::jthread' joins its thread
  fleet f;
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: destroying 'f' may block inside coroutine 'owners': it destroys a 'std::jthread' (it joins its thread) through 3 functions
  // CHECK-MESSAGES: :[[@LINE+5]]:1: note: 'f' is destroyed here
  // CHECK-MESSAGES: :[[@LINE-22]]:29: note: 'fleet::~fleet' destroys member 'threads'
  // CHECK-MESSAGES: :[[@LINE-23]]:29: note: 'std::vector::~vector' destroys the 'std::jthread' objects it holds
  // CHECK-MESSAGES: :[[@LINE-24]]:29: note: destroying a 'std::jthread' joins its thread
  co_return;
}

std::unique_ptr<worker> make_worker();
worker make_value();

demo::task<> owned_elsewhere(worker *raw) {
  std::unique_ptr<worker> p = make_worker();
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: destroying 'p' may block inside coroutine 'owned_elsewhere': it calls 'std::thread::join' through 2 functions
  // CHECK-MESSAGES: :[[@LINE+12]]:1: note: 'p' is destroyed here
  // CHECK-MESSAGES: :[[@LINE-3]]:27: note: 'std::unique_ptr::~unique_ptr' destroys the 'worker' objects it holds
  // CHECK-MESSAGES: :[[@LINE-46]]:9: note: 'worker::~worker' calls 'std::thread::join' here
  std::unique_ptr<worker> released = make_worker();
  (void)released.release(); // released: nothing is destroyed
  delete raw;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: deleting a 'worker' may block inside coroutine 'owned_elsewhere': it calls 'std::thread::join'
  // CHECK-MESSAGES: :[[@LINE-51]]:9: note: 'worker::~worker' calls 'std::thread::join' here
  make_value();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: destroying the temporary 'worker' may block inside coroutine 'owned_elsewhere': it calls 'std::thread::join'
  // CHECK-MESSAGES: :[[@LINE-54]]:9: note: 'worker::~worker' calls 'std::thread::join' here
  co_return;
}

// The std::future of std::async waits for the task when it is destroyed.
demo::task<> async_futures() {
  std::async(std::launch::async, work);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: destroying the temporary 'std::future' may block inside coroutine 'async_futures': the 'std::future' of 'std::async' waits for the task; it stalls every coroutine on this thread
  auto kept = std::async(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: destroying 'kept' may block inside coroutine 'async_futures': the 'std::future' of 'std::async' waits for the task
  // CHECK-MESSAGES: :[[@LINE+5]]:1: note: 'kept' is destroyed here
  std::async(std::launch::deferred, work); // runs nothing until asked
  std::promise<int> p;
  auto plain = p.get_future(); // not from std::async
  co_return;
}

// A destructor declared blocking.
struct session {
  [[clang::annotate("unblock::blocking")]] ~session();
};
// A local class defined in the coroutine.
demo::task<> scoped_guards() {
  session s;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: destroying 's' may block inside coroutine 'scoped_guards': 'session::~session' is declared blocking; it stalls every coroutine on this thread
  // CHECK-MESSAGES: :[[@LINE+10]]:1: note: 's' is destroyed here
  // CHECK-MESSAGES: :[[@LINE-7]]:5: note: 'session::~session' is declared blocking here
  struct nap_on_exit {
    ~nap_on_exit() { usleep(10); }
  };
  nap_on_exit g;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: destroying 'g' may block inside coroutine 'scoped_guards': it calls 'usleep'
  // CHECK-MESSAGES: :[[@LINE+3]]:1: note: 'g' is destroyed here
  // CHECK-MESSAGES: :[[@LINE-5]]:22: note: 'scoped_guards::nap_on_exit::~nap_on_exit' calls 'usleep' here
  co_return;
}

// Plain functions may wait: that is what offloads run.
void plain_owner() {
  std::jthread t(work);
  worker w;
  std::async(std::launch::async, work);
}

int main() { plain_owner(); }
