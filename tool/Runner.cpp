//===-- Runner.cpp - Analyse translation units in a pool of processes -----===//

#include "Runner.h"
#include "Findings.h"
#include "Process.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>

namespace unblock::tool {

namespace {

/// `[ 37/120] src/net/conn.cpp`: redrawn in place on a terminal, one line per
/// unit otherwise.
class Progress {
public:
  Progress(size_t Total, std::string Root, bool Enabled)
      : Total(Total), Root(std::move(Root)), Enabled(Enabled),
        Terminal(llvm::sys::Process::StandardErrIsDisplayed()),
        Width(std::to_string(Total).size()) {}

  void finished(llvm::StringRef File, bool Failed) {
    std::lock_guard<std::mutex> G(Lock);
    ++Done;
    if (!Enabled)
      return;
    std::string Count = std::to_string(Done);
    std::string Line = "[" + std::string(Width - Count.size(), ' ') + Count +
                       "/" + std::to_string(Total) + "] " +
                       relativeTo(File, Root) + (Failed ? " (failed)" : "");
    if (Terminal) {
      unsigned Columns = llvm::sys::Process::StandardErrColumns();
      if (Columns > 1 && Line.size() >= Columns)
        Line = Line.substr(0, Columns - 1);
      llvm::errs() << "\r\x1b[K" << Line;
      if (Done == Total)
        llvm::errs() << "\n";
    } else {
      llvm::errs() << Line << "\n";
    }
    llvm::errs().flush();
  }

private:
  std::mutex Lock;
  size_t Done = 0, Total;
  std::string Root;
  bool Enabled, Terminal;
  size_t Width;
};

/// The first line of \p Log that reports an error, else its last line.
std::string errorLine(llvm::StringRef Log) {
  llvm::SmallVector<llvm::StringRef, 32> Lines;
  Log.split(Lines, '\n', -1, false);
  for (llvm::StringRef L : Lines)
    if (L.contains_insensitive("error"))
      return L.trim().str();
  for (auto It = Lines.rbegin(); It != Lines.rend(); ++It)
    if (!It->trim().empty())
      return It->trim().str();
  return {};
}

std::string slurp(llvm::StringRef File) {
  auto Buf = llvm::MemoryBuffer::getFile(File);
  return Buf ? (*Buf)->getBuffer().str() : std::string();
}

/// Problems that make the child's run pointless, with a clear message.
std::string checkInputs(const Project &P, const std::string &File) {
  auto Buf = llvm::MemoryBuffer::getFile(File);
  if (!Buf)
    return "cannot read '" + File + "': " + Buf.getError().message();
  for (const auto &Cmd : P.Database->getCompileCommands(File))
    if (!llvm::sys::fs::is_directory(Cmd.Directory))
      return "the working directory '" + Cmd.Directory +
             "' of its compile command does not exist";
  return {};
}

} // namespace

std::vector<std::string> childTidyArgs(const ProjectOptions &Opts) {
  std::vector<std::string> Args(Opts.TidyArgs.begin(), Opts.TidyArgs.end());
  if (!Opts.UserHeaderFilter)
    Args.push_back("--header-filter=.*");
  return Args;
}

namespace {

UnitResult analyseOne(const Project &P, const ProjectOptions &Opts,
                      const Unit &U, const RunSettings &S, TempDir &Tmp) {
  UnitResult R;
  R.File = U.File;
  if (std::string Problem = checkInputs(P, U.File); !Problem.empty()) {
    R.Failed = true;
    R.Failure = Problem;
    return R;
  }
  std::string Yaml = Tmp.file("fixes", "yaml");
  std::string Log = Tmp.file("log", "txt");
  std::vector<std::string> Args{S.Self, "--quiet"};
  for (std::string &A : childTidyArgs(Opts))
    Args.push_back(std::move(A));
  Args.push_back("--export-fixes=" + Yaml);
  std::string Summary;
  if (S.WriteSummaries) {
    Summary = Tmp.file("summary", "json");
    Args.push_back("--unblock-summary-out=" + Summary);
  } else if (!S.CrossIndex.empty()) {
    Args.push_back("--index-dir=" + S.CrossIndex);
    Args.push_back("--unblock-cross-tu-only");
  } else {
    // Neither pass: still never a child that refreshes the index itself.
    Args.push_back("--index-dir=none");
  }
  if (Opts.FixedArgs) {
    Args.push_back(U.File);
    Args.push_back("--");
    Args.insert(Args.end(), Opts.FixedArgs->begin(), Opts.FixedArgs->end());
  } else {
    Args.push_back("-p=" + P.BuildDir);
    Args.push_back(U.File);
  }
  std::vector<llvm::StringRef> Argv(Args.begin(), Args.end());
  std::optional<llvm::StringRef> Redirects[] = {
      llvm::StringRef(""), llvm::StringRef(Log), llvm::StringRef(Log)};
  std::string Problem;
  int Code = llvm::sys::ExecuteAndWait(S.Self, Argv, std::nullopt, Redirects,
                                       0, 0, &Problem);
  std::string Output = slurp(Log);
  if (Code < 0) {
    R.Failed = true;
    R.Failure = "the analysis crashed (" + Problem + ")";
    if (std::string L = errorLine(Output); !L.empty())
      R.Failure += ": " + L;
    return R;
  }
  if (llvm::sys::fs::exists(Yaml)) {
    R.Exported = slurp(Yaml);
    auto TUD = parseExportedFixes(R.Exported, Yaml);
    if (!TUD) {
      R.Failed = true;
      R.Failure = llvm::toString(TUD.takeError());
      return R;
    }
    R.Diagnostics = std::move(TUD->Diagnostics);
  }
  SourceFiles Sources;
  for (const auto &D : R.Diagnostics) {
    if (!isCompilerError(D))
      continue;
    Finding F = makeFinding(D, Sources);
    R.Failed = true;
    R.Failure = F.Where.valid() ? F.Where.File + ":" +
                                      std::to_string(F.Where.Line) + ":" +
                                      std::to_string(F.Where.Column) +
                                      ": error: " + F.Message
                                : "error: " + F.Message;
    break;
  }
  if (!R.Failed && Code != 0 && R.Diagnostics.empty()) {
    R.Failed = true;
    R.Failure = "clang-tidy exited with status " + std::to_string(Code);
    if (std::string L = errorLine(Output); !L.empty())
      R.Failure += ": " + L;
  }
  if (R.Failed) {
    R.Diagnostics.clear();
    R.Exported.clear();
  } else if (!Summary.empty()) {
    R.Summary = slurp(Summary);
  }
  return R;
}

} // namespace

std::vector<UnitResult> analyseUnits(const Project &P,
                                     const ProjectOptions &Opts,
                                     const std::vector<Unit> &Units,
                                     const RunSettings &S) {
  std::vector<UnitResult> Results(Units.size());
  TempDir Tmp;
  if (!Tmp.valid()) {
    for (size_t I = 0; I < Units.size(); ++I)
      Results[I] = {Units[I].File, true, "cannot create a temporary directory",
                    {}};
    return Results;
  }
  Progress Bar(Units.size(), P.Root, !S.Quiet);
  // Each task waits for its child process, so the pool's threads are the
  // process pool: at most Jobs children at once.
  llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(S.Jobs));
  for (size_t I = 0; I < Units.size(); ++I)
    Pool.async([&, I] {
      Results[I] = analyseOne(P, Opts, Units[I], S, Tmp);
      Bar.finished(Units[I].File, Results[I].Failed);
    });
  Pool.wait();
  return Results;
}

} // namespace unblock::tool
