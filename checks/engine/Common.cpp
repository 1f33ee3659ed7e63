//===-- Common.cpp - Helpers that several checks share --------------------===//

#include "Common.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/Version.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace unblock {

//===----------------------------------------------------------------------===//
// Lists of names and patterns in check options
//===----------------------------------------------------------------------===//

NameList::NameList(llvm::StringRef List, bool IgnoreCase)
    : IgnoreCase(IgnoreCase) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  List.split(Parts, ';', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef P : Parts) {
    P = P.trim();
    P.consume_front("::");
    if (P.empty())
      continue;
    Texts.push_back(
        std::make_unique<std::string>(IgnoreCase ? P.lower() : P.str()));
    auto G = llvm::GlobPattern::create(*Texts.back());
    if (!G) {
      llvm::consumeError(G.takeError()); // a malformed pattern matches nothing
      continue;
    }
    (P.contains("::") ? Qualified : Unqualified).push_back(std::move(*G));
  }
}

bool NameList::matches(const NamedDecl *D) const {
  if (!D || empty())
    return false;
  if (!Unqualified.empty()) {
    std::string Name = D->getDeclName().getAsString();
    if (IgnoreCase)
      Name = llvm::StringRef(Name).lower();
    for (const llvm::GlobPattern &G : Unqualified)
      if (G.match(Name))
        return true;
  }
  if (!Qualified.empty()) {
    std::string Name = catalogName(D);
    if (IgnoreCase)
      Name = llvm::StringRef(Name).lower();
    for (const llvm::GlobPattern &G : Qualified)
      if (G.match(Name))
        return true;
  }
  return false;
}

bool NameList::matchesName(llvm::StringRef Name) const {
  if (Unqualified.empty() || Name.empty())
    return false;
  std::string N = IgnoreCase ? Name.lower() : Name.str();
  for (const llvm::GlobPattern &G : Unqualified)
    if (G.match(N))
      return true;
  return false;
}

//===----------------------------------------------------------------------===//
// Names and attributes of declarations
//===----------------------------------------------------------------------===//

std::string catalogName(const NamedDecl *D) {
  llvm::SmallVector<llvm::StringRef, 6> Parts;
  std::string Own = D->getDeclName().getAsString();
  for (const DeclContext *C = D->getDeclContext(); C; C = C->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(C)) {
      if (NS->isInline() || NS->isAnonymousNamespace())
        continue;
      Parts.push_back(NS->getName());
    } else if (const auto *RD = dyn_cast<RecordDecl>(C)) {
      if (!RD->getIdentifier())
        continue;
      Parts.push_back(RD->getName());
    } else if (const auto *FD = dyn_cast<FunctionDecl>(C)) {
      if (FD->getIdentifier())
        Parts.push_back(FD->getName());
    }
  }
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  for (llvm::StringRef P : llvm::reverse(Parts))
    OS << P << "::";
  OS << Own;
  return Out;
}

std::string describeFunction(NodeKind, llvm::StringRef Name, bool IsLambda) {
  if (IsLambda)
    return "lambda";
  return ("'" + Name + "'").str();
}

bool declaredBlocking(const FunctionDecl *FD, SourceLocation *Where) {
  for (const Decl *R : FD->redecls())
    for (const auto *A : R->specific_attrs<AnnotateAttr>())
      if (A->getAnnotation() == "unblock::blocking") {
        if (Where)
          *Where = A->getLocation();
        return true;
      }
#if CLANG_VERSION_MAJOR >= 20
  for (const FunctionDecl *R : FD->redecls())
    for (const auto &EC : R->getFunctionEffects())
      if (EC.Effect.kind() == FunctionEffect::Kind::Blocking) {
        if (Where)
          *Where = R->getLocation();
        return true;
      }
#endif
  return false;
}

//===----------------------------------------------------------------------===//
// Small questions about the AST
//===----------------------------------------------------------------------===//

namespace ast {

/// The member an accessor returns: a member function whose body is
/// `return member;` or `return member[i];`.
static const Decl *accessedMember(const CXXMethodDecl *MD) {
  const FunctionDecl *Def = nullptr;
  if (!MD || !MD->hasBody(Def) || !Def)
    return nullptr;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  if (!Body || Body->size() != 1)
    return nullptr;
  const auto *Ret = dyn_cast<ReturnStmt>(Body->body_front());
  if (!Ret || !Ret->getRetValue())
    return nullptr;
  const Expr *V = Ret->getRetValue()->IgnoreParenImpCasts();
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(V))
    V = AS->getBase()->IgnoreParenImpCasts();
  else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(V);
           OC && OC->getOperator() == OO_Subscript && OC->getNumArgs() > 0)
    V = OC->getArg(0)->IgnoreParenImpCasts();
  const auto *ME = dyn_cast<MemberExpr>(V);
  if (!ME || !isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
    return nullptr;
  return dyn_cast<FieldDecl>(ME->getMemberDecl());
}

const Decl *descriptorKey(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return ME->getMemberDecl();
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
    return descriptorKey(AS->getBase());
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E))
    if (OC->getOperator() == OO_Subscript && OC->getNumArgs() > 0)
      return descriptorKey(OC->getArg(0)); // std::array<int, 2> fds; fds[0]
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_Deref)
      return descriptorKey(UO->getSubExpr());
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    // sock.native_handle(), conn->fd(): the object names the descriptor.
    if (MC->getNumArgs() == 0) {
      if (const Decl *D = descriptorKey(MC->getImplicitObjectArgument()))
        return D;
      // write_fd() { return fds_[1]; }: an accessor of this object names
      // the member it returns.
      if (const Decl *D = accessedMember(MC->getMethodDecl()))
        return D;
      return MC->getMethodDecl();
    }
  }
  return nullptr;
}

static bool isZeroValue(const APValue &V) {
  switch (V.getKind()) {
  case APValue::Int:
    return V.getInt().isZero();
  case APValue::Float:
    return V.getFloat().isZero();
  case APValue::Struct: {
    if (V.getStructNumBases() == 0 && V.getStructNumFields() == 0)
      return false;
    for (unsigned I = 0; I < V.getStructNumBases(); ++I)
      if (!isZeroValue(V.getStructBase(I)))
        return false;
    for (unsigned I = 0; I < V.getStructNumFields(); ++I)
      if (!isZeroValue(V.getStructField(I)))
        return false;
    return true;
  }
  default:
    return false;
  }
}

bool isZero(const Expr *E, const ASTContext &Ctx) {
  if (!E)
    return false;
  E = E->IgnoreImplicit()->IgnoreParens();
  if (E->isValueDependent() || E->isTypeDependent())
    return false;
  Expr::EvalResult R;
  if (!E->EvaluateAsRValue(R, Ctx) || R.HasSideEffects)
    return false;
  return isZeroValue(R.Val);
}

static bool macroNamed(SourceLocation Loc, llvm::StringRef Name,
                       const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  for (unsigned Depth = 0; Loc.isMacroID() && Depth < 8; ++Depth) {
    if (Lexer::getImmediateMacroName(Loc, SM, Ctx.getLangOpts()) == Name)
      return true;
    Loc = SM.getImmediateMacroCallerLoc(Loc);
  }
  return false;
}

static bool mentionsFlagImpl(const Stmt *S, llvm::StringRef Name,
                             const ASTContext &Ctx, unsigned Depth) {
  if (!S || Depth > 16)
    return false;
  if (const auto *UO = dyn_cast<UnaryOperator>(S))
    if (UO->getOpcode() == UO_Not)
      return false; // flags & ~O_NONBLOCK clears the flag
  if (const auto *E = dyn_cast<Expr>(S)) {
    if (isa<IntegerLiteral>(E) && macroNamed(E->getBeginLoc(), Name, Ctx))
      return true;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const ValueDecl *D = DRE->getDecl();
      if (isa<EnumConstantDecl>(D) && D->getName() == Name)
        return true;
      // int flags = MSG_DONTWAIT; recv(fd, b, n, flags);
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (VD->isLocalVarDecl() && VD->getType().isConstQualified() &&
            VD->getInit())
          return mentionsFlagImpl(VD->getInit(), Name, Ctx, Depth + 1);
      return false;
    }
  }
  for (const Stmt *Child : S->children())
    if (mentionsFlagImpl(Child, Name, Ctx, Depth + 1))
      return true;
  return false;
}

bool mentionsFlag(const Expr *E, llvm::StringRef Name, const ASTContext &Ctx) {
  return mentionsFlagImpl(E, Name, Ctx, 0);
}

const Expr *ignoreWrappers(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 16; ++Depth) {
    const Expr *Next = E->IgnoreImplicit()->IgnoreParens();
    if (Next == E)
      break;
    E = Next;
  }
  return E;
}

static bool isKernelPathImpl(const Expr *E, unsigned Depth) {
  if (!E || Depth > 12)
    return false;
  E = E->IgnoreParenImpCasts();
  if (const auto *SL = dyn_cast<StringLiteral>(E)) {
    if (!SL->isOrdinary() && !SL->isUTF8())
      return false;
    llvm::StringRef Path = SL->getString();
    return Path.starts_with("/proc/") || Path.starts_with("/sys/");
  }
  if (const auto *UDL = dyn_cast<UserDefinedLiteral>(E)) // "/proc/x"s
    return isKernelPathImpl(UDL->getCookedLiteral(), Depth + 1);
  if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
    return isKernelPathImpl(EWC->getSubExpr(), Depth + 1);
  if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E))
    return isKernelPathImpl(MT->getSubExpr(), Depth + 1);
  if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(E))
    return isKernelPathImpl(BT->getSubExpr(), Depth + 1);
  if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E))
    return isKernelPathImpl(FC->getSubExpr(), Depth + 1);
  // std::string(p), std::filesystem::path(p): the first argument.
  if (const auto *CC = dyn_cast<CXXConstructExpr>(E))
    return CC->getNumArgs() > 0 && isKernelPathImpl(CC->getArg(0), Depth + 1);
  // "/proc/" + std::to_string(pid) + "/status": the leftmost operand.
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
    if ((OC->getOperator() == OO_Plus || OC->getOperator() == OO_Slash) &&
        OC->getNumArgs() == 2)
      return isKernelPathImpl(OC->getArg(0), Depth + 1);
    return false;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    // path.c_str(), path.data(), path.string()
    static const llvm::StringRef Views[] = {"c_str", "data", "string",
                                            "native"};
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (MD && MD->getIdentifier() && MC->getNumArgs() == 0 &&
        llvm::is_contained(Views, MD->getName()))
      return isKernelPathImpl(MC->getImplicitObjectArgument(), Depth + 1);
    return false;
  }
  if (const auto *C = dyn_cast<CallExpr>(E)) {
    // std::format("/proc/{}/stat", pid), fmt::format(...)
    const FunctionDecl *FD = C->getDirectCallee();
    if (FD && FD->getIdentifier() && FD->getName() == "format" &&
        C->getNumArgs() > 0)
      return isKernelPathImpl(C->getArg(0), Depth + 1);
    return false;
  }
  // A variable initialized with such a path and not a parameter.
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (!isa<ParmVarDecl>(VD) && VD->getInit() &&
          (VD->isLocalVarDecl() || VD->getType().isConstQualified() ||
           VD->isConstexpr()))
        return isKernelPathImpl(VD->getInit(), Depth + 1);
  return false;
}

bool isKernelPath(const Expr *E) { return isKernelPathImpl(E, 0); }

bool isStdFuture(const CXXRecordDecl *RD) {
  return RD && RD->getIdentifier() && RD->isInStdNamespace() &&
         (RD->getName() == "future" || RD->getName() == "shared_future");
}

static const Expr *stripToValue(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *CC = dyn_cast<CXXConstructExpr>(E)) {
      if (CC->getNumArgs() == 1 &&
          CC->getConstructor()->isCopyOrMoveConstructor()) {
        E = CC->getArg(0);
        continue;
      }
    }
    break;
  }
  return E;
}

bool isAsyncLaunch(const Expr *E, const ASTContext &Ctx) {
  const auto *C = dyn_cast_or_null<CallExpr>(stripToValue(E));
  if (!C || !C->getDirectCallee() ||
      catalogName(C->getDirectCallee()) != "std::async")
    return false;
  if (C->getNumArgs() >= 2) {
    const Expr *Policy = C->getArg(0);
    if (const auto *ET = Policy->getType()->getAs<EnumType>())
      if (ET->getDecl()->getName() == "launch")
        return !mentionsFlag(Policy, "deferred", Ctx) ||
               mentionsFlag(Policy, "async", Ctx);
  }
  return true;
}

bool returnsCoroutineType(const FunctionDecl *FD) {
  if (!FD)
    return false;
  if (isa_and_nonnull<CoroutineBodyStmt>(FD->getBody()))
    return true;
  const auto *RD = FD->getReturnType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  ASTContext &C = FD->getASTContext();
  DeclarationName N(&C.Idents.get("promise_type"));
  bool Found = !RD->lookup(N).empty();
  RD->forallBases([&](const CXXRecordDecl *B) {
    Found |= !B->lookup(N).empty();
    return true;
  });
  return Found;
}

namespace {
/// The annotation, or (LLVM 20+) clang's function effect of that kind.
bool markedAs(const FunctionDecl *FD, llvm::StringRef Annotation,
              bool Blocking) {
  if (hasAnnotation(FD, Annotation))
    return true;
#if CLANG_VERSION_MAJOR >= 20
  auto Kind = Blocking ? FunctionEffect::Kind::Blocking
                       : FunctionEffect::Kind::NonBlocking;
  for (const auto &EC : FD->getFunctionEffects())
    if (EC.Effect.kind() == Kind)
      return true;
#else
  (void)Blocking;
#endif
  return false;
}
} // namespace

bool isMarkedNonBlocking(const FunctionDecl *FD) {
  return markedAs(FD, "unblock::nonblocking", /*Blocking=*/false);
}

bool isMarkedBlocking(const FunctionDecl *FD) {
  return markedAs(FD, "unblock::blocking", /*Blocking=*/true);
}

bool runsNothingHere(const Stmt *S) {
  switch (S->getStmtClass()) {
  case Stmt::UnaryExprOrTypeTraitExprClass:
  case Stmt::CXXNoexceptExprClass:
  case Stmt::RequiresExprClass:
  case Stmt::ConceptSpecializationExprClass:
  case Stmt::CXXDefaultArgExprClass:
  case Stmt::CXXDefaultInitExprClass:
  case Stmt::OpaqueValueExprClass:
  case Stmt::BlockExprClass:
    return true;
  case Stmt::CXXTypeidExprClass:
    return !cast<CXXTypeidExpr>(S)->isPotentiallyEvaluated();
  default:
    return false;
  }
}

bool hasAnnotation(const Decl *D, llvm::StringRef Annotation) {
  for (const Decl *R : D->redecls())
    for (const auto *A : R->specific_attrs<AnnotateAttr>())
      if (A->getAnnotation() == Annotation)
        return true;
  return false;
}

} // namespace ast

} // namespace unblock
