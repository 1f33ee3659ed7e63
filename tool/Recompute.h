//===-- Recompute.h - Parsing a unit again for its stale summary ---------===//
//
// The cross-TU merge finds a summary whose sources changed; the unblock
// command computes it again by parsing that unit with its compile command.
// The engine does not run the compiler itself: the command registers this
// function with it (setSummaryRecomputer).
//
//===----------------------------------------------------------------------===//

#pragma once

#include "engine/SummaryFiles.h"

namespace unblock {

/// Computes the summary of \p Stale's translation unit again, compiling it
/// with the command of the compilation database found from its directory,
/// or else with the recorded arguments.
llvm::Expected<TUSummary> recomputeSummary(const TUSummary &Stale);

} // namespace unblock
