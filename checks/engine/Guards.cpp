//===-- Guards.cpp - Destructors that wait only while a flag says so ------===//

#include "Guards.h"

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace unblock {

namespace {

struct FlagTest {
  const FieldDecl *Field = nullptr;
  bool TrueWhenSet = true; // the condition holds when the flag is set
};

/// The member an expression reads through `this`: `closed_`,
/// `this->closed_`, `closed_.load()`, an atomic's conversion to bool.
const FieldDecl *flagRead(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (!MD || !(isa<CXXConversionDecl>(MD) ||
                 (MD->getIdentifier() && MD->getName() == "load")))
      return nullptr;
    E = MC->getImplicitObjectArgument()->IgnoreParenImpCasts();
  }
  const auto *ME = dyn_cast<MemberExpr>(E);
  if (!ME || !isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
    return nullptr;
  return dyn_cast<FieldDecl>(ME->getMemberDecl());
}

std::optional<FlagTest> flagTest(const Expr *E, unsigned Depth = 0) {
  if (!E || Depth > 4)
    return std::nullopt;
  E = E->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() != UO_LNot)
      return std::nullopt;
    auto T = flagTest(UO->getSubExpr(), Depth + 1);
    if (T)
      T->TrueWhenSet = !T->TrueWhenSet;
    return T;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->getOpcode() != BO_EQ && BO->getOpcode() != BO_NE)
      return std::nullopt;
    const Expr *L = BO->getLHS()->IgnoreParenImpCasts();
    const Expr *R = BO->getRHS()->IgnoreParenImpCasts();
    if (isa<CXXBoolLiteralExpr>(L))
      std::swap(L, R);
    const auto *Lit = dyn_cast<CXXBoolLiteralExpr>(R);
    if (!Lit)
      return std::nullopt;
    auto T = flagTest(L, Depth + 1);
    if (T && (Lit->getValue() != (BO->getOpcode() == BO_EQ)))
      T->TrueWhenSet = !T->TrueWhenSet;
    return T;
  }
  if (const FieldDecl *F = flagRead(E))
    return FlagTest{F, true};
  return std::nullopt;
}

bool containsCall(const Stmt *S) {
  llvm::SmallVector<const Stmt *, 16> Work{S};
  while (!Work.empty()) {
    const Stmt *Cur = Work.pop_back_val();
    if (!Cur)
      continue;
    if (isa<CallExpr>(Cur) || isa<CXXConstructExpr>(Cur) ||
        isa<CXXDeleteExpr>(Cur) || isa<CXXBindTemporaryExpr>(Cur) ||
        isa<CoawaitExpr>(Cur))
      return true;
    if (isa<LambdaExpr>(Cur))
      continue;
    for (const Stmt *C : Cur->children())
      Work.push_back(C);
  }
  return false;
}

bool isBareReturn(const Stmt *S) {
  if (const auto *CS = dyn_cast_or_null<CompoundStmt>(S))
    return CS->size() == 1 && isBareReturn(CS->body_front());
  const auto *R = dyn_cast_or_null<ReturnStmt>(S);
  return R && !R->getRetValue();
}

const Stmt *bodyOf(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  const FunctionDecl *Def = nullptr;
  if (FD->hasBody(Def) && Def)
    return Def->getBody();
  if (const FunctionDecl *P = FD->getTemplateInstantiationPattern())
    if (P->hasBody(Def) && Def)
      return Def->getBody();
  return nullptr;
}

/// True when \p E stores into \p F a value that turns the guard off (or a
/// value not known at compile time).
bool storesSettling(const Expr *Value, const DestructorGuard &G) {
  if (!Value)
    return true;
  Value = Value->IgnoreParenImpCasts();
  if (Value->isValueDependent())
    return true;
  bool V = false;
  if (!Value->EvaluateAsBooleanCondition(V, G.Flag->getASTContext()))
    return true;
  return V != G.RunsWhenSet;
}

/// True when \p Method (or a member function of the same object it calls)
/// stores a settling value into the guard's flag.
bool setsFlag(const FunctionDecl *Method, const DestructorGuard &G,
              unsigned Depth) {
  const Stmt *Body = bodyOf(Method);
  if (!Body || Depth > 3)
    return false;
  auto IsFlag = [&](const Expr *E) {
    const auto *ME = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts());
    return ME && ME->getMemberDecl() == G.Flag;
  };
  llvm::SmallVector<const Stmt *, 32> Work{Body};
  while (!Work.empty()) {
    const Stmt *Cur = Work.pop_back_val();
    if (!Cur)
      continue;
    if (const auto *BO = dyn_cast<BinaryOperator>(Cur)) {
      if (BO->getOpcode() == BO_Assign && IsFlag(BO->getLHS()) &&
          storesSettling(BO->getRHS(), G))
        return true;
    } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(Cur)) {
      if (OC->getOperator() == OO_Equal && OC->getNumArgs() == 2 &&
          IsFlag(OC->getArg(0)) && storesSettling(OC->getArg(1), G))
        return true;
    } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Cur)) {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      const Expr *Obj = MC->getImplicitObjectArgument();
      if (MD && Obj && MD->getIdentifier() &&
          (MD->getName() == "store" || MD->getName() == "exchange") &&
          IsFlag(Obj) && MC->getNumArgs() > 0 &&
          storesSettling(MC->getArg(0), G))
        return true;
      // A helper of the same object: close() { co_await drain(); mark(); }
      if (MD && Obj && isa<CXXThisExpr>(Obj->IgnoreParenImpCasts()) &&
          setsFlag(MD, G, Depth + 1))
        return true;
    }
    for (const Stmt *C : Cur->children())
      Work.push_back(C);
  }
  return false;
}

bool refersTo(const Expr *E, const VarDecl *V) {
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  return DRE && DRE->getDecl() == V;
}

/// True when statement \p S awaits, unconditionally, a member call on \p V
/// that settles the guard: `co_await c.close();`, `auto r = co_await
/// c.shutdown();`.
bool awaitsSettling(const Stmt *S, const VarDecl *V, const DestructorGuard &G) {
  llvm::SmallVector<const Stmt *, 16> Work;
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        Work.push_back(VD->getInit());
  } else if (isa<Expr>(S)) {
    Work.push_back(S);
  }
  while (!Work.empty()) {
    const Stmt *Cur = Work.pop_back_val();
    if (!Cur || isa<LambdaExpr>(Cur) || isa<ConditionalOperator>(Cur))
      continue;
    if (const auto *BO = dyn_cast<BinaryOperator>(Cur); BO && BO->isLogicalOp())
      continue; // may not run
    if (const auto *CA = dyn_cast<CoawaitExpr>(Cur)) {
      const Expr *Op = CA->getOperand()->IgnoreImplicit()->IgnoreParens();
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Op))
        if (MC->getImplicitObjectArgument() &&
            refersTo(MC->getImplicitObjectArgument(), V) &&
            setsFlag(MC->getMethodDecl(), G, 0))
          return true;
    }
    for (const Stmt *C : Cur->children())
      if (isa_and_nonnull<Expr>(C))
        Work.push_back(C);
  }
  return false;
}

/// The first statement in \p S that leaves the enclosing block: a return,
/// a goto, or a break or continue that is not inside a loop or switch of
/// its own.
SourceLocation firstExit(const Stmt *S) {
  struct Item {
    const Stmt *S;
    bool InLoop;
  };
  SourceLocation Best;
  llvm::SmallVector<Item, 16> Work{{S, false}};
  while (!Work.empty()) {
    Item Cur = Work.pop_back_val();
    if (!Cur.S || isa<LambdaExpr>(Cur.S))
      continue;
    bool Exit = isa<ReturnStmt>(Cur.S) || isa<CoreturnStmt>(Cur.S) ||
                isa<GotoStmt>(Cur.S) ||
                (!Cur.InLoop &&
                 (isa<BreakStmt>(Cur.S) || isa<ContinueStmt>(Cur.S)));
    if (Exit) {
      SourceLocation L = Cur.S->getBeginLoc();
      if (Best.isInvalid() || L < Best)
        Best = L;
      continue;
    }
    bool Loop = Cur.InLoop || isa<ForStmt>(Cur.S) || isa<WhileStmt>(Cur.S) ||
                isa<DoStmt>(Cur.S) || isa<CXXForRangeStmt>(Cur.S) ||
                isa<SwitchStmt>(Cur.S);
    for (const Stmt *C : Cur.S->children())
      Work.push_back({C, Loop});
  }
  return Best;
}

/// The block that declares \p V, and the index of the declaration in it.
std::pair<const CompoundStmt *, unsigned> declaringBlock(const Stmt *Body,
                                                        const VarDecl *V) {
  llvm::SmallVector<const Stmt *, 32> Work{Body};
  while (!Work.empty()) {
    const Stmt *Cur = Work.pop_back_val();
    if (!Cur || isa<LambdaExpr>(Cur))
      continue;
    if (const auto *CS = dyn_cast<CompoundStmt>(Cur)) {
      unsigned I = 0;
      for (const Stmt *Child : CS->body()) {
        if (const auto *DS = dyn_cast<DeclStmt>(Child))
          for (const Decl *D : DS->decls())
            if (D == V)
              return {CS, I};
        ++I;
      }
    }
    for (const Stmt *C : Cur->children())
      Work.push_back(C);
  }
  return {nullptr, 0};
}

} // namespace

std::optional<DestructorGuard>
destructorGuard(const CXXDestructorDecl *Dtor) {
  const auto *Body = dyn_cast_or_null<CompoundStmt>(bodyOf(Dtor));
  if (!Body)
    return std::nullopt;
  std::optional<DestructorGuard> Guard;
  auto Agree = [&](const FieldDecl *F, bool RunsWhenSet) {
    if (Guard && (Guard->Flag != F || Guard->RunsWhenSet != RunsWhenSet))
      return false;
    Guard = DestructorGuard{F, RunsWhenSet};
    return true;
  };
  for (const Stmt *S : Body->body()) {
    const auto *If = dyn_cast<IfStmt>(S);
    if (If && !If->getElse() && !If->getInit() &&
        !If->getConditionVariable() && !If->isConsteval()) {
      if (auto T = flagTest(If->getCond())) {
        if (isBareReturn(If->getThen())) {
          // if (closed_) return;  ... the rest runs while the flag is clear
          if (!Agree(T->Field, !T->TrueWhenSet))
            return std::nullopt;
          return Guard;
        }
        if (!Agree(T->Field, T->TrueWhenSet))
          return std::nullopt;
        continue;
      }
    }
    if (containsCall(S))
      return std::nullopt; // a call that runs whatever the flag says
  }
  return Guard;
}

GuardedExit guardedExit(const FunctionDecl *Fn, const VarDecl *V,
                        const DestructorGuard &G) {
  GuardedExit R;
  if (!Fn || !V || !G.Flag)
    return R;
  auto [Block, Index] = declaringBlock(Fn->getBody(), V);
  if (!Block)
    return R;
  unsigned I = 0;
  for (const Stmt *S : Block->body()) {
    if (I++ <= Index)
      continue;
    if (awaitsSettling(S, V, G)) {
      R.Settled = true;
      return R;
    }
    if (R.EarlyExit.isInvalid())
      R.EarlyExit = firstExit(S);
  }
  R.EarlyExit = SourceLocation();
  return R;
}

} // namespace unblock
