//===-- SummaryFlags.h - unblock's flags for cross-TU summaries -----------===//
//
// The command-line side of coro-blocking-indirect's cross-TU phases (see
// docs/summaries.md):
//
//   --summaries-out=DIR        phase 1: write each translation unit's summary
//                              into DIR (findings are reported as usual)
//   --merge-summaries=DIR      phase 2: merge the summaries of DIR (stale
//                              ones are computed again), print the files a
//                              reporting run must see, one per line, exit
//   --summaries-in=DIR         phase 3: report with the merged summaries of
//                              DIR (merged first when they are out of date)
//   --summaries-cross-tu-only  with --summaries-in: report only the chains
//                              that need another translation unit, i.e.
//                              what a run without summaries did not report
//
// Each flag also accepts its value as the next argument. The flags are
// taken out of the command line before clang-tidy or project mode parse it;
// they reach the check through the environment variables
// UNBLOCK_SUMMARIES_OUT, UNBLOCK_SUMMARIES_IN and
// UNBLOCK_SUMMARIES_CROSS_TU_ONLY, so that the worker processes of project
// mode inherit them. The check's own options (SummariesOut, SummariesIn,
// CrossTUOnly) take precedence over them.
//
//===----------------------------------------------------------------------===//

#pragma once

#include <optional>

namespace unblock::tool {

/// Takes the summary flags out of \p Argv (compacting it and updating
/// \p Argc) and applies them. Returns an exit status when the command is
/// complete (--merge-summaries, or a flag without its value: 2), otherwise
/// nothing and the caller goes on with the remaining arguments.
std::optional<int> takeSummaryFlags(int &Argc, char **Argv);

} // namespace unblock::tool
