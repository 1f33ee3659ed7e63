#pragma once
// Options for unblock::run().

#include <chrono>
#include <stop_token>

namespace unblock {

/// The I/O backend of an event loop.
enum class io_backend {
  /// io_uring when the kernel allows it (Linux 6.0 or later, not disabled
  /// by sysctl or seccomp), epoll otherwise. The environment variable
  /// UNBLOCK_BACKEND=epoll|io_uring forces one for loops left on automatic.
  automatic,
  /// Readiness waits through epoll; file reads and writes on the blocking pool.
  epoll,
  /// Operations submitted to io_uring; run() throws std::system_error when
  /// the kernel refuses it (or the runtime was built without liburing).
  io_uring,
};

/// Options for run(). Default-constructed options give a plain loop; the
/// stall watchdog can still be enabled by the environment variable
/// UNBLOCK_STALL_MS=<milliseconds>.
struct run_options {
  /// Report on stderr any resume step that holds the loop longer than this.
  /// Zero means "use UNBLOCK_STALL_MS if set, else no watchdog".
  std::chrono::milliseconds stall_threshold{0};
  /// Include a backtrace of the loop thread in stall reports (taken by
  /// signalling the loop thread; off means only the resume point is shown).
  bool stall_backtrace = true;
  /// Token the main task inherits: stopping it cancels the main task's
  /// cancellable waits (and those of the tasks it awaits).
  std::stop_token stop_token;
  /// The I/O backend (see io_backend). The API and its results are the same
  /// on both; unblock::current_backend() tells which one a loop runs.
  io_backend backend = io_backend::automatic;
};

}  // namespace unblock
