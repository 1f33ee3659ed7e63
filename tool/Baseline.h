//===-- Baseline.h - Accept today's findings, report only new ones --------===//
//
// A baseline file lists the fingerprints of the findings a project accepts
// for now, with how often each occurs. Fingerprints do not contain line
// numbers, so a baseline still matches after code above a finding moves.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "Findings.h"

#include "llvm/Support/Error.h"

#include <map>
#include <string>
#include <vector>

namespace unblock::tool {

struct Baseline {
  /// Fingerprint -> how many findings with it are accepted.
  std::map<std::string, unsigned> Accepted;
};

llvm::Expected<Baseline> readBaseline(llvm::StringRef File);

/// Writes \p Findings (already fingerprinted) to \p File.
llvm::Error writeBaseline(llvm::StringRef File,
                          const std::vector<Finding> &Findings,
                          llvm::StringRef Root);

/// Drops the findings that \p B accepts; returns how many it dropped.
size_t applyBaseline(const Baseline &B, std::vector<Finding> &Findings);

} // namespace unblock::tool
