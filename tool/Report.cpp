//===-- Report.cpp - Findings as text, SARIF 2.1.0 or JSON ----------------===//

#include "Report.h"

#include "clang/Basic/Version.h"
#include "clang-tidy/ClangTidyModule.h"
#if CLANG_VERSION_MAJOR < 22
#include "clang-tidy/ClangTidyModuleRegistry.h"
#endif
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"

#include <map>
#include <set>

namespace unblock::tool {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

namespace {

std::string displayPath(llvm::StringRef File) {
  llvm::SmallString<256> Cwd;
  llvm::sys::fs::current_path(Cwd);
  return relativeTo(File, Cwd);
}

/// One sentence per check, for SARIF's rule descriptions.
llvm::StringRef checkSummary(llvm::StringRef Check) {
  static const std::map<std::string, std::string, std::less<>> Summaries = {
      {"coro-blocking-sleep",
       "Reports calls that sleep inside coroutines."},
      {"coro-blocking-net",
       "Reports blocking socket, DNS and polling calls inside coroutines."},
      {"coro-blocking-file", "Reports blocking file I/O inside coroutines."},
      {"coro-blocking-sync",
       "Reports waits on other threads (condition variables, futures, joins, "
       "semaphores, latches, nested sync_wait) inside coroutines."},
      {"coro-blocking-process",
       "Reports calls that start or wait for processes inside coroutines."},
      {"coro-blocking-console",
       "Reports reads from a terminal inside coroutines."},
      {"coro-blocking-indirect",
       "Reports calls inside coroutines to functions that block somewhere "
       "down their call chain."},
      {"coro-unawaited",
       "Reports awaitables and tasks created and dropped without co_await."},
      {"coro-lock-across-suspend",
       "Reports lock guards alive across co_await or co_yield."},
  };
  auto It = Summaries.find(Check);
  return It == Summaries.end() ? llvm::StringRef() : It->second;
}

std::string helpUri(llvm::StringRef Check) {
  if (Check.starts_with("coro-"))
    return std::string(UNBLOCK_DOCS_URL) + Check.str() + ".md";
  if (Check.consume_front("clang-diagnostic-"))
    return "https://clang.llvm.org/docs/DiagnosticsReference.html#w" +
           Check.str();
  auto [Module, Rest] = Check.split('-');
  return "https://clang.llvm.org/extra/clang-tidy/checks/" + Module.str() +
         "/" + Rest.str() + ".html";
}

/// The coro-* checks this unblock has.
std::vector<std::string> builtinChecks() {
  clang::tidy::ClangTidyCheckFactories Factories;
  for (const auto &E : clang::tidy::ClangTidyModuleRegistry::entries())
    E.instantiate()->addCheckFactories(Factories);
  std::vector<std::string> Names;
  for (const auto &F : Factories)
    if (F.getKey().starts_with("coro-"))
      Names.push_back(F.getKey().str());
  llvm::sort(Names);
  return Names;
}

std::string percentEncode(llvm::StringRef Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("-._~/").contains(C))
      Out += C;
    else
      Out += llvm::formatv("%{0:X2}", static_cast<unsigned>(C)).str();
  }
  return Out;
}

Object artifactLocation(llvm::StringRef File, llvm::StringRef Root) {
  std::string Rel = relativeTo(File, Root);
  if (Rel != File)
    return Object{{"uri", percentEncode(Rel)}, {"uriBaseId", "SRCROOT"}};
  return Object{{"uri", "file://" + percentEncode(File)}};
}

Object region(const Position &P) {
  return Object{{"startLine", P.Line}, {"startColumn", P.CodePointColumn}};
}

Object physicalLocation(const Position &P, llvm::StringRef Root) {
  Object L{{"artifactLocation", artifactLocation(P.File, Root)}};
  if (P.valid())
    L["region"] = region(P);
  return L;
}

Object sarifFix(const Fix &F, llvm::StringRef Root) {
  // One artifactChange per file, in the order the files appear.
  std::vector<std::string> Order;
  std::map<std::string, Array> ByFile;
  for (const Edit &E : F.Edits) {
    if (!E.Begin.valid() || !E.End.valid())
      continue;
    if (!ByFile.count(E.Begin.File))
      Order.push_back(E.Begin.File);
    Object Deleted{{"startLine", E.Begin.Line},
                   {"startColumn", E.Begin.CodePointColumn},
                   {"endLine", E.End.Line},
                   {"endColumn", E.End.CodePointColumn}};
    ByFile[E.Begin.File].push_back(
        Object{{"deletedRegion", std::move(Deleted)},
               {"insertedContent", Object{{"text", E.Text}}}});
  }
  Array Changes;
  for (const std::string &File : Order)
    Changes.push_back(
        Object{{"artifactLocation", artifactLocation(File, Root)},
               {"replacements", std::move(ByFile[File])}});
  return Object{{"description", Object{{"text", F.Description}}},
                {"artifactChanges", std::move(Changes)}};
}

std::map<std::string, size_t> findingsPerCheck(const ReportData &R) {
  std::map<std::string, size_t> Counts;
  for (const Finding &F : R.Findings)
    ++Counts[F.Check];
  return Counts;
}

size_t filesWithFindings(const ReportData &R) {
  std::set<std::string> Files;
  for (const Finding &F : R.Findings)
    Files.insert(F.Where.File);
  return Files.size();
}

} // namespace

void writeText(llvm::raw_ostream &OS, const ReportData &R,
               SourceFiles &Sources) {
  auto Line = [&](const Position &P, llvm::StringRef Level,
                  llvm::StringRef Message) {
    if (P.valid())
      OS << displayPath(P.File) << ":" << P.Line << ":" << P.Column << ": ";
    OS << Level << ": " << Message;
  };
  for (const Finding &F : R.Findings) {
    Line(F.Where, F.IsError ? "error" : "warning", F.Message);
    OS << " [" << F.Check << "]\n";
    if (F.Where.valid()) {
      llvm::StringRef Text = Sources.lineText(F.Where.File, F.Where.Line);
      OS << Text << "\n";
      std::string Caret;
      for (unsigned I = 0; I + 1 < F.Where.Column && I < Text.size(); ++I)
        Caret += Text[I] == '\t' ? '\t' : ' ';
      OS << Caret << "^\n";
    }
    for (const Note &N : F.Notes) {
      Line(N.Where, "note", N.Message);
      OS << "\n";
    }
  }
}

void writeJson(llvm::raw_ostream &OS, const ReportData &R) {
  auto Pos = [&](const Position &P) -> Value {
    if (P.File.empty())
      return nullptr;
    return Object{{"file", relativeTo(P.File, R.Root)},
                  {"line", P.Line},
                  {"column", P.Column}};
  };
  Array Findings;
  for (const Finding &F : R.Findings) {
    Array Notes, Fixes;
    for (const Note &N : F.Notes)
      Notes.push_back(Object{{"message", N.Message}, {"location", Pos(N.Where)}});
    for (const Fix &X : F.Fixes) {
      Array Edits;
      for (const Edit &E : X.Edits)
        Edits.push_back(Object{{"file", relativeTo(E.Begin.File, R.Root)},
                               {"offset", E.Begin.Offset},
                               {"length", E.Length},
                               {"line", E.Begin.Line},
                               {"column", E.Begin.Column},
                               {"replacement", E.Text}});
      Fixes.push_back(
          Object{{"description", X.Description}, {"edits", std::move(Edits)}});
    }
    Findings.push_back(Object{{"check", F.Check},
                              {"severity", F.IsError ? "error" : "warning"},
                              {"message", F.Message},
                              {"location", Pos(F.Where)},
                              {"fingerprint", F.Fingerprint},
                              {"notes", std::move(Notes)},
                              {"fixes", std::move(Fixes)}});
  }
  Array Failures;
  for (const Failure &F : R.Failures)
    Failures.push_back(Object{{"file", relativeTo(F.File, R.Root)},
                              {"message", F.Message}});
  Object PerCheck;
  for (const auto &[Check, N] : findingsPerCheck(R))
    PerCheck[Check] = N;
  Value Doc = Object{
      {"version", 1},
      {"tool", Object{{"name", "unblock"}, {"version", UNBLOCK_VERSION}}},
      {"root", R.Root},
      {"findings", std::move(Findings)},
      {"failures", std::move(Failures)},
      {"summary", Object{{"translationUnits", R.UnitsAnalysed},
                         {"findings", R.Findings.size()},
                         {"filesWithFindings", filesWithFindings(R)},
                         {"findingsPerCheck", std::move(PerCheck)},
                         {"baselineSuppressed", R.Suppressed},
                         {"failed", R.Failures.size()},
                         {"jobs", R.Jobs},
                         {"seconds", R.Seconds}}}};
  OS << llvm::formatv("{0:2}", Doc) << "\n";
}

void writeSarif(llvm::raw_ostream &OS, const ReportData &R) {
  // Rules: every built-in check, then any other check that reported.
  std::vector<std::string> RuleIds = builtinChecks();
  for (const Finding &F : R.Findings)
    if (llvm::find(RuleIds, F.Check) == RuleIds.end())
      RuleIds.push_back(F.Check);
  std::map<std::string, size_t> RuleIndex;
  Array Rules;
  for (const std::string &Id : RuleIds) {
    RuleIndex[Id] = Rules.size();
    std::string Summary = checkSummary(Id).str();
    if (Summary.empty())
      Summary = "Reported by clang-tidy's " + Id + " check.";
    Rules.push_back(Object{{"id", Id},
                           {"shortDescription", Object{{"text", Summary}}},
                           {"helpUri", helpUri(Id)},
                           {"defaultConfiguration",
                            Object{{"level", "warning"}}}});
  }

  Array Results;
  for (const Finding &F : R.Findings) {
    Object Result{{"ruleId", F.Check},
                  {"ruleIndex", RuleIndex[F.Check]},
                  {"level", F.IsError ? "error" : "warning"},
                  {"message", Object{{"text", F.Message}}},
                  {"partialFingerprints",
                   Object{{"unblockFingerprint/v1", F.Fingerprint}}}};
    if (!F.Where.File.empty())
      Result["locations"] =
          Array{Object{{"physicalLocation", physicalLocation(F.Where, R.Root)}}};
    Array Related;
    for (const Note &N : F.Notes) {
      if (N.Where.File.empty())
        continue;
      Related.push_back(
          Object{{"id", Related.size()},
                 {"physicalLocation", physicalLocation(N.Where, R.Root)},
                 {"message", Object{{"text", N.Message}}}});
    }
    if (!Related.empty())
      Result["relatedLocations"] = std::move(Related);
    // A transitive report: the call in the coroutine, then each step of the
    // chain that its notes name.
    if (llvm::StringRef(F.Check).ends_with("-indirect") && F.Where.valid()) {
      Array Steps{Object{
          {"location",
           Object{{"physicalLocation", physicalLocation(F.Where, R.Root)},
                  {"message", Object{{"text", F.Message}}}}}}};
      for (const Note &N : F.Notes)
        if (N.Where.valid())
          Steps.push_back(Object{
              {"location",
               Object{{"physicalLocation", physicalLocation(N.Where, R.Root)},
                      {"message", Object{{"text", N.Message}}}}}});
      if (Steps.size() > 1)
        Result["codeFlows"] = Array{Object{
            {"threadFlows", Array{Object{{"locations", std::move(Steps)}}}}}};
    }
    Array Fixes;
    for (const Fix &X : F.Fixes)
      Fixes.push_back(sarifFix(X, R.Root));
    if (!Fixes.empty())
      Result["fixes"] = std::move(Fixes);
    Results.push_back(std::move(Result));
  }

  Array Notifications;
  for (const Failure &F : R.Failures)
    Notifications.push_back(Object{
        {"level", "error"},
        {"message", Object{{"text", relativeTo(F.File, R.Root) + ": " +
                                        F.Message}}},
        {"locations",
         Array{Object{{"physicalLocation",
                       Object{{"artifactLocation",
                               artifactLocation(F.File, R.Root)}}}}}}});
  Object Invocation{{"executionSuccessful", R.Failures.empty()}};
  if (!Notifications.empty())
    Invocation["toolExecutionNotifications"] = std::move(Notifications);

  Object Run{
      {"tool",
       Object{{"driver", Object{{"name", "unblock"},
                                {"version", UNBLOCK_VERSION},
                                {"informationUri", UNBLOCK_DOCS_URL},
                                {"rules", std::move(Rules)}}}}},
      {"invocations", Array{std::move(Invocation)}},
      {"columnKind", "unicodeCodePoints"},
      {"results", std::move(Results)}};
  if (!R.Root.empty())
    Run["originalUriBaseIds"] = Object{
        {"SRCROOT", Object{{"uri", "file://" + percentEncode(R.Root) + "/"}}}};
  Value Doc = Object{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", Array{std::move(Run)}}};
  OS << llvm::formatv("{0:2}", Doc) << "\n";
}

void writeSummary(llvm::raw_ostream &OS, const ReportData &R) {
  OS << "unblock: " << R.UnitsAnalysed << " translation unit"
     << (R.UnitsAnalysed == 1 ? "" : "s") << " analysed with " << R.Jobs
     << " job" << (R.Jobs == 1 ? "" : "s") << " in "
     << llvm::formatv("{0:F1}", R.Seconds) << " s\n";
  if (!R.IndexDir.empty())
    OS << "unblock: " << R.UnitsParsed << " parsed, the rest read from the "
       << "index '" << relativeTo(R.IndexDir, R.Root) << "'\n";
  OS << "unblock: " << R.Findings.size() << " finding"
     << (R.Findings.size() == 1 ? "" : "s") << " in " << filesWithFindings(R)
     << " file" << (filesWithFindings(R) == 1 ? "" : "s");
  if (R.Suppressed)
    OS << " (" << R.Suppressed << " more matched the baseline)";
  OS << "\n";
  for (const auto &[Check, N] : findingsPerCheck(R))
    OS << "unblock:   " << Check << ": " << N << "\n";
  if (!R.Failures.empty()) {
    OS << "unblock: " << R.Failures.size() << " file"
       << (R.Failures.size() == 1 ? "" : "s")
       << " could not be analysed:\n";
    for (const Failure &F : R.Failures)
      OS << "unblock:   " << relativeTo(F.File, R.Root) << ": " << F.Message
         << "\n";
  }
}

} // namespace unblock::tool
