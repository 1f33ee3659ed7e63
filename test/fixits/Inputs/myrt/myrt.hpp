// A small coroutine runtime that stands in for a user's own, for the tests
// of the `custom` runtime profile. Its spellings differ from unblock's:
// `co_await myrt::nap(d)` sleeps, `co_await myrt::to_thread(f)` runs a
// blocking call on a thread of its own, `myrt::all(t...)` runs tasks
// together and `myrt::run(t)` drives a loop. Like asio::awaitable, its
// promise type awaits only its own awaitables (await_transform), so a
// rewrite to another runtime's awaitable would not compile here.
#pragma once

#include <chrono>
#include <concepts>
#include <condition_variable>
#include <coroutine>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <queue>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace myrt {

using clock = std::chrono::steady_clock;

/// The base of everything a myrt coroutine may co_await.
struct awaitable_base {};

/// One loop per thread: due timers and handles posted by other threads.
class loop {
public:
  static loop *&current() {
    static thread_local loop *l = nullptr;
    return l;
  }
  void at(clock::time_point when, std::coroutine_handle<> h) {
    timers_.push(timer{when, next_++, h});
  }
  void post(std::coroutine_handle<> h) {
    std::lock_guard<std::mutex> lk(m_);
    inbox_.push_back(h);
    cv_.notify_one();
  }
  void run_until(const bool &done) {
    while (!done) {
      std::vector<std::coroutine_handle<>> ready;
      {
        std::unique_lock<std::mutex> lk(m_);
        auto posted = [&] { return !inbox_.empty(); };
        if (timers_.empty())
          cv_.wait(lk, posted);
        else
          cv_.wait_until(lk, timers_.top().when, posted);
        ready.swap(inbox_);
      }
      while (!timers_.empty() && timers_.top().when <= clock::now()) {
        ready.push_back(timers_.top().h);
        timers_.pop();
      }
      for (std::coroutine_handle<> h : ready)
        h.resume();
    }
  }

private:
  struct timer {
    clock::time_point when;
    unsigned long seq;
    std::coroutine_handle<> h;
    bool operator>(const timer &o) const {
      return when != o.when ? when > o.when : seq > o.seq;
    }
  };
  std::priority_queue<timer, std::vector<timer>, std::greater<timer>> timers_;
  unsigned long next_ = 0;
  std::mutex m_;
  std::condition_variable cv_;
  std::vector<std::coroutine_handle<>> inbox_;
};

template <class T = void> class task;

namespace detail {

struct promise_base {
  std::coroutine_handle<> continuation = std::noop_coroutine();
  std::exception_ptr error;

  std::suspend_always initial_suspend() noexcept { return {}; }
  struct final_awaiter {
    bool await_ready() noexcept { return false; }
    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
      return h.promise().continuation;
    }
    void await_resume() noexcept {}
  };
  final_awaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() { error = std::current_exception(); }

  /// Only myrt's own awaitables.
  template <class A>
    requires std::derived_from<std::remove_cvref_t<A>, awaitable_base>
  A &&await_transform(A &&a) noexcept {
    return std::forward<A>(a);
  }
};

template <class T> struct promise : promise_base {
  std::optional<T> value;
  task<T> get_return_object();
  void return_value(T v) { value.emplace(std::move(v)); }
  T result() {
    if (error)
      std::rethrow_exception(error);
    return std::move(*value);
  }
};

template <> struct promise<void> : promise_base {
  task<void> get_return_object();
  void return_void() {}
  void result() {
    if (error)
      std::rethrow_exception(error);
  }
};

} // namespace detail

/// A lazy task: it starts when awaited.
template <class T> class [[nodiscard]] task : public awaitable_base {
public:
  using promise_type = detail::promise<T>;
  explicit task(std::coroutine_handle<promise_type> h) : h_(h) {}
  task(task &&o) noexcept : h_(std::exchange(o.h_, {})) {}
  task &operator=(task &&) = delete;
  ~task() {
    if (h_)
      h_.destroy();
  }

  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) noexcept {
    h_.promise().continuation = c;
    return h_;
  }
  T await_resume() { return h_.promise().result(); }

private:
  std::coroutine_handle<promise_type> h_;
};

template <class T> task<T> detail::promise<T>::get_return_object() {
  return task<T>(std::coroutine_handle<promise<T>>::from_promise(*this));
}
inline task<void> detail::promise<void>::get_return_object() {
  return task<void>(std::coroutine_handle<promise<void>>::from_promise(*this));
}

/// `co_await myrt::nap(d)`: suspends for d; the loop runs other tasks.
struct nap : awaitable_base {
  clock::duration d;
  template <class Rep, class Period>
  explicit nap(std::chrono::duration<Rep, Period> d)
      : d(std::chrono::duration_cast<clock::duration>(d)) {}
  bool await_ready() const noexcept { return d <= clock::duration::zero(); }
  void await_suspend(std::coroutine_handle<> h) {
    loop::current()->at(clock::now() + d, h);
  }
  void await_resume() const noexcept {}
};

/// `co_await myrt::to_thread(f)`: runs f() on a new thread and resumes the
/// coroutine on its loop with f's result.
template <class F> struct to_thread : awaitable_base {
  using R = std::invoke_result_t<F &>;
  F f;
  loop *home = nullptr;
  std::conditional_t<std::is_void_v<R>, bool, std::optional<R>> value{};
  std::exception_ptr error;

  explicit to_thread(F fn) : f(std::move(fn)) {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    home = loop::current();
    std::thread([this, h] {
      try {
        if constexpr (std::is_void_v<R>)
          f();
        else
          value.emplace(f());
      } catch (...) {
        error = std::current_exception();
      }
      home->post(h);
    }).detach();
  }
  R await_resume() {
    if (error)
      std::rethrow_exception(error);
    if constexpr (!std::is_void_v<R>)
      return std::move(*value);
  }
};

namespace detail {
/// Suspends the awaiting coroutine and resumes another in its place.
struct transfer : awaitable_base {
  std::coroutine_handle<> to;
  explicit transfer(std::coroutine_handle<> h) : to(h) {}
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<>) noexcept {
    return to;
  }
  void await_resume() const noexcept {}
};

template <class T>
task<void> join_one(task<T> t, T &out, int &left,
                    std::coroutine_handle<> &parent) {
  out = co_await std::move(t);
  // The last one hands over to the parent (once the parent has suspended)
  // and stays suspended: the parent destroys it with the awaiter.
  if (--left == 0 && parent)
    co_await transfer(parent);
}

template <class... T> struct all_awaiter : awaitable_base {
  std::tuple<task<T>...> tasks;
  std::tuple<T...> results{};
  std::vector<task<void>> joins;
  int left = sizeof...(T);
  std::coroutine_handle<> parent;

  explicit all_awaiter(task<T>... t) : tasks(std::move(t)...) {}
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (joins.push_back(join_one(std::move(std::get<I>(tasks)),
                                std::get<I>(results), left, parent)),
       ...);
    }(std::index_sequence_for<T...>{});
    // Each task runs until its first suspension, then the next starts.
    for (task<void> &j : joins)
      j.await_suspend(std::noop_coroutine()).resume();
    if (left == 0)
      return false; // all finished without suspending
    parent = h;
    return true;
  }
  std::tuple<T...> await_resume() { return std::move(results); }
};
} // namespace detail

/// `co_await myrt::all(t...)`: runs the tasks together; their results.
template <class... T> detail::all_awaiter<T...> all(task<T>... t) {
  return detail::all_awaiter<T...>(std::move(t)...);
}

/// Runs \p t on a loop on this thread until it finishes.
template <class T> T run(task<T> t) {
  loop l;
  loop::current() = &l;
  bool done = false;
  auto driver = [](task<T> t, bool &done,
                   std::optional<T> &out) -> task<void> {
    out.emplace(co_await std::move(t));
    done = true;
  };
  std::optional<T> out;
  task<void> d = driver(std::move(t), done, out);
  d.await_suspend(std::noop_coroutine()).resume();
  l.run_until(done);
  loop::current() = nullptr;
  return std::move(*out);
}

} // namespace myrt
