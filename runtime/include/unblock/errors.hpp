#pragma once
// Exceptions the runtime throws for cancellation and timeouts.

#include <exception>
#include <system_error>

namespace unblock {

/// Thrown by a cancellable wait (sleep, I/O, event, mutex lock) when its
/// std::stop_token is stopped before the wait completes.
class operation_cancelled : public std::exception {
 public:
  const char* what() const noexcept override { return "unblock: operation cancelled"; }
};

/// Thrown by `timeout()` when the deadline passes before the task finishes.
/// Its code() is std::errc::timed_out (ETIMEDOUT).
class timed_out : public std::system_error {
 public:
  timed_out() : std::system_error(std::make_error_code(std::errc::timed_out), "unblock: timeout") {}
};

}  // namespace unblock
