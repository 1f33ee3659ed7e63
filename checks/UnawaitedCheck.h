//===-- UnawaitedCheck.h - coro-unawaited ---------------------------------===//
//
// Reports an awaitable or task that is created and dropped without
// co_await.
//
// An expression whose value is dropped (an expression statement, the left
// side of a comma, a branch of a dropped conditional, a for-loop increment)
// and whose type is awaitable: a coroutine return type (it names a
// promise_type, or std::coroutine_traits names one for it), an awaiter
// (await_ready, await_suspend, await_resume) or a type with an operator
// co_await. Lazy tasks and awaiters never run when dropped and are always
// reported; eager tasks, futures and other handles to work that has already
// started only when their type is [[nodiscard]] or listed in
// AlwaysReportTypes. Code given to an assertion that expects a throw
// (ThrowAssertions) is not looked at.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "engine/Common.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/GlobPattern.h"

#include <memory>
#include <string>
#include <vector>

namespace unblock {

/// Reports an awaitable or task that is created and dropped without
/// co_await.
class UnawaitedCheck : public clang::tidy::ClangTidyCheck {
public:
  UnawaitedCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context);

  bool isLanguageVersionSupported(const clang::LangOptions &LO) const override {
    return LO.CPlusPlus20;
  }
  std::optional<clang::TraversalKind> getCheckTraversalKind() const override {
    // Template instantiations are visited: a dependent expression in a
    // template is judged in each instantiation (and reported once).
    return clang::TK_AsIs;
  }
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &R) override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

  /// What dropping a value of a type means.
  enum class Kind {
    NotAwaitable,
    /// Never runs unless awaited: a lazy task, an awaiter, an awaitable.
    Lazy,
    /// Already running: an eager task (initial_suspend never suspends) or a
    /// future.
    Eager,
  };

private:
  friend class DroppedValueWalker;

  struct TypeFacts {
    Kind K = Kind::NotAwaitable;
    /// co_await applies to it (not so for a generator).
    bool Awaitable = false;
    bool NoDiscard = false;
    /// A coroutine return type (it has a promise type).
    bool Coroutine = false;
  };
  const TypeFacts &factsFor(const clang::CXXRecordDecl *RD);
  /// True when \p E (a dropped call) makes an awaiter that only waits for
  /// work some other object stands for: a member of a started handle, of a
  /// copyable (shared) task, or an explicit operator co_await of an
  /// existing awaitable.
  bool waitsOnOtherWork(const clang::Expr *E);
  /// True when \p Fn is a lambda given to a throws-assertion function, or
  /// nested in one.
  bool givenToThrowAssertion(const clang::FunctionDecl *Fn);
  /// True when \p Loc comes from the argument of a throws-assertion macro.
  bool inThrowAssertionMacro(clang::SourceLocation Loc) const;
  /// True when a call is handed an awaitable, or a function that makes one:
  /// a spawn that takes the work over.
  bool takesAwaitable(const clang::CallExpr *Call);
  /// Reports \p E (a dropped value; \p Spelled is it as written, with any
  /// parentheses) when its type calls for it.
  void checkDropped(const clang::Expr *E, const clang::Expr *Spelled,
                    const clang::FunctionDecl *Fn, bool InCoroutine,
                    bool InHandler);

  const std::string AlwaysReportTypesOpt;
  const std::string NeverReportTypesOpt;
  const std::string SpawnFunctionsOpt;
  const std::string ThrowAssertionsOpt;
  const NameList AlwaysReportTypes;
  const NameList NeverReportTypes;
  const NameList SpawnFunctions;
  const NameList ThrowAssertions;

  clang::ASTContext *Ctx = nullptr;
  llvm::DenseMap<const clang::CXXRecordDecl *, TypeFacts> Facts;
  llvm::DenseSet<clang::SourceLocation::UIntTy> Reported;
  /// Per function: the lambdas written in it that it gives to a
  /// throws-assertion function.
  llvm::DenseMap<const clang::FunctionDecl *,
                 llvm::DenseSet<const clang::CXXRecordDecl *>>
      ThrowLambdas;
};

} // namespace unblock
