//===-- LockAcrossSuspendCheck.h - coro-lock-across-suspend ---------------===//
//
// Reports a lock guard that is alive across a co_await or co_yield.
//
// A coroutine that suspends while it holds a thread mutex keeps the mutex
// locked while other code runs on the thread: another coroutine there that
// takes the mutex blocks the whole thread (often for good), and a coroutine
// resumed on another thread unlocks a mutex that thread does not own. The
// check follows each lock object of a coroutine body in order, through
// branches and loops, and knows unlock() and lock() calls, moves, and the
// condition-variable idiom that hands the lock to the awaited operation.
// Mutexes locked by hand (m.lock() ... m.unlock(), pthread_mutex_lock,
// methods with Clang's thread safety attributes) are followed the same way.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "engine/Common.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"

#include <string>

namespace unblock {

/// Reports a lock guard that is alive across a co_await or co_yield.
class LockAcrossSuspendCheck : public clang::tidy::ClangTidyCheck {
public:
  LockAcrossSuspendCheck(llvm::StringRef Name,
                         clang::tidy::ClangTidyContext *Context);

  bool isLanguageVersionSupported(const clang::LangOptions &LO) const override {
    return LO.CPlusPlus20;
  }
  std::optional<clang::TraversalKind> getCheckTraversalKind() const override {
    // Template instantiations are visited: a lock of a dependent type is
    // judged in each instantiation (and reported once).
    return clang::TK_AsIs;
  }
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &R) override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

private:
  friend class LockFlowWalker;

  /// True when a local variable is a lock this check follows: a lock type
  /// over a mutex that is not ignored, not obtained from a co_await.
  bool isFollowedLock(const clang::VarDecl *VD);
  bool isLockType(const clang::CXXRecordDecl *RD);
  /// True when awaiting \p Operand is safe with a lock held.
  bool isSafeAwaitable(const clang::Expr *Operand) const;
  /// Reports \p Lock, held at the suspension \p Suspension (once per lock).
  void report(const clang::VarDecl *Lock, const clang::Expr *Suspension);
  /// True when \p RD is a mutex whose locking and unlocking this check
  /// follows when they are called by hand: a class with unlock() or with
  /// thread safety attributes, not a lock type, not ignored, not a
  /// coroutine-aware mutex.
  bool isHandLockedMutex(const clang::CXXRecordDecl *RD);
  /// Claims the report of mutex \p Name locked by \p LockCall (once per
  /// call and mutex, however many instantiations).
  bool claimMutexReport(const clang::Expr *LockCall, llvm::StringRef Name);
  /// Reports mutex \p Name of type \p Type, locked by \p LockCall, held at
  /// \p Suspension and unlocked by \p UnlockCall (null if none is seen).
  void reportMutex(llvm::StringRef Name, llvm::StringRef Type,
                   const clang::Expr *LockCall, const clang::Expr *Suspension,
                   const clang::Expr *UnlockCall);

  const std::string LockTypesOpt;
  const std::string SafeAwaitablesOpt;
  const std::string IgnoredMutexTypesOpt;
  const NameList LockTypes;
  const NameList SafeAwaitables;
  const NameList IgnoredMutexTypes;

  clang::ASTContext *Ctx = nullptr;
  llvm::DenseMap<const clang::CXXRecordDecl *, bool> LockTypeCache;
  llvm::DenseMap<const clang::CXXRecordDecl *, bool> MutexCache;
  llvm::DenseSet<clang::SourceLocation::UIntTy> Reported;
  llvm::StringSet<> ReportedMutexes;
};

} // namespace unblock
