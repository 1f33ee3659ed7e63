//===-- ProjectMode.cpp - unblock over a whole compilation database -------===//
//
// Load the database, choose the translation units, analyse them in a pool of
// child processes, merge and deduplicate their findings, apply the baseline,
// and write the report and the summary.
//
//===----------------------------------------------------------------------===//

#include "ProjectMode.h"
#include "Baseline.h"
#include "Findings.h"
#include "Project.h"
#include "Report.h"
#include "Runner.h"

#include "engine/SummaryFiles.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cstdlib>
#include <map>
#include <set>

namespace unblock::tool {

namespace {

constexpr int ExitClean = 0, ExitFindings = 1, ExitError = 2;

int fail(const llvm::Twine &Message) {
  llvm::errs() << "unblock: error: " << Message << "\n";
  return ExitError;
}

bool hasOption(const std::vector<std::string> &Args,
               std::initializer_list<llvm::StringRef> Names) {
  for (llvm::StringRef A : Args) {
    llvm::StringRef Name = A.ltrim('-').split('=').first;
    for (llvm::StringRef N : Names)
      if (A.starts_with("-") && Name == N)
        return true;
  }
  return false;
}

/// True when a .clang-tidy file in \p Root or above chooses the checks.
bool projectHasConfig(llvm::StringRef Root) {
  for (llvm::StringRef D = Root; !D.empty(); D = llvm::sys::path::parent_path(D)) {
    llvm::SmallString<256> F(D);
    llvm::sys::path::append(F, ".clang-tidy");
    if (llvm::sys::fs::exists(F))
      return true;
  }
  return false;
}

bool inside(llvm::StringRef File, llvm::StringRef Root) {
  return !Root.empty() && relativeTo(File, Root) != File;
}


/// The cross-translation-unit phases of coro-blocking-indirect in one
/// project run (docs/summaries.md): the workers of the first pass write
/// summaries into a directory (the user's --summaries-out, or a temporary
/// one removed at the end), the merge names the units to see again, and
/// those are analysed with the merged summaries. Off with --no-cross-tu, and
/// when the user gave --summaries-in (the run reads merged summaries
/// already).
class CrossTUPass {
public:
  explicit CrossTUPass(const ProjectOptions &Opts) {
    if (!Opts.CrossTU || std::getenv("UNBLOCK_SUMMARIES_IN"))
      return;
    if (const char *Out = std::getenv("UNBLOCK_SUMMARIES_OUT"); Out && *Out) {
      Dir = Out;
    } else {
      llvm::SmallString<256> Temp;
      if (std::error_code EC = llvm::sys::fs::createUniqueDirectory(
              "unblock-summaries", Temp)) {
        llvm::errs() << "unblock: warning: no directory for the summaries ("
                     << EC.message()
                     << "); calls across translation units are not followed\n";
        return;
      }
      Dir = std::string(Temp);
      Temporary = true;
      ::setenv("UNBLOCK_SUMMARIES_OUT", Dir.c_str(), 1);
    }
  }
  ~CrossTUPass() {
    if (Temporary)
      llvm::sys::fs::remove_directories(Dir, /*IgnoreErrors=*/true);
  }
  CrossTUPass(const CrossTUPass &) = delete;
  CrossTUPass &operator=(const CrossTUPass &) = delete;

  bool active() const { return !Dir.empty(); }

  /// Merges the summaries; the units of \p Units to analyse again.
  template <class CanonicalFn>
  std::vector<Unit> merge(const std::vector<Unit> &Units,
                          CanonicalFn &&CanonicalOf) {
    std::vector<Unit> Again;
    if (!llvm::sys::fs::exists(Dir))
      return Again; // coro-blocking-indirect is not enabled: no summaries
    auto M = MergedSummaries::merge(Dir);
    if (!M) {
      llvm::errs() << "unblock: warning: " << llvm::toString(M.takeError())
                   << "; calls across translation units are not followed\n";
      return Again;
    }
    for (const std::string &P : (*M)->problems())
      llvm::errs() << "unblock: warning: " << P << "\n";
    std::set<std::string> Affected;
    for (const std::string &TU : (*M)->affected())
      Affected.insert(canonicalPath(TU));
    for (const Unit &U : Units)
      if (Affected.count(CanonicalOf(U.File)))
        Again.push_back(U);
    return Again;
  }

  /// The environment of the second pass's workers.
  void enterReportingPhase() {
    ::unsetenv("UNBLOCK_SUMMARIES_OUT");
    ::setenv("UNBLOCK_SUMMARIES_IN", Dir.c_str(), 1);
    ::setenv("UNBLOCK_SUMMARIES_CROSS_TU_ONLY", "1", 1);
  }

private:
  std::string Dir;
  bool Temporary = false;
};

} // namespace

int runProjectMode(const ProjectOptions &Given, const std::string &Self) {
  auto Start = std::chrono::steady_clock::now();
  ProjectOptions Opts = Given;
  unsigned Jobs =
      Opts.Jobs ? Opts.Jobs : llvm::hardware_concurrency().compute_thread_count();

  // Inputs that are checked before any work is done.
  std::optional<Baseline> Accepted;
  if (!Opts.Baseline.empty()) {
    auto B = readBaseline(Opts.Baseline);
    if (!B)
      return fail(llvm::toString(B.takeError()));
    Accepted = std::move(*B);
  }
  std::unique_ptr<llvm::raw_fd_ostream> OutFile;
  if (!Opts.OutputFile.empty()) {
    std::error_code EC;
    OutFile = std::make_unique<llvm::raw_fd_ostream>(Opts.OutputFile, EC);
    if (EC)
      return fail("cannot write '" + Opts.OutputFile + "': " + EC.message());
  }

  ReportData R;
  R.Jobs = Jobs;
  std::vector<std::string> Skipped;
  SourceFiles Sources;
  std::map<std::string, std::string> Canonical;
  auto CanonicalOf = [&](const std::string &F) -> const std::string & {
    auto It = Canonical.find(F);
    if (It == Canonical.end())
      It = Canonical.emplace(F, canonicalPath(F)).first;
    return It->second;
  };

  if (!Opts.ImportFixes.empty()) {
    // Report on diagnostics exported earlier (e.g. by the shards of a run).
    llvm::SmallString<256> Cwd;
    llvm::sys::fs::current_path(Cwd);
    R.Root = !Opts.ProjectRoot.empty() ? canonicalPath(Opts.ProjectRoot)
                                       : gitWorkTree(Cwd);
    if (R.Root.empty())
      R.Root = canonicalPath(Cwd);
    for (const std::string &File : Opts.ImportFixes) {
      auto TUD = readExportedFixes(File);
      if (!TUD)
        return fail(llvm::toString(TUD.takeError()));
      ++R.UnitsAnalysed;
      for (const auto &D : TUD->Diagnostics) {
        Finding F = makeFinding(D, Sources);
        if (isCompilerError(D))
          R.Failures.push_back({F.Where.File, "error: " + F.Message});
        else
          R.Findings.push_back(std::move(F));
      }
    }
  } else {
    auto P = loadProject(Opts);
    if (!P)
      return fail(llvm::toString(P.takeError()));
    R.Root = P->Root;
    if (!hasOption(Opts.TidyArgs, {"checks", "config", "config-file"}) &&
        !projectHasConfig(P->Root))
      Opts.TidyArgs.insert(Opts.TidyArgs.begin(), "--checks=-*,coro-*");

    auto S = selectUnits(*P, Opts, Jobs);
    if (!S)
      return fail(llvm::toString(S.takeError()));
    for (const InputProblem &Problem : S->Problems)
      R.Failures.push_back({Problem.File, Problem.Message});
    Skipped = S->Skipped;

    RunSettings Settings;
    Settings.Self = Self;
    Settings.Jobs = Jobs;
    Settings.Quiet = Opts.Quiet;
    CrossTUPass Cross(Opts);
    std::vector<UnitResult> FirstPass =
        analyseUnits(*P, Opts, S->Units, Settings);
    R.UnitsAnalysed = FirstPass.size();
    auto Collect = [&](const std::vector<Unit> &Units,
                       std::vector<UnitResult> &Results,
                       llvm::StringRef OnlyCheck) {
      for (size_t I = 0; I < Results.size(); ++I) {
        const Unit &U = Units[I];
        UnitResult &Res = Results[I];
        if (Res.Failed) {
          R.Failures.push_back({U.File, Res.Failure});
          continue;
        }
        for (const auto &D : Res.Diagnostics) {
          if (!OnlyCheck.empty() && D.DiagnosticName != OnlyCheck)
            continue;
          Finding F = makeFinding(D, Sources);
          if (F.Where.File.empty())
            continue; // about the command line, not the code
          const std::string &File = CanonicalOf(F.Where.File);
          // A unit that was asked for reports what clang-tidy reports in
          // the project; a unit that only carries named headers reports
          // those.
          bool Keep = U.Headers.count(File) ||
                      (U.ReportAll &&
                       (Opts.UserHeaderFilter || inside(File, R.Root) ||
                        File == CanonicalOf(U.File)));
          if (Keep)
            R.Findings.push_back(std::move(F));
        }
      }
    };
    Collect(S->Units, FirstPass, "");

    // Chains that cross translation units: merge the summaries phase 1
    // wrote and see again the units whose coroutines reach another unit's
    // blocking function, reporting only those chains.
    if (Cross.active()) {
      std::vector<Unit> Affected = Cross.merge(S->Units, CanonicalOf);
      if (!Affected.empty()) {
        if (!Opts.Quiet)
          llvm::errs() << "unblock: following calls across translation "
                          "units in "
                       << Affected.size() << " of them\n";
        Cross.enterReportingPhase();
        std::vector<UnitResult> Again =
            analyseUnits(*P, Opts, Affected, Settings);
        Collect(Affected, Again, "coro-blocking-indirect");
      }
    }
  }

  sortAndDeduplicate(R.Findings);
  for (Finding &F : R.Findings)
    fingerprint(F, R.Root, Sources);

  if (!Opts.WriteBaseline.empty())
    if (llvm::Error E = writeBaseline(Opts.WriteBaseline, R.Findings, R.Root))
      return fail(llvm::toString(std::move(E)));
  if (Accepted)
    R.Suppressed = applyBaseline(*Accepted, R.Findings);

  if (!Opts.ExportFixes.empty()) {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Opts.ExportFixes, EC);
    if (EC)
      return fail("cannot write '" + Opts.ExportFixes + "': " + EC.message());
    writeExportedFixes(OS, R.Root, R.Findings);
  }

  R.Seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                            Start)
                  .count();
  llvm::raw_ostream &Out = OutFile ? *OutFile : llvm::outs();
  switch (Opts.Format) {
  case OutputFormat::Text:
    writeText(Out, R, Sources);
    break;
  case OutputFormat::Sarif:
    writeSarif(Out, R);
    break;
  case OutputFormat::Json:
    writeJson(Out, R);
    break;
  }
  Out.flush();

  for (const std::string &F : Skipped)
    llvm::errs() << "unblock: warning: '" << relativeTo(F, R.Root)
                 << "' is not in the compilation database and no translation "
                    "unit includes it; skipped\n";
  writeSummary(llvm::errs(), R);

  if (!R.Failures.empty())
    return ExitError;
  if (!Opts.WriteBaseline.empty())
    return ExitClean;
  return R.Findings.empty() ? ExitClean : ExitFindings;
}

} // namespace unblock::tool
