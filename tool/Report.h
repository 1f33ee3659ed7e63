//===-- Report.h - Findings as text, SARIF 2.1.0 or JSON ------------------===//

#pragma once

#include "Findings.h"

#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace unblock::tool {

/// A translation unit (or named file) that could not be analysed.
struct Failure {
  std::string File;
  std::string Message;
};

struct ReportData {
  std::vector<Finding> Findings;
  std::vector<Failure> Failures;
  std::string Root;
  size_t UnitsAnalysed = 0;
  /// Units parsed by this run; the others' results came from the index.
  size_t UnitsParsed = 0;
  /// The project index kept for the next run (empty: none).
  std::string IndexDir;
  size_t Suppressed = 0; // matched the baseline
  unsigned Jobs = 1;
  double Seconds = 0;
};

/// clang-style lines: `file:line:col: warning: message [check]`, the source
/// line with a caret, and the notes.
void writeText(llvm::raw_ostream &OS, const ReportData &R,
               SourceFiles &Sources);

/// unblock's own JSON: findings with notes, fixes and fingerprints,
/// failures, and the summary.
void writeJson(llvm::raw_ostream &OS, const ReportData &R);

/// SARIF 2.1.0: one run, rules for the checks, results with locations,
/// notes as relatedLocations, call chains as codeFlows, fix-its as fixes.
void writeSarif(llvm::raw_ostream &OS, const ReportData &R);

/// Findings per check, files with findings, failures and the time taken.
void writeSummary(llvm::raw_ostream &OS, const ReportData &R);

} // namespace unblock::tool
