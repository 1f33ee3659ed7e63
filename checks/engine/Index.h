//===-- Index.h - The project index ---------------------------------------===//
//
// The project index (docs/index.md) keeps, beside the build, what every
// translation unit of a project knows, so that each front end sees the
// whole program and warm runs analyse only what changed:
//
//   DIR/units/<unit key>.json     which entry is the unit's, and every file
//                                 it read (with their stamps)
//   DIR/entries/<entry key>.json  one unit's summary and its findings
//   DIR/cross/<cross key>.json    one unit's findings that need other units
//   DIR/facts.json                the project's solved call graph
//
// Entry and cross files are named by a hash of everything their content
// depends on (content-addressed): folders written by several runs combine
// by copying. Every file is written through a temporary file and a rename.
//
// The engine reads and writes these files; it never parses a translation
// unit. Refreshing stale entries (parsing) is the unblock command's job.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "SummaryFormat.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace unblock {

/// The version of the index's files; an entry of another version is
/// rebuilt.
constexpr int IndexFormatVersion = 1;

/// What the unblock command tells coro-blocking-indirect for one run
/// (instead of check options, which the user's configuration owns). Set
/// once by the command before any check runs; the plugin and unblock-clangd
/// leave it empty.
struct IndexSettings {
  /// The index to read: a directory or "none". Empty: the check's IndexDir
  /// option, else the index found next to the compilation database.
  std::string Dir;
  /// Write the unit's summary to this file, read no index (project mode's
  /// first pass).
  std::string SummaryOut;
  /// Report only the chains that need another translation unit (project
  /// mode's second pass).
  bool CrossTUOnly = false;
};
void setIndexSettings(IndexSettings S);
const IndexSettings &indexSettings();

/// The project's call graph solved over the summaries of its units: for
/// every function that may block, its depth and the first step of its
/// shortest chain.
class ProjectFacts : public ExternalFacts {
public:
  struct Fact {
    std::string Name;
    NodeKind Kind = NodeKind::Function;
    bool IsLambda = false;
    unsigned Depth = 0;
    SummaryStep Step;
  };
  /// A unit whose summary went in, and its entry in the index.
  struct Input {
    std::string TU;
    std::string Entry;
  };

  const Fact *find(llvm::StringRef USR) const;
  unsigned depthOf(llvm::StringRef USR) const override;
  void appendChain(llvm::StringRef USR, Chain &C) const override;

  /// A hash of everything the chains of \p USRs read: two units' findings
  /// that reach only these functions are the same when it is.
  std::string digest(llvm::ArrayRef<std::string> USRs) const;

  /// An entry left out (stale or unreadable), and why.
  struct Problem {
    std::string TU;
    std::string Message;
  };
  const std::vector<Problem> &problems() const { return Problems; }
  const std::vector<Input> &inputs() const { return Inputs; }
  size_t size() const { return Facts.size(); }

  /// Solves the graph of \p Summaries (each with its entry key).
  static std::shared_ptr<ProjectFacts>
  solve(llvm::ArrayRef<std::pair<const TUSummary *, std::string>> Summaries);

  void writeJSON(llvm::raw_ostream &OS) const;
  static llvm::Expected<std::shared_ptr<ProjectFacts>>
  fromJSON(const llvm::json::Value &V);

  /// The files the facts point into, as they were.
  const std::vector<SourceStamp> &sources() const { return Sources; }
  void addProblem(std::string TU, std::string Message) {
    Problems.push_back({std::move(TU), std::move(Message)});
  }

private:
  llvm::StringMap<Fact> Facts;
  std::vector<SourceStamp> Sources;
  std::vector<Input> Inputs;
  std::vector<Problem> Problems;
};

/// One translation unit's results in the index.
struct IndexEntry {
  TUSummary Summary;
  /// Its findings, as clang-tidy exports them (YAML).
  std::string Findings;
};

/// Which entry is a unit's: the files the unit read when it was analysed.
struct UnitPointer {
  std::string TU;
  std::string Entry;
  std::vector<SourceStamp> Deps;
};

/// The files of one index directory.
class IndexStore {
public:
  explicit IndexStore(std::string Dir) : Dir(std::move(Dir)) {}
  const std::string &dir() const { return Dir; }

  /// Creates the directory and its folders.
  llvm::Error create() const;

  /// A key for content that depends on \p Parts: 32 hex digits of BLAKE3.
  static std::string key(llvm::ArrayRef<std::string> Parts);

  /// Absent: nothing. Unreadable, truncated or of another version: an
  /// error that says so (the caller rebuilds it).
  llvm::Expected<std::optional<UnitPointer>>
  readPointer(llvm::StringRef UnitKey) const;
  llvm::Error writePointer(llvm::StringRef UnitKey, const UnitPointer &P) const;

  llvm::Expected<std::optional<IndexEntry>>
  readEntry(llvm::StringRef EntryKey) const;
  llvm::Error writeEntry(llvm::StringRef EntryKey, const IndexEntry &E) const;

  /// The findings of a cross-unit pass (YAML).
  llvm::Expected<std::optional<std::string>>
  readCross(llvm::StringRef CrossKey) const;
  llvm::Error writeCross(llvm::StringRef CrossKey, llvm::StringRef TU,
                         llvm::StringRef Findings) const;

  llvm::Error writeFacts(const ProjectFacts &F) const;
  std::string factsPath() const;

  /// Removes entry and cross files that \p Live does not name and that are
  /// older than \p MinAgeSeconds (so that a concurrent run's new files
  /// stay). Returns how many were removed.
  unsigned collectGarbage(const std::set<std::string> &Live,
                          unsigned MinAgeSeconds) const;

  std::string pathOf(llvm::StringRef Folder, llvm::StringRef Key) const;

private:
  std::string Dir;
};

/// The facts of the index in \p Dir for a front end: DIR/facts.json, read
/// again when it changes on disk. Entries whose files changed since are
/// left out of the solution (their problems say so). Cached per directory.
llvm::Expected<std::shared_ptr<const ProjectFacts>>
loadFacts(llvm::StringRef Dir);

/// The index of a project for a front end that was not given one: the
/// folder ".unblock" of \p BuildDir, else of the first directory, from
/// \p MainFile's upward, that holds compile_commands.json or
/// build/compile_commands.json. Empty when there is none.
std::string findIndex(llvm::StringRef BuildDir, llvm::StringRef MainFile);

/// The name of the index folder in a build directory.
constexpr const char *IndexFolderName = ".unblock";

} // namespace unblock
