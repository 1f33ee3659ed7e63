#pragma once
// when_any: run tasks concurrently; the first to finish wins, the others
// are cancelled.

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "unblock/detail/join.hpp"
#include "unblock/task.hpp"

namespace unblock {

namespace detail {
template <class V, class... T, std::size_t... I>
V collect_winner(std::tuple<result_slot<T>...>& slots, std::size_t winner, std::index_sequence<I...>) {
  std::optional<V> out;
  ((I == winner ? (out.emplace(std::in_place_index<I>, std::get<I>(slots).get_non_void()), 0) : 0), ...);
  return std::move(*out);
}
}  // namespace detail

/// Starts the tasks in argument order; the first to finish (with a value
/// or an exception) wins. Then the others are cancelled: the stop token
/// they inherited is stopped, so their cancellable waits (sleeps, I/O,
/// event and mutex waits) throw unblock::operation_cancelled; tasks not yet
/// started are never started. when_any completes once every started task
/// has finished (a task that ignores cancellation delays it — nothing is
/// left running in the background), with a variant whose index() is the
/// winner's position and whose value is its result (std::monostate for
/// task<void>), or rethrows the winner's exception. Losers' results and
/// exceptions are discarded. Stopping the awaiting task's own stop token
/// cancels all children.
template <class... T>
  requires(sizeof...(T) > 0 && (!std::is_reference_v<T> && ...))
task<std::variant<detail::non_void_t<T>...>> when_any(task<T>... tasks) {
  std::tuple<detail::result_slot<T>...> slots;
  std::vector<detail::join_child> children =
      detail::make_join_children(slots, std::index_sequence_for<T...>{}, std::move(tasks)...);
  const std::size_t winner = co_await detail::join_any(children);
  co_return detail::collect_winner<std::variant<detail::non_void_t<T>...>>(slots, winner,
                                                                         std::index_sequence_for<T...>{});
}

/// Vector form: {index of the winner, its result} (std::monostate for
/// task<void>). Same rules as the variadic form; an empty vector throws
/// std::invalid_argument.
template <class T>
  requires(!std::is_reference_v<T>)
task<std::pair<std::size_t, detail::non_void_t<T>>> when_any(std::vector<task<T>> tasks) {
  if (tasks.empty()) throw std::invalid_argument("unblock::when_any: no tasks");
  std::vector<detail::result_slot<T>> slots(tasks.size());
  std::vector<detail::join_child> children = detail::make_join_children(slots, tasks);
  const std::size_t winner = co_await detail::join_any(children);
  co_return std::pair<std::size_t, detail::non_void_t<T>>(winner, slots[winner].get_non_void());
}

}  // namespace unblock
