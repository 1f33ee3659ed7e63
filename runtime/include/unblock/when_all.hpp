#pragma once
// when_all: run tasks concurrently and wait for all of them.

#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "unblock/detail/join.hpp"
#include "unblock/task.hpp"

namespace unblock {

namespace detail {
template <class... T>
std::tuple<non_void_t<T>...> collect_all(std::tuple<result_slot<T>...>& slots) {
  std::apply([](auto&... s) { (s.rethrow_if_exception(), ...); }, slots);
  return std::apply([](auto&... s) { return std::tuple<non_void_t<T>...>(s.get_non_void()...); }, slots);
}
}  // namespace detail

/// Starts every task (in argument order, each running until its first
/// suspension), then completes when all have finished, with a tuple of
/// their results (std::monostate for task<void>). If any failed, the
/// exception of the lowest-index failed task is rethrown, after all have
/// finished. Children inherit the awaiting task's stop token.
template <class... T>
task<std::tuple<detail::non_void_t<T>...>> when_all(task<T>... tasks) {
  std::tuple<detail::result_slot<T>...> slots;
  std::vector<detail::join_child> children =
      detail::make_join_children(slots, std::index_sequence_for<T...>{}, std::move(tasks)...);
  co_await detail::join_all(children);
  co_return detail::collect_all<T...>(slots);
}

/// Vector form: the results in order. Same start, completion and exception
/// rules as the variadic form.
template <class T>
  requires(!std::is_void_v<T> && !std::is_reference_v<T>)
task<std::vector<T>> when_all(std::vector<task<T>> tasks) {
  std::vector<detail::result_slot<T>> slots(tasks.size());
  std::vector<detail::join_child> children = detail::make_join_children(slots, tasks);
  co_await detail::join_all(children);
  for (auto& s : slots) s.rethrow_if_exception();
  std::vector<T> out;
  out.reserve(slots.size());
  for (auto& s : slots) out.push_back(s.get());
  co_return out;
}

/// Vector form for task<void>: completes when all have finished.
inline task<void> when_all(std::vector<task<void>> tasks) {
  std::vector<detail::result_slot<void>> slots(tasks.size());
  std::vector<detail::join_child> children = detail::make_join_children(slots, tasks);
  co_await detail::join_all(children);
  for (auto& s : slots) s.rethrow_if_exception();
}

}  // namespace unblock
