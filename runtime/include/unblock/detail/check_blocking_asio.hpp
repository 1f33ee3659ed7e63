// Part of <unblock/check_blocking.hpp>: how unblock::checked_executor
// forwards executor properties to an Asio executor. Included once for
// standalone Asio and once for Boost.Asio, with UNBLOCK_DETAIL_ASIO naming
// the namespace (no include guard on purpose).

namespace unblock::detail {

template <class Ex, class F>
auto execute_inner(executor_property, const Ex& ex, F&& f)
    -> decltype(UNBLOCK_DETAIL_ASIO::execution::execute(ex, std::forward<F>(f))) {
  return UNBLOCK_DETAIL_ASIO::execution::execute(ex, std::forward<F>(f));
}

template <class Ex, class P>
auto query_inner(executor_property, const Ex& ex, const P& p) noexcept(noexcept(UNBLOCK_DETAIL_ASIO::query(ex, p)))
    -> decltype(UNBLOCK_DETAIL_ASIO::query(ex, p)) {
  return UNBLOCK_DETAIL_ASIO::query(ex, p);
}

template <class Ex, class P>
auto require_inner(executor_property, const Ex& ex, const P& p) -> decltype(UNBLOCK_DETAIL_ASIO::require(ex, p)) {
  return UNBLOCK_DETAIL_ASIO::require(ex, p);
}

template <class Ex, class P>
auto prefer_inner(executor_property, const Ex& ex, const P& p) -> decltype(UNBLOCK_DETAIL_ASIO::prefer(ex, p)) {
  return UNBLOCK_DETAIL_ASIO::prefer(ex, p);
}

}  // namespace unblock::detail
