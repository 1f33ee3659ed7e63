// Stand-ins for the executors of coroutine libraries, with their class and
// function names (libcoro, cppcoro, Asio and Boost.Asio, concurrencpp), for
// the tests of coroutines that run on a thread pool (no library needed).
#pragma once
#include "task.h"

#include <chrono>
#include <coroutine>
#include <exception>
#include <memory>

namespace pools {
// What a switch to an executor returns: an awaiter that resumes the
// coroutine on one of the executor's threads.
struct switch_awaiter {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
} // namespace pools

// libcoro
namespace coro {
template <class T = void> using task = demo::task<T>;
class thread_pool {
public:
  pools::switch_awaiter schedule();
  pools::switch_awaiter yield();
  // Runs the task on the pool and completes with it.
  template <class Task> Task schedule(Task t);
  // Start the task on the pool: without waiting for it, or with a task
  // that joins it.
  template <class Task> bool spawn_detached(Task &&t);
  template <class Task> Task spawn_joinable(Task &&t);
};
class io_scheduler {
public:
  pools::switch_awaiter schedule();
  template <class Task> Task schedule(Task t);
  pools::switch_awaiter schedule_after(std::chrono::milliseconds);
};
} // namespace coro

// cppcoro
namespace cppcoro {
template <class T = void> using task = demo::task<T>;
class static_thread_pool {
public:
  pools::switch_awaiter schedule();
};
class io_service {
public:
  pools::switch_awaiter schedule();
};
template <class Scheduler, class Awaitable>
pools::switch_awaiter resume_on(Scheduler &, Awaitable &&);
} // namespace cppcoro

// Asio and Boost.Asio
namespace asio {
#include "thread-pools-asio.inc"
} // namespace asio
namespace boost::asio {
#include "thread-pools-asio.inc"
} // namespace boost::asio

// concurrencpp
namespace concurrencpp {
struct executor_tag {};
class executor {
public:
  virtual ~executor() = default;
};
class thread_pool_executor : public executor {};
class thread_executor : public executor {};
class manual_executor : public executor {};
class runtime {
public:
  std::shared_ptr<concurrencpp::thread_pool_executor>
  thread_pool_executor() const;
  std::shared_ptr<concurrencpp::thread_pool_executor>
  background_executor() const;
  std::shared_ptr<concurrencpp::thread_executor> thread_executor() const;
  std::shared_ptr<concurrencpp::manual_executor> make_manual_executor();
};
namespace details {
template <class Executor> struct resume_on_awaitable : pools::switch_awaiter {};
} // namespace details
template <class Executor>
details::resume_on_awaitable<Executor> resume_on(std::shared_ptr<Executor>);
template <class Executor>
details::resume_on_awaitable<Executor> resume_on(Executor &);

template <class T = void> class result {
public:
  struct promise_type {
    result get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
} // namespace concurrencpp
