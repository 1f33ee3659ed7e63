#pragma once
// Options for unblock::run().

#include <chrono>
#include <stop_token>

namespace unblock {

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
};

}  // namespace unblock
