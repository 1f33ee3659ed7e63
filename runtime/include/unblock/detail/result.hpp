#pragma once
// Storage for the outcome of an operation: nothing yet, a value, or an
// exception. Shared by tasks, offload, when_all and when_any.

#include <exception>
#include <memory>
#include <type_traits>
#include <utility>
#include <variant>

namespace unblock::detail {

template <class T>
struct non_void {
  using type = T;
};
template <>
struct non_void<void> {
  using type = std::monostate;
};
/// T, with void mapped to std::monostate (for tuples and variants).
template <class T>
using non_void_t = typename non_void<T>::type;

template <class T>
class result_slot {
  using stored = std::conditional_t<std::is_void_v<T>, std::monostate,
                                    std::conditional_t<std::is_reference_v<T>, std::add_pointer_t<T>, T>>;

 public:
  void set_value() noexcept
    requires std::is_void_v<T>
  {
    state_.template emplace<1>();
  }
  template <class U>
  void set_value(U&& value)
    requires(!std::is_void_v<T>)
  {
    if constexpr (std::is_reference_v<T>) {
      state_.template emplace<1>(std::addressof(value));
    } else {
      state_.template emplace<1>(std::forward<U>(value));
    }
  }
  void set_exception(std::exception_ptr e) noexcept { state_.template emplace<2>(std::move(e)); }

  bool has_value() const noexcept { return state_.index() == 1; }
  bool has_exception() const noexcept { return state_.index() == 2; }
  void rethrow_if_exception() const {
    if (state_.index() == 2) std::rethrow_exception(std::get<2>(state_));
  }

  /// Moves the value out, or rethrows the stored exception.
  T get() {
    rethrow_if_exception();
    if constexpr (std::is_void_v<T>) {
      return;
    } else if constexpr (std::is_reference_v<T>) {
      return static_cast<T>(*std::get<1>(state_));
    } else {
      return std::move(std::get<1>(state_));
    }
  }
  non_void_t<T> get_non_void() {
    if constexpr (std::is_void_v<T>) {
      get();
      return {};
    } else {
      return get();
    }
  }

 private:
  std::variant<std::monostate, stored, std::exception_ptr> state_;
};

}  // namespace unblock::detail
