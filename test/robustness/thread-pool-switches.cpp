// Broken switches to thread pools: the pool regions are computed without a
// crash, and what cannot be read counts as on the event loop.
// RUN: %hostile_both %s -- -std=c++20 -fbracket-depth=1024 -I%S/Inputs | FileCheck %s -implicit-check-not="{{warning|error}}:"

#include "task.h"

namespace coro {
struct thread_pool {
  hostile::pause schedule();
};
struct io_scheduler {
  hostile::pause schedule();
};
} // namespace coro
namespace concurrencpp {
struct executor_tag {};
} // namespace concurrencpp

hostile::task<> undeclared_pool() {
  co_await nowhere_pool.schedule();
  // CHECK-DAG: :[[@LINE-1]]:12: error: use of undeclared identifier 'nowhere_pool'
}

hostile::task<> wrong_arguments(coro::thread_pool &tp) {
  co_await resume_on();
  // CHECK-DAG: :[[@LINE-1]]:12: error: use of undeclared identifier 'resume_on'
  co_await tp.schedule(1);
  // CHECK-DAG: :[[@LINE-1]]:24: error: too many arguments to function call, expected 0, have 1
  usleep(2);
  // CHECK-DAG: :[[@LINE-1]]:3: warning: blocking call to 'usleep' inside coroutine 'wrong_arguments'
}

hostile::task<> broken_after_switch(coro::thread_pool &tp) {
  co_await tp.schedule();
  not_declared(3);
  // CHECK-DAG: :[[@LINE-1]]:3: error: use of undeclared identifier 'not_declared'
  usleep(3); // on the pool
}

hostile::task<> bad_tag(concurrencpp::executor_tag, undeclared_type ex) {
  // CHECK-DAG: :[[@LINE-1]]:53: error: unknown type name 'undeclared_type'
  usleep(4);
  co_return;
}

hostile::task<> tag_only(concurrencpp::executor_tag) {
  usleep(5);
  // CHECK-DAG: :[[@LINE-1]]:3: warning: blocking call to 'usleep' inside coroutine 'tag_only'
  co_return;
}

template <class P> hostile::task<> never_instantiated(P &p) {
  co_await p.schedule();
  co_await resume_on(p, p);
  usleep(6); // each instantiation would decide
}

hostile::task<> deep_after_switch(coro::thread_pool &tp) {
  co_await tp.schedule();
  int x = ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))));
  usleep(x); // on the pool
}

hostile::task<> deep_then_back(coro::thread_pool &tp, coro::io_scheduler &loop) {
  co_await tp.schedule();
  int x = (((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((co_await loop.schedule(), 1)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))));
  usleep(x);
  // CHECK-DAG: :[[@LINE-1]]:3: warning: blocking call to 'usleep' inside coroutine 'deep_then_back'
}
