//===-- CommandLine.cpp - Which mode a command line asks for --------------===//

#include "CommandLine.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"

namespace unblock::tool {

const char ProjectModeHelp[] = R"(
Project mode (unblock's own options):
  unblock -p BUILD_DIR [FILES...] [options]
  Analyses every translation unit of BUILD_DIR/compile_commands.json, or only
  FILES (a header is analysed through a translation unit that includes it).
  Used when -p is given without files, or with any of these options:

  --project                 use project mode even with files
  -j N, --jobs=N            translation units analysed in parallel
                            (default: all cores)
  --format=text|sarif|json  report format (default: text)
  --output=FILE             write the report to FILE instead of stdout
  --export-fixes=FILE       all findings with their fix-its, as YAML for
                            clang-apply-replacements
  --write-baseline=FILE     record today's findings in FILE
  --baseline=FILE           report only findings that are not in FILE
  --changed-since=REV       analyse only translation units whose file or
                            included project headers changed since git REV
  --project-root=DIR        root for relative paths, fingerprints and the
                            reported headers (default: the git work tree)
  --shard=K/N               analyse only the K-th of N slices of the units
  --import-fixes=FILE       report findings from a YAML file written by
                            --export-fixes instead of analysing (repeatable)
  --no-cross-tu             do not follow coro-blocking-indirect's chains
                            into other translation units (by default the
                            units whose coroutines call another unit's
                            blocking functions are analysed a second time)
  --index-dir=DIR|none      the project index: each unit's summary and
                            findings, so that later runs analyse only what
                            changed (default: BUILD_DIR/.unblock; none:
                            keep nothing). Also read with -p and files in
                            clang-tidy mode, which brings it up to date first

  Exit status: 0 no findings (after the baseline), 1 findings, 2 usage or
  input errors (bad database, translation units that failed to parse).
)";

namespace {

/// Options that only project mode has.
enum class Own {
  Project, Jobs, Format, Output, Baseline, WriteBaseline, ChangedSince,
  ProjectRoot, Shard, ImportFixes, NoCrossTU
};

struct OwnOption {
  const char *Name;
  Own Kind;
  bool TakesValue;
};

constexpr OwnOption OwnOptions[] = {
    {"project", Own::Project, false},
    {"j", Own::Jobs, true},
    {"jobs", Own::Jobs, true},
    {"format", Own::Format, true},
    {"output", Own::Output, true},
    {"baseline", Own::Baseline, true},
    {"write-baseline", Own::WriteBaseline, true},
    {"changed-since", Own::ChangedSince, true},
    {"project-root", Own::ProjectRoot, true},
    {"shard", Own::Shard, true},
    {"import-fixes", Own::ImportFixes, true},
    {"no-cross-tu", Own::NoCrossTU, false},
};

/// clang-tidy options that CommonOptionsParser registers only while it
/// parses, so they are not in the registry yet.
bool isLateTidyOption(llvm::StringRef Name) {
  return Name == "p" || Name == "extra-arg" || Name == "extra-arg-before";
}

/// Options that make clang-tidy do something other than analyse files; with
/// them, `-p DIR` without files stays clang-tidy's.
bool isTidyAction(llvm::StringRef Name) {
  static const llvm::StringSet<> Actions = {
      "list-checks", "dump-config",  "explain-config",    "verify-config",
      "help",        "help-hidden",  "help-list",         "help-list-hidden",
      "version",     "print-options", "print-all-options"};
  return Actions.contains(Name);
}

struct Arg {
  llvm::StringRef Name;
  std::optional<llvm::StringRef> Value;
};

/// Splits `--name=value` and `-name`.
Arg splitOption(llvm::StringRef A) {
  A = A.drop_front(A.starts_with("--") ? 2 : 1);
  auto [Name, Value] = A.split('=');
  if (A.contains('='))
    return {Name, Value};
  return {Name, std::nullopt};
}

std::optional<unsigned> parseCount(llvm::StringRef S) {
  unsigned N = 0;
  if (S.getAsInteger(10, N))
    return std::nullopt;
  return N;
}

} // namespace

ParsedCommandLine parseCommandLine(const std::vector<std::string> &Args) {
  ParsedCommandLine R;
  ProjectOptions &P = R.Project;
  bool SawOwn = false, SawBuildPath = false, SawAction = false;
  bool SawFix = false;
  auto &Registry = llvm::cl::getRegisteredOptions();

  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I];
    if (A == "--") {
      P.FixedArgs.emplace(Args.begin() + I + 1, Args.end());
      break;
    }
    if (!A.starts_with("-") || A == "-" || A.starts_with("@")) {
      P.Files.push_back(A.str());
      continue;
    }
    Arg O = splitOption(A);
    // -jN
    if (O.Name.size() > 1 && O.Name.starts_with("j") && !O.Value &&
        parseCount(O.Name.drop_front())) {
      O.Value = O.Name.drop_front();
      O.Name = "j";
    }

    // The value of an option that takes one: `--name=value` or `--name value`.
    auto TakeValue = [&](bool Required) -> std::optional<std::string> {
      if (O.Value)
        return O.Value->str();
      if (!Required)
        return std::nullopt;
      if (I + 1 >= Args.size()) {
        R.Error = "option '" + A.str() + "' needs a value";
        return std::nullopt;
      }
      return Args[++I];
    };

    const OwnOption *Mine = nullptr;
    for (const OwnOption &Own : OwnOptions)
      if (O.Name == Own.Name)
        Mine = &Own;
    if (Mine) {
      SawOwn = true;
      std::optional<std::string> V;
      if (Mine->TakesValue) {
        V = TakeValue(true);
        if (!V)
          return R;
      } else if (O.Value) {
        R.Error = "option '--" + O.Name.str() + "' takes no value";
        return R;
      }
      switch (Mine->Kind) {
      case Own::Project:
        break;
      case Own::NoCrossTU:
        P.CrossTU = false;
        break;
      case Own::Jobs: {
        std::optional<unsigned> N = parseCount(*V);
        if (!N || *N == 0) {
          R.Error = "'" + *V + "' is not a job count; use -j N with N >= 1";
          return R;
        }
        P.Jobs = *N;
        break;
      }
      case Own::Format:
        if (*V == "text")
          P.Format = OutputFormat::Text;
        else if (*V == "sarif")
          P.Format = OutputFormat::Sarif;
        else if (*V == "json")
          P.Format = OutputFormat::Json;
        else {
          R.Error = "unknown format '" + *V + "'; use text, sarif or json";
          return R;
        }
        break;
      case Own::Output:
        P.OutputFile = *V;
        break;
      case Own::Baseline:
        P.Baseline = *V;
        break;
      case Own::WriteBaseline:
        P.WriteBaseline = *V;
        break;
      case Own::ChangedSince:
        P.ChangedSince = *V;
        break;
      case Own::ProjectRoot:
        P.ProjectRoot = *V;
        break;
      case Own::ImportFixes:
        P.ImportFixes.push_back(*V);
        break;
      case Own::Shard: {
        auto [K, N] = llvm::StringRef(*V).split('/');
        std::optional<unsigned> KN = parseCount(K), NN = parseCount(N);
        if (!KN || !NN || *NN == 0 || *KN == 0 || *KN > *NN) {
          R.Error = "'" + *V + "' is not a shard; use --shard=K/N with "
                    "1 <= K <= N";
          return R;
        }
        P.ShardIndex = *KN;
        P.ShardCount = *NN;
        break;
      }
      }
      continue;
    }

    // clang-tidy's own options.
    bool Late = isLateTidyOption(O.Name);
    auto It = Registry.find(O.Name);
    if (!Late && It == Registry.end()) {
      R.Error = "unknown option '" + A.str() + "'; see 'unblock --help'";
      return R;
    }
    bool NeedsValue =
        Late || It->second->getValueExpectedFlag() == llvm::cl::ValueRequired;
    if (isTidyAction(O.Name))
      SawAction = true;
    if (O.Name == "p") {
      std::optional<std::string> V = TakeValue(true);
      if (!V)
        return R;
      P.BuildPath = *V;
      SawBuildPath = true;
      continue;
    }
    if (O.Name == "export-fixes") {
      std::optional<std::string> V = TakeValue(true);
      if (!V)
        return R;
      P.ExportFixes = *V;
      continue;
    }
    if (O.Name == "quiet") {
      P.Quiet = !O.Value || (*O.Value != "false" && *O.Value != "0");
      continue;
    }
    if (O.Name == "fix" || O.Name == "fix-errors" || O.Name == "fix-notes")
      SawFix = true;
    if (O.Name == "header-filter")
      P.UserHeaderFilter = true;
    P.TidyArgs.push_back(A.str());
    if (NeedsValue && !O.Value) {
      if (I + 1 >= Args.size()) {
        R.Error = "option '" + A.str() + "' needs a value";
        return R;
      }
      P.TidyArgs.push_back(Args[++I]);
    }
  }

  R.ProjectMode =
      SawOwn || (SawBuildPath && P.Files.empty() && !SawAction && !SawFix &&
                 !P.FixedArgs);
  if (R.ProjectMode && SawFix)
    R.Error = "--fix is not available in project mode: write the fixes with "
              "--export-fixes=FILE and apply them with clang-apply-replacements";
  return R;
}

} // namespace unblock::tool
