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
#include "ProjectIndex.h"
#include "Project.h"
#include "Report.h"
#include "Runner.h"


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


/// Where the index of \p P is: --index-dir, else the build directory's
/// .unblock folder; "none" without a build directory.
std::string indexDirFor(const Project &P, const ProjectOptions &Opts) {
  if (!Opts.IndexDir.empty())
    return Opts.IndexDir;
  if (P.BuildDir.empty())
    return "none";
  llvm::SmallString<256> Dir(P.BuildDir);
  llvm::sys::path::append(Dir, IndexFolderName);
  return std::string(Dir);
}

/// Opens the index, or a temporary one with a warning.
std::unique_ptr<ProjectIndex> openIndex(const Project &P,
                                        const ProjectOptions &Opts) {
  std::string Dir = indexDirFor(P, Opts);
  auto I = ProjectIndex::open(Dir);
  if (I)
    return std::move(*I);
  llvm::errs() << "unblock: warning: " << llvm::toString(I.takeError())
               << "; nothing is kept for the next run\n";
  auto T = ProjectIndex::open("none");
  if (T)
    return std::move(*T);
  llvm::consumeError(T.takeError());
  return nullptr;
}

void printWarnings(const ProjectIndex &I) {
  for (const std::string &W : I.warnings())
    llvm::errs() << "unblock: warning: " << W << "\n";
}

/// -j, or every core.
unsigned jobsOf(const ProjectOptions &Opts) {
  return Opts.Jobs ? Opts.Jobs
                   : llvm::hardware_concurrency().compute_thread_count();
}

/// Inserts the default checks (coro-*) when the user chose none.
void defaultChecks(ProjectOptions &Opts, const Project &P) {
  if (!hasOption(Opts.TidyArgs, {"checks", "config", "config-file"}) &&
      !projectHasConfig(P.Root))
    Opts.TidyArgs.insert(Opts.TidyArgs.begin(), "--checks=-*,coro-*");
}

} // namespace

int runProjectMode(const ProjectOptions &Given, const std::string &Self) {
  auto Start = std::chrono::steady_clock::now();
  ProjectOptions Opts = Given;
  unsigned Jobs = jobsOf(Opts);

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
    defaultChecks(Opts, *P);

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
    std::unique_ptr<ProjectIndex> Index = openIndex(*P, Opts);
    if (!Index)
      return fail("cannot create an index, not even a temporary one");

    // The entries: every unit of the project is looked up; those of this
    // run are analysed when theirs is not up to date, and with the chains
    // across units, every unit of the project (the facts need them all)
    // unless the run is one shard of several.
    std::set<std::string> Refresh;
    bool WholeProject = Opts.CrossTU && !Opts.ShardCount;
    if (WholeProject)
      Refresh.insert(P->Files.begin(), P->Files.end());
    for (const Unit &U : S->Units)
      Refresh.insert(U.File);
    Index->update(*P, Opts, P->Files, Refresh, Settings);
    R.UnitsAnalysed = S->Units.size();

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

    // The findings of each unit, from its entry.
    std::vector<UnitResult> FirstPass(S->Units.size());
    for (size_t I = 0; I < S->Units.size(); ++I) {
      UnitResult &Res = FirstPass[I];
      Res.File = S->Units[I].File;
      const IndexedUnit *U = Index->unit(Res.File);
      if (!U || U->Failed || !U->Entry) {
        Res.Failed = true;
        Res.Failure = U && U->Failed ? U->Failure
                                     : std::string("it was not analysed");
        continue;
      }
      auto TUD = parseExportedFixes(U->Entry->Findings, Res.File);
      if (!TUD) {
        Res.Failed = true;
        Res.Failure = llvm::toString(TUD.takeError());
        continue;
      }
      Res.Diagnostics = std::move(TUD->Diagnostics);
    }
    Collect(S->Units, FirstPass, "");
    // Units of the project that are not reported but failed: their
    // functions are missing from the facts.
    for (const std::string &File : P->Files) {
      const IndexedUnit *U = Index->unit(File);
      if (U && U->Failed &&
          llvm::none_of(S->Units, [&](const Unit &X) { return X.File == File; }))
        llvm::errs() << "unblock: warning: '" << relativeTo(File, R.Root)
                     << "' could not be analysed (" << U->Failure
                     << "); calls into it are not followed\n";
    }

    // Chains that cross translation units: the project's facts, and the
    // units whose coroutines reach another unit's blocking function seen
    // again, reporting only those chains (cached by what they read).
    if (Opts.CrossTU) {
      Index->solveFacts();
      size_t Computed = 0;
      std::vector<UnitResult> Again =
          Index->crossFindings(*P, Opts, S->Units, Settings, Computed);
      if (Computed && !Opts.Quiet)
        llvm::errs() << "unblock: followed calls across translation units "
                        "in "
                     << Computed << " of them\n";
      Collect(S->Units, Again, "coro-blocking-indirect");
    }
    R.UnitsParsed = Index->parsedCount();
    R.IndexDir = Index->temporary() ? std::string() : Index->dir();
    bool EveryUnit = Opts.Files.empty() && Opts.ChangedSince.empty() &&
                     !Opts.ShardCount && Opts.CrossTU;
    if (EveryUnit)
      Index->collectGarbage();
    printWarnings(*Index);
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

std::string refreshIndex(const ProjectOptions &Given, const std::string &Self) {
  ProjectOptions Opts = Given;
  Opts.Files.clear();
  // What decides the findings, not what is done with them.
  llvm::erase_if(Opts.TidyArgs, [](llvm::StringRef A) {
    llvm::StringRef Name = A.ltrim('-').split('=').first;
    return A.starts_with("-") &&
           (Name == "fix" || Name == "fix-errors" || Name == "fix-notes" ||
            Name == "format-style" || Name == "use-color" ||
            Name == "enable-check-profile" || Name == "store-check-profile");
  });
  auto P = loadProject(Opts);
  if (!P) {
    llvm::consumeError(P.takeError()); // clang-tidy reports it
    return {};
  }
  defaultChecks(Opts, *P);
  std::unique_ptr<ProjectIndex> Index = openIndex(*P, Opts);
  if (!Index || Index->temporary())
    return {};
  RunSettings Settings;
  Settings.Self = Self;
  Settings.Jobs = jobsOf(Opts);
  Settings.Quiet = Opts.Quiet;
  std::set<std::string> Refresh(P->Files.begin(), P->Files.end());
  Index->update(*P, Opts, P->Files, Refresh, Settings);
  Index->solveFacts();
  printWarnings(*Index);
  return Index->dir();
}

} // namespace unblock::tool
