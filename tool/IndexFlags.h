//===-- IndexFlags.h - unblock's flags for the project index --------------===//
//
// The command-line side of the project index (docs/index.md):
//
//   --index-dir=DIR|none       the index to build and read (default: the
//                              folder .unblock of the build directory);
//                              none: keep nothing between runs
//
// and two flags project mode gives its worker processes (not for users):
//
//   --unblock-summary-out=FILE write the unit's summary to FILE, read no
//                              index
//   --unblock-cross-tu-only    report only the chains that need other
//                              translation units (with --index-dir)
//
// They are taken out of the command line before clang-tidy or project mode
// parse it, and reach coro-blocking-indirect as explicit settings
// (setIndexSettings), never through the environment. The flags of the
// summary directories that the index replaced are rejected with a message
// that says so.
//
//===----------------------------------------------------------------------===//

#pragma once

#include <optional>
#include <string>

namespace unblock::tool {

struct IndexFlags {
  /// --index-dir as given (absolute), "none", or empty.
  std::string IndexDir;
  std::string SummaryOut;
  bool CrossTUOnly = false;
  /// A worker of project mode: it never refreshes the index itself.
  bool worker() const { return !SummaryOut.empty() || CrossTUOnly; }
};

/// Takes the index flags out of \p Argv (compacting it and updating
/// \p Argc) into \p Flags. Returns an exit status when the command line is
/// wrong (2), otherwise nothing.
std::optional<int> takeIndexFlags(int &Argc, char **Argv, IndexFlags &Flags);

} // namespace unblock::tool
