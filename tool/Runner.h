//===-- Runner.h - Analyse translation units in a pool of processes -------===//
//
// Each translation unit is analysed by a child unblock process in plain
// clang-tidy mode that exports its diagnostics as YAML (--export-fixes), so
// a unit that crashes the front end ends only its own process. Up to -j
// children run at once; progress goes to stderr.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "Project.h"

#include "clang/Tooling/Core/Diagnostic.h"

#include <string>
#include <vector>

namespace unblock::tool {

struct UnitResult {
  std::string File;
  bool Failed = false;
  /// Why, e.g. "src/a.cpp:4:3: error: expected ';' after expression".
  std::string Failure;
  std::vector<clang::tooling::Diagnostic> Diagnostics;
};

struct RunSettings {
  /// The unblock executable, started once per translation unit.
  std::string Self;
  unsigned Jobs = 1;
  bool Quiet = false;
};

/// Analyses \p Units; results are in the order of \p Units.
std::vector<UnitResult> analyseUnits(const Project &P,
                                     const ProjectOptions &Opts,
                                     const std::vector<Unit> &Units,
                                     const RunSettings &Settings);

} // namespace unblock::tool
