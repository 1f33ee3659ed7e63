//===-- UnawaitedCheck.cpp - coro-unawaited -------------------------------===//

#include "UnawaitedCheck.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclFriend.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Lex/Lexer.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace unblock {

//===----------------------------------------------------------------------===//
// Names and types
//===----------------------------------------------------------------------===//

namespace {

/// The definition of a class, or of the template it would be instantiated
/// from when it has not been instantiated (yet) in this translation unit.
const CXXRecordDecl *definitionOf(const CXXRecordDecl *RD) {
  if (!RD)
    return nullptr;
  if (const CXXRecordDecl *Def = RD->getDefinition())
    return Def;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD)) {
    auto From = Spec->getSpecializedTemplateOrPartial();
    if (const auto *Partial =
            llvm::dyn_cast<ClassTemplatePartialSpecializationDecl *>(From))
      return Partial->getDefinition();
    if (const auto *Template = llvm::dyn_cast<ClassTemplateDecl *>(From))
      return Template->getTemplatedDecl()->getDefinition();
  }
  if (const CXXRecordDecl *Member = RD->getInstantiatedFromMemberClass())
    return Member->getDefinition();
  return nullptr;
}

/// The class a type names; for a dependent template specialization, the
/// template's pattern.
const CXXRecordDecl *recordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType();
  if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl())
    return RD;
  if (const auto *TST = T->getAs<TemplateSpecializationType>()) {
    // A dependent alias template: what it stands for.
    if (TST->isTypeAlias())
      return recordOf(TST->getAliasedType());
    if (const auto *TD = dyn_cast_or_null<ClassTemplateDecl>(
            TST->getTemplateName().getAsTemplateDecl()))
      return TD->getTemplatedDecl();
  }
  return nullptr;
}

/// A member named \p Name of \p RD or of one of its bases.
const NamedDecl *findMember(const CXXRecordDecl *RD, DeclarationName Name,
                            unsigned Depth = 0) {
  RD = definitionOf(RD);
  if (!RD || Depth > 8)
    return nullptr;
  DeclContext::lookup_result R = RD->lookup(Name);
  if (!R.empty())
    return R.front();
  for (const CXXBaseSpecifier &B : RD->bases())
    if (const NamedDecl *D = findMember(recordOf(B.getType()), Name, Depth + 1))
      return D;
  return nullptr;
}

/// The body of a function, or of the template it is instantiated from.
const Stmt *bodyOf(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  if (const Stmt *B = FD->getBody())
    return B;
  if (const FunctionDecl *P = FD->getTemplateInstantiationPattern())
    if (const Stmt *B = P->getBody())
      return B;
  if (const FunctionDecl *M = FD->getInstantiatedFromMemberFunction())
    return M->getBody();
  return nullptr;
}

bool sameClass(const CXXRecordDecl *A, const CXXRecordDecl *B) {
  if (!A || !B)
    return false;
  if (A->getCanonicalDecl() == B->getCanonicalDecl())
    return true;
  // A free operator co_await template names the class template's pattern.
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(B))
    return A->getCanonicalDecl() == Spec->getSpecializedTemplate()
                                        ->getTemplatedDecl()
                                        ->getCanonicalDecl();
  return false;
}

bool isNoDiscard(const CXXRecordDecl *RD) {
  for (const auto *R : RD->redecls())
    if (R->hasAttr<WarnUnusedResultAttr>())
      return true;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    return Spec->getSpecializedTemplate()
        ->getTemplatedDecl()
        ->hasAttr<WarnUnusedResultAttr>();
  return false;
}

/// Strips what the compiler adds around a value: parentheses, cleanups,
/// temporaries, implicit conversions.
const Expr *stripImplicit(const Expr *E) {
  while (E) {
    const Expr *N = E->IgnoreImplicit()->IgnoreParens();
    if (N == E)
      break;
    E = N;
  }
  return E;
}

/// True when \p Fn is, or is defined inside, a template instantiation (a
/// lambda in a function template instantiation is one too).
bool isInInstantiation(const FunctionDecl *Fn) {
  for (const DeclContext *DC = Fn; DC; DC = DC->getParent()) {
    if (const auto *F = dyn_cast<FunctionDecl>(DC)) {
      if (F->getTemplateInstantiationPattern())
        return true;
    } else if (const auto *RD = dyn_cast<CXXRecordDecl>(DC)) {
      if (RD->getTemplateInstantiationPattern())
        return true;
    } else if (isa<NamespaceDecl, TranslationUnitDecl>(DC)) {
      return false;
    }
  }
  return false;
}

/// True when `co_await ` can be put in front of \p E as written without
/// changing what it applies to (a postfix or primary expression).
bool takesPrefix(const Expr *E) {
  E = E->IgnoreImplicit();
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    OverloadedOperatorKind K = Op->getOperator();
    return K == OO_Call || K == OO_Subscript || K == OO_Arrow;
  }
  return isa<ParenExpr, CallExpr, CXXTemporaryObjectExpr, CXXFunctionalCastExpr,
             CXXNamedCastExpr, CXXUnresolvedConstructExpr, MemberExpr,
             DeclRefExpr, ArraySubscriptExpr>(E);
}

} // namespace

//===----------------------------------------------------------------------===//
// What a type is
//===----------------------------------------------------------------------===//

namespace {

/// Classifies a type: a coroutine return type by its promise's
/// initial_suspend; an awaiter or a type with an operator co_await by
/// whether it stands for work that has already started.
class TypeClassifier {
public:
  explicit TypeClassifier(ASTContext &Ctx) : Ctx(Ctx) {}

  /// What \p RD is; \p Awaitable tells whether `co_await` applies to it
  /// (a generator is a lazy coroutine type that cannot be awaited),
  /// \p Coroutine whether it is a coroutine return type.
  UnawaitedCheck::Kind classify(const CXXRecordDecl *RD, bool &Awaitable,
                                bool &Coroutine) {
    using Kind = UnawaitedCheck::Kind;
    bool IsAwaiter = findMember(RD, name("await_ready")) &&
                     findMember(RD, name("await_suspend")) &&
                     findMember(RD, name("await_resume"));
    bool HasCoAwait = !IsAwaiter && hasCoAwaitOperator(RD);
    Awaitable = IsAwaiter || HasCoAwait;
    llvm::SmallVector<const CXXRecordDecl *, 4> Promises;
    Coroutine = promisesOf(RD, Promises);
    if (Coroutine) {
      // Lazy when every promise a coroutine returning it can have provably
      // suspends at the start.
      for (const CXXRecordDecl *P : Promises)
        if (startsEagerly(P))
          return Kind::Eager;
      return Kind::Lazy;
    }
    if (Awaitable)
      return standsForStartedWork(RD) ? Kind::Eager : Kind::Lazy;
    return Kind::NotAwaitable;
  }

private:
  DeclarationName name(llvm::StringRef N) {
    return DeclarationName(&Ctx.Idents.get(N));
  }

  static const CXXRecordDecl *promiseClass(const NamedDecl *P) {
    if (const auto *RD = dyn_cast<CXXRecordDecl>(P))
      return RD;
    if (const auto *TD = dyn_cast<TypedefNameDecl>(P))
      return recordOf(TD->getUnderlyingType());
    return nullptr;
  }

  /// A class template named \p N in \p NS or in one of its inline
  /// namespaces.
  const ClassTemplateDecl *templateIn(const NamespaceDecl *NS,
                                      DeclarationName N) {
    for (const NamedDecl *D : NS->lookup(N))
      if (const auto *CTD = dyn_cast<ClassTemplateDecl>(D))
        return CTD;
    for (const Decl *D : NS->decls())
      if (const auto *Inner = dyn_cast<NamespaceDecl>(D);
          Inner && Inner->isInline())
        if (const ClassTemplateDecl *CTD = templateIn(Inner, N))
          return CTD;
    return nullptr;
  }

  /// std::coroutine_traits and std::experimental::coroutine_traits, where
  /// they are declared.
  llvm::SmallVector<const ClassTemplateDecl *, 2> coroutineTraits() {
    llvm::SmallVector<const ClassTemplateDecl *, 2> Out;
    DeclarationName Traits = name("coroutine_traits");
    for (const NamedDecl *D : Ctx.getTranslationUnitDecl()->lookup(name("std")))
      if (const auto *Std = dyn_cast<NamespaceDecl>(D)) {
        if (const ClassTemplateDecl *CTD = templateIn(Std, Traits))
          Out.push_back(CTD);
        for (const NamedDecl *E : Std->lookup(name("experimental")))
          if (const auto *Exp = dyn_cast<NamespaceDecl>(E))
            if (const ClassTemplateDecl *CTD = templateIn(Exp, Traits))
              Out.push_back(CTD);
        break;
      }
    return Out;
  }

  /// The promise classes of the coroutines that return \p RD: those the
  /// specializations of std::coroutine_traits for \p RD name (how
  /// concurrencpp and Asio attach a promise to a type), else \p RD's own
  /// promise_type. False when \p RD is no coroutine return type. A promise
  /// that cannot be resolved is added as null.
  bool promisesOf(const CXXRecordDecl *RD,
                  llvm::SmallVectorImpl<const CXXRecordDecl *> &Out) {
    DeclarationName PromiseType = name("promise_type");
    auto Consider = [&](const ClassTemplateSpecializationDecl *Spec) {
      if (!Spec || Spec->isInvalidDecl())
        return;
      const TemplateArgumentList &Args = Spec->getTemplateArgs();
      if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type)
        return;
      const CXXRecordDecl *Ret = recordOf(Args[0].getAsType());
      if (!sameClass(Ret, RD) && !sameClass(RD, Ret))
        return;
      if (const NamedDecl *P = findMember(Spec, PromiseType))
        Out.push_back(promiseClass(P));
    };
    for (const ClassTemplateDecl *Traits : coroutineTraits()) {
      for (const ClassTemplateSpecializationDecl *Spec :
           Traits->specializations())
        Consider(Spec);
      llvm::SmallVector<ClassTemplatePartialSpecializationDecl *, 8> Partials;
      const_cast<ClassTemplateDecl *>(Traits)->getPartialSpecializations(
          Partials);
      for (const ClassTemplatePartialSpecializationDecl *Partial : Partials)
        Consider(Partial);
    }
    if (!Out.empty())
      return true;
    if (const NamedDecl *P = findMember(RD, PromiseType)) {
      Out.push_back(promiseClass(P));
      return true;
    }
    return false;
  }

  /// A task starts eagerly unless its promise's initial_suspend provably
  /// always suspends and leaves the coroutine suspended: std::suspend_always,
  /// or an awaiter whose await_ready returns a constant false and whose
  /// await_suspend does not hand the coroutine on (to an executor that runs
  /// it, or by resuming it).
  bool startsEagerly(const CXXRecordDecl *Promise) {
    const NamedDecl *D = findMember(Promise, name("initial_suspend"));
    const FunctionDecl *Fn = D ? D->getAsFunction() : nullptr;
    if (!Fn)
      return true;
    const CXXRecordDecl *Awaiter = recordOf(returnType(Fn));
    if (!Awaiter)
      return true;
    if (isStdSuspend(Awaiter, "suspend_always"))
      return false;
    if (isStdSuspend(Awaiter, "suspend_never"))
      return true;
    std::optional<bool> Ready = constantAwaitReady(Awaiter);
    if (!Ready || *Ready)
      return true;
    return !staysSuspended(Awaiter);
  }

  static bool isStdSuspend(const CXXRecordDecl *RD, llvm::StringRef Which) {
    std::string Name = catalogName(RD);
    return Name == ("std::" + Which).str() ||
           Name == ("std::experimental::" + Which).str();
  }

  /// True when the await_suspend of \p Awaiter provably leaves the
  /// coroutine suspended: its body is known and it neither hands the
  /// handle on nor returns anything but a constant true.
  bool staysSuspended(const CXXRecordDecl *Awaiter) {
    const NamedDecl *D = findMember(Awaiter, name("await_suspend"));
    const FunctionDecl *Fn = D ? D->getAsFunction() : nullptr;
    if (!Fn)
      return false;
    if (const auto *MD = dyn_cast<CXXMethodDecl>(Fn);
        MD && isStdSuspend(MD->getParent(), "suspend_always"))
      return true;
    const Stmt *Body = bodyOf(Fn);
    if (!Body)
      return false; // defined elsewhere: not provably suspended
    const ParmVarDecl *Handle =
        Fn->getNumParams() > 0 ? Fn->getParamDecl(0) : nullptr;
    return !handsOn(Body, Handle, Fn->getReturnType()->isBooleanType(),
                    /*Passed=*/false);
  }

  /// True when \p S hands the coroutine handle \p Handle on: passes it (or
  /// something made from it) to a call, resumes it, returns it; or, for a
  /// bool await_suspend (\p ReturnsBool), may return something other than
  /// a constant true. Storing the handle is not handing it on.
  bool handsOn(const Stmt *S, const ParmVarDecl *Handle, bool ReturnsBool,
               bool Passed) {
    if (!S)
      return false;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      return Passed && Handle && DRE->getDecl() == Handle;
    if (const auto *Ret = dyn_cast<ReturnStmt>(S)) {
      const Expr *V = Ret->getRetValue();
      if (ReturnsBool) {
        bool Result = false;
        return !V || V->isValueDependent() || V->containsErrors() ||
               !V->EvaluateAsBooleanCondition(Result, Ctx) || !Result;
      }
      return handsOn(V, Handle, ReturnsBool, /*Passed=*/true);
    }
    // h.resume(), h(): resumes the coroutine at once.
    auto IsHandle = [&](const Expr *E) {
      const auto *DRE =
          E ? dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()) : nullptr;
      return Handle && DRE && DRE->getDecl() == Handle;
    };
    // What is made from the handle and passed on (h.address()) hands it
    // on too; its promise reached through it does not.
    if (const auto *Member = dyn_cast<MemberExpr>(S)) {
      if (IsHandle(Member->getBase())) {
        const IdentifierInfo *II = Member->getMemberDecl()->getIdentifier();
        return Passed || (II && II->getName() == "resume");
      }
      return handsOn(Member->getBase(), Handle, ReturnsBool, false);
    }
    if (const auto *Member = dyn_cast<CXXDependentScopeMemberExpr>(S)) {
      if (Member->isImplicitAccess())
        return false;
      if (IsHandle(Member->getBase()))
        return Passed || Member->getMember().getAsString() == "resume";
      return handsOn(Member->getBase(), Handle, ReturnsBool, false);
    }
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
      if (Op && Op->getOperator() == OO_Equal) {
        // Storing it: `next_ = h`.
        for (const Expr *Arg : Call->arguments())
          if (handsOn(Arg, Handle, ReturnsBool, Passed))
            return true;
        return false;
      }
      if (Op && Op->getOperator() == OO_Call && IsHandle(Op->getArg(0)))
        return true;
      if (handsOn(Call->getCallee(), Handle, ReturnsBool, false))
        return true;
      for (unsigned I = Op ? 1 : 0; I < Call->getNumArgs(); ++I)
        if (handsOn(Call->getArg(I), Handle, ReturnsBool, /*Passed=*/true))
          return true;
      return Op && Op->getNumArgs() > 0 &&
             handsOn(Op->getArg(0), Handle, ReturnsBool, false);
    }
    for (const Stmt *C : S->children())
      if (handsOn(C, Handle, ReturnsBool, Passed))
        return true;
    return false;
  }

  /// An awaitable that is no coroutine type stands for work that has
  /// already started when it is named like a future, or when it offers a
  /// way to wait for or take its result without co_await (get, wait,
  /// wait_for, wait_until, then...): a handle to running work. An action
  /// awaitable (a sleep, a lock, a switch to an executor) has nothing to
  /// wait for until it is awaited.
  bool standsForStartedWork(const CXXRecordDecl *RD) {
    std::string Name = RD->getName().lower();
    return llvm::StringRef(Name).contains("future") || hasResultAccess(RD);
  }

  static bool hasResultAccess(const CXXRecordDecl *RD, unsigned Depth = 0) {
    RD = definitionOf(RD);
    if (!RD || Depth > 8)
      return false;
    for (const Decl *D : RD->decls()) {
      const auto *ND = dyn_cast<NamedDecl>(D);
      if (!ND || !ND->getIdentifier())
        continue;
      llvm::StringRef N = ND->getName();
      if (N != "get" && N != "wait" && N != "wait_for" && N != "wait_until" &&
          !N.starts_with("then"))
        continue;
      const auto *MD = dyn_cast_or_null<CXXMethodDecl>(ND->getAsFunction());
      if (MD && !MD->isStatic() && ND->getAccess() == AS_public)
        return true;
    }
    for (const CXXBaseSpecifier &B : RD->bases())
      if (B.getAccessSpecifier() == AS_public &&
          hasResultAccess(recordOf(B.getType()), Depth + 1))
        return true;
    return false;
  }

  /// The return type of \p Fn; for an `auto` function that has not been
  /// instantiated, the type of what its body returns.
  static QualType returnType(const FunctionDecl *Fn) {
    QualType Ret = Fn->getReturnType();
    // (In a template, an `auto` not deduced yet is a dependent type.)
    const DeducedType *DT = Ret->getContainedDeducedType();
    if (!DT || (DT->isDeduced() && !DT->isDependentType()))
      return Ret;
    const auto *Body = dyn_cast_or_null<CompoundStmt>(bodyOf(Fn));
    if (!Body)
      return Ret;
    for (const Stmt *S : Body->body())
      if (const auto *R = dyn_cast<ReturnStmt>(S))
        if (const Expr *V = R->getRetValue();
            V && !V->isTypeDependent() && !V->containsErrors())
          return V->getType();
    return Ret;
  }

  std::optional<bool> constantAwaitReady(const CXXRecordDecl *Awaiter) {
    const NamedDecl *D = findMember(Awaiter, name("await_ready"));
    const auto *Body =
        dyn_cast_or_null<CompoundStmt>(bodyOf(D ? D->getAsFunction() : nullptr));
    if (!Body || Body->size() != 1)
      return std::nullopt;
    const auto *Ret = dyn_cast<ReturnStmt>(Body->body_front());
    const Expr *V = Ret ? Ret->getRetValue() : nullptr;
    bool Result = false;
    if (!V || V->isValueDependent() || V->containsErrors() ||
        !V->EvaluateAsBooleanCondition(Result, Ctx))
      return std::nullopt;
    return Result;
  }

  bool hasCoAwaitOperator(const CXXRecordDecl *RD) {
    DeclarationName Op =
        Ctx.DeclarationNames.getCXXOperatorName(OO_Coawait);
    if (findMember(RD, Op))
      return true;
    const CXXRecordDecl *Def = definitionOf(RD);
    if (!Def)
      return false;
    auto TakesRD = [&](const NamedDecl *ND) {
      const FunctionDecl *Fn = ND->getAsFunction();
      return Fn && Fn->getNumParams() >= 1 &&
             sameClass(recordOf(Fn->getParamDecl(0)->getType()), RD);
    };
    // A hidden friend, or a free operator in the class's namespace: where
    // argument-dependent lookup finds it. (An adapter that makes some other
    // library's type awaitable does not make a dropped value of it an
    // awaitable created by mistake.)
    for (const FriendDecl *F : Def->friends())
      if (const NamedDecl *ND = F->getFriendDecl())
        if (ND->getDeclName() == Op && TakesRD(ND))
          return true;
    for (const NamedDecl *ND : Def->getEnclosingNamespaceContext()->lookup(Op))
      if (TakesRD(ND))
        return true;
    return false;
  }

  ASTContext &Ctx;
};

} // namespace

const UnawaitedCheck::TypeFacts &
UnawaitedCheck::factsFor(const CXXRecordDecl *RD) {
  auto [It, Inserted] = Facts.try_emplace(RD);
  if (Inserted) {
    It->second.K = TypeClassifier(*Ctx).classify(RD, It->second.Awaitable,
                                                 It->second.Coroutine);
    It->second.NoDiscard = isNoDiscard(RD);
  }
  return It->second;
}

//===----------------------------------------------------------------------===//
// The walk over one function body
//===----------------------------------------------------------------------===//

/// Walks a function body and hands every dropped value to the check. Nested
/// lambdas and local classes are functions of their own (matched on their
/// own); unevaluated operands run nothing.
class DroppedValueWalker {
public:
  DroppedValueWalker(UnawaitedCheck &Check, const FunctionDecl *Fn)
      : Check(Check), Fn(Fn),
        InCoroutine(isa_and_nonnull<CoroutineBodyStmt>(Fn->getBody())) {}

  /// A statement: an expression in statement position is dropped.
  void stmt(const Stmt *S) {
    if (!S)
      return;
    if (const auto *E = dyn_cast<Expr>(S))
      return dropped(E);
    switch (S->getStmtClass()) {
    case Stmt::CompoundStmtClass:
      for (const Stmt *C : cast<CompoundStmt>(S)->body())
        stmt(C);
      return;
    case Stmt::DeclStmtClass:
      for (const Decl *D : cast<DeclStmt>(S)->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          used(VD->getInit());
      return;
    case Stmt::IfStmtClass: {
      const auto *If = cast<IfStmt>(S);
      // A branch of a dependent `if constexpr` may be discarded: the
      // instantiations tell which branch runs.
      if (If->isConstexpr() && If->getCond() &&
          If->getCond()->isValueDependent())
        return;
      stmt(If->getInit());
      stmt(If->getConditionVariableDeclStmt());
      used(If->getCond());
      stmt(If->getThen());
      stmt(If->getElse());
      return;
    }
    case Stmt::ForStmtClass: {
      const auto *For = cast<ForStmt>(S);
      stmt(For->getInit());
      stmt(For->getConditionVariableDeclStmt());
      used(For->getCond());
      dropped(For->getInc());
      stmt(For->getBody());
      return;
    }
    case Stmt::WhileStmtClass: {
      const auto *While = cast<WhileStmt>(S);
      stmt(While->getConditionVariableDeclStmt());
      used(While->getCond());
      stmt(While->getBody());
      return;
    }
    case Stmt::DoStmtClass:
      stmt(cast<DoStmt>(S)->getBody());
      used(cast<DoStmt>(S)->getCond());
      return;
    case Stmt::SwitchStmtClass: {
      const auto *Switch = cast<SwitchStmt>(S);
      stmt(Switch->getInit());
      stmt(Switch->getConditionVariableDeclStmt());
      used(Switch->getCond());
      stmt(Switch->getBody());
      return;
    }
    case Stmt::CXXForRangeStmtClass: {
      const auto *For = cast<CXXForRangeStmt>(S);
      stmt(For->getInit());
      used(For->getRangeInit());
      stmt(For->getBody());
      return;
    }
    case Stmt::CaseStmtClass:
      stmt(cast<CaseStmt>(S)->getSubStmt());
      return;
    case Stmt::DefaultStmtClass:
      stmt(cast<DefaultStmt>(S)->getSubStmt());
      return;
    case Stmt::LabelStmtClass:
      stmt(cast<LabelStmt>(S)->getSubStmt());
      return;
    case Stmt::AttributedStmtClass:
      stmt(cast<AttributedStmt>(S)->getSubStmt());
      return;
    case Stmt::CXXTryStmtClass: {
      const auto *Try = cast<CXXTryStmt>(S);
      stmt(Try->getTryBlock());
      for (unsigned I = 0; I < Try->getNumHandlers(); ++I) {
        ++HandlerDepth;
        stmt(Try->getHandler(I)->getHandlerBlock());
        --HandlerDepth;
      }
      return;
    }
    case Stmt::CoroutineBodyStmtClass:
      // Only the body as written; the rest is the compiler's.
      stmt(cast<CoroutineBodyStmt>(S)->getBody());
      return;
    case Stmt::CoreturnStmtClass:
      used(cast<CoreturnStmt>(S)->getOperand());
      return;
    case Stmt::ReturnStmtClass:
      used(cast<ReturnStmt>(S)->getRetValue());
      return;
    default:
      // Anything else: its expressions are used, its statements walked.
      for (const Stmt *C : S->children()) {
        if (const auto *E = dyn_cast_or_null<Expr>(C))
          used(E);
        else
          stmt(C);
      }
      return;
    }
  }

private:
  /// An expression whose value is dropped.
  void dropped(const Expr *Spelled) {
    if (!Spelled)
      return;
    const Expr *E = stripImplicit(Spelled);
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E);
        Cast && Cast->getType()->isVoidType())
      return used(Cast->getSubExpr()); // (void)f(): dropped on purpose
    if (const auto *BO = dyn_cast<BinaryOperator>(E);
        BO && BO->getOpcode() == BO_Comma) {
      dropped(BO->getLHS());
      dropped(BO->getRHS());
      return;
    }
    if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
      used(CO->getCond());
      dropped(CO->getTrueExpr());
      dropped(CO->getFalseExpr());
      return;
    }
    if (const auto *SE = dyn_cast<StmtExpr>(E))
      return stmt(SE->getSubStmt());
    if (!isa<CoroutineSuspendExpr, DependentCoawaitExpr>(E))
      Check.checkDropped(E, Spelled, Fn, InCoroutine, HandlerDepth > 0);
    used(E);
  }

  /// An expression whose value is used: only its subexpressions can drop
  /// values (the left side of a comma, the statements of a statement
  /// expression).
  void used(const Stmt *S) {
    if (!S || ast::runsNothingHere(S))
      return;
    switch (S->getStmtClass()) {
    case Stmt::LambdaExprClass:
      for (const Expr *Init : cast<LambdaExpr>(S)->capture_inits())
        used(Init);
      return;
    case Stmt::CoawaitExprClass:
    case Stmt::CoyieldExprClass:
      return used(cast<CoroutineSuspendExpr>(S)->getOperand());
    case Stmt::DependentCoawaitExprClass:
      return used(cast<DependentCoawaitExpr>(S)->getOperand());
    case Stmt::BinaryOperatorClass: {
      const auto *BO = cast<BinaryOperator>(S);
      if (BO->getOpcode() == BO_Comma) {
        dropped(BO->getLHS());
        return used(BO->getRHS());
      }
      break;
    }
    case Stmt::StmtExprClass: {
      // ({ a; b; }) uses the value of its last statement only.
      const CompoundStmt *Body = cast<StmtExpr>(S)->getSubStmt();
      for (const Stmt *C : Body->body()) {
        if (C == Body->body_back() && isa<Expr>(C))
          used(C);
        else
          stmt(C);
      }
      return;
    }
    default:
      break;
    }
    for (const Stmt *C : S->children())
      used(C);
  }

  UnawaitedCheck &Check;
  const FunctionDecl *Fn;
  const bool InCoroutine;
  unsigned HandlerDepth = 0;
};

//===----------------------------------------------------------------------===//
// The check
//===----------------------------------------------------------------------===//

namespace {
constexpr llvm::StringLiteral DefaultSpawnFunctions = "*spawn*;*detach*";
// gtest, Catch2 and doctest (with their CATCH_/DOCTEST_ forms), Boost.Test,
// and test helpers named like assert_throws (concurrencpp's tests).
constexpr llvm::StringLiteral DefaultThrowAssertions =
    "EXPECT_THROW;ASSERT_THROW;EXPECT_ANY_THROW;ASSERT_ANY_THROW;"
    "*REQUIRE_THROWS*;*CHECK_THROWS*;*WARN_THROWS*;"
    "BOOST_WARN_THROW;BOOST_CHECK_THROW;BOOST_REQUIRE_THROW;"
    "BOOST_WARN_EXCEPTION;BOOST_CHECK_EXCEPTION;BOOST_REQUIRE_EXCEPTION;"
    "assert_throws*";

/// True when copies of \p RD can be made: a shared handle. Unknown (a
/// copy constructor Sema has not declared yet and that may be deleted)
/// counts as not copyable.
bool isCopyable(const CXXRecordDecl *RD) {
  RD = definitionOf(RD);
  if (!RD)
    return false;
  for (const CXXConstructorDecl *Ctor : RD->ctors())
    if (Ctor->isCopyConstructor())
      return !Ctor->isDeleted() && Ctor->getAccess() == AS_public;
  if (RD->hasUserDeclaredMoveConstructor() ||
      RD->hasUserDeclaredMoveAssignment())
    return false;
  return RD->needsImplicitCopyConstructor() &&
         !RD->needsOverloadResolutionForCopyConstructor() &&
         !RD->defaultedCopyConstructorIsDeleted();
}

/// The name a call's callee is spelled with, when it does not resolve to a
/// declaration (a dependent call in a template).
std::string unresolvedCalleeName(const CallExpr *Call) {
  const Expr *Callee = Call->getCallee();
  if (!Callee)
    return "";
  Callee = Callee->IgnoreParenImpCasts();
  if (const auto *Overloads = dyn_cast<OverloadExpr>(Callee))
    return Overloads->getName().getAsString();
  if (const auto *Member = dyn_cast<CXXDependentScopeMemberExpr>(Callee))
    return Member->getMember().getAsString();
  return "";
}

/// The lambdas that \p S gives to calls of the functions \p Names lists:
/// a lambda written among the arguments, or a local variable initialized
/// with one and passed by name. Nested lambdas are functions of their own
/// and are not entered.
void collectThrowLambdas(const Stmt *S, const NameList &Names,
                         llvm::DenseSet<const CXXRecordDecl *> &Out) {
  if (!S)
    return;
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee ? Names.matches(Callee)
               : Names.matchesName(unresolvedCalleeName(Call))) {
      // Every lambda among the arguments, however deep.
      llvm::SmallVector<const Stmt *, 8> Work(Call->arg_begin(),
                                              Call->arg_end());
      while (!Work.empty()) {
        const Stmt *A = Work.pop_back_val();
        if (!A)
          continue;
        if (const auto *Lambda = dyn_cast<LambdaExpr>(A)) {
          Out.insert(Lambda->getLambdaClass());
          continue;
        }
        if (const auto *Ref = dyn_cast<DeclRefExpr>(A))
          if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
              Var && Var->isLocalVarDecl() && Var->getInit())
            if (const auto *Lambda = dyn_cast<LambdaExpr>(
                    stripImplicit(Var->getInit())))
              Out.insert(Lambda->getLambdaClass());
        for (const Stmt *C : A->children())
          Work.push_back(C);
      }
    }
  }
  for (const Stmt *C : S->children())
    collectThrowLambdas(C, Names, Out);
}
} // namespace

UnawaitedCheck::UnawaitedCheck(llvm::StringRef Name,
                               tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      AlwaysReportTypesOpt(Options.get("AlwaysReportTypes", "")),
      NeverReportTypesOpt(Options.get("NeverReportTypes", "")),
      SpawnFunctionsOpt(Options.get("SpawnFunctions", DefaultSpawnFunctions)),
      ThrowAssertionsOpt(
          Options.get("ThrowAssertions", DefaultThrowAssertions)),
      AlwaysReportTypes(AlwaysReportTypesOpt),
      NeverReportTypes(NeverReportTypesOpt),
      SpawnFunctions(SpawnFunctionsOpt), ThrowAssertions(ThrowAssertionsOpt) {}

void UnawaitedCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "AlwaysReportTypes", AlwaysReportTypesOpt);
  Options.store(Opts, "NeverReportTypes", NeverReportTypesOpt);
  Options.store(Opts, "SpawnFunctions", SpawnFunctionsOpt);
  Options.store(Opts, "ThrowAssertions", ThrowAssertionsOpt);
}

void UnawaitedCheck::registerMatchers(MatchFinder *Finder) {
  // Every function definition of the user's code, lambdas and template
  // instantiations included; the body is walked once per definition.
  Finder->addMatcher(functionDecl(isDefinition(), unless(isImplicit()),
                                  unless(isExpansionInSystemHeader()))
                         .bind("fn"),
                     this);
}

void UnawaitedCheck::check(const MatchFinder::MatchResult &R) {
  const auto *Fn = R.Nodes.getNodeAs<FunctionDecl>("fn");
  if (!Fn || Fn->isInvalidDecl() || !Fn->getBody())
    return;
  if (Ctx != R.Context) {
    Ctx = R.Context;
    Facts.clear();
    Reported.clear();
    ThrowLambdas.clear();
  }
  // A lambda given to an assertion that expects it to throw: whatever it
  // creates is meant to throw first.
  if (givenToThrowAssertion(Fn))
    return;
  DroppedValueWalker(*this, Fn).stmt(Fn->getBody());
}

bool UnawaitedCheck::givenToThrowAssertion(const FunctionDecl *Fn) {
  if (ThrowAssertions.empty())
    return false;
  // Out through the lambdas \p Fn is nested in, to a plain function.
  for (unsigned Depth = 0; Fn && Depth < 16; ++Depth) {
    const auto *MD = dyn_cast<CXXMethodDecl>(Fn);
    if (!MD || !MD->getParent()->isLambda())
      return false;
    const CXXRecordDecl *Lambda = MD->getParent();
    const auto *Outer = dyn_cast<FunctionDecl>(Lambda->getDeclContext());
    if (!Outer || !Outer->getBody())
      return false;
    auto [It, Inserted] = ThrowLambdas.try_emplace(Outer);
    if (Inserted)
      collectThrowLambdas(Outer->getBody(), ThrowAssertions, It->second);
    if (It->second.contains(Lambda))
      return true;
    Fn = Outer;
  }
  return false;
}

bool UnawaitedCheck::inThrowAssertionMacro(SourceLocation Loc) const {
  if (ThrowAssertions.empty() || !Loc.isMacroID())
    return false;
  const SourceManager &SM = Ctx->getSourceManager();
  // Every macro the token comes through: those it is an argument of, and
  // those whose expansion it is written in.
  llvm::SmallVector<SourceLocation, 8> Work{Loc};
  llvm::DenseSet<SourceLocation::UIntTy> Seen;
  for (unsigned Steps = 0; !Work.empty() && Steps < 256; ++Steps) {
    SourceLocation L = Work.pop_back_val();
    if (!L.isMacroID() || !Seen.insert(L.getRawEncoding()).second)
      continue;
    if (SM.isMacroArgExpansion(L)) {
      // Where the argument was written, and where the macro uses it.
      Work.push_back(SM.getImmediateSpellingLoc(L));
      Work.push_back(SM.getImmediateExpansionRange(L).getBegin());
      continue;
    }
    if (ThrowAssertions.matchesName(
            Lexer::getImmediateMacroName(L, SM, Ctx->getLangOpts())))
      return true;
    Work.push_back(SM.getImmediateExpansionRange(L).getBegin());
  }
  return false;
}

bool UnawaitedCheck::waitsOnOtherWork(const Expr *E) {
  // The object the awaiter comes from: `h.resolve()`, `h.operator
  // co_await()`, `operator co_await(h)`.
  const Expr *Object = nullptr;
  bool ExplicitCoAwait = false;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
    Object = Member->getImplicitObjectArgument();
    const CXXMethodDecl *MD = Member->getMethodDecl();
    ExplicitCoAwait = MD && MD->getOverloadedOperator() == OO_Coawait;
  } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Callee->getOverloadedOperator() == OO_Coawait &&
        Call->getNumArgs() >= 1) {
      Object = Call->getArg(0);
      ExplicitCoAwait = true;
    }
  }
  if (!Object)
    return false;
  Object = stripImplicit(Object);
  QualType T = Object->getType();
  bool Existing = !Object->isPRValue();
  if (T->isPointerType()) {
    T = T->getPointeeType();
    Existing = true;
  }
  const CXXRecordDecl *ORD = T.isNull() || T->isDependentType()
                                 ? nullptr
                                 : T->getAsCXXRecordDecl();
  if (!ORD)
    return false;
  const TypeFacts OF = factsFor(ORD); // a copy: the map may grow
  // A handle to work that has already started: the awaiter only waits.
  if (OF.K == Kind::Eager)
    return true;
  // The awaiter of an existing awaitable, asked for by name: the awaitable
  // itself is not dropped.
  if (ExplicitCoAwait && Existing && OF.K != Kind::NotAwaitable)
    return true;
  // A member of an existing shared (copyable) task: the task is not
  // dropped, and other copies may await it.
  return OF.K == Kind::Lazy && OF.Coroutine && Existing && isCopyable(ORD);
}

bool UnawaitedCheck::takesAwaitable(const CallExpr *Call) {
  auto Produces = [&](QualType T) {
    const CXXRecordDecl *RD = T.isNull() || T->isDependentType()
                                  ? nullptr
                                  : T.getNonReferenceType()->getAsCXXRecordDecl();
    return RD && factsFor(RD).K != Kind::NotAwaitable;
  };
  for (const Expr *Arg : Call->arguments()) {
    QualType T = Arg->getType();
    if (Produces(T))
      return true;
    // A coroutine function or lambda to run: co_spawn(ex, [] -> task {...}).
    if (const auto *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
        RD && RD->isLambda() && RD->getLambdaCallOperator() &&
        Produces(RD->getLambdaCallOperator()->getReturnType()))
      return true;
    if (const auto *FT = T->getPointeeOrArrayElementType()
                             ->getAs<FunctionProtoType>();
        FT && Produces(FT->getReturnType()))
      return true;
  }
  return false;
}

void UnawaitedCheck::checkDropped(const Expr *E, const Expr *Spelled,
                                  const FunctionDecl *Fn, bool InCoroutine,
                                  bool InHandler) {
  if (!E->isPRValue() || E->isTypeDependent())
    return;
  const CXXRecordDecl *RD = E->getType()->getAsCXXRecordDecl();
  if (!RD || NeverReportTypes.matches(RD))
    return;
  const TypeFacts F = factsFor(RD); // a copy: the map may grow below
  Kind K = F.K;
  // An awaiter of work that runs anyway is dropped like a started handle.
  if (K == Kind::Lazy && waitsOnOtherWork(E))
    K = Kind::Eager;
  bool Report = K == Kind::Lazy || (K == Kind::Eager && F.NoDiscard);
  if (AlwaysReportTypes.matches(RD)) {
    Report = true;
    if (K == Kind::NotAwaitable)
      K = Kind::Eager;
  }
  if (!Report)
    return;

  // What the value came from: the callee, or the class constructed.
  const NamedDecl *Source = RD;
  bool FromLambda = false;
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (const FunctionDecl *Callee = Call->getDirectCallee()) {
      if (SpawnFunctions.matches(Callee) && takesAwaitable(Call))
        return; // spawn(t) takes the task over and runs it
      const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
      FromLambda = MD && MD->getParent()->isLambda();
      Source = Callee;
    }
  }

  const SourceManager &SM = Ctx->getSourceManager();
  SourceLocation Begin = Spelled->getBeginLoc();
  // Written in an assertion that expects a throw: meant to throw before
  // any coroutine frame exists.
  if (inThrowAssertionMacro(Begin))
    return;
  SourceLocation Loc = SM.getFileLoc(Begin);
  if (Loc.isInvalid() || !Reported.insert(Loc.getRawEncoding()).second)
    return;

  std::string Name = FromLambda ? "lambda" : catalogName(Source);
  const char *Message =
      K == Kind::Eager
          ? "awaitable '%0' is dropped without co_await; its result and "
            "exceptions are lost"
      : F.Awaitable
          ? "awaitable '%0' is created and dropped without co_await; it "
            "never runs"
          // A generator: lazy, but not something to co_await.
          : "coroutine '%0' is created and dropped; it never runs";
  {
    auto D = diag(Loc, Message) << Name;
    SourceLocation End = Spelled->getEndLoc();
    // No fix-it from a template instantiation: what the expression is may
    // depend on the template arguments (the template itself offers the
    // fix-it where it does not, and is walked first).
    bool Instantiated = isInInstantiation(Fn);
    if (F.Awaitable && InCoroutine && !InHandler && !Instantiated &&
        Begin.isFileID() && End.isFileID()) {
      if (takesPrefix(Spelled)) {
        D << FixItHint::CreateInsertion(Begin, "co_await ");
      } else {
        SourceLocation After =
            Lexer::getLocForEndOfToken(End, 0, SM, Ctx->getLangOpts());
        if (After.isValid())
          D << FixItHint::CreateInsertion(Begin, "co_await (")
            << FixItHint::CreateInsertion(After, ")");
      }
    }
  }

  if (!F.Awaitable)
    return;
  if (InCoroutine) {
    if (InHandler)
      diag(Loc, "'co_await' is not allowed in a handler; await it after the "
                "catch block",
           DiagnosticIDs::Note);
    return;
  }
  const auto *MD = dyn_cast<CXXMethodDecl>(Fn);
  std::string Where = MD && MD->getParent()->isLambda()
                          ? "this lambda"
                          : "'" + catalogName(Fn) + "'";
  if (llvm::StringRef(Name).contains_insensitive("sleep"))
    diag(Loc,
         "%0 is not a coroutine, so it cannot co_await the sleep; code that "
         "runs on the blocking pool should call a blocking sleep such as "
         "'std::this_thread::sleep_for'",
         DiagnosticIDs::Note)
        << Where;
  else if (Fn->isMain() || isa<CXXConstructorDecl, CXXDestructorDecl>(Fn))
    diag(Loc,
         "%0 cannot be a coroutine; run the task with a runner such as "
         "'unblock::run' or 'unblock::spawn'",
         DiagnosticIDs::Note)
        << Where;
  else
    diag(Loc,
         "%0 is not a coroutine, so it cannot co_await the value; return it "
         "to the caller or make %0 a coroutine",
         DiagnosticIDs::Note)
        << Where;
}

} // namespace unblock
