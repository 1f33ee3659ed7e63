//===-- LockAcrossSuspendCheck.cpp - coro-lock-across-suspend -------------===//

#include "LockAcrossSuspendCheck.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/Version.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <optional>
#include <vector>

using namespace clang;
using namespace clang::ast_matchers;

namespace unblock {

namespace {

constexpr llvm::StringLiteral DefaultSafeAwaitables = "std::suspend_never";

// Mutexes that coroutines may hold across a suspension: coroutine-aware
// mutexes (a std::unique_lock over one is how several libraries hand out
// their lock) and spin locks.
constexpr llvm::StringLiteral DefaultIgnoredMutexTypes =
    "unblock::async_mutex;cppcoro::async_mutex;cppcoro::async_mutex_lock;"
    "coro::mutex;coro::shared_mutex;folly::coro::Mutex;folly::coro::"
    "SharedMutex*;boost::cobalt::*;asio::experimental::*;"
    "boost::asio::experimental::*;*spin*";

/// Strips parentheses, cleanups, temporaries and implicit conversions.
const Expr *stripImplicit(const Expr *E) {
  while (E) {
    const Expr *N = E->IgnoreImplicit()->IgnoreParens();
    if (N == E)
      break;
    E = N;
  }
  return E;
}

/// The value a variable is initialized from: through copies and moves
/// (`std::move(x)` included).
const Expr *initSource(const Expr *Init) {
  const Expr *E = stripImplicit(Init);
  while (E) {
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
      if (CE->getNumArgs() != 1 ||
          !CE->getConstructor()->isCopyOrMoveConstructor())
        break;
      E = stripImplicit(CE->getArg(0));
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (Callee && Call->getNumArgs() == 1 && Callee->getIdentifier() &&
          Callee->isInStdNamespace() &&
          (Callee->getName() == "move" || Callee->getName() == "forward")) {
        E = stripImplicit(Call->getArg(0));
        continue;
      }
    }
    break;
  }
  return E;
}

/// True when \p VD holds what a co_await produced, directly or moved from
/// another variable that does: the lock of a coroutine-aware mutex.
bool fromCoAwait(const VarDecl *VD, unsigned Depth = 0) {
  const Expr *Source = initSource(VD->getInit());
  if (isa_and_nonnull<CoroutineSuspendExpr, DependentCoawaitExpr>(Source))
    return true;
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(Source))
    if (const auto *From = dyn_cast<VarDecl>(DRE->getDecl()))
      return Depth < 4 && From != VD && fromCoAwait(From, Depth + 1);
  return false;
}

bool isStdLock(llvm::StringRef Name) {
  return Name == "std::lock_guard" || Name == "std::unique_lock" ||
         Name == "std::scoped_lock" || Name == "std::shared_lock";
}

bool hasScopedLockable(const CXXRecordDecl *RD) {
  for (const auto *R : RD->redecls())
    if (R->hasAttr<ScopedLockableAttr>())
      return true;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    return Spec->getSpecializedTemplate()
        ->getTemplatedDecl()
        ->hasAttr<ScopedLockableAttr>();
  return false;
}

/// The variable \p E names, if it is just a variable.
const VarDecl *namedVar(const Expr *E) {
  if (!E)
    return nullptr;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    return dyn_cast<VarDecl>(DRE->getDecl());
  return nullptr;
}

void collectRefs(const Stmt *S, llvm::SmallPtrSetImpl<const Decl *> &Out) {
  if (!S)
    return;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
    Out.insert(DRE->getDecl());
    Out.insert(DRE->getDecl()->getCanonicalDecl());
  }
  if (const auto *ME = dyn_cast<MemberExpr>(S))
    Out.insert(ME->getMemberDecl()->getCanonicalDecl());
  for (const Stmt *C : S->children())
    collectRefs(C, Out);
}

//===----------------------------------------------------------------------===//
// Mutexes locked by hand
//===----------------------------------------------------------------------===//

/// Names one mutex object by the path from a variable (or `this`) through
/// members and dereferences: `mu_` is {this, mu_}, `p->mu` is {p, *, mu},
/// `&m` passed to pthread_mutex_lock is {m}. Two calls name the same mutex
/// when their paths are equal.
using MutexKey = llvm::SmallVector<const void *, 4>;
char ThisTag, DerefTag; // path elements that are not declarations

/// The key of the object \p E designates, or of the object it points to
/// when \p Pointee is set; none for any other expression (an array
/// element, a call's result).
std::optional<MutexKey> mutexKey(const Expr *E, bool Pointee,
                                 unsigned Depth = 0) {
  if (!E || Depth > 8)
    return std::nullopt;
  E = E->IgnoreParenImpCasts();
  if (Pointee) {
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_AddrOf)
      return mutexKey(UO->getSubExpr(), false, Depth + 1);
    if (isa<CXXThisExpr>(E))
      return MutexKey{&ThisTag};
    std::optional<MutexKey> K = mutexKey(E, false, Depth + 1);
    if (K)
      K->push_back(&DerefTag);
    return K;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_Deref)
    return mutexKey(UO->getSubExpr(), true, Depth + 1);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return std::nullopt;
    // A local reference names the object it is bound to.
    if (VD->getType()->isReferenceType() && VD->hasLocalStorage() &&
        !isa<ParmVarDecl>(VD) && VD->getInit())
      return mutexKey(VD->getInit(), false, Depth + 1);
    return MutexKey{VD->getCanonicalDecl()};
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const ValueDecl *D = ME->getMemberDecl();
    if (const auto *Static = dyn_cast<VarDecl>(D))
      return MutexKey{Static->getCanonicalDecl()};
    if (!isa<FieldDecl>(D))
      return std::nullopt;
    std::optional<MutexKey> K =
        mutexKey(ME->getBase(), ME->isArrow(), Depth + 1);
    if (K)
      K->push_back(D->getCanonicalDecl());
    return K;
  }
  return std::nullopt;
}

/// The last variable or member on the path of \p K.
const Decl *lastDecl(const MutexKey &K) {
  for (const void *P : llvm::reverse(K))
    if (P != &ThisTag && P != &DerefTag)
      return static_cast<const Decl *>(P);
  return nullptr;
}

enum class MutexOp { None, Lock, TryLock, Unlock };

/// A call that locks or unlocks a mutex by hand.
struct MutexCall {
  MutexOp Op = MutexOp::None;
  const Expr *Object = nullptr; // the mutex, or a pointer to it (Pointee)
  bool Pointee = false;
  int64_t Success = 1; // what a TryLock returns when it took the mutex
};

/// True when \p RD or one of its bases declares a member named \p Name.
bool hasMember(const CXXRecordDecl *RD, DeclarationName Name,
               unsigned Depth = 0) {
  if (!RD || Depth > 8)
    return false;
  RD = RD->getDefinition();
  if (!RD)
    return false;
  if (!RD->lookup(Name).empty())
    return true;
  for (const CXXBaseSpecifier &B : RD->bases())
    if (hasMember(B.getType()->getAsCXXRecordDecl(), Name, Depth + 1))
      return true;
  return false;
}

bool hasMember(const CXXRecordDecl *RD, llvm::StringRef Name) {
  return RD &&
         hasMember(RD, DeclarationName(&RD->getASTContext().Idents.get(Name)));
}

/// True when \p T is a type a coroutine awaits or is: an awaiter, a class
/// with `operator co_await`, a coroutine type (with a promise_type).
bool looksAwaitable(QualType T) {
  const CXXRecordDecl *RD = T.isNull() ? nullptr : T->getAsCXXRecordDecl();
  if (!RD)
    return false;
  // A specialization named only as a return type is not instantiated yet:
  // its template tells.
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
      Spec && !Spec->hasDefinition())
    RD = Spec->getSpecializedTemplate()->getTemplatedDecl();
  const ASTContext &Ctx = RD->getASTContext();
  return hasMember(RD, "await_ready") || hasMember(RD, "promise_type") ||
         hasMember(RD, Ctx.DeclarationNames.getCXXOperatorName(OO_Coawait));
}

/// A coroutine-aware mutex: some member returns an awaitable (the
/// awaitable lock, `co_await m.lock()`), even if it also has a plain
/// try_lock() and unlock().
bool isCoroutineAwareMutex(const CXXRecordDecl *RD) {
  for (const CXXMethodDecl *M : RD->methods())
    if (!M->isImplicit() && looksAwaitable(M->getReturnType()))
      return true;
  return false;
}

int64_t successValue(const Expr *E, const ASTContext &Ctx) {
  Expr::EvalResult R;
  if (E && !E->isValueDependent() && E->EvaluateAsInt(R, Ctx))
    return R.Val.getInt().getExtValue();
  return 1;
}

/// What a member's thread safety attributes say it does to the object it
/// is called on. Attributes that name another capability (a wrapper's
/// `ACQUIRE(mu_)`) are not followed.
MutexOp annotatedOp(const CXXMethodDecl *M, int64_t &Success,
                    const ASTContext &Ctx) {
  if (const auto *A = M->getAttr<AcquireCapabilityAttr>();
      A && A->args_size() == 0)
    return MutexOp::Lock;
  if (const auto *A = M->getAttr<ReleaseCapabilityAttr>();
      A && A->args_size() == 0)
    return MutexOp::Unlock;
  if (const auto *A = M->getAttr<TryAcquireCapabilityAttr>();
      A && A->args_size() == 0) {
    Success = successValue(A->getSuccessValue(), Ctx);
    return MutexOp::TryLock;
  }
#if CLANG_VERSION_MAJOR < 21
  if (const auto *A = M->getAttr<ExclusiveTrylockFunctionAttr>();
      A && A->args_size() == 0) {
    Success = successValue(A->getSuccessValue(), Ctx);
    return MutexOp::TryLock;
  }
  if (const auto *A = M->getAttr<SharedTrylockFunctionAttr>();
      A && A->args_size() == 0) {
    Success = successValue(A->getSuccessValue(), Ctx);
    return MutexOp::TryLock;
  }
#endif
  return MutexOp::None;
}

/// True when \p RD (or a base) looks like a mutex: it has an unlock()
/// member, the `capability` attribute, or members with thread safety
/// attributes that lock or unlock the object they are called on.
bool looksLikeMutex(const CXXRecordDecl *RD, unsigned Depth = 0) {
  RD = RD && Depth < 8 ? RD->getDefinition() : nullptr;
  if (!RD)
    return false;
  if (RD->hasAttr<CapabilityAttr>() || hasMember(RD, "unlock") ||
      hasMember(RD, "unlock_shared"))
    return true;
  for (const CXXMethodDecl *M : RD->methods()) {
    int64_t Success = 1;
    if (annotatedOp(M, Success, RD->getASTContext()) != MutexOp::None)
      return true;
  }
  for (const CXXBaseSpecifier &B : RD->bases())
    if (looksLikeMutex(B.getType()->getAsCXXRecordDecl(), Depth + 1))
      return true;
  return false;
}

/// The members of a mutex with lock() and unlock() (std::mutex, the other
/// standard mutexes, boost::mutex, ...): lock() and lock_shared() return
/// nothing, try_lock*() return whether they locked.
MutexOp namedOp(const CXXMethodDecl *M) {
  if (!M->getIdentifier())
    return MutexOp::None;
  llvm::StringRef N = M->getName();
  QualType R = M->getReturnType();
  if ((N == "lock" || N == "lock_shared") && R->isVoidType())
    return MutexOp::Lock;
  if (N.starts_with("try_lock") && R->isBooleanType())
    return MutexOp::TryLock;
  if (N == "unlock" || N == "unlock_shared")
    return MutexOp::Unlock;
  return MutexOp::None;
}

/// The POSIX and C11 functions: they take a pointer to the mutex; a
/// try/timed lock returns 0 when it locked.
MutexOp cMutexOp(llvm::StringRef N) {
  static const std::pair<llvm::StringLiteral, MutexOp> Ops[] = {
      {"pthread_mutex_lock", MutexOp::Lock},
      {"pthread_rwlock_rdlock", MutexOp::Lock},
      {"pthread_rwlock_wrlock", MutexOp::Lock},
      {"mtx_lock", MutexOp::Lock},
      {"pthread_mutex_trylock", MutexOp::TryLock},
      {"pthread_mutex_timedlock", MutexOp::TryLock},
      {"pthread_mutex_clocklock", MutexOp::TryLock},
      {"pthread_rwlock_tryrdlock", MutexOp::TryLock},
      {"pthread_rwlock_trywrlock", MutexOp::TryLock},
      {"pthread_rwlock_timedrdlock", MutexOp::TryLock},
      {"pthread_rwlock_timedwrlock", MutexOp::TryLock},
      {"pthread_rwlock_clockrdlock", MutexOp::TryLock},
      {"pthread_rwlock_clockwrlock", MutexOp::TryLock},
      {"mtx_trylock", MutexOp::TryLock},
      {"mtx_timedlock", MutexOp::TryLock},
      {"pthread_mutex_unlock", MutexOp::Unlock},
      {"pthread_rwlock_unlock", MutexOp::Unlock},
      {"mtx_unlock", MutexOp::Unlock}};
  for (const auto &[Name, Op] : Ops)
    if (N == Name)
      return Op;
  return MutexOp::None;
}

/// Calls that take a locked mutex and return with it locked again (a
/// condition variable's wait): the mutex stays held.
bool keepsMutexLocked(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier())
    return false;
  llvm::StringRef N = FD->getName();
  return N == "wait" || N == "wait_for" || N == "wait_until" ||
         N.starts_with("pthread_cond_");
}

/// The lambda a call expression calls, `[&] { ... }()` or `f()` for a local
/// `auto f = [&] { ... };`, if it is a plain (not generic, not coroutine)
/// lambda.
const LambdaExpr *calledLambda(const Expr *E) {
  const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
  if (!Op || Op->getOperator() != OO_Call || Op->getNumArgs() < 1)
    return nullptr;
  const Expr *Callee = initSource(Op->getArg(0));
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(Callee))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
        VD && VD->hasLocalStorage() && !VD->getType()->isReferenceType())
      Callee = initSource(VD->getInit());
  const auto *LE = dyn_cast_or_null<LambdaExpr>(Callee);
  if (!LE || LE->isGenericLambda() || !LE->getCallOperator() ||
      isa_and_nonnull<CoroutineBodyStmt>(LE->getBody()))
    return nullptr;
  return LE;
}

} // namespace

//===----------------------------------------------------------------------===//
// The walk over one coroutine body
//===----------------------------------------------------------------------===//

/// Follows the locks of one coroutine body in evaluation order. Each lock
/// in scope is held or not; branches are walked from the same state and
/// joined (held on any path counts as held), loops are walked again when
/// their end state holds more than their start, and code after a return,
/// a break or a throw is unreachable until a label joins it.
class LockFlowWalker {
public:
  explicit LockFlowWalker(LockAcrossSuspendCheck &Check) : Check(Check) {}

  void run(const FunctionDecl *Fn, const CoroutineBodyStmt *Body) {
    for (const ParmVarDecl *P : Fn->parameters())
      if (Check.isFollowedLock(P))
        Live.push_back({P, true});
    stmt(Body->getBody());
    for (const PendingReport &P : Pending)
      Check.reportMutex(P.Name, P.Type, P.LockCall, P.Suspension,
                        P.UnlockCall);
  }

private:
  struct Lock {
    const VarDecl *Var;
    bool Held;
  };
  /// A mutex locked by hand somewhere in the body. Mutexes are not scoped:
  /// once seen, one stays in the list, held or not.
  struct Mutex {
    MutexKey Key;
    const Decl *Named; // the last variable or member of Key
    QualType Type;     // canonical
    std::string Name, TypeName;
    const Expr *HeldBy = nullptr; // the call that locked it, while held
  };
  struct State {
    llvm::SmallVector<bool, 8> Held;
    llvm::SmallVector<const Expr *, 4> MutexHeld;
    bool Reachable = true;
  };
  struct Jumps {
    State Break, Continue;
  };
  struct PendingReport {
    MutexKey Key;
    std::string Name, Type;
    const Expr *LockCall, *Suspension, *UnlockCall;
  };

  State save() const {
    State S;
    for (const Lock &L : Live)
      S.Held.push_back(L.Held);
    for (const Mutex &M : Mutexes)
      S.MutexHeld.push_back(M.HeldBy);
    S.Reachable = Reachable;
    return S;
  }
  State unreachable() const {
    State S = save();
    S.Reachable = false;
    return S;
  }
  static const Expr *mutexIn(const State &S, size_t I) {
    return I < S.MutexHeld.size() ? S.MutexHeld[I] : nullptr;
  }
  /// Back to \p S (taken in the same scope). A mutex first seen after \p S
  /// was not held then.
  void restore(const State &S) {
    for (size_t I = 0; I < Live.size() && I < S.Held.size(); ++I)
      Live[I].Held = S.Held[I];
    for (size_t I = 0; I < Mutexes.size(); ++I)
      Mutexes[I].HeldBy = mutexIn(S, I);
    Reachable = S.Reachable;
  }
  /// Control also arrives here in state \p S.
  void join(const State &S) {
    if (!S.Reachable)
      return;
    for (size_t I = 0; I < Live.size(); ++I) {
      bool Other = I < S.Held.size() && S.Held[I];
      Live[I].Held = Reachable ? Live[I].Held || Other : Other;
    }
    for (size_t I = 0; I < Mutexes.size(); ++I) {
      const Expr *&By = Mutexes[I].HeldBy;
      const Expr *Other = mutexIn(S, I);
      By = Reachable && By ? By : Other;
    }
    Reachable = true;
  }
  static void joinInto(State &Into, const State &From) {
    if (!From.Reachable)
      return;
    for (size_t I = 0; I < Into.Held.size(); ++I) {
      bool Other = I < From.Held.size() && From.Held[I];
      Into.Held[I] = Into.Reachable ? Into.Held[I] || Other : Other;
    }
    if (Into.MutexHeld.size() < From.MutexHeld.size())
      Into.MutexHeld.resize(From.MutexHeld.size(), nullptr);
    for (size_t I = 0; I < Into.MutexHeld.size(); ++I) {
      const Expr *Other = mutexIn(From, I);
      Into.MutexHeld[I] =
          Into.Reachable && Into.MutexHeld[I] ? Into.MutexHeld[I] : Other;
    }
    Into.Reachable = true;
  }
  /// True when \p After holds a lock that \p Before does not.
  static bool holdsMore(const State &After, const State &Before) {
    if (!After.Reachable)
      return false;
    for (size_t I = 0; I < Before.Held.size() && I < After.Held.size(); ++I)
      if (After.Held[I] && (!Before.Reachable || !Before.Held[I]))
        return true;
    for (size_t I = 0; I < After.MutexHeld.size(); ++I)
      if (After.MutexHeld[I] && (!Before.Reachable || !mutexIn(Before, I)))
        return true;
    return false;
  }

  /// Walks \p S in a scope of its own: its locks die at its end.
  void scoped(const Stmt *S) {
    size_t N = Live.size();
    stmt(S);
    Live.resize(N);
  }

  Lock *find(const VarDecl *VD) {
    if (!VD)
      return nullptr;
    for (Lock &L : llvm::reverse(Live))
      if (L.Var == VD)
        return &L;
    return nullptr;
  }

  void stmt(const Stmt *S) {
    if (!S)
      return;
    if (const auto *E = dyn_cast<Expr>(S))
      return expr(E);
    switch (S->getStmtClass()) {
    case Stmt::CompoundStmtClass: {
      size_t N = Live.size();
      for (const Stmt *C : cast<CompoundStmt>(S)->body())
        stmt(C);
      Live.resize(N);
      return;
    }
    case Stmt::DeclStmtClass:
      for (const Decl *D : cast<DeclStmt>(S)->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D)) {
          // A lock moved from another holds what that one held.
          const Lock *From = find(namedVar(initSource(VD->getInit())));
          bool Held = From ? From->Held : initiallyHeld(VD);
          // The initializer runs (and may suspend) before the lock exists.
          expr(VD->getInit());
          if (Check.isFollowedLock(VD))
            Live.push_back({VD, Held});
          // bool ok = m.try_lock(): a condition on `ok` tells whether the
          // mutex is held.
          if (VD->getType()->isScalarType() && VD->getInit())
            if (const CallExpr *Try = tryLockOf(VD->getInit());
                Try && Try == stripImplicit(VD->getInit()))
              TryResults[VD] = Try;
        }
      return;
    case Stmt::IfStmtClass:
      return ifStmt(cast<IfStmt>(S));
    case Stmt::WhileStmtClass: {
      const auto *W = cast<WhileStmt>(S);
      return loop(nullptr, W->getConditionVariableDeclStmt(), W->getCond(),
                  W->getBody(), nullptr, /*BodyFirst=*/false);
    }
    case Stmt::DoStmtClass: {
      const auto *D = cast<DoStmt>(S);
      return loop(nullptr, nullptr, D->getCond(), D->getBody(), nullptr,
                  /*BodyFirst=*/true);
    }
    case Stmt::ForStmtClass: {
      const auto *F = cast<ForStmt>(S);
      return loop(F->getInit(), F->getConditionVariableDeclStmt(),
                  F->getCond(), F->getBody(), F->getInc(),
                  /*BodyFirst=*/false);
    }
    case Stmt::CXXForRangeStmtClass: {
      const auto *F = cast<CXXForRangeStmt>(S);
      size_t N = Live.size();
      stmt(F->getInit());
      expr(F->getRangeInit());
      loop(nullptr, nullptr, nullptr, F->getBody(), nullptr,
           /*BodyFirst=*/false);
      Live.resize(N);
      return;
    }
    case Stmt::SwitchStmtClass:
      return switchStmt(cast<SwitchStmt>(S));
    case Stmt::CaseStmtClass:
    case Stmt::DefaultStmtClass:
      if (!SwitchEntries.empty())
        join(SwitchEntries.back());
      if (const auto *C = dyn_cast<CaseStmt>(S))
        return stmt(C->getSubStmt());
      return stmt(cast<DefaultStmt>(S)->getSubStmt());
    case Stmt::LabelStmtClass:
      // A goto may arrive from anywhere: assume the state flows on.
      Reachable = true;
      return stmt(cast<LabelStmt>(S)->getSubStmt());
    case Stmt::AttributedStmtClass:
      return stmt(cast<AttributedStmt>(S)->getSubStmt());
    case Stmt::BreakStmtClass:
      if (!BreakTargets.empty())
        joinInto(BreakTargets.back()->Break, save());
      Reachable = false;
      return;
    case Stmt::ContinueStmtClass:
      if (!ContinueTargets.empty())
        joinInto(ContinueTargets.back()->Continue, save());
      Reachable = false;
      return;
    case Stmt::CoreturnStmtClass:
      // The final suspend after co_return holds nothing: the locals are
      // destroyed first. Only a co_await in the operand suspends here.
      expr(cast<CoreturnStmt>(S)->getOperand());
      Reachable = false;
      return;
    case Stmt::ReturnStmtClass:
      expr(cast<ReturnStmt>(S)->getRetValue());
      // A return in a called lambda goes back to the coroutine.
      if (!LambdaReturns.empty())
        joinInto(*LambdaReturns.back(), save());
      Reachable = false;
      return;
    case Stmt::GotoStmtClass:
    case Stmt::IndirectGotoStmtClass:
      Reachable = false;
      return;
    case Stmt::CXXTryStmtClass:
      return tryStmt(cast<CXXTryStmt>(S));
    case Stmt::CoroutineBodyStmtClass:
      return stmt(cast<CoroutineBodyStmt>(S)->getBody());
    default:
      for (const Stmt *C : S->children())
        stmt(C);
      return;
    }
  }

  /// Walks a condition (with its condition variable, if any) and gives the
  /// states in which it is true and in which it is false.
  void condition(const DeclStmt *CondVar, const Expr *Cond, State &True,
                 State &False) {
    stmt(CondVar);
    condition(Cond, True, False);
  }

  /// Walks \p Cond and gives the states in which it is true and in which it
  /// is false: a try_lock() holds its mutex only where it succeeded.
  void condition(const Expr *Cond, State &True, State &False) {
    const Expr *E = stripImplicit(Cond);
    if (const auto *UO = dyn_cast_or_null<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_LNot)
      return condition(UO->getSubExpr(), False, True);
    if (const auto *BO = dyn_cast_or_null<BinaryOperator>(E)) {
      if (BO->getOpcode() == BO_LAnd || BO->getOpcode() == BO_LOr) {
        bool And = BO->getOpcode() == BO_LAnd;
        State LT, LF, RT, RF;
        condition(BO->getLHS(), LT, LF);
        // The right side runs only when the left does not decide.
        restore(And ? LT : LF);
        condition(BO->getRHS(), RT, RF);
        restore(And ? LF : LT);
        join(And ? RF : RT);
        (And ? False : True) = save();
        (And ? True : False) = And ? RT : RF;
        return;
      }
      if (BO->getOpcode() == BO_EQ || BO->getOpcode() == BO_NE) {
        // pthread_mutex_trylock(&m) == 0, m.try_lock() != false, ...
        for (int Side = 0; Side < 2; ++Side) {
          const Expr *Try = Side ? BO->getRHS() : BO->getLHS();
          const Expr *Value = Side ? BO->getLHS() : BO->getRHS();
          Expr::EvalResult R;
          if (!tryLockOf(Try) || Value->isTypeDependent() ||
              Value->isValueDependent() ||
              !Value->EvaluateAsInt(R, *Check.Ctx))
            continue;
          expr(Value);
          tryLockCompared(Try, R.Val.getInt().getExtValue(), True, False);
          if (BO->getOpcode() == BO_NE)
            std::swap(True, False);
          return;
        }
      }
    }
    if (E && tryLockOf(E)) {
      // Used as a truth value: compared with zero.
      tryLockCompared(E, 0, False, True);
      return;
    }
    expr(Cond);
    True = False = save();
  }

  /// The try-lock call \p E is or stands for: the call, or a variable
  /// initialized from it (`bool ok = m.try_lock();`).
  const CallExpr *tryLockOf(const Expr *E) {
    E = stripImplicit(E);
    if (const VarDecl *VD = namedVar(E)) {
      auto It = TryResults.find(VD);
      return It == TryResults.end() ? nullptr : It->second;
    }
    const auto *Call = dyn_cast_or_null<CallExpr>(E);
    if (!Call)
      return nullptr;
    MutexCall M = mutexCall(Call);
    if (M.Op != MutexOp::TryLock || !mutexKey(M.Object, M.Pointee))
      return nullptr;
    return Call;
  }

  /// Walks \p E, a try-lock call or a variable that holds its result, and
  /// gives the states in which that result equals \p Value and in which it
  /// does not.
  void tryLockCompared(const Expr *E, int64_t Value, State &Equal,
                       State &Other) {
    const CallExpr *Call = tryLockOf(E);
    MutexCall M = mutexCall(Call);
    State Failed, Locked;
    if (Call == stripImplicit(E)) {
      for (const Stmt *C : Call->children())
        if (const auto *CE = dyn_cast_or_null<Expr>(C))
          expr(CE);
      Failed = save();
      lockMutex(M, Call);
      Locked = save();
    } else {
      // The variable: where the call failed, it holds nothing.
      Locked = save();
      for (Mutex &X : Mutexes)
        if (X.HeldBy == Call)
          X.HeldBy = nullptr;
      Failed = save();
      restore(Locked);
    }
    if (Value == M.Success) {
      Equal = Locked;
      Other = Failed;
    } else {
      // A result other than \p Value may be success (`!= false`) or
      // another error than \p Value (`!= EBUSY`): held, to be safe.
      Equal = Failed;
      Other = Locked;
    }
  }

  void ifStmt(const IfStmt *If) {
    size_t N = Live.size();
    stmt(If->getInit());
    State True, False;
    condition(If->getConditionVariableDeclStmt(), If->getCond(), True,
              False);
    // In a template, a branch of a dependent `if constexpr` may be
    // discarded: the instantiations tell which one runs.
    if (!(If->isConstexpr() && If->getCond() &&
          If->getCond()->isValueDependent())) {
      restore(True);
      scoped(If->getThen());
      State AfterThen = save();
      restore(False);
      scoped(If->getElse());
      join(AfterThen);
    } else {
      restore(True);
      join(False);
    }
    Live.resize(N);
  }

  void loop(const Stmt *Init, const DeclStmt *CondVar, const Expr *Cond,
            const Stmt *Body, const Expr *Inc, bool BodyFirst) {
    size_t N = Live.size();
    stmt(Init);
    size_t Base = Live.size();
    // Twice at most: the second time from the state the back edge brings.
    for (int Pass = 0; Pass < 2; ++Pass) {
      Live.resize(Base);
      State Entry = save();
      Jumps J{unreachable(), unreachable()};
      State Exit = unreachable();
      if (!BodyFirst) {
        State Enter;
        condition(CondVar, Cond, Enter, Exit); // false: the loop ends
        restore(Enter);
      }
      BreakTargets.push_back(&J);
      ContinueTargets.push_back(&J);
      scoped(Body);
      BreakTargets.pop_back();
      ContinueTargets.pop_back();
      join(J.Continue);
      if (BodyFirst) {
        State Again;
        condition(nullptr, Cond, Again, Exit);
        restore(Again);
      }
      expr(Inc);
      State BackEdge = save();
      joinInto(Exit, J.Break);
      if (Pass == 0 && holdsMore(BackEdge, Entry)) {
        restore(Entry);
        join(BackEdge);
        continue;
      }
      restore(Exit);
      break;
    }
    Live.resize(N);
  }

  void switchStmt(const SwitchStmt *Sw) {
    size_t N = Live.size();
    stmt(Sw->getInit());
    stmt(Sw->getConditionVariableDeclStmt());
    expr(Sw->getCond());
    State Entry = save();
    Jumps J{unreachable(), unreachable()};
    BreakTargets.push_back(&J);
    SwitchEntries.push_back(Entry);
    Reachable = false; // the body starts at a case label
    scoped(Sw->getBody());
    SwitchEntries.pop_back();
    BreakTargets.pop_back();
    join(J.Break);
    bool HasDefault = false;
    for (const SwitchCase *C = Sw->getSwitchCaseList(); C;
         C = C->getNextSwitchCase())
      HasDefault |= isa<DefaultStmt>(C);
    if (!HasDefault)
      join(Entry);
    Live.resize(N);
  }

  void tryStmt(const CXXTryStmt *Try) {
    State Before = save();
    scoped(Try->getTryBlock());
    State AfterTry = save();
    State End = AfterTry;
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I) {
      // A throw may come from anywhere in the try block.
      restore(Before);
      join(AfterTry);
      scoped(Try->getHandler(I)->getHandlerBlock());
      joinInto(End, save());
    }
    restore(End);
  }

  void expr(const Expr *E) {
    if (!E || ast::runsNothingHere(E))
      return;
    switch (E->getStmtClass()) {
    case Stmt::LambdaExprClass:
      // The body is a function of its own; only the captures run here.
      for (const Expr *Init : cast<LambdaExpr>(E)->capture_inits())
        expr(Init);
      return;
    case Stmt::CoawaitExprClass:
    case Stmt::CoyieldExprClass: {
      const auto *CS = cast<CoroutineSuspendExpr>(E);
      if (const auto *CA = dyn_cast<CoawaitExpr>(CS); CA && CA->isImplicit())
        return;
      expr(CS->getOperand());
      return suspension(E, CS->getOperand());
    }
    case Stmt::DependentCoawaitExprClass: {
      const Expr *Op = cast<DependentCoawaitExpr>(E)->getOperand();
      expr(Op);
      return suspension(E, Op);
    }
    case Stmt::ConditionalOperatorClass: {
      const auto *CO = cast<ConditionalOperator>(E);
      State True, False;
      condition(CO->getCond(), True, False);
      restore(True);
      expr(CO->getTrueExpr());
      State AfterTrue = save();
      restore(False);
      expr(CO->getFalseExpr());
      join(AfterTrue);
      return;
    }
    case Stmt::BinaryOperatorClass: {
      if (!cast<BinaryOperator>(E)->isLogicalOp())
        break;
      State True, False;
      condition(E, True, False);
      restore(True);
      join(False);
      return;
    }
    case Stmt::StmtExprClass:
      return stmt(cast<StmtExpr>(E)->getSubStmt());
    case Stmt::CXXThrowExprClass:
      expr(cast<CXXThrowExpr>(E)->getSubExpr());
      Reachable = false;
      return;
    case Stmt::CXXOperatorCallExprClass: {
      // lk = std::unique_lock(m): the variable holds a lock again.
      const auto *Op = cast<CXXOperatorCallExpr>(E);
      if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
        if (Lock *L = find(namedVar(Op->getArg(0)))) {
          expr(Op->getArg(1));
          L->Held = true;
          return;
        }
      break;
    }
    default:
      break;
    }
    for (const Stmt *C : E->children())
      if (const auto *CE = dyn_cast_or_null<Expr>(C))
        expr(CE);
      else
        stmt(C);
    if (const LambdaExpr *LE = calledLambda(E))
      return lambdaBody(LE);
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
      if (memberCall(MC))
        return;
    if (const auto *Call = dyn_cast<CallExpr>(E)) {
      if (mutexOperation(Call))
        return;
      moveCall(Call);
      handOver(Call->getDirectCallee(), Call->arguments());
    } else if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
      handOver(CE->getConstructor(), CE->arguments());
    }
  }

  /// A lambda the coroutine calls runs here, before the call returns: its
  /// locking and unlocking count.
  void lambdaBody(const LambdaExpr *LE) {
    if (LambdaReturns.size() >= 4)
      return;
    State Returned = unreachable();
    LambdaReturns.push_back(&Returned);
    scoped(LE->getBody());
    LambdaReturns.pop_back();
    join(Returned);
  }

  /// lk.unlock(), lk.lock(), lk.release(), ... on a followed lock; false
  /// for any other member call.
  bool memberCall(const CXXMemberCallExpr *MC) {
    Lock *L = find(namedVar(MC->getImplicitObjectArgument()));
    const CXXMethodDecl *M = MC->getMethodDecl();
    if (!L)
      return false;
    if (!M || !M->getIdentifier())
      return true;
    llvm::StringRef Name = M->getName();
    if (Name == "unlock" || Name == "release" || Name == "Unlock" ||
        Name == "Release")
      L->Held = false;
    else if (Name == "lock" || Name.starts_with("try_lock"))
      L->Held = true;
    return true;
  }

  /// std::move(lk): the lock goes elsewhere (a new lock variable, a
  /// function that takes it over).
  void moveCall(const CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || Call->getNumArgs() != 1 || !Callee->getIdentifier() ||
        !Callee->isInStdNamespace() ||
        (Callee->getName() != "move" && Callee->getName() != "forward"))
      return;
    if (Lock *L = find(namedVar(Call->getArg(0))))
      L->Held = false;
  }

  //===--------------------------------------------------------------------===//
  // Mutexes locked by hand
  //===--------------------------------------------------------------------===//

  /// What \p Call does to a mutex: m.lock(), mu_.Unlock(),
  /// pthread_mutex_lock(&m), ...
  MutexCall mutexCall(const CallExpr *Call) {
    MutexCall Out;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
      const CXXMethodDecl *M = MC->getMethodDecl();
      const Expr *Obj = MC->getImplicitObjectArgument();
      if (!M || !Obj || Obj->isTypeDependent())
        return Out;
      bool Pointee = Obj->getType()->isPointerType();
      QualType T = Pointee ? Obj->getType()->getPointeeType() : Obj->getType();
      const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
      if (!RD || !Check.isHandLockedMutex(RD))
        return Out;
      Out.Op = annotatedOp(M, Out.Success, *Check.Ctx);
      if (Out.Op == MutexOp::None && hasMember(RD, "unlock"))
        Out.Op = namedOp(M);
      Out.Object = Obj;
      Out.Pointee = Pointee;
      return Out;
    }
    const FunctionDecl *FD = Call->getDirectCallee();
    if (!FD || !FD->getIdentifier() || Call->getNumArgs() < 1 ||
        !FD->getDeclContext()->getRedeclContext()->isTranslationUnit())
      return Out;
    Out.Op = cMutexOp(FD->getName());
    Out.Object = Call->getArg(0);
    Out.Pointee = true;
    Out.Success = 0;
    return Out;
  }

  /// Follows \p Call if it locks or unlocks a mutex (std::lock(a, b)
  /// included); false if it does neither.
  bool mutexOperation(const CallExpr *Call) {
    MutexCall M = mutexCall(Call);
    switch (M.Op) {
    case MutexOp::Lock:
    case MutexOp::TryLock: // outside a condition: it may have locked
      lockMutex(M, Call);
      return true;
    case MutexOp::Unlock:
      unlockMutex(M, Call);
      return true;
    case MutexOp::None:
      break;
    }
    const FunctionDecl *FD = Call->getDirectCallee();
    if (!FD || !FD->getIdentifier() || FD->getName() != "lock" ||
        !FD->isInStdNamespace())
      return false;
    // std::lock(a, b, ...) locks them all.
    for (const Expr *Arg : Call->arguments()) {
      if (Lock *L = find(namedVar(Arg))) {
        L->Held = true;
        continue;
      }
      const CXXRecordDecl *RD = Arg->getType()->getAsCXXRecordDecl();
      if (RD && Check.isHandLockedMutex(RD))
        lockMutex({MutexOp::Lock, Arg, false, 1}, Call);
    }
    return true;
  }

  Mutex *findMutex(const MutexKey &K) {
    for (Mutex &M : Mutexes)
      if (M.Key == K)
        return &M;
    return nullptr;
  }

  void lockMutex(const MutexCall &M, const CallExpr *Call) {
    if (M.Object->isTypeDependent())
      return;
    std::optional<MutexKey> K = mutexKey(M.Object, M.Pointee);
    if (!K)
      return; // an object the walk cannot name again
    Mutex *X = findMutex(*K);
    if (!X) {
      QualType T = M.Object->getType();
      if (M.Pointee && T->isPointerType())
        T = T->getPointeeType();
      Mutexes.push_back({*K, lastDecl(*K),
                         T.getCanonicalType().getUnqualifiedType(),
                         mutexName(M.Object, M.Pointee), typeName(T)});
      X = &Mutexes.back();
    }
    X->HeldBy = Call;
  }

  void unlockMutex(const MutexCall &M, const CallExpr *Call) {
    if (M.Object->isTypeDependent())
      return;
    if (std::optional<MutexKey> K = mutexKey(M.Object, M.Pointee)) {
      if (Mutex *X = findMutex(*K))
        X->HeldBy = nullptr;
      for (PendingReport &P : Pending)
        if (!P.UnlockCall && P.Key == *K)
          P.UnlockCall = Call;
      return;
    }
    // An unlock of a mutex the walk cannot name may be any of its type.
    QualType T = M.Object->getType();
    if (M.Pointee && T->isPointerType())
      T = T->getPointeeType();
    T = T.getCanonicalType().getUnqualifiedType();
    for (Mutex &X : Mutexes)
      if (X.Type == T)
        X.HeldBy = nullptr;
  }

  /// A held mutex passed to a function (by reference or pointer) is that
  /// function's to unlock: it is no longer followed as held, unless the
  /// function is a condition variable's wait, which returns with it held.
  template <class Range>
  void handOver(const FunctionDecl *Callee, Range Args) {
    if (Mutexes.empty() || keepsMutexLocked(Callee))
      return;
    for (const Expr *Arg : Args) {
      bool Pointee = Arg->getType()->isPointerType();
      if (std::optional<MutexKey> K = mutexKey(Arg, Pointee))
        if (Mutex *X = findMutex(*K))
          X->HeldBy = nullptr;
    }
  }

  std::string mutexName(const Expr *E, bool Pointee) const {
    E = E->IgnoreParenImpCasts();
    std::string Prefix;
    if (Pointee) {
      if (const auto *UO = dyn_cast<UnaryOperator>(E);
          UO && UO->getOpcode() == UO_AddrOf)
        E = UO->getSubExpr()->IgnoreParenImpCasts();
      else
        Prefix = "*";
    }
    PrintingPolicy Policy(Check.Ctx->getLangOpts());
    Policy.SuppressImplicitBase = true;
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    E->printPretty(OS, nullptr, Policy);
    return Prefix + OS.str();
  }

  std::string typeName(QualType T) const {
    T = T.getNonReferenceType().getUnqualifiedType();
    // pthread_mutex_t is a typedef of an unnamed union.
    if (const RecordDecl *RD = T->getAsRecordDecl(); RD && !RD->getIdentifier())
      if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
        return TD->getQualifiedNameAsString();
    PrintingPolicy Policy(Check.Ctx->getLangOpts());
    Policy.SuppressTagKeyword = true;
    return T.getCanonicalType().getUnqualifiedType().getAsString(Policy);
  }

  void suspension(const Expr *Suspend, const Expr *Operand) {
    if (!Reachable ||
        (llvm::none_of(Live, [](const Lock &L) { return L.Held; }) &&
         llvm::none_of(Mutexes, [](const Mutex &M) { return M.HeldBy; })))
      return;
    if (Check.isSafeAwaitable(Operand))
      return;
    // co_await cv.wait(lk): the awaited operation releases the lock while
    // the coroutine is suspended.
    llvm::SmallPtrSet<const Decl *, 8> Mentioned;
    collectRefs(Operand, Mentioned);
    for (const Lock &L : Live)
      if (L.Held && !Mentioned.count(L.Var))
        Check.report(L.Var, Suspend);
    for (const Mutex &M : Mutexes)
      if (M.HeldBy && !Mentioned.count(M.Named) &&
          Check.claimMutexReport(M.HeldBy, M.Name))
        Pending.push_back(
            {M.Key, M.Name, M.TypeName, M.HeldBy, Suspend, nullptr});
  }

  static bool initiallyHeld(const VarDecl *VD) {
    const auto *CE = dyn_cast_or_null<CXXConstructExpr>(
        stripImplicit(VD->getInit()));
    if (!CE)
      return true;
    if (CE->getNumArgs() == 0)
      return false; // a default-constructed unique_lock owns nothing
    for (const Expr *Arg : CE->arguments()) {
      const CXXRecordDecl *RD = Arg->getType()->getAsCXXRecordDecl();
      if (RD && RD->getIdentifier() && RD->getName() == "defer_lock_t" &&
          RD->isInStdNamespace())
        return false;
    }
    return true;
  }

  LockAcrossSuspendCheck &Check;
  std::vector<Lock> Live;
  std::vector<Mutex> Mutexes;
  std::vector<PendingReport> Pending;
  bool Reachable = true;
  std::vector<Jumps *> BreakTargets, ContinueTargets;
  std::vector<State> SwitchEntries;
  std::vector<State *> LambdaReturns;
  llvm::DenseMap<const VarDecl *, const CallExpr *> TryResults;
};

//===----------------------------------------------------------------------===//
// The check
//===----------------------------------------------------------------------===//

LockAcrossSuspendCheck::LockAcrossSuspendCheck(llvm::StringRef Name,
                                               tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      LockTypesOpt(Options.get("LockTypes", "")),
      SafeAwaitablesOpt(Options.get("SafeAwaitables", DefaultSafeAwaitables)),
      IgnoredMutexTypesOpt(
          Options.get("IgnoredMutexTypes", DefaultIgnoredMutexTypes)),
      LockTypes(LockTypesOpt), SafeAwaitables(SafeAwaitablesOpt),
      IgnoredMutexTypes(IgnoredMutexTypesOpt, /*IgnoreCase=*/true) {}

void LockAcrossSuspendCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "LockTypes", LockTypesOpt);
  Options.store(Opts, "SafeAwaitables", SafeAwaitablesOpt);
  Options.store(Opts, "IgnoredMutexTypes", IgnoredMutexTypesOpt);
}

void LockAcrossSuspendCheck::registerMatchers(MatchFinder *Finder) {
  // Suspension points exist only in coroutines: their bodies are the only
  // ones walked.
  Finder->addMatcher(
      functionDecl(isDefinition(), hasBody(coroutineBodyStmt().bind("body")),
                   unless(isExpansionInSystemHeader()))
          .bind("fn"),
      this);
}

void LockAcrossSuspendCheck::check(const MatchFinder::MatchResult &R) {
  const auto *Fn = R.Nodes.getNodeAs<FunctionDecl>("fn");
  const auto *Body = R.Nodes.getNodeAs<CoroutineBodyStmt>("body");
  if (!Fn || !Body || Fn->isInvalidDecl())
    return;
  if (Ctx != R.Context) {
    Ctx = R.Context;
    LockTypeCache.clear();
    MutexCache.clear();
    Reported.clear();
    ReportedMutexes.clear();
  }
  LockFlowWalker(*this).run(Fn, Body);
}

bool LockAcrossSuspendCheck::isLockType(const CXXRecordDecl *RD) {
  auto [It, Inserted] = LockTypeCache.try_emplace(RD, false);
  if (Inserted)
    It->second = isStdLock(catalogName(RD)) || LockTypes.matches(RD) ||
                 hasScopedLockable(RD);
  return It->second;
}

bool LockAcrossSuspendCheck::isFollowedLock(const VarDecl *VD) {
  if (!VD->hasLocalStorage())
    return false;
  QualType T = VD->getType();
  if (T->isDependentType() || T->isReferenceType())
    return false;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !isLockType(RD))
    return false;
  const Expr *Init = VD->getInit();
  // auto g = co_await m.scoped_lock(): the lock of an async mutex.
  if (fromCoAwait(VD))
    return false;
  if (IgnoredMutexTypes.matches(RD))
    return false;
  // A lock template over coroutine-aware mutexes only, or none at all.
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD)) {
    unsigned Mutexes = 0, Ignored = 0;
    auto Visit = [&](const TemplateArgument &A) {
      if (A.getKind() != TemplateArgument::Type)
        return;
      ++Mutexes;
      const CXXRecordDecl *M = A.getAsType()->getAsCXXRecordDecl();
      Ignored += M && IgnoredMutexTypes.matches(M);
    };
    for (const TemplateArgument &A : Spec->getTemplateArgs().asArray()) {
      if (A.getKind() == TemplateArgument::Pack)
        for (const TemplateArgument &P : A.pack_elements())
          Visit(P);
      else
        Visit(A);
    }
    if (Mutexes > 0 && Mutexes == Ignored)
      return false;
    if (Mutexes == 0 && catalogName(RD) == "std::scoped_lock")
      return false; // std::scoped_lock<> locks nothing
  }
  // A guard class constructed from an ignored mutex.
  if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(stripImplicit(Init)))
    if (CE->getNumArgs() > 0) {
      QualType A = CE->getArg(0)->getType();
      if (A->isPointerType())
        A = A->getPointeeType();
      const CXXRecordDecl *M = A->getAsCXXRecordDecl();
      if (M && M != RD && IgnoredMutexTypes.matches(M))
        return false;
    }
  return true;
}

bool LockAcrossSuspendCheck::isHandLockedMutex(const CXXRecordDecl *RD) {
  auto [It, Inserted] = MutexCache.try_emplace(RD, false);
  if (Inserted) {
    const CXXRecordDecl *Def = RD->getDefinition();
    It->second = Def && looksLikeMutex(Def) && !isLockType(RD) &&
                 !IgnoredMutexTypes.matches(RD) && !isCoroutineAwareMutex(Def);
  }
  return It->second;
}

bool LockAcrossSuspendCheck::isSafeAwaitable(const Expr *Operand) const {
  if (SafeAwaitables.empty() || !Operand)
    return false;
  const Expr *E = stripImplicit(Operand);
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (SafeAwaitables.matches(Call->getDirectCallee()))
      return true;
  return !E->isTypeDependent() &&
         SafeAwaitables.matches(E->getType()->getAsCXXRecordDecl());
}

void LockAcrossSuspendCheck::report(const VarDecl *Lock,
                                    const Expr *Suspension) {
  const SourceManager &SM = Ctx->getSourceManager();
  SourceLocation Loc = SM.getFileLoc(Lock->getLocation());
  if (Loc.isInvalid() || !Reported.insert(Loc.getRawEncoding()).second)
    return;
  PrintingPolicy Policy(Ctx->getLangOpts());
  Policy.SuppressTagKeyword = true;
  std::string Type =
      Lock->getType().getNonReferenceType().getCanonicalType().getAsString(
          Policy);
  diag(Loc, "lock '%0' of type '%1' is held across a suspension point; use "
            "'unblock::async_mutex' or release the lock before suspending")
      << Lock->getName() << Type;
  diag(SM.getFileLoc(Suspension->getBeginLoc()),
       "the coroutine suspends here with '%0' held", DiagnosticIDs::Note)
      << Lock->getName();
}

bool LockAcrossSuspendCheck::claimMutexReport(const Expr *LockCall,
                                              llvm::StringRef Name) {
  SourceLocation Loc =
      Ctx->getSourceManager().getFileLoc(LockCall->getBeginLoc());
  return Loc.isValid() &&
         ReportedMutexes
             .insert((llvm::Twine(Loc.getRawEncoding()) + ":" + Name).str())
             .second;
}

void LockAcrossSuspendCheck::reportMutex(llvm::StringRef Name,
                                         llvm::StringRef Type,
                                         const Expr *LockCall,
                                         const Expr *Suspension,
                                         const Expr *UnlockCall) {
  const SourceManager &SM = Ctx->getSourceManager();
  diag(SM.getFileLoc(Suspension->getBeginLoc()),
       "mutex '%0' of type '%1' is held across a suspension point; use "
       "'unblock::async_mutex' or unlock it before suspending")
      << Name << Type;
  diag(SM.getFileLoc(LockCall->getBeginLoc()), "'%0' is locked here",
       DiagnosticIDs::Note)
      << Name;
  if (UnlockCall)
    diag(SM.getFileLoc(UnlockCall->getBeginLoc()), "'%0' is unlocked here",
         DiagnosticIDs::Note)
        << Name;
}

} // namespace unblock
