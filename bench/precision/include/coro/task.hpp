// Stand-in for a libcoro/cppcoro-style lazy task, sync_wait and when_all.
// Only what the corpus programs need; it compiles and would run.
#pragma once

#include <atomic>
#include <condition_variable>
#include <coroutine>
#include <exception>
#include <mutex>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

namespace coro {

template <typename T = void> class task;

namespace detail {

struct promise_base {
  std::coroutine_handle<> continuation{std::noop_coroutine()};
  std::exception_ptr error;

  struct final_awaiter {
    bool await_ready() noexcept { return false; }
    template <typename P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
      return h.promise().continuation;
    }
    void await_resume() noexcept {}
  };

  std::suspend_always initial_suspend() noexcept { return {}; }
  final_awaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept { error = std::current_exception(); }
};

} // namespace detail

template <typename T> class task {
public:
  struct promise_type : detail::promise_base {
    std::optional<T> value;
    task get_return_object() {
      return task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    template <typename U> void return_value(U &&v) { value.emplace(std::forward<U>(v)); }
  };

  task() = default;
  explicit task(std::coroutine_handle<promise_type> h) : handle_(h) {}
  task(task &&o) noexcept : handle_(std::exchange(o.handle_, {})) {}
  task &operator=(task &&o) noexcept {
    std::swap(handle_, o.handle_);
    return *this;
  }
  ~task() {
    if (handle_)
      handle_.destroy();
  }

  bool await_ready() const noexcept { return !handle_ || handle_.done(); }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
    handle_.promise().continuation = awaiting;
    return handle_;
  }
  T await_resume() {
    if (handle_.promise().error)
      std::rethrow_exception(handle_.promise().error);
    return std::move(*handle_.promise().value);
  }

  bool is_ready() const noexcept { return !handle_ || handle_.done(); }
  void resume() { handle_.resume(); }
  std::coroutine_handle<promise_type> handle() const noexcept { return handle_; }
  T &return_value() {
    if (handle_.promise().error)
      std::rethrow_exception(handle_.promise().error);
    return *handle_.promise().value;
  }

private:
  std::coroutine_handle<promise_type> handle_;
};

template <> class task<void> {
public:
  struct promise_type : detail::promise_base {
    task get_return_object() {
      return task{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    void return_void() noexcept {}
  };

  task() = default;
  explicit task(std::coroutine_handle<promise_type> h) : handle_(h) {}
  task(task &&o) noexcept : handle_(std::exchange(o.handle_, {})) {}
  task &operator=(task &&o) noexcept {
    std::swap(handle_, o.handle_);
    return *this;
  }
  ~task() {
    if (handle_)
      handle_.destroy();
  }

  bool await_ready() const noexcept { return !handle_ || handle_.done(); }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
    handle_.promise().continuation = awaiting;
    return handle_;
  }
  void await_resume() {
    if (handle_.promise().error)
      std::rethrow_exception(handle_.promise().error);
  }

  bool is_ready() const noexcept { return !handle_ || handle_.done(); }
  void resume() { handle_.resume(); }
  std::coroutine_handle<promise_type> handle() const noexcept { return handle_; }
  std::coroutine_handle<promise_type> release() noexcept { return std::exchange(handle_, {}); }

private:
  std::coroutine_handle<promise_type> handle_;
};

namespace detail {

// The thread that calls sync_wait waits here until the task finishes.
struct sync_wait_event {
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
  void set() {
    {
      std::lock_guard<std::mutex> lk(m);
      done = true;
    }
    cv.notify_all();
  }
  void wait() {
    std::unique_lock<std::mutex> lk(m);
    cv.wait(lk, [this] { return done; });
  }
};

template <typename T>
task<void> signal_when_done(task<T> &t, sync_wait_event &ev, std::optional<T> &out) {
  out.emplace(co_await t);
  ev.set();
}

inline task<void> signal_when_done(task<void> &t, sync_wait_event &ev) {
  co_await t;
  ev.set();
}

} // namespace detail

// Runs a task to completion on the calling thread, blocking it meanwhile.
template <typename T> T sync_wait(task<T> t) {
  detail::sync_wait_event ev;
  std::optional<T> out;
  auto driver = detail::signal_when_done(t, ev, out);
  driver.resume();
  ev.wait();
  return std::move(*out);
}

inline void sync_wait(task<void> t) {
  detail::sync_wait_event ev;
  auto driver = detail::signal_when_done(t, ev);
  driver.resume();
  ev.wait();
}

// Awaits every task in order (enough for the corpus: they are lazy).
template <typename T> task<std::vector<T>> when_all(std::vector<task<T>> tasks) {
  std::vector<T> out;
  for (auto &t : tasks)
    out.push_back(co_await t);
  co_return out;
}

inline task<void> when_all(std::vector<task<void>> tasks) {
  for (auto &t : tasks)
    co_await t;
}

namespace detail {

struct when_all_counter {
  std::atomic<int> remaining;
  std::coroutine_handle<> continuation;
  void arrive() {
    if (--remaining == 0)
      continuation.resume();
  }
};

// Starts at once and frees itself at the end.
struct fire_and_forget {
  struct promise_type {
    fire_and_forget get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }
  };
};

inline fire_and_forget run_and_arrive(task<void> &t, when_all_counter &counter) {
  try {
    co_await t;
  } catch (...) {
  }
  counter.arrive();
}

} // namespace detail

// Runs two tasks concurrently and resumes the awaiter when both finished
// (the tasks may resume each other, or one may run the loop the other
// waits on).
class when_all_ready {
public:
  when_all_ready(task<void> a, task<void> b) : a_(std::move(a)), b_(std::move(b)) {}
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h) {
    counter_.continuation = h;
    detail::run_and_arrive(a_, counter_);
    detail::run_and_arrive(b_, counter_);
    return --counter_.remaining != 0;
  }
  void await_resume() noexcept {}

private:
  task<void> a_, b_;
  detail::when_all_counter counter_{{3}, {}};
};

inline task<void> when_all(task<void> a, task<void> b) { co_await when_all_ready(std::move(a), std::move(b)); }

} // namespace coro
