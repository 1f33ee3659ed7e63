//===-- SummaryFormat.h - The summary of one translation unit ------------===//
//
// What one translation unit tells the others (docs/index.md): its functions
// (by USR) that may block or call functions defined elsewhere, with their
// call edges; the functions of other units its contexts reach; the files
// its positions point into and every file it read, with their content
// hashes. Built from the unit's CallGraph, written and read as JSON.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "CallGraph.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <memory>
#include <string>
#include <vector>

namespace unblock {

/// The version of the summary format (docs/index.md).
constexpr int SummaryFormatVersion = 2;

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

/// The summary of one translation unit.
struct TUSummary {
  std::string TU; // the main file, absolute
  CatalogConfig Config;
  /// The files positions point into (the main file first), stamped: a
  /// reader checks them before trusting the functions.
  std::vector<SourceStamp> Files;
  /// Every file the unit read, stamped: what the index keys the unit's
  /// results by.
  std::vector<SourceStamp> Deps;
  std::vector<SummaryFunction> Functions;
  /// Functions defined elsewhere that this translation unit's contexts
  /// reach (through its own functions): if one may block, the merge lists
  /// this translation unit as affected.
  std::vector<std::string> ContextCalls;
};

/// Builds the summary of a translation unit from its graph.
TUSummary summarizeTU(CallGraph &G, const CatalogConfig &Config);

void writeJSON(const TUSummary &S, llvm::raw_ostream &OS);
llvm::Expected<TUSummary> summaryFromJSON(const llvm::json::Value &V);
/// One summary in a file of its own (atomically).
llvm::Error writeSummaryFile(const TUSummary &S, llvm::StringRef Path);
llvm::Expected<TUSummary> readSummaryFile(llvm::StringRef Path);

/// True when every file still has the content it had; otherwise \p Why
/// names the first that changed. A file whose size and modification time
/// are unchanged is taken as unchanged; otherwise its content is hashed.
bool isFresh(llvm::ArrayRef<SourceStamp> Files, std::string *Why = nullptr);

/// The stamp of a file as it is now (false: it cannot be read).
bool stampFile(llvm::StringRef Path, SourceStamp &Out);

/// The pieces of the JSON files the index is made of (Index.cpp).
namespace format {
/// 16 hex digits of xxh3.
std::string hashText(llvm::StringRef Text);
bool statFile(llvm::StringRef Path, uint64_t &Size, int64_t &MTime);
llvm::Error formatError(llvm::StringRef Where, llvm::StringRef What);
/// Writes \p Text to \p Path through a temporary file and a rename, so
/// that concurrent readers see the old or the new content, never a part.
llvm::Error writeAtomically(llvm::StringRef Path, llvm::StringRef Text);
llvm::Expected<llvm::json::Value> readJSON(llvm::StringRef Path);

llvm::StringRef nodeKindName(NodeKind K);
bool parseNodeKind(llvm::StringRef S, NodeKind &K);

/// Interns file paths for the compact [file, line, col] positions.
class FileTable {
public:
  unsigned index(llvm::StringRef Path);
  void note(const Position &P) {
    if (P.valid())
      index(P.File);
  }
  void position(llvm::json::OStream &J, const Position &P);
  std::vector<std::string> Paths;

private:
  llvm::StringMap<unsigned> Index;
};
bool readPosition(const llvm::json::Value *V,
                  llvm::ArrayRef<std::string> Files, Position &Out);
void writeStamp(llvm::json::OStream &J, const SourceStamp &S);
/// The files table: the stamped files first, then paths that only
/// positions name (with an empty stamp).
void writeFiles(llvm::json::OStream &J, llvm::StringRef Key,
                llvm::ArrayRef<SourceStamp> Stamps, const FileTable &Files);
bool readStamps(const llvm::json::Array *A, std::vector<SourceStamp> &Out);
void noteStep(const SummaryStep &S, FileTable &Files);
void writeStep(llvm::json::OStream &J, const SummaryStep &S,
               FileTable &Files);
bool readStep(const llvm::json::Value &V, llvm::ArrayRef<std::string> Files,
              SummaryStep &S);
void writeStrings(llvm::json::OStream &J, llvm::StringRef Key,
                  llvm::ArrayRef<std::string> List);
void readStrings(const llvm::json::Array *A, std::vector<std::string> &Out);
} // namespace format

} // namespace unblock
