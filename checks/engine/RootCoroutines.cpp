//===-- RootCoroutines.cpp - Coroutines that a plain thread starts --------===//
//
// A root coroutine is one that the program only ever hands to a synchronous
// wait (`sync_wait(serve())`, `syncAwait(example())`) from plain code: main,
// a test body. Until its first suspension it runs on that plain thread,
// where no event loop lives; what it does there (start a server, wait for it
// to come up) stalls no other coroutine. After the first suspension it
// resumes wherever the awaited operation completes, usually an event loop's
// thread, and is checked as usual.
//
//===----------------------------------------------------------------------===//

#include "Analysis.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseSet.h"

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
    E = E->IgnoreParenImpCasts();
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
      E = EWC->getSubExpr();
    else if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E))
      E = MT->getSubExpr();
    else if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(E))
      E = BT->getSubExpr();
    else if (const auto *CC = dyn_cast<CXXConstructExpr>(E);
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

} // namespace

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
    for (CallSite &S : Mutable->Calls)
      if (Prologue.count(S.Call))
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
