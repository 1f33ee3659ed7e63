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
  /// The diagnostics as the child exported them (YAML), for the index.
  std::string Exported;
  /// The summary the child wrote (JSON), with RunSettings::WriteSummaries.
  std::string Summary;
};

struct RunSettings {
  /// The unblock executable, started once per translation unit.
  std::string Self;
  unsigned Jobs = 1;
  bool Quiet = false;
  /// Each child writes its unit's summary (first pass of the index).
  bool WriteSummaries = false;
  /// Each child reports only the chains that need other units, with the
  /// facts of this index (second pass).
  std::string CrossIndex;
};

/// The clang-tidy arguments every child gets (what its findings depend
/// on, besides the unit).
std::vector<std::string> childTidyArgs(const ProjectOptions &Opts);

/// Analyses \p Units; results are in the order of \p Units.
std::vector<UnitResult> analyseUnits(const Project &P,
                                     const ProjectOptions &Opts,
                                     const std::vector<Unit> &Units,
                                     const RunSettings &Settings);

} // namespace unblock::tool
