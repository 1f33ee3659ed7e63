//===-- ProjectMode.h - unblock over a whole compilation database ---------===//

#pragma once

#include "CommandLine.h"

#include <string>

namespace unblock::tool {

/// Runs project mode and returns the exit status: 0 no findings (after the
/// baseline), 1 findings, 2 usage or input errors. \p Self is the unblock
/// executable, started once per translation unit.
int runProjectMode(const ProjectOptions &Opts, const std::string &Self);

/// Brings the project index of \p Opts's compilation database up to date
/// (for clang-tidy mode with -p: the named files are then analysed with the
/// whole project's summaries). Returns the index directory, or empty when
/// there is none to use.
std::string refreshIndex(const ProjectOptions &Opts, const std::string &Self);

} // namespace unblock::tool
