#pragma once
// Concepts describing what `co_await` accepts, for constraining generic code
// that takes awaitables (including the runtime's own).

#include <concepts>
#include <coroutine>
#include <utility>

namespace unblock {

/// An awaiter: an object that directly implements the three-step await
/// protocol (`await_ready`, `await_suspend`, `await_resume`).
template <class A>
concept awaiter = requires(A& a, std::coroutine_handle<> h) {
  { a.await_ready() } -> std::convertible_to<bool>;
  a.await_suspend(h);
  a.await_resume();
};

namespace detail {
template <class A>
concept has_member_co_await = requires(A&& a) {
  { std::forward<A>(a).operator co_await() } -> awaiter;
};
template <class A>
concept has_free_co_await = requires(A&& a) {
  { operator co_await(std::forward<A>(a)) } -> awaiter;
};

template <class A>
decltype(auto) get_awaiter(A&& a) {
  if constexpr (has_member_co_await<A>) {
    return std::forward<A>(a).operator co_await();
  } else if constexpr (has_free_co_await<A>) {
    return operator co_await(std::forward<A>(a));
  } else {
    return std::forward<A>(a);
  }
}
}  // namespace detail

/// An awaitable: anything `co_await` accepts in a coroutine whose promise
/// has no `await_transform` — an awaiter, or a type with a member or free
/// `operator co_await` returning an awaiter. `task<T>` and every
/// awaitable returned by this runtime satisfy it.
template <class A>
concept awaitable = awaiter<A> || detail::has_member_co_await<A> || detail::has_free_co_await<A>;

/// The type `co_await a` produces for an awaitable of type `A`.
template <awaitable A>
using await_result_t = decltype(detail::get_awaiter(std::declval<A>()).await_resume());

}  // namespace unblock
