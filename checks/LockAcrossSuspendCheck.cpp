//===-- LockAcrossSuspendCheck.cpp - coro-lock-across-suspend -------------===//

#include "LockAcrossSuspendCheck.h"

#include "engine/Analysis.h"
#include "engine/Catalog.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/SmallPtrSet.h"

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
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    Out.insert(DRE->getDecl());
  for (const Stmt *C : S->children())
    collectRefs(C, Out);
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
  }

private:
  struct Lock {
    const VarDecl *Var;
    bool Held;
  };
  struct State {
    llvm::SmallVector<bool, 8> Held;
    bool Reachable = true;
  };
  struct Jumps {
    State Break, Continue;
  };

  State save() const {
    State S;
    for (const Lock &L : Live)
      S.Held.push_back(L.Held);
    S.Reachable = Reachable;
    return S;
  }
  State unreachable() const {
    State S = save();
    S.Reachable = false;
    return S;
  }
  /// Back to \p S (taken in the same scope).
  void restore(const State &S) {
    for (size_t I = 0; I < Live.size() && I < S.Held.size(); ++I)
      Live[I].Held = S.Held[I];
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
    Reachable = true;
  }
  static void joinInto(State &Into, const State &From) {
    if (!From.Reachable)
      return;
    for (size_t I = 0; I < Into.Held.size(); ++I) {
      bool Other = I < From.Held.size() && From.Held[I];
      Into.Held[I] = Into.Reachable ? Into.Held[I] || Other : Other;
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

  void ifStmt(const IfStmt *If) {
    size_t N = Live.size();
    stmt(If->getInit());
    stmt(If->getConditionVariableDeclStmt());
    expr(If->getCond());
    // In a template, a branch of a dependent `if constexpr` may be
    // discarded: the instantiations tell which one runs.
    if (!(If->isConstexpr() && If->getCond() &&
          If->getCond()->isValueDependent())) {
      State Before = save();
      scoped(If->getThen());
      State AfterThen = save();
      restore(Before);
      scoped(If->getElse());
      join(AfterThen);
    }
    Live.resize(N);
  }

  void loop(const Stmt *Init, const Stmt *CondVar, const Expr *Cond,
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
        stmt(CondVar);
        expr(Cond);
        Exit = save(); // the condition is false (or the range is empty)
      }
      BreakTargets.push_back(&J);
      ContinueTargets.push_back(&J);
      scoped(Body);
      BreakTargets.pop_back();
      ContinueTargets.pop_back();
      join(J.Continue);
      if (BodyFirst) {
        expr(Cond);
        Exit = save();
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
      expr(CO->getCond());
      State Before = save();
      expr(CO->getTrueExpr());
      State AfterTrue = save();
      restore(Before);
      expr(CO->getFalseExpr());
      join(AfterTrue);
      return;
    }
    case Stmt::BinaryOperatorClass: {
      const auto *BO = cast<BinaryOperator>(E);
      if (!BO->isLogicalOp())
        break;
      expr(BO->getLHS());
      State Before = save();
      expr(BO->getRHS());
      join(Before);
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
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
      memberCall(MC);
    else if (const auto *Call = dyn_cast<CallExpr>(E))
      moveCall(Call);
  }

  /// lk.unlock(), lk.lock(), lk.release(), ...
  void memberCall(const CXXMemberCallExpr *MC) {
    Lock *L = find(namedVar(MC->getImplicitObjectArgument()));
    const CXXMethodDecl *M = MC->getMethodDecl();
    if (!L || !M || !M->getIdentifier())
      return;
    llvm::StringRef Name = M->getName();
    if (Name == "unlock" || Name == "release" || Name == "Unlock" ||
        Name == "Release")
      L->Held = false;
    else if (Name == "lock" || Name.starts_with("try_lock"))
      L->Held = true;
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

  void suspension(const Expr *Suspend, const Expr *Operand) {
    if (!Reachable || llvm::none_of(Live, [](const Lock &L) { return L.Held; }))
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
  bool Reachable = true;
  std::vector<Jumps *> BreakTargets, ContinueTargets;
  std::vector<State> SwitchEntries;
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
    Reported.clear();
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

} // namespace unblock
