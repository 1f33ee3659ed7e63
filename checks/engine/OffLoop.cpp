//===-- OffLoop.cpp - Coroutine code that runs on no event loop -----------===//
//
// Two shapes of coroutine code that runs on a plain thread, not on an event
// loop (thread-pool regions are in Analysis.cpp, markPoolRegions).
//
// Root coroutines. A root coroutine is one that the program only ever hands to a synchronous
// wait (`sync_wait(serve())`, `syncAwait(example())`) from plain code: main,
// a test body. Until its first suspension it runs on that plain thread,
// where no event loop lives; what it does there (start a server, wait for it
// to come up) stalls no other coroutine. After the first suspension it
// resumes wherever the awaited operation completes, usually an event loop's
// thread, and is checked as usual.
//
// Fallbacks without an executor. A coroutine that asks for its executor and
// blocks only when it has none (`auto *ex = co_await CurrentExecutor{};
// if (!ex) { std::this_thread::sleep_for(d); co_return; }`) blocks only
// when no executor, hence no event loop, drives it.
//
//===----------------------------------------------------------------------===//

#include "Analysis.h"
#include "Common.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseSet.h"

#include <optional>

using namespace clang;

namespace unblock {

namespace {

/// Synchronous waits that run a coroutine on the calling thread.
bool isSyncWait(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier())
    return false;
  llvm::StringRef N = FD->getName();
  return N == "sync_wait" || N == "syncAwait" || N == "blockingWait" ||
         N == "blocking_wait";
}

/// Combinators that start the tasks they are given on the calling thread,
/// one after the other: a task handed to one inside a synchronous wait
/// starts on the waiting thread too.
bool isStartingCombinator(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier())
    return false;
  llvm::StringRef N = FD->getName();
  return N == "when_all" || N == "when_all_ready" || N == "when_any" ||
         N == "collectAll" || N == "collectAny";
}

/// The call an argument is, through conversions and temporaries.
const CallExpr *argumentCall(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = ast::ignoreWrappers(E);
    if (const auto *CC = dyn_cast<CXXConstructExpr>(E);
        CC && CC->getNumArgs() == 1)
      E = CC->getArg(0);
    else
      return dyn_cast<CallExpr>(E);
  }
  return nullptr;
}

bool suspends(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (isa<CoawaitExpr>(S) || isa<DependentCoawaitExpr>(S) ||
      isa<CoyieldExpr>(S))
    return true;
  for (const Stmt *C : S->children())
    if (suspends(C))
      return true;
  return false;
}

void collect(const Stmt *S, llvm::DenseSet<const Stmt *> &Out) {
  if (!S || isa<LambdaExpr>(S))
    return;
  Out.insert(S);
  for (const Stmt *C : S->children())
    collect(C, Out);
}

/// A local that holds the coroutine's executor: initialized with the result
/// of a co_await whose operand names an executor (`co_await
/// CurrentExecutor{}`, `co_await this_executor()`).
bool holdsCurrentExecutor(const VarDecl *VD) {
  if (!VD || !VD->isLocalVarDecl() || !VD->getInit())
    return false;
  const Expr *Init = VD->getInit()->IgnoreImplicit()->IgnoreParens();
  if (const auto *EWC = dyn_cast<ExprWithCleanups>(Init))
    Init = EWC->getSubExpr()->IgnoreImplicit()->IgnoreParens();
  const auto *CA = dyn_cast<CoawaitExpr>(Init);
  if (!CA || !CA->getOperand())
    return false;
  const Expr *Op = CA->getOperand()->IgnoreImplicit()->IgnoreParens();
  std::string Name;
  if (const auto *C = dyn_cast<CallExpr>(Op);
      C && C->getDirectCallee() && C->getDirectCallee()->getIdentifier())
    Name = C->getDirectCallee()->getName().lower();
  else if (const CXXRecordDecl *RD = Op->getType()->getAsCXXRecordDecl();
           RD && RD->getIdentifier())
    Name = RD->getName().lower();
  return llvm::StringRef(Name).contains("executor");
}

/// For a condition that tests such a local against null: true when the
/// condition holds exactly when there is no executor (`!ex`, `ex ==
/// nullptr`), false when it holds when there is one (`ex`, `ex != nullptr`).
std::optional<bool> testsNoExecutor(const Expr *Cond) {
  if (!Cond)
    return std::nullopt;
  Cond = Cond->IgnoreParenImpCasts();
  auto IsExecutor = [](const Expr *E) {
    const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return DRE && holdsCurrentExecutor(dyn_cast<VarDecl>(DRE->getDecl()));
  };
  auto IsNull = [](const Expr *E) {
    E = E->IgnoreParenImpCasts();
    if (isa<CXXNullPtrLiteralExpr>(E) || isa<GNUNullExpr>(E))
      return true;
    const auto *L = dyn_cast<IntegerLiteral>(E);
    return L && L->getValue().isZero();
  };
  if (const auto *UO = dyn_cast<UnaryOperator>(Cond)) {
    if (UO->getOpcode() == UO_LNot)
      if (auto R = testsNoExecutor(UO->getSubExpr()))
        return !*R;
    return std::nullopt;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(Cond)) {
    if (BO->getOpcode() != BO_EQ && BO->getOpcode() != BO_NE)
      return std::nullopt;
    const Expr *L = BO->getLHS(), *R = BO->getRHS();
    if (IsNull(L))
      std::swap(L, R);
    if (!IsExecutor(L) || !IsNull(R))
      return std::nullopt;
    return BO->getOpcode() == BO_EQ;
  }
  if (IsExecutor(Cond))
    return false;
  return std::nullopt;
}

/// The statements of \p Body that run only when the coroutine has no
/// executor: the branch of an `if` on the executor local that is taken
/// when it is null.
void collectNoExecutorBranches(const Stmt *S,
                               llvm::DenseSet<const Stmt *> &Out) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *If = dyn_cast<IfStmt>(S))
    if (auto NoExecutor = testsNoExecutor(If->getCond())) {
      collect(*NoExecutor ? If->getThen() : If->getElse(), Out);
      collectNoExecutorBranches(*NoExecutor ? If->getElse() : If->getThen(),
                                Out);
      return;
    }
  for (const Stmt *C : S->children())
    collectNoExecutorBranches(C, Out);
}

} // namespace

void Analysis::markNoExecutorBranches() {
  for (const auto &F : Functions) {
    if (!F->IsCoroutine)
      continue;
    llvm::DenseSet<const Stmt *> Branch;
    collectNoExecutorBranches(F->Decl->getBody(), Branch);
    if (Branch.empty())
      continue;
    for (CallSite &S : F->Calls)
      if (Branch.count(S.Call))
        S.OffLoop = true;
    for (DestructorRun &D : F->Destructors)
      if ((D.Expr && Branch.count(D.Expr)) ||
          (D.Var && D.Var->getInit() && Branch.count(D.Var->getInit())))
        D.OffLoop = true;
  }
}

void Analysis::markRootPrologues() {
  struct Uses {
    unsigned Calls = 0, FromPlainWaits = 0;
  };
  llvm::DenseMap<const FunctionInfo *, Uses> ByCoroutine;
  for (const auto &F : Functions)
    for (const CallSite &S : F->Calls) {
      if (const FunctionInfo *C = info(S.Callee); C && C->IsCoroutine)
        ++ByCoroutine[C].Calls;
      if (F->isContext() || !isSyncWait(S.Callee))
        continue;
      const auto *CE = dyn_cast<CallExpr>(S.Call);
      if (!CE)
        continue;
      llvm::SmallVector<const Expr *, 8> Args(CE->arguments());
      for (unsigned I = 0; I < Args.size() && I < 64; ++I) {
        const CallExpr *Inner = argumentCall(Args[I]);
        if (!Inner)
          continue;
        const FunctionDecl *Callee = Inner->getDirectCallee();
        if (isStartingCombinator(Callee)) {
          Args.append(Inner->arg_begin(), Inner->arg_end());
          continue;
        }
        if (const FunctionInfo *C = info(Callee); C && C->IsCoroutine)
          ++ByCoroutine[C].FromPlainWaits;
      }
    }

  for (auto &[C, U] : ByCoroutine) {
    if (!U.Calls || U.Calls != U.FromPlainWaits)
      continue;
    const Stmt *Body = C->Decl->getBody();
    if (const auto *CB = dyn_cast_or_null<CoroutineBodyStmt>(Body))
      Body = CB->getBody();
    const auto *Block = dyn_cast_or_null<CompoundStmt>(Body);
    if (!Block)
      continue;
    // The statements before the first one that may suspend, and the
    // variables they destroy before it (those of nested blocks; a variable
    // of the body itself lives past the suspension).
    llvm::DenseSet<const Stmt *> Prologue;
    llvm::DenseSet<const Decl *> TopLevel;
    for (const Stmt *S : Block->body()) {
      if (suspends(S))
        break;
      collect(S, Prologue);
      if (const auto *DS = dyn_cast<DeclStmt>(S))
        for (const Decl *D : DS->decls())
          TopLevel.insert(D);
    }
    if (Prologue.empty())
      continue;
    auto *Mutable = const_cast<FunctionInfo *>(C);
    // A synchronous wait nested in a coroutine is reported wherever it
    // runs: it starts a loop of its own inside the coroutine.
    for (CallSite &S : Mutable->Calls)
      if (Prologue.count(S.Call) && !isSyncWait(S.Callee))
        S.OffLoop = true;
    for (DestructorRun &D : Mutable->Destructors) {
      if (D.Var) {
        if (!TopLevel.count(D.Var) && D.Var->getInit() &&
            Prologue.count(D.Var->getInit()))
          D.OffLoop = true;
      } else if (D.Expr && Prologue.count(D.Expr)) {
        D.OffLoop = true;
      }
    }
  }
}

} // namespace unblock
