#ifndef UNBLOCK_CHECK_BLOCKING_HPP
#define UNBLOCK_CHECK_BLOCKING_HPP
// Blocking checks at run time, for any coroutine runtime.
//
// Compiled with -fsanitize=realtime (Clang 20 or later), resume_checked and
// call_checked (declared in detail/checked_step.hpp, with allow_blocking) run
// their argument in a RealtimeSanitizer non-blocking context: every
// blocking libc call made there (sleeps, socket and file I/O, mutex locks,
// condition waits, futex waits, fork/exec, ...) is reported with its stack.
// Compiled without it, they simply call their argument, at no cost.
//
//   unblock::resume_checked(h);           // a scheduler's resume step
//   unblock::call_checked(f);             // any function
//   unblock::allow_blocking guard;        // a scope the checks skip
//   unblock::check_blocking(executor)     // an Asio executor whose handlers
//                                         // and coroutine steps run checked
//
// unblock::runtime_checked uses the same functions for every step of its
// event loop. The Asio part is added by an inclusion of this header that
// follows <asio.hpp> or <boost/asio.hpp> (include it after them, or again).
// See docs/runtime-checks.md.

#include <type_traits>
#include <utility>

#include "unblock/detail/checked_step.hpp"

namespace unblock {

namespace detail {

/// A function object that runs the wrapped one checked.
template <class F>
class checked_function {
 public:
  template <class G>
  explicit checked_function(G&& g) : f_(std::forward<G>(g)) {}
  void operator()() { call_checked(f_); }

 private:
  F f_;
};

/// First argument of the forwarding functions below, so that they are found
/// by argument-dependent lookup when checked_executor is instantiated: the
/// Asio overloads may be declared after checked_executor. They take
/// executor_property, and win over the generic ones, which take its base.
struct executor_property_generic {};
struct executor_property : executor_property_generic {};

/// Executors with a public execute() member; Asio's go through
/// asio::execution::execute (detail/check_blocking_asio.hpp).
template <class Ex, class F>
auto execute_inner(executor_property_generic, const Ex& ex, F&& f) -> decltype(ex.execute(std::forward<F>(f))) {
  return ex.execute(std::forward<F>(f));
}

}  // namespace detail

/// An executor that runs every function given to it checked, on `Executor`.
/// Properties (queries, require, prefer) are forwarded to the inner executor
/// and the results wrapped again, so Asio accepts it wherever it accepts the
/// inner one (co_spawn, any_io_executor, strands, ...).
template <class Executor>
class checked_executor {
 public:
  using inner_executor_type = Executor;

  explicit checked_executor(Executor ex) noexcept(std::is_nothrow_move_constructible_v<Executor>)
      : ex_(std::move(ex)) {}

  const Executor& get_inner_executor() const noexcept { return ex_; }

 private:
  /// An executor the inner one's require/prefer returned, checked too.
  template <class Inner>
  static checked_executor<Inner> wrap(Inner inner) {
    return checked_executor<Inner>(std::move(inner));
  }

 public:

  template <class F>
  auto execute(F&& f) const -> decltype(execute_inner(detail::executor_property{}, std::declval<const Executor&>(),
                                                      std::declval<detail::checked_function<std::decay_t<F>>>())) {
    return execute_inner(detail::executor_property{}, ex_, detail::checked_function<std::decay_t<F>>(std::forward<F>(f)));
  }

  template <class P>
  auto query(const P& p) const
      noexcept(noexcept(query_inner(detail::executor_property{}, std::declval<const Executor&>(), p)))
          -> decltype(query_inner(detail::executor_property{}, std::declval<const Executor&>(), p)) {
    return query_inner(detail::executor_property{}, ex_, p);
  }

  template <class P>
  auto require(const P& p) const
      -> decltype(wrap(require_inner(detail::executor_property{}, std::declval<const Executor&>(), p))) {
    return wrap(require_inner(detail::executor_property{}, ex_, p));
  }

  template <class P>
  auto prefer(const P& p) const
      -> decltype(wrap(prefer_inner(detail::executor_property{}, std::declval<const Executor&>(), p))) {
    return wrap(prefer_inner(detail::executor_property{}, ex_, p));
  }

  friend bool operator==(const checked_executor& a, const checked_executor& b) noexcept { return a.ex_ == b.ex_; }
  friend bool operator!=(const checked_executor& a, const checked_executor& b) noexcept { return !(a == b); }

 private:
  Executor ex_;
};

/// `ex`, checked: every handler and coroutine step it runs is checked.
template <class Executor>
checked_executor<Executor> check_blocking(Executor ex) {
  return checked_executor<Executor>(std::move(ex));
}

/// Checking an executor twice changes nothing.
template <class Executor>
checked_executor<Executor> check_blocking(checked_executor<Executor> ex) {
  return ex;
}

}  // namespace unblock

#endif  // UNBLOCK_CHECK_BLOCKING_HPP

// The Asio property forwarding, outside the include guard: including this
// header again after <asio.hpp> or <boost/asio.hpp> adds what was missing.
#if defined(ASIO_VERSION) && !defined(UNBLOCK_CHECK_BLOCKING_ASIO)
#define UNBLOCK_CHECK_BLOCKING_ASIO
#define UNBLOCK_DETAIL_ASIO ::asio
#include "unblock/detail/check_blocking_asio.hpp"
#undef UNBLOCK_DETAIL_ASIO
#endif
#if defined(BOOST_ASIO_VERSION) && !defined(UNBLOCK_CHECK_BLOCKING_BOOST_ASIO)
#define UNBLOCK_CHECK_BLOCKING_BOOST_ASIO
#define UNBLOCK_DETAIL_ASIO ::boost::asio
#include "unblock/detail/check_blocking_asio.hpp"
#undef UNBLOCK_DETAIL_ASIO
#endif
