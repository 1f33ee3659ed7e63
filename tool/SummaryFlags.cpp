//===-- SummaryFlags.cpp - unblock's flags for cross-TU summaries ---------===//

#include "SummaryFlags.h"

#include "engine/SummaryFiles.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <string>

namespace unblock::tool {

namespace {

/// The directory as an absolute path: worker processes may run elsewhere.
std::string absolute(llvm::StringRef Dir) {
  llvm::SmallString<256> Path(Dir);
  llvm::sys::fs::make_absolute(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path);
}

int mergeAndList(llvm::StringRef Dir) {
  auto M = MergedSummaries::merge(Dir);
  if (!M) {
    llvm::errs() << "unblock: error: " << llvm::toString(M.takeError())
                 << "\n";
    return 2;
  }
  for (const std::string &P : (*M)->problems())
    llvm::errs() << "unblock: warning: " << P << "\n";
  for (const std::string &TU : (*M)->recomputed())
    llvm::errs() << "unblock: recomputed the stale summary of '" << TU
                 << "'\n";
  for (const std::string &TU : (*M)->affected())
    llvm::outs() << TU << "\n";
  return 0;
}

} // namespace

std::optional<int> takeSummaryFlags(int &Argc, char **Argv) {
  std::string Out, In, Merge;
  bool CrossOnly = false;
  int Kept = 1;
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef Arg(Argv[I]);
    if (Arg == "--") {
      // Compiler arguments follow: copy them as they are.
      for (; I < Argc; ++I)
        Argv[Kept++] = Argv[I];
      break;
    }
    if (Arg == "--summaries-cross-tu-only" ||
        Arg == "-summaries-cross-tu-only") {
      CrossOnly = true;
      continue;
    }
    std::string *Target = nullptr;
    llvm::StringRef Value;
    bool HasValue = false;
    for (auto [Name, Dest] :
         {std::pair<llvm::StringRef, std::string *>{"summaries-out", &Out},
          {"summaries-in", &In},
          {"merge-summaries", &Merge}}) {
      llvm::StringRef Rest = Arg;
      if (!Rest.consume_front("--") && !Rest.consume_front("-"))
        break;
      if (!Rest.consume_front(Name))
        continue;
      if (Rest.empty()) {
        Target = Dest;
      } else if (Rest.consume_front("=")) {
        Target = Dest;
        Value = Rest;
        HasValue = true;
      }
      break;
    }
    if (!Target) {
      Argv[Kept++] = Argv[I];
      continue;
    }
    if (!HasValue) {
      if (I + 1 >= Argc) {
        llvm::errs() << "unblock: error: " << Arg << " needs a directory\n";
        return 2;
      }
      Value = Argv[++I];
    }
    if (Value.empty()) {
      llvm::errs() << "unblock: error: " << Arg << " needs a directory\n";
      return 2;
    }
    *Target = absolute(Value);
  }
  Argc = Kept;
  Argv[Argc] = nullptr;

  if (!Merge.empty())
    return mergeAndList(Merge);
  if (!Out.empty())
    ::setenv("UNBLOCK_SUMMARIES_OUT", Out.c_str(), 1);
  if (CrossOnly)
    ::setenv("UNBLOCK_SUMMARIES_CROSS_TU_ONLY", "1", 1);
  if (!In.empty()) {
    ::setenv("UNBLOCK_SUMMARIES_IN", In.c_str(), 1);
    // Merge once here rather than in every worker process.
    auto M = MergedSummaries::load(In);
    if (!M) {
      llvm::errs() << "unblock: error: " << llvm::toString(M.takeError())
                   << "\n";
      return 2;
    }
  }
  return std::nullopt;
}

} // namespace unblock::tool
