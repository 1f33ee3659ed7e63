//===-- BlockingCallCheck.h - coro-blocking-<category> --------------------===//
//
// Reports a blocking call inside a coroutine (or a function marked
// non-blocking). One class serves the six category checks
// (coro-blocking-sleep, -net, -file, -sync, -process, -console); each
// instance reports the catalog rows of its own category.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "engine/Analysis.h"
#include "engine/Rewrites.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/utils/IncludeInserter.h"
#include "llvm/ADT/DenseSet.h"

#include <memory>

namespace unblock {

/// Reads the catalog options of every coro-blocking-* check from the
/// configuration, so that all checks of a run share one catalog.
CatalogConfig catalogConfigFrom(const clang::tidy::ClangTidyOptions &Opts);

/// Base of the checks that read the shared analysis: pins the language
/// (coroutines need C++20) and the traversal, and fetches the analysis once
/// per translation unit.
class AnalysisCheck : public clang::tidy::ClangTidyCheck {
public:
  AnalysisCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context);
  bool isLanguageVersionSupported(const clang::LangOptions &LO) const override {
    return LO.CPlusPlus20;
  }
  std::optional<clang::TraversalKind> getCheckTraversalKind() const override {
    return clang::TK_IgnoreUnlessSpelledInSource;
  }
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &R) override;

protected:
  /// Called once per translation unit with the shared analysis.
  virtual void run(const Analysis &A) = 0;
  /// Where a diagnostic about \p E goes: the file location (the macro's use
  /// site for code inside a macro).
  clang::SourceLocation reportLoc(const clang::Expr *E) const;
  /// True the first time a location is seen (templates report once).
  bool firstReport(clang::SourceLocation Loc) {
    return Reported.insert(Loc.getRawEncoding()).second;
  }
  const clang::SourceManager *SM = nullptr;
  /// The catalog options shared by the checks (see catalogConfigFrom).
  const CatalogConfig &catalogConfig() const { return Config; }

private:
  CatalogConfig Config;
  std::shared_ptr<Analysis> Shared;
  llvm::DenseSet<clang::SourceLocation::UIntTy> Reported;
};

class BlockingCallCheck : public AnalysisCheck {
public:
  BlockingCallCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context,
                    Category Cat);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const clang::SourceManager &SM,
                           clang::Preprocessor *PP,
                           clang::Preprocessor *ModuleExpanderPP) override;

private:
  void run(const Analysis &A) override;

  const Category Cat;
  const std::string ExtraFunctions;
  const std::string IgnoredFunctions;
  const bool ReportMutexLock;
  /// The runtime the fix-its target ("auto": each coroutine's own), the
  /// types mapped to profiles, the offload executor and the user's
  /// spellings.
  const std::string RuntimeName;
  const std::string RuntimeByType;
  const std::string OffloadExecutor;
  llvm::StringMap<std::string> RewriteOptions;
  RuntimeSelection Runtimes;
  clang::tidy::utils::IncludeInserter Inserter;
};

/// The name a diagnostic gives a catalog call, e.g. 'std::future::get'.
std::string calleeDisplayName(const CallSite &S);

} // namespace unblock
