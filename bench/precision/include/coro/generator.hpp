// Stand-ins for cppcoro's generator<T> (synchronous: the consumer's
// iteration drives it on the consumer's thread, it cannot co_await) and
// async_generator<T> (the consumer co_awaits each element; the body can
// co_await and runs on the event loop).
#pragma once

#include <coroutine>
#include <exception>
#include <iterator>
#include <optional>
#include <utility>

namespace coro {

template <typename T> class generator {
public:
  struct promise_type {
    const T *current = nullptr;
    generator get_return_object() { return generator{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(const T &v) noexcept {
      current = &v;
      return {};
    }
    void return_void() noexcept {}
    void unhandled_exception() { throw; }
    // A synchronous generator cannot co_await.
    template <typename U> std::suspend_never await_transform(U &&) = delete;
  };

  struct iterator {
    std::coroutine_handle<promise_type> h;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    const T &operator*() const { return *h.promise().current; }
    iterator &operator++() {
      h.resume();
      return *this;
    }
    void operator++(int) { ++*this; }
    bool operator==(std::default_sentinel_t) const { return !h || h.done(); }
  };

  explicit generator(std::coroutine_handle<promise_type> h) : h_(h) {}
  generator(generator &&o) noexcept : h_(std::exchange(o.h_, {})) {}
  ~generator() {
    if (h_)
      h_.destroy();
  }
  iterator begin() {
    h_.resume();
    return iterator{h_};
  }
  std::default_sentinel_t end() { return {}; }

private:
  std::coroutine_handle<promise_type> h_;
};

template <typename T> class async_generator {
public:
  struct promise_type {
    std::optional<T> current;
    std::coroutine_handle<> consumer;
    async_generator get_return_object() {
      return async_generator{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct to_consumer {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        return h.promise().consumer;
      }
      void await_resume() noexcept {}
    };
    to_consumer final_suspend() noexcept { return {}; }
    to_consumer yield_value(T v) {
      current.emplace(std::move(v));
      return {};
    }
    void return_void() noexcept { current.reset(); }
    void unhandled_exception() { throw; }
  };

  explicit async_generator(std::coroutine_handle<promise_type> h) : h_(h) {}
  async_generator(async_generator &&o) noexcept : h_(std::exchange(o.h_, {})) {}
  ~async_generator() {
    if (h_)
      h_.destroy();
  }

  // co_await gen.next() gives the next element, or nothing at the end.
  struct next_awaiter {
    std::coroutine_handle<promise_type> h;
    bool await_ready() const noexcept { return h.done(); }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) {
      h.promise().consumer = c;
      return h;
    }
    std::optional<T> await_resume() {
      if (h.done())
        return std::nullopt;
      return std::move(h.promise().current);
    }
  };
  next_awaiter next() { return next_awaiter{h_}; }

private:
  std::coroutine_handle<promise_type> h_;
};

} // namespace coro
