//===-- ProjectIndex.h - Keeping the project index up to date -------------===//
//
// The tool's side of the project index (engine/Index.h, docs/index.md):
// which entry belongs to each translation unit now, analysing the units
// whose entry is missing, damaged or stale (one child process each, as
// project mode analyses), solving the project's facts, and the findings
// that need other units, cached by what they read.
//
// A unit's key hashes the engine's identity, its compile commands, the
// clang-tidy arguments and the .clang-tidy files that configure it; its
// entry's key adds the content of every file it read. So an entry is never
// used for anything but the exact input it was computed from.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "Project.h"
#include "Runner.h"

#include "engine/Index.h"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace unblock::tool {

/// One translation unit in the index.
struct IndexedUnit {
  std::string File;
  std::string UnitKey;
  std::string EntryKey;
  /// The unit's entry, when it is up to date (read or just computed).
  std::optional<IndexEntry> Entry;
  /// The analysis failed (the entry is not written).
  bool Failed = false;
  std::string Failure;
  /// Analysed by this run (not read from the index).
  bool Parsed = false;
};

class ProjectIndex {
public:
  /// The index in \p Dir (created when needed); "none": a temporary one,
  /// removed when this object is.
  static llvm::Expected<std::unique_ptr<ProjectIndex>>
  open(const std::string &Dir);
  ~ProjectIndex();

  const std::string &dir() const { return Store.dir(); }
  bool temporary() const { return Temporary; }

  /// Looks up every unit of \p Known and analyses those of \p Refresh
  /// whose entry is not up to date.
  void update(const Project &P, const ProjectOptions &Opts,
              const std::vector<std::string> &Known,
              const std::set<std::string> &Refresh, const RunSettings &S);

  const IndexedUnit *unit(llvm::StringRef File) const;
  size_t parsedCount() const;
  size_t upToDateCount() const;

  /// Solves the facts of every unit with an entry and writes facts.json.
  std::shared_ptr<const ProjectFacts> solveFacts();

  /// The findings of \p Units that need other units (only chains into
  /// them): read from the index when the unit and the facts its chains
  /// read are unchanged, otherwise computed by a child each. In the order
  /// of \p Units; units without such chains get an empty result.
  std::vector<UnitResult> crossFindings(const Project &P,
                                        const ProjectOptions &Opts,
                                        const std::vector<Unit> &Units,
                                        const RunSettings &S,
                                        size_t &Computed);

  /// Removes files no unit uses any more (after a run over every unit).
  void collectGarbage();

  /// Problems met (damaged entries, failures to write), one line each,
  /// for stderr.
  const std::vector<std::string> &warnings() const { return Warnings; }

private:
  explicit ProjectIndex(std::string Dir, bool Temporary)
      : Store(std::move(Dir)), Temporary(Temporary) {}

  std::string unitKey(const Project &P, const std::vector<std::string> &Args,
                      const std::string &File);
  std::string configText(llvm::StringRef Dir);
  /// The content hash of \p Path now, trusting \p Recorded when the size
  /// and time still match; empty when it cannot be read.
  std::string currentHash(const SourceStamp &Recorded);
  void record(IndexedUnit &U, const UnitResult &R,
              const std::set<std::string> &Read);

  IndexStore Store;
  bool Temporary;
  std::map<std::string, IndexedUnit> Units;
  std::shared_ptr<const ProjectFacts> Facts;
  std::set<std::string> LiveFiles;
  std::map<std::string, std::string> ConfigByDir;
  struct Current {
    bool Looked = false; // stat-ed already
    bool Exists = false;
    uint64_t Size = 0;
    int64_t MTime = 0;
    std::string Hash;
  };
  std::map<std::string, Current> Now;
  std::vector<std::string> Warnings;
};

} // namespace unblock::tool
