//===-- BlockingCallCheck.cpp - coro-blocking-<category> ------------------===//

#include "BlockingCallCheck.h"

#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace unblock {

namespace {

std::vector<std::string> splitList(llvm::StringRef List) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  List.split(Parts, ';', -1, /*KeepEmpty=*/false);
  std::vector<std::string> Out;
  for (llvm::StringRef P : Parts)
    if (!P.trim().empty())
      Out.push_back(P.trim().str());
  return Out;
}

std::string optionOf(const tidy::ClangTidyOptions &Opts, llvm::StringRef Check,
                     llvm::StringRef Option) {
  auto It = Opts.CheckOptions.find((Check + "." + Option).str());
  return It == Opts.CheckOptions.end() ? std::string() : It->second.Value;
}

bool parseBool(llvm::StringRef V) {
  return V.equals_insensitive("true") || V == "1";
}

/// A profile's spelling as a hint: its placeholders become "...".
std::string hintFrom(llvm::StringRef Spelling, const CallSite &S,
                     const RuntimeProfile &P) {
  std::string Out;
  while (!Spelling.empty()) {
    if (Spelling.consume_front("{executor}")) {
      Out += P.Executor.empty() ? "..." : P.Executor;
      continue;
    }
    if (Spelling.consume_front("{type}")) {
      Out += "...";
      continue;
    }
    if (Spelling.consume_front("{call};") || Spelling.consume_front("{call}") ||
        Spelling.consume_front("{args}")) {
      Out += "...";
      continue;
    }
    if (Spelling.consume_front("{name}")) {
      Out += S.Callee->getNameAsString();
      continue;
    }
    if (Spelling.size() >= 3 && Spelling[0] == '{' &&
        llvm::isDigit(Spelling[1]) && Spelling[2] == '}') {
      Spelling = Spelling.drop_front(3);
      Out += "...";
      continue;
    }
    Out += Spelling.front();
    Spelling = Spelling.drop_front();
  }
  return Out;
}

/// What to do instead, for the note under a diagnostic, in the spelling of
/// the runtime the fix-its target.
std::string suggestion(const CallSite &S, const RuntimeProfile *Profile) {
  if (!Profile) {
    // The coroutine's runtime is not one unblock has spellings for: the
    // shape of the change, in that runtime's terms.
    switch (S.Entry->Fix) {
    case Rewrite::SleepFor:
    case Rewrite::SleepSeconds:
    case Rewrite::SleepMicros:
    case Rewrite::SleepUntil:
      return "suspend instead with your runtime's sleep";
    case Rewrite::Awaitable:
      return "wait on the event loop instead with your runtime's "
             "asynchronous I/O";
    case Rewrite::Async:
      return "await the library's asynchronous form (async_" +
             S.Callee->getNameAsString() + ") instead";
    case Rewrite::Offload:
      return "run it on your runtime's thread pool for blocking work";
    case Rewrite::None:
      break;
    }
  }
  RuntimeProfile None;
  const RuntimeProfile &P = Profile ? *Profile : None;
  std::string Hint;
  const char *Lead = "";
  switch (S.Entry->Fix) {
  case Rewrite::SleepFor:
  case Rewrite::SleepSeconds:
  case Rewrite::SleepMicros:
    Hint = hintFrom(P.SleepFor, S, P);
    Lead = "suspend instead with '";
    break;
  case Rewrite::SleepUntil:
    Hint = hintFrom(P.SleepUntil, S, P);
    Lead = "suspend instead with '";
    break;
  case Rewrite::Awaitable:
    Hint = hintFrom(P.Awaitable, S, P);
    Lead = "wait on the event loop instead with '";
    break;
  case Rewrite::Async:
    if (completesAsync(S, P)) {
      // 'co_await ....async_read_some(..., asio::use_awaitable)', or for a
      // free function 'co_await asio::async_read(..., asio::use_awaitable)'.
      std::string Scope =
          isa<CXXMemberCallExpr>(S.Call)
              ? std::string("....")
              : llvm::StringRef(catalogName(S.Callee)).rsplit("::").first.str() +
                    "::";
      Hint = "co_await " + Scope + "async_" + S.Callee->getNameAsString() +
             "(..., " + P.CompletionToken + ")";
      Lead = "wait on the event loop instead with '";
      break;
    }
    [[fallthrough]];
  case Rewrite::Offload:
    Hint = hintFrom(P.OffloadStatement, S, P);
    Lead = "run it on the blocking pool with '";
    break;
  case Rewrite::None:
    if (S.Entry == &awaitableWaitEntry())
      return "its type is awaitable: co_await it instead of waiting";
    if (S.Cat == Category::Sync || S.Cat == Category::Net)
      return "await the work instead of running a nested event loop";
    return "restructure the code so that the coroutine does not wait here";
  }
  if (Hint.empty())
    return "move the call off the event loop";
  return Lead + Hint + "'";
}

/// BlockingExecutors belongs to the engine: every coro-blocking-* check
/// sees the same list. The values set on any of these checks are joined;
/// the global option serves when none is; otherwise the defaults stay.
void readBlockingExecutors(const tidy::ClangTidyOptions &Opts,
                           CatalogConfig &Config) {
  std::vector<std::string> Names;
  bool Set = false;
  auto Read = [&](const std::string &Key) {
    auto It = Opts.CheckOptions.find(Key);
    if (It == Opts.CheckOptions.end())
      return;
    Set = true;
    for (std::string &N : splitList(It->second.Value))
      if (!llvm::is_contained(Names, N))
        Names.push_back(std::move(N));
  };
  for (unsigned C = 0; C < NumCategories; ++C)
    Read((checkNameFor(static_cast<Category>(C)) + ".BlockingExecutors").str());
  Read("coro-blocking-indirect.BlockingExecutors");
  if (!Set)
    Read("BlockingExecutors");
  if (Set)
    Config.BlockingExecutors = std::move(Names);
}

} // namespace

CatalogConfig catalogConfigFrom(const tidy::ClangTidyOptions &Opts) {
  CatalogConfig Config;
  for (unsigned C = 0; C < NumCategories; ++C) {
    llvm::StringRef Check = checkNameFor(static_cast<Category>(C));
    Config.Extra[C] = splitList(optionOf(Opts, Check, "ExtraFunctions"));
    for (std::string &N : splitList(optionOf(Opts, Check, "IgnoredFunctions")))
      Config.Ignored.push_back(std::move(N));
  }
  Config.ReportMutexLock =
      parseBool(optionOf(Opts, "coro-blocking-sync", "ReportMutexLock"));
  readBlockingExecutors(Opts, Config);
  // The executor the fix-its offload to, as each check reads it (its own
  // option, else the global one).
  auto Add = [&](std::string E) {
    E = llvm::StringRef(E).trim().str();
    if (!E.empty() && !llvm::is_contained(Config.OffloadExecutors, E))
      Config.OffloadExecutors.push_back(std::move(E));
  };
  auto GlobalIt = Opts.CheckOptions.find("OffloadExecutor");
  std::string GlobalExecutor = GlobalIt == Opts.CheckOptions.end()
                                   ? std::string()
                                   : GlobalIt->second.Value;
  for (unsigned C = 0; C < NumCategories; ++C) {
    std::string Local = optionOf(
        Opts, checkNameFor(static_cast<Category>(C)), "OffloadExecutor");
    Add(Local.empty() ? GlobalExecutor : Local);
  }
  return Config;
}

std::string calleeDisplayName(const CallSite &S) {
  if (S.Entry && S.Entry->Name.find_first_of("*?[") == std::string::npos &&
      S.Entry->Name != "grpc sync stub")
    return S.Entry->Name;
  return catalogName(S.Callee);
}

//===----------------------------------------------------------------------===//

AnalysisCheck::AnalysisCheck(llvm::StringRef Name,
                             tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      Config(catalogConfigFrom(Context->getOptions())) {}

void AnalysisCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void AnalysisCheck::check(const MatchFinder::MatchResult &R) {
  SM = R.SourceManager;
  Shared = Analysis::get(*R.Context, Config);
  run(*Shared);
}

SourceLocation AnalysisCheck::reportLoc(const Expr *E) const {
  // A member call is reported at the member name, an operator call at the
  // operator (`std::cin >> a >> b` reads twice), anything else at its start.
  SourceLocation Loc = E->getBeginLoc();
  if (isa<CXXMemberCallExpr>(E) || isa<CXXOperatorCallExpr>(E))
    if (E->getExprLoc().isValid())
      Loc = E->getExprLoc();
  return SM->getFileLoc(Loc);
}

//===----------------------------------------------------------------------===//

BlockingCallCheck::BlockingCallCheck(llvm::StringRef Name,
                                     tidy::ClangTidyContext *Context,
                                     Category Cat)
    : AnalysisCheck(Name, Context), Cat(Cat),
      ExtraFunctions(Options.get("ExtraFunctions", "")),
      IgnoredFunctions(Options.get("IgnoredFunctions", "")),
      ReportMutexLock(parseBool(Options.get("ReportMutexLock", "false"))),
      RuntimeName(Options.getLocalOrGlobal("Runtime", "auto")),
      RuntimeByType(Options.getLocalOrGlobal("RuntimeByType", "")),
      OffloadExecutor(Options.getLocalOrGlobal("OffloadExecutor", "")),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        tidy::utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {
  for (const auto &[Option, Field] : RuntimeSelection::spellingOptions())
    RewriteOptions[Option] = Options.getLocalOrGlobal(Option, "").str();
  for (const std::string &Error : Runtimes.configure(
           RuntimeName, RewriteOptions, RuntimeByType, OffloadExecutor))
    configurationDiag("%0 (%1)") << Error << Name;
}

void BlockingCallCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ExtraFunctions", ExtraFunctions);
  Options.store(Opts, "IgnoredFunctions", IgnoredFunctions);
  if (Cat == Category::Sync)
    Options.store(Opts, "ReportMutexLock", ReportMutexLock ? "true" : "false");
  Options.store(Opts, "Runtime", RuntimeName);
  Options.store(Opts, "RuntimeByType", RuntimeByType);
  Options.store(Opts, "OffloadExecutor", OffloadExecutor);
  for (const auto &[Option, Field] : RuntimeSelection::spellingOptions())
    Options.store(Opts, Option, RewriteOptions.lookup(Option));
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
  Options.store(Opts, "BlockingExecutors",
                llvm::join(catalogConfig().BlockingExecutors, ";"));
}

void BlockingCallCheck::registerPPCallbacks(const SourceManager &,
                                            Preprocessor *PP, Preprocessor *) {
  Inserter.registerPreprocessor(PP);
}

void BlockingCallCheck::run(const Analysis &A) {
  for (const FunctionInfo *C : A.contexts()) {
    A.forEachDirectBlockingCall(
        *C, [&](const CallSite &S, const FunctionInfo &Owner) {
          if (S.Cat != Cat)
            return;
          SourceLocation Loc = reportLoc(S.Call);
          if (!firstReport(Loc))
            return;
          RuntimeSelection::Choice Choice = Runtimes.forContext(*C);
          RewritePlan Plan = planRewrite(S, Owner, *C, Choice, A.astContext());
          {
            auto D = diag(Loc, "blocking call to '%0' inside %1; it stalls "
                               "every coroutine on this thread")
                     << calleeDisplayName(S) << Analysis::describeContext(*C);
            if (!Plan.Hints.empty()) {
              for (const FixItHint &H : Plan.Hints)
                D << H;
              FileID File =
                  SM->getFileID(SM->getExpansionLoc(S.Call->getBeginLoc()));
              // One insertion per file for all the checks of the run.
              const std::string &Header = Choice.Profile->Header;
              if (!Header.empty() && A.claimInclude(File, Header))
                D << Inserter.createIncludeInsertion(File, Header);
            }
          }
          diag(Loc,
               Plan.Suggestion.empty() ? suggestion(S, Choice.Profile)
                                       : Plan.Suggestion,
               DiagnosticIDs::Note);
          if (Plan.Hints.empty())
            diag(Loc, "no automatic fix: %0", DiagnosticIDs::Note)
                << Plan.Reason;
        });
  }
}

} // namespace unblock
