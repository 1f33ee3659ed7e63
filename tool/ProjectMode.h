//===-- ProjectMode.h - unblock over a whole compilation database ---------===//

#pragma once

#include "CommandLine.h"

#include <string>

namespace unblock::tool {

/// Runs project mode and returns the exit status: 0 no findings (after the
/// baseline), 1 findings, 2 usage or input errors. \p Self is the unblock
/// executable, started once per translation unit.
int runProjectMode(const ProjectOptions &Opts, const std::string &Self);

} // namespace unblock::tool
