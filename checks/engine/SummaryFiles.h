//===-- SummaryFiles.h - Summaries across translation units --------------===//
//
// The cross-TU phases of coro-blocking-indirect (docs/summaries.md):
//
//  1. each translation unit writes its summary file into a directory: its
//     functions (by USR) that may block or call functions defined
//     elsewhere, with their call edges, and the files it was computed from;
//  2. a merge reads them all, recomputes the stale ones (a file changed
//     since), solves the global call graph and writes merged-summaries.json;
//  3. the reporting runs read the merged summaries, so that a coroutine in
//     one file calling a blocking function of another is reported with the
//     whole chain.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "Summaries.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <memory>
#include <string>
#include <vector>

namespace unblock {

/// The version of the summary file format (docs/summaries.md).
constexpr int SummaryFormatVersion = 1;

/// A file a summary was computed from, as it was then.
struct SourceStamp {
  std::string Path; // absolute
  uint64_t Size = 0;
  int64_t MTime = 0; // nanoseconds since the epoch
  std::string Hash;  // xxh3 of the content: 16 hex digits
};

/// One step of a chain, as summary files hold it.
struct SummaryStep {
  StepKind Kind = StepKind::Call;
  LeafKind Leaf = LeafKind::None;
  std::string To; // the next function's USR, when Leaf is None
  Position At;
  std::string What;
  std::string Category; // of a catalog leaf: "sleep", "net", ...
  Position DeclAt;      // of a declared leaf: the attribute
};

/// One function of a summary.
struct SummaryFunction {
  std::string USR;
  std::string Name;
  NodeKind Kind = NodeKind::Function;
  bool IsLambda = false;
  Position At;
  /// False for a destructor whose body is defined in another translation
  /// unit (the summary holds its members and bases only).
  bool Complete = true;
  std::vector<SummaryStep> Steps;
  /// The result within this translation unit: 0 when it does not block
  /// here, and the index of the step its chain takes.
  unsigned Depth = 0;
  int Witness = -1;
};

/// How to compile a translation unit again (to recompute a stale summary).
struct CompileInfo {
  std::string Directory;
  /// A reconstruction of the command line from the parsed options, used
  /// when no compilation database knows the file.
  std::vector<std::string> Arguments;
  std::string ResourceDir;
};

/// The summary of one translation unit.
struct TUSummary {
  std::string TU; // the main file, absolute
  CompileInfo Compile;
  CatalogConfig Config;
  std::vector<SourceStamp> Files;
  std::vector<SummaryFunction> Functions;
  /// Functions defined elsewhere that this translation unit's contexts
  /// reach (through its own functions): if one may block, the merge lists
  /// this translation unit as affected.
  std::vector<std::string> ContextCalls;
};

/// Builds the summary of a translation unit from its graph.
TUSummary summarizeTU(CallGraph &G, const CatalogConfig &Config,
                      const CompileInfo &Compile);

void writeJSON(const TUSummary &S, llvm::raw_ostream &OS);
llvm::Expected<TUSummary> summaryFromJSON(const llvm::json::Value &V);

/// The name of a translation unit's summary file in a directory:
/// <stem>.<hash of the path>.summary.json.
std::string summaryFileName(llvm::StringRef TU);
/// The merged summaries' file name in a directory.
constexpr const char *MergedFileName = "merged-summaries.json";

/// Writes \p S into \p Dir (created if needed), atomically.
llvm::Error writeSummary(const TUSummary &S, llvm::StringRef Dir);
llvm::Expected<TUSummary> readSummary(llvm::StringRef Path);

/// True when every file still has the content it had; otherwise \p Why
/// names the first that changed.
bool isFresh(llvm::ArrayRef<SourceStamp> Files, std::string *Why = nullptr);

/// Computes a stale summary again by parsing its translation unit. Only a
/// front end that runs the compiler provides one (the unblock command:
/// tool/Recompute.cpp); in a plugin or clangd there is none, and merge()
/// leaves a stale summary out with a message instead of parsing another
/// unit there.
using RecomputeFn = llvm::Expected<TUSummary> (*)(const TUSummary &Stale);
void setSummaryRecomputer(RecomputeFn F);

/// The merged summaries of a directory: for every function of the project
/// that may block, its depth and the first step of its shortest chain.
class MergedSummaries {
public:
  struct Fact {
    std::string Name;
    NodeKind Kind = NodeKind::Function;
    bool IsLambda = false;
    unsigned Depth = 0;
    SummaryStep Step;
  };

  const Fact *find(llvm::StringRef USR) const;
  /// Appends the chain of \p USR (its notes and leaf) to \p C.
  void appendChain(llvm::StringRef USR, Chain &C) const;

  /// Translation units whose contexts reach a function of another
  /// translation unit that may block: the ones a reporting run must see.
  const std::vector<std::string> &affected() const { return Affected; }
  /// Summaries that were stale and could not be recomputed (their facts
  /// are left out), one message each.
  const std::vector<std::string> &problems() const { return Problems; }
  /// Summaries recomputed by this merge.
  const std::vector<std::string> &recomputed() const { return Recomputed; }
  size_t size() const { return Facts.size(); }

  /// Reads the summaries of \p Dir, recomputes the stale ones, solves the
  /// global call graph and writes the result to Dir/merged-summaries.json.
  static llvm::Expected<std::shared_ptr<const MergedSummaries>>
  merge(llvm::StringRef Dir);
  /// Dir/merged-summaries.json when it is up to date with the summaries and
  /// the sources, else merge(). Cached per process.
  static llvm::Expected<std::shared_ptr<const MergedSummaries>>
  load(llvm::StringRef Dir);

private:
  static llvm::Expected<std::shared_ptr<MergedSummaries>>
  fromJSON(const llvm::json::Value &V);
  void writeJSON(llvm::raw_ostream &OS) const;

  llvm::StringMap<Fact> Facts;
  std::vector<SourceStamp> Inputs; // the summary files merged
  std::vector<SourceStamp> Sources;
  std::vector<std::string> Affected, Problems, Recomputed;
};

/// Options the unblock tool's flags give coro-blocking-indirect when its
/// check options do not: --summaries-out=DIR, --summaries-in=DIR and
/// --summaries-cross-tu-only set the environment variables
/// UNBLOCK_SUMMARIES_OUT, UNBLOCK_SUMMARIES_IN and
/// UNBLOCK_SUMMARIES_CROSS_TU_ONLY, which project mode's worker processes
/// inherit.
std::string summaryOptionFromEnvironment(llvm::StringRef Variable);

} // namespace unblock
