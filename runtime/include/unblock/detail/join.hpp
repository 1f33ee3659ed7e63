#pragma once
// Shared machinery of when_all / when_any: each child task runs inside a
// small wrapper coroutine that stores its outcome and reports to a group;
// the last child to finish resumes the parent.

#include <coroutine>
#include <cstddef>
#include <exception>
#include <optional>
#include <span>
#include <stop_token>
#include <utility>
#include <vector>

#include "unblock/detail/checked_step.hpp"
#include "unblock/detail/result.hpp"
#include "unblock/task.hpp"

namespace unblock::detail {

struct join_group {
  static constexpr std::size_t npos = ~std::size_t{0};
  std::size_t remaining = 0;
  std::size_t winner = npos;  // first child to finish
  std::coroutine_handle<> parent;
  std::stop_source* stop_on_first = nullptr;  // when_any: cancel the others

  std::coroutine_handle<> child_done(std::size_t index) noexcept {
    if (winner == npos) {
      winner = index;
      if (stop_on_first) {
        const allow_blocking own_wake;  // request_stop() wakes with a futex call
        stop_on_first->request_stop();
      }
    }
    if (--remaining == 0) return parent;
    return std::noop_coroutine();
  }
};

class join_child {
 public:
  struct promise_type {
    join_group* group = nullptr;
    std::size_t index = 0;
    std::stop_token stop;

    join_child get_return_object() noexcept {
      return join_child{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() const noexcept { return {}; }
    struct final_awaiter {
      bool await_ready() const noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        return h.promise().group->child_done(h.promise().index);
      }
      void await_resume() const noexcept {}
    };
    final_awaiter final_suspend() const noexcept { return {}; }
    void return_void() const noexcept {}
    void unhandled_exception() const noexcept { std::terminate(); }  // bodies catch everything
    const std::stop_token& get_stop_token() const noexcept { return stop; }
  };

  join_child(join_child&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  join_child& operator=(join_child&&) = delete;
  ~join_child() {
    if (h_) h_.destroy();
  }

  void start(join_group& g, std::size_t index, std::stop_token token) noexcept {
    h_.promise().group = &g;
    h_.promise().index = index;
    h_.promise().stop = std::move(token);
    h_.resume();
  }

 private:
  explicit join_child(std::coroutine_handle<promise_type> h) noexcept : h_(h) {}
  std::coroutine_handle<promise_type> h_;
};

template <class T>
join_child make_join_child(task<T> t, result_slot<T>& slot) {
  try {
    if constexpr (std::is_void_v<T>) {
      co_await std::move(t);
      slot.set_value();
    } else {
      slot.set_value(co_await std::move(t));
    }
  } catch (...) {
    slot.set_exception(std::current_exception());
  }
}

template <class... T, std::size_t... I>
std::vector<join_child> make_join_children(std::tuple<result_slot<T>...>& slots, std::index_sequence<I...>,
                                           task<T>&&... tasks) {
  std::vector<join_child> children;
  children.reserve(sizeof...(T));
  (children.push_back(make_join_child(std::move(tasks), std::get<I>(slots))), ...);
  return children;
}

template <class T>
std::vector<join_child> make_join_children(std::vector<result_slot<T>>& slots, std::vector<task<T>>& tasks) {
  std::vector<join_child> children;
  children.reserve(tasks.size());
  for (std::size_t i = 0; i < tasks.size(); ++i) children.push_back(make_join_child(std::move(tasks[i]), slots[i]));
  return children;
}

// Starts the children (inline, one after another) and reports whether the
// parent must suspend. With stop_on_first set, children not yet started
// when one has already finished are never started.
inline bool start_children(std::span<join_child> children, join_group& g, std::coroutine_handle<> parent,
                           const std::stop_token& token) noexcept {
  g.parent = parent;
  g.remaining = children.size() + 1;
  for (std::size_t i = 0; i < children.size(); ++i) {
    if (g.stop_on_first && g.winner != join_group::npos) {
      --g.remaining;
      continue;
    }
    children[i].start(g, i, token);
  }
  return --g.remaining != 0;
}

/// Awaits all children; they inherit the parent's stop token.
class join_all {
 public:
  explicit join_all(std::span<join_child> children) noexcept : children_(children) {}
  bool await_ready() const noexcept { return children_.empty(); }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> parent) noexcept {
    return start_children(children_, group_, parent, inherited_stop_token(parent));
  }
  void await_resume() const noexcept {}

 private:
  std::span<join_child> children_;
  join_group group_;
};

/// Awaits all children after stopping the others when the first finishes;
/// yields the index of the first. Children get a token that is stopped then,
/// or when the parent's own token is stopped.
class join_any {
 public:
  explicit join_any(std::span<join_child> children) noexcept : children_(children) {}
  bool await_ready() const noexcept { return children_.empty(); }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> parent) {
    std::stop_token inherited = inherited_stop_token(parent);
    if (inherited.stop_possible()) link_.emplace(inherited, forward_stop{&source_});
    group_.stop_on_first = &source_;
    return start_children(children_, group_, parent, source_.get_token());
  }
  std::size_t await_resume() noexcept {
    const allow_blocking own_wait;  // may wait for a stop callback on another thread
    link_.reset();
    return group_.winner;
  }

 private:
  struct forward_stop {
    std::stop_source* source;
    void operator()() const noexcept {
      const allow_blocking own_wake;
      source->request_stop();
    }
  };
  std::span<join_child> children_;
  join_group group_;
  std::stop_source source_;
  std::optional<std::stop_callback<forward_stop>> link_;
};

}  // namespace unblock::detail
