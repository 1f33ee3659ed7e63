//===-- CallGraph.cpp - Which functions may block, and through what -------===//

#include "CallGraph.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/Version.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/SmallString.h"

using namespace clang;

namespace unblock {

namespace {

//===----------------------------------------------------------------------===//
// Library facts: destructors that wait, containers that destroy elements
//===----------------------------------------------------------------------===//

/// Classes whose destructor waits for other threads.
///   class                        what destroying one does
const std::pair<llvm::StringRef, llvm::StringRef> JoiningTypes[] = {
    {"std::jthread",               "joins its thread"},
    {"boost::asio::thread_pool",   "joins its threads"},
};

/// Standard class templates that destroy objects of their type arguments.
const llvm::StringRef OwningTemplates[] = {
    "std::vector",        "std::deque",          "std::list",
    "std::forward_list",  "std::array",          "std::optional",
    "std::variant",       "std::unique_ptr",     "std::map",
    "std::multimap",      "std::set",            "std::multiset",
    "std::unordered_map", "std::unordered_multimap",
    "std::unordered_set", "std::unordered_multiset",
    "std::pair",          "std::tuple",          "std::queue",
    "std::stack",         "std::priority_queue",
};

/// Member calls after which a local no longer waits when it is destroyed.
const llvm::StringRef Releasing[] = {"join", "detach", "release"};
/// ... and for a std::future, which waits when it is destroyed only until
/// its result is taken or waited for.
const llvm::StringRef FutureReleasing[] = {"get", "wait", "share"};

llvm::StringRef joiningTypeFact(const CXXRecordDecl *RD) {
  if (!RD->getIdentifier())
    return {};
  std::string Name = catalogName(RD);
  for (const auto &[Type, What] : JoiningTypes)
    if (Name == Type)
      return What;
  return {};
}

bool isOwningTemplate(const CXXRecordDecl *RD) {
  if (!isa<ClassTemplateSpecializationDecl>(RD) || !RD->isInStdNamespace())
    return false;
  std::string Name = catalogName(RD);
  return llvm::is_contained(OwningTemplates, Name);
}

bool refersTo(const Expr *E, const VarDecl *V) {
  if (!E)
    return false;
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  return DRE && DRE->getDecl() == V;
}

/// True when \p E is \p V or what it holds: `*c`, `c.value()`, `*c.get()`
/// for a std::optional or smart pointer `c` (moving that moves the object
/// out and leaves \p V holding an empty one).
bool refersToContents(const Expr *E, const VarDecl *V) {
  for (unsigned Depth = 0; E && Depth < 4; ++Depth) {
    if (refersTo(E, V))
      return true;
    E = E->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_Deref)
      E = UO->getSubExpr();
    else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E);
             OC && OC->getOperator() == OO_Star && OC->getNumArgs() == 1)
      E = OC->getArg(0);
    else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E);
             MC && MC->getNumArgs() == 0 && MC->getMethodDecl() &&
             MC->getMethodDecl()->getIdentifier() &&
             (MC->getMethodDecl()->getName() == "value" ||
              MC->getMethodDecl()->getName() == "get"))
      E = MC->getImplicitObjectArgument();
    else
      return false;
  }
  return false;
}

/// True when \p E is the loop variable of a range-for over the elements of
/// \p V, by reference (`for (auto &c : held) ... std::move(c)`).
bool movesElementOf(const FunctionInfo &Owner, const Expr *E,
                    const VarDecl *V) {
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *LV = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  auto It = LV ? Owner.ElementRefs.find(LV) : Owner.ElementRefs.end();
  return It != Owner.ElementRefs.end() && It->second == V;
}

/// True when \p Owner moves \p V away, or joins, detaches or releases it
/// (or, for a future, takes its result): then destroying it does not wait.
bool releasedIn(const FunctionInfo &Owner, const VarDecl *V) {
  bool Future = ast::isStdFuture(
      V->getASTContext().getBaseElementType(V->getType())->getAsCXXRecordDecl());
  for (const CallSite &S : Owner.Calls) {
    if (!S.Callee || !S.Callee->getIdentifier())
      continue;
    llvm::StringRef Name = S.Callee->getName();
    if (S.Object && refersTo(S.Object, V)) {
      if (llvm::is_contained(Releasing, Name) ||
          (Future && llvm::is_contained(FutureReleasing, Name)))
        return true;
      continue;
    }
    if (S.Callee->isInStdNamespace() &&
        (Name == "move" || Name == "forward" || Name == "swap" ||
         Name == "exchange"))
      if (const auto *CE = dyn_cast<CallExpr>(S.Call))
        for (const Expr *Arg : CE->arguments())
          if (Name == "swap" || Name == "exchange" ? refersTo(Arg, V)
                                                   : refersToContents(Arg, V) ||
                                                         movesElementOf(Owner, Arg, V))
            return true;
  }
  return Owner.ReturnedLocals.count(V);
}

std::string usrOf(const Decl *D) {
  llvm::SmallString<128> Buf;
  if (index::generateUSRForDecl(D, Buf))
    return {};
  return std::string(Buf);
}

/// Where a site is reported: the member name of a member call, the start
/// of anything else, outside macros.
SourceLocation siteLoc(const Expr *E, const SourceManager &SM) {
  SourceLocation Loc = E->getBeginLoc();
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    if (MC->getExprLoc().isValid())
      Loc = MC->getExprLoc();
  return SM.getFileLoc(Loc);
}

std::string typeName(const CXXRecordDecl *RD) {
  return catalogName(RD);
}

std::string leafName(const CallSite &S) {
  if (S.Entry && S.Entry->Name.find_first_of("*?[") == std::string::npos &&
      S.Entry->Name != "grpc sync stub")
    return S.Entry->Name;
  return catalogName(S.Callee);
}

std::string quoted(llvm::StringRef S) { return ("'" + S + "'").str(); }

/// The callable argument of a standard function that calls it before it
/// returns: std::invoke(f, ...), std::invoke_r, std::apply(f, t),
/// std::call_once(flag, f, ...). Null for any other call.
const Expr *invokedArgument(const CallSite &S) {
  const FunctionDecl *FD = S.Callee;
  const auto *CE = dyn_cast<CallExpr>(S.Call);
  if (!FD || !CE || !FD->getIdentifier() || !FD->isInStdNamespace())
    return nullptr;
  llvm::StringRef Name = FD->getName();
  unsigned Index = Name == "invoke" || Name == "invoke_r" || Name == "apply"
                       ? 0
                   : Name == "call_once" ? 1
                                         : ~0u;
  if (Index >= CE->getNumArgs())
    return nullptr;
  return CE->getArg(Index);
}

/// The function a callable expression calls: a function or a non-virtual
/// member function it names, a lambda, an object of a closure type.
const FunctionDecl *calleeOfCallable(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_AddrOf) {
      E = UO->getSubExpr();
      continue;
    }
    break;
  }
  if (!E)
    return nullptr;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl())) {
      const auto *MD = dyn_cast<CXXMethodDecl>(FD);
      return MD && MD->isVirtual() ? nullptr : FD;
    }
  if (const auto *LE = dyn_cast<LambdaExpr>(E))
    return LE->getCallOperator();
  if (const auto *RD = E->getType().getNonReferenceType()->getAsCXXRecordDecl())
    if (RD->isLambda())
      return RD->getLambdaCallOperator();
  return nullptr;
}

} // namespace

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

llvm::StringRef stepKindName(StepKind K) {
  switch (K) {
  case StepKind::Call:
    return "call";
  case StepKind::ScopeExit:
    return "scope-exit";
  case StepKind::Temporary:
    return "temporary";
  case StepKind::Delete:
    return "delete";
  case StepKind::Member:
    return "member";
  case StepKind::Base:
    return "base";
  case StepKind::Element:
    return "element";
  }
  llvm_unreachable("unknown step kind");
}

llvm::StringRef leafKindName(LeafKind K) {
  switch (K) {
  case LeafKind::None:
    return "";
  case LeafKind::Catalog:
    return "catalog";
  case LeafKind::Declared:
    return "declared";
  case LeafKind::JoiningType:
    return "joining-type";
  case LeafKind::AsyncFuture:
    return "async-future";
  }
  llvm_unreachable("unknown leaf kind");
}

bool parseStepKind(llvm::StringRef S, StepKind &K) {
  for (StepKind C : {StepKind::Call, StepKind::ScopeExit, StepKind::Temporary,
                     StepKind::Delete, StepKind::Member, StepKind::Base,
                     StepKind::Element})
    if (stepKindName(C) == S) {
      K = C;
      return true;
    }
  return false;
}

bool parseLeafKind(llvm::StringRef S, LeafKind &K) {
  for (LeafKind C : {LeafKind::Catalog, LeafKind::Declared,
                     LeafKind::JoiningType, LeafKind::AsyncFuture})
    if (leafKindName(C) == S) {
      K = C;
      return true;
    }
  return false;
}

//===----------------------------------------------------------------------===//
// Which calls run as part of a context
//===----------------------------------------------------------------------===//

void forEachContextSite(const Analysis &A, const FunctionInfo &C,
                        llvm::function_ref<void(const FunctionInfo &Owner,
                                                const CallSite *S,
                                                const DestructorRun *D)>
                            F) {
  // The same rule as Analysis::forEachDirectBlockingCall: a lambda or local
  // class member defined in the context and called by it runs as part of it
  // (unless it is a coroutine of its own).
  llvm::SmallPtrSet<const FunctionInfo *, 8> Seen;
  llvm::SmallVector<const FunctionInfo *, 8> Work{&C};
  Seen.insert(&C);
  auto Inner = [&](const FunctionDecl *FD) -> const FunctionInfo * {
    // Only members of lambdas and local classes can be defined inside.
    const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
    if (!MD || !MD->getParent()->getParentFunctionOrMethod())
      return nullptr;
    const FunctionInfo *I = A.info(FD);
    if (I && !I->IsCoroutine && Analysis::isDefinedInside(I->Decl, C.Decl))
      return I;
    return nullptr;
  };
  while (!Work.empty()) {
    const FunctionInfo *Cur = Work.pop_back_val();
    for (const CallSite &S : Cur->Calls) {
      if (S.OffLoop)
        continue; // on a thread pool meant for blocking work
      if (!S.isDirectlyBlocking() && !S.DeclaredBlocking)
        if (const FunctionInfo *I = Inner(S.Callee)) {
          if (Seen.insert(I).second)
            Work.push_back(I);
          continue;
        }
      F(*Cur, &S, nullptr);
    }
    // Destructors are passed even when they are defined in the context
    // (a local class): no check reports the calls in their bodies as part
    // of the context.
    for (const DestructorRun &D : Cur->Destructors)
      if (!D.OffLoop)
        F(*Cur, nullptr, &D);
  }
}

//===----------------------------------------------------------------------===//
// Building the graph
//===----------------------------------------------------------------------===//

CallGraph::CallGraph(const Analysis &A, bool TrackExternal)
    : A(A), SM(A.astContext().getSourceManager()),
      TrackExternal(TrackExternal) {}

void CallGraph::addLeaf(NodeId N, LeafKind K, SourceLocation Loc,
                        std::string What, Category Cat,
                        SourceLocation DeclLoc) {
  Step S;
  S.Leaf = K;
  S.Loc = Loc;
  S.What = std::move(What);
  S.Cat = Cat;
  S.DeclLoc = DeclLoc;
  Nodes[N].Steps.push_back(std::move(S));
}

void CallGraph::addEdge(NodeId N, StepKind K, NodeId Target,
                        SourceLocation Loc, std::string What) {
  if (Target == None)
    return;
  Step S;
  S.Kind = K;
  S.Target = Target;
  S.Loc = Loc;
  S.What = std::move(What);
  Nodes[N].Steps.push_back(std::move(S));
  PredsBuilt = false;
}

CallGraph::NodeId CallGraph::functionNode(const FunctionInfo *FI) {
  if (const auto *DD = dyn_cast<CXXDestructorDecl>(FI->Decl))
    return destructorNode(DD->getParent());
  auto It = ByInfo.find(FI);
  if (It != ByInfo.end())
    return It->second;
  NodeId N = Nodes.size();
  ByInfo[FI] = N;
  Nodes.emplace_back();
  Nodes[N].Kind = NodeKind::Function;
  Nodes[N].Info = FI;
  Nodes[N].Decl = FI->Decl;
  Nodes[N].IsLambda = FI->Lambda != nullptr;
  Pending.push_back(N);
  return N;
}

CallGraph::NodeId CallGraph::externalNode(const FunctionDecl *FD) {
  FD = FD->getCanonicalDecl();
  auto It = ByExternal.find(FD);
  if (It != ByExternal.end())
    return It->second;
  NodeId N = Nodes.size();
  ByExternal[FD] = N;
  Nodes.emplace_back();
  Nodes[N].Kind = NodeKind::External;
  Nodes[N].Decl = FD;
  Nodes[N].Complete = false;
  return N;
}

CallGraph::NodeId CallGraph::destructorNode(const CXXRecordDecl *RD,
                                           bool MembersOnly) {
  if (!RD)
    return None;
  RD = RD->getDefinition();
  if (!RD || RD->isDependentType() || RD->hasTrivialDestructor())
    return None;
  auto &Map = MembersOnly ? ByRecordMembersOnly : ByRecord;
  auto It = Map.find(RD);
  if (It != Map.end())
    return It->second;
  NodeId N = Nodes.size();
  Map[RD] = N;
  Nodes.emplace_back();
  const CXXDestructorDecl *Dtor = RD->getDestructor();
  {
    Node &Nd = Nodes[N];
    Nd.Kind = NodeKind::Destructor;
    Nd.Record = RD;
    Nd.Decl = Dtor;
    Nd.MembersOnly = MembersOnly;
    Nd.Library = RD->getLocation().isValid() &&
                 SM.isInSystemHeader(SM.getExpansionLoc(RD->getLocation()));
  }
  // A library class is filled at once (its members are library classes
  // too, and have no bodies to walk); the user's wait for the work list.
  if (Nodes[N].Library)
    fillDestructor(N);
  else
    Pending.push_back(N);
  return N;
}

void CallGraph::fillDestructor(NodeId N) {
  const CXXRecordDecl *RD = Nodes[N].Record;
  const CXXDestructorDecl *Dtor = RD->getDestructor();
  if (llvm::StringRef Fact = joiningTypeFact(RD); !Fact.empty()) {
    addLeaf(N, LeafKind::JoiningType, {}, typeName(RD), Category::Sync);
    return;
  }
  SourceLocation Attr;
  if (Dtor && declaredBlocking(Dtor, &Attr) && !A.catalog().isIgnored(Dtor)) {
    // The destructor itself is the fact: a leaf without a call site.
    addLeaf(N, LeafKind::Declared, SourceLocation(), catalogName(Dtor),
            Category::Sync, Attr);
    return;
  }
  if (Dtor && !Nodes[N].MembersOnly) {
    if (const FunctionInfo *FI = A.info(Dtor)) {
      Nodes[N].Info = FI;
      ByInfo[FI] = N;
      addBodySteps(N, *FI);
    } else if (Dtor->isUserProvided() && !Nodes[N].Library) {
      // Defined in another translation unit: its summary adds the body.
      Nodes[N].Complete = !TrackExternal;
    }
  }

  ASTContext &Ctx = A.astContext();
  if (isOwningTemplate(RD)) {
    const auto *Spec = cast<ClassTemplateSpecializationDecl>(RD);
    auto AddType = [&](QualType T) {
      T = Ctx.getBaseElementType(T);
      if (const auto *Elem = T->getAsCXXRecordDecl())
        addEdge(N, StepKind::Element, destructorNode(Elem), {},
                typeName(Elem));
    };
    for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
      if (Arg.getKind() == TemplateArgument::Type)
        AddType(Arg.getAsType());
      else if (Arg.getKind() == TemplateArgument::Pack)
        for (const TemplateArgument &P : Arg.pack_elements())
          if (P.getKind() == TemplateArgument::Type)
            AddType(P.getAsType());
    }
  } else if (!RD->isInStdNamespace()) {
    if (!RD->isUnion())
      for (const FieldDecl *F : RD->fields()) {
        QualType T = F->getType();
        if (T->isReferenceType())
          continue;
        if (A.isAsyncFutureField(F)) {
          // A std::future member set from std::async waits for the task.
          addLeaf(N, LeafKind::AsyncFuture, SM.getFileLoc(F->getLocation()),
                  "std::future", Category::Sync);
          continue;
        }
        if (const auto *FRD = Ctx.getBaseElementType(T)->getAsCXXRecordDecl())
          addEdge(N, StepKind::Member, destructorNode(FRD),
                  SM.getFileLoc(F->getLocation()), F->getNameAsString());
      }
    for (const CXXBaseSpecifier &B : RD->bases())
      if (const auto *BRD = B.getType()->getAsCXXRecordDecl())
        addEdge(N, StepKind::Base, destructorNode(BRD),
                SM.getFileLoc(B.getBeginLoc()), typeName(BRD));
  }
}

void CallGraph::addAllFunctions() {
  for (const auto &F : A.functions())
    if (!F->isContext() && !F->Decl->isDependentContext())
      functionNode(F.get());
  drain();
}

void CallGraph::drain() {
  while (!Pending.empty()) {
    NodeId N = Pending.back();
    Pending.pop_back();
    if (Nodes[N].Kind == NodeKind::Destructor)
      fillDestructor(N);
    else if (Nodes[N].Info)
      addBodySteps(N, *Nodes[N].Info);
  }
}



/// The index of the parameter of \p FI whose member a call invokes
/// (`r.get()` with `r` a parameter), or -1.
static int objectParam(const CallSite &S, const FunctionInfo &FI) {
  if (!S.Object)
    return -1;
  const auto *DRE = dyn_cast<DeclRefExpr>(S.Object->IgnoreParenImpCasts());
  const auto *P = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
  if (!P || P->getDeclContext() != FI.Decl)
    return -1;
  return static_cast<int>(P->getFunctionScopeIndex());
}

/// The parameter of \p FI that an argument passes on (`r`,
/// `std::move(r)`, a copy of `r`), or -1.
static int passedParam(const Expr *E, const FunctionInfo &FI) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = ast::ignoreWrappers(E);
    if (const auto *CC = dyn_cast<CXXConstructExpr>(E)) {
      if (CC->getNumArgs() != 1)
        return -1;
      E = CC->getArg(0);
    } else if (const auto *C = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *FD = C->getDirectCallee();
      if (!FD || !FD->isInStdNamespace() || !FD->getIdentifier() ||
          C->getNumArgs() != 1 ||
          (FD->getName() != "move" && FD->getName() != "forward"))
        return -1;
      E = C->getArg(0);
    } else if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl());
      if (!P || P->getDeclContext() != FI.Decl)
        return -1;
      return static_cast<int>(P->getFunctionScopeIndex());
    } else {
      return -1;
    }
  }
  return -1;
}

/// Per parameter of the callee of \p S: the parameter of \p FI it is
/// given, or -1 (empty when none is).
static llvm::SmallVector<int, 2> argumentParams(const CallSite &S,
                                                const FunctionInfo &FI) {
  llvm::SmallVector<int, 2> Out;
  if (!isa<CallExpr>(S.Call) || !S.Callee)
    return Out;
  bool Any = false;
  for (unsigned I = 0; I < S.Callee->getNumParams(); ++I) {
    const Expr *Arg = S.argumentFor(I);
    int P = Arg ? passedParam(Arg, FI) : -1;
    Out.push_back(P);
    Any |= P >= 0;
  }
  if (!Any)
    Out.clear();
  return Out;
}

void CallGraph::addBodySteps(NodeId N, const FunctionInfo &FI) {
  for (const CallSite &S : FI.Calls) {
    size_t Before = Nodes[N].Steps.size();
    if (S.isDirectlyBlocking()) {
      addLeaf(N, LeafKind::Catalog, siteLoc(S.Call, SM), leafName(S), S.Cat);
    } else if (S.DeclaredBlocking) {
      SourceLocation Attr;
      declaredBlocking(S.Callee, &Attr);
      addLeaf(N, LeafKind::Declared, siteLoc(S.Call, SM),
              catalogName(S.Callee), Category::Sync, Attr);
    } else {
      NodeId T = edgeTarget(S);
      if (T != None)
        addEdge(N, StepKind::Call, T, siteLoc(S.Call, SM));
    }
    if (Nodes[N].Steps.size() > Before) {
      Nodes[N].Steps.back().ObjectParam = objectParam(S, FI);
      if (Nodes[N].Steps.back().Leaf == LeafKind::None)
        Nodes[N].Steps.back().ArgParams = argumentParams(S, FI);
    }
  }
  for (const DestructorRun &D : FI.Destructors) {
    auto Loc = [&] {
      return D.Var ? SM.getFileLoc(D.Var->getLocation())
                   : siteLoc(D.Expr, SM);
    };
    if (leafOf(FI, D) != LeafKind::None) {
      addLeaf(N, LeafKind::AsyncFuture, Loc(), typeName(D.Class),
              Category::Sync);
      continue;
    }
    NodeId T = edgeTarget(FI, D);
    if (T == None)
      continue;
    StepKind K = D.Var                        ? StepKind::ScopeExit
                 : isa<CXXDeleteExpr>(D.Expr) ? StepKind::Delete
                                              : StepKind::Temporary;
    addEdge(N, K, T, Loc(),
            D.Var ? D.Var->getNameAsString() : typeName(D.Class));
  }
}

const FunctionDecl *CallGraph::resolveCallee(const CallSite &S) const {
  const FunctionDecl *FD = S.Callee;
  if (!FD)
    return nullptr; // through a pointer: not guessed
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  if (!MD || !MD->isVirtual())
    return FD;
  // A virtual call: followed only when the target is known (a final class
  // or method, an object whose dynamic type is its static type, or a
  // qualified call).
  const Expr *Base = nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S.Call)) {
    if (const auto *ME =
            dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens())) {
      if (ME->hasQualifier())
        return FD;
      Base = ME->getBase();
    }
  } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(S.Call)) {
    if (OC->getNumArgs() > 0)
      Base = OC->getArg(0);
  }
  if (!Base)
    return nullptr;
  return MD->getDevirtualizedMethod(Base, /*IsAppleKext=*/false);
}

CallGraph::NodeId CallGraph::target(const CallSite &S) {
  NodeId N = edgeTarget(S);
  drain();
  return N;
}

CallGraph::NodeId CallGraph::target(const FunctionInfo &Owner,
                                    const DestructorRun &D) {
  NodeId N = edgeTarget(Owner, D);
  drain();
  return N;
}

CallGraph::NodeId CallGraph::edgeTarget(const CallSite &S) {
  if (S.isDirectlyBlocking() || S.DeclaredBlocking)
    return None; // a blocking fact, not an edge
  if (S.Entry)
    return None; // a catalog function called the non-blocking way
  // std::invoke(f) and friends call f at once: the edge goes to f.
  const FunctionDecl *FD = nullptr;
  if (const Expr *Callable = invokedArgument(S))
    FD = calleeOfCallable(Callable);
  else
    FD = resolveCallee(S);
  if (!FD)
    return None;
  // Most calls go to a few functions (library calls above all): remember
  // where each callee leads.
  auto [It, New] = ByCallee.try_emplace(FD, None);
  if (New) {
    NodeId N = calleeTarget(FD);
    ByCallee[FD] = N; // (calleeTarget may have grown the map)
    return N;
  }
  return It->second;
}

CallGraph::NodeId CallGraph::calleeTarget(const FunctionDecl *FD) {
  if (A.catalog().isIgnored(FD))
    return None;
  if (const auto *DD = dyn_cast<CXXDestructorDecl>(FD))
    return destructorNode(DD->getParent());
  if (const FunctionInfo *FI = A.info(FD)) {
    // A call to a coroutine only creates it; a function marked
    // non-blocking is a context checked on its own.
    if (FI->isContext())
      return None;
    return functionNode(FI);
  }
  // Not defined in this translation unit.
  if (!TrackExternal || FD->isImplicit() || FD->isDefaulted() ||
      FD->isDeleted() || FD->getBuiltinID() || FD->isDependentContext() ||
      ast::isMarkedNonBlocking(FD))
    return None;
  SourceLocation Loc = FD->getLocation();
  if (Loc.isInvalid() || SM.isInSystemHeader(SM.getExpansionLoc(Loc)))
    return None; // a library function: not guessed
  return externalNode(FD);
}

LeafKind CallGraph::leafOf(const FunctionInfo &Owner,
                           const DestructorRun &D) {
  if (!D.Class || !destroyed(D.Class).AsyncFuture)
    return LeafKind::None;
  const Expr *Origin = nullptr;
  if (D.Var) {
    if (releasedIn(Owner, D.Var))
      return LeafKind::None;
    Origin = D.Var->getInit();
  } else if (const auto *BT = dyn_cast_or_null<CXXBindTemporaryExpr>(D.Expr)) {
    Origin = BT->getSubExpr();
  }
  return ast::isAsyncLaunch(Origin, A.astContext()) ? LeafKind::AsyncFuture
                                             : LeafKind::None;
}

bool CallGraph::takesOver(const FunctionDecl *Callee, unsigned Param) const {
  if (ast::returnsCoroutineType(Callee))
    return true;
  const FunctionInfo *FI = A.info(Callee);
  if (!FI || Param >= FI->Decl->getNumParams())
    return false;
  return releasedIn(*FI, FI->Decl->getParamDecl(Param));
}

CallGraph::NodeId CallGraph::edgeTarget(const FunctionInfo &Owner,
                                        const DestructorRun &D) {
  if (!D.Class)
    return None;
  NodeId N = destroyed(D.Class).Target;
  // A local moved away, joined or released does not wait at the end of
  // its scope.
  if (N != None && D.Var && releasedIn(Owner, D.Var))
    return None;
  // A temporary passed by value to a function that takes it over: a
  // coroutine (its frame gets the value), or a function that moves it
  // away. What the caller destroys is empty.
  if (N != None && D.PassedTo && takesOver(D.PassedTo, D.ParamIndex))
    return None;
  // A destructor that waits only while a flag says so, for a local whose
  // flag every path settles (`co_await c.close()`): only its members and
  // bases are destroyed for real.
  if (N != None && D.Var)
    if (const auto &G = guardOf(D.Class)) {
      GuardedExit E = guardedExit(Owner.Decl, D.Var, *G);
      if (E.Settled && E.EarlyExit.isInvalid())
        return destructorNode(D.Class, /*MembersOnly=*/true);
    }
  return N;
}

bool CallGraph::blocksOnlyThrough(NodeId N, const Result &R,
                                  llvm::ArrayRef<bool> Ready,
                                  unsigned Depth) const {
  const Node &Nd = Nodes[N];
  if (Depth > 4 || Nd.Kind != NodeKind::Function || !Nd.Complete ||
      R.Witness[N] == Result::External)
    return false;
  bool Any = false;
  for (const Step &S : Nd.Steps) {
    bool Blocks = S.Leaf != LeafKind::None ||
                  (S.Target != None &&
                   static_cast<size_t>(S.Target) < R.Depth.size() &&
                   R.Depth[S.Target] > 0);
    if (!Blocks)
      continue;
    Any = true;
    if (S.ObjectParam >= 0 && static_cast<size_t>(S.ObjectParam) < Ready.size() &&
        Ready[S.ObjectParam])
      continue;
    // A call that passes the awaited values on (`check(std::move(r))`):
    // blocking only through them there too.
    if (S.Leaf == LeafKind::None && !S.ArgParams.empty()) {
      llvm::SmallVector<bool, 8> Next;
      bool AnyReady = false;
      for (int P : S.ArgParams) {
        bool IsReady =
            P >= 0 && static_cast<size_t>(P) < Ready.size() && Ready[P];
        Next.push_back(IsReady);
        AnyReady |= IsReady;
      }
      if (AnyReady && blocksOnlyThrough(S.Target, R, Next, Depth + 1))
        continue;
    }
    return false;
  }
  return Any;
}

SourceLocation CallGraph::earlyExit(const FunctionInfo &Owner,
                                    const DestructorRun &D) {
  if (!D.Var || !D.Class)
    return {};
  const auto &G = guardOf(D.Class);
  if (!G)
    return {};
  GuardedExit E = guardedExit(Owner.Decl, D.Var, *G);
  return E.Settled ? E.EarlyExit : SourceLocation();
}

const std::optional<DestructorGuard> &
CallGraph::guardOf(const CXXRecordDecl *RD) {
  RD = RD->getDefinition();
  auto [It, New] = Guards.try_emplace(RD);
  if (New && RD)
    if (const CXXDestructorDecl *Dtor = RD->getDestructor())
      It->second = destructorGuard(Dtor);
  return It->second;
}

CallGraph::Destroyed CallGraph::destroyed(const CXXRecordDecl *Class) {
  auto It = ByDestroyed.find(Class);
  if (It != ByDestroyed.end())
    return It->second;
  Destroyed D;
  D.Target = destroyedTarget(Class);
  D.AsyncFuture = ast::isStdFuture(Class) && Class->getName() == "future";
  ByDestroyed[Class] = D;
  return D;
}

CallGraph::NodeId CallGraph::destroyedTarget(const CXXRecordDecl *Class) {
  const CXXRecordDecl *RD = Class->getDefinition();
  if (!RD || RD->hasTrivialDestructor())
    return None;
  if (const CXXDestructorDecl *Dtor = RD->getDestructor()) {
    if (A.catalog().isIgnored(Dtor))
      return None;
    if (const FunctionInfo *FI = A.info(Dtor))
      if (FI->isContext())
        return None;
  }
  NodeId N = destructorNode(RD);
  // A library class that destroys nothing that waits (std::string, most
  // of them) is not worth an edge.
  if (N != None && Nodes[N].Library && Nodes[N].Steps.empty() &&
      Nodes[N].Complete)
    return None;
  return N;
}

const std::string &CallGraph::usr(NodeId N) {
  if (USRs.size() < Nodes.size())
    USRs.resize(Nodes.size());
  std::string &U = USRs[N];
  if (!U.empty())
    return U;
  const Node &Nd = Nodes[N];
  if (Nd.Decl)
    U = usrOf(Nd.Decl);
  else if (Nd.Record)
    U = usrOf(Nd.Record) + "@~";
  if (Nd.MembersOnly && !U.empty())
    U += "@members";
  if (U.empty()) {
    // No USR (rare): a name that is stable for this file.
    SourceLocation Loc =
        Nd.Decl ? Nd.Decl->getLocation()
                : (Nd.Record ? Nd.Record->getLocation() : SourceLocation());
    PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(Loc));
    U = "unblock@" + std::string(P.isValid() ? P.getFilename() : "?") + ":" +
        std::to_string(P.isValid() ? P.getLine() : 0) + ":" +
        std::to_string(P.isValid() ? P.getColumn() : 0) + "@" + name(N);
  }
  return U;
}

std::string CallGraph::name(NodeId N) const {
  const Node &Nd = Nodes[N];
  if (Nd.IsLambda)
    return "lambda";
  if (Nd.Decl)
    return catalogName(Nd.Decl);
  if (Nd.Record)
    return catalogName(Nd.Record) + "::~" + Nd.Record->getNameAsString();
  return {};
}

FileID CallGraph::fileOf(NodeId N) const {
  const Node &Nd = Nodes[N];
  if (Nd.Library || Nd.Kind == NodeKind::External)
    return FileID();
  SourceLocation Loc;
  if (Nd.Info)
    Loc = Nd.Info->Decl->getLocation();
  else if (Nd.Record)
    Loc = Nd.Record->getLocation();
  if (Loc.isInvalid())
    return FileID();
  return SM.getFileID(SM.getExpansionLoc(Loc));
}

//===----------------------------------------------------------------------===//
// Solving: a shortest-path search from the blocking facts
//===----------------------------------------------------------------------===//

void CallGraph::buildPredecessors() {
  if (PredsBuilt && PredStart.size() == Nodes.size() + 1)
    return;
  const size_t Count = Nodes.size();
  PredStart.assign(Count + 1, 0);
  for (const Node &Nd : Nodes)
    for (const Step &S : Nd.Steps)
      if (S.Target != None)
        ++PredStart[S.Target + 1];
  for (size_t I = 0; I < Count; ++I)
    PredStart[I + 1] += PredStart[I];
  PredList.assign(PredStart[Count], None);
  std::vector<unsigned> Fill(PredStart.begin(), PredStart.end() - 1);
  for (NodeId N = 0; N < static_cast<NodeId>(Count); ++N)
    for (const Step &S : Nodes[N].Steps)
      if (S.Target != None)
        PredList[Fill[S.Target]++] = N;
  PredsBuilt = true;
}

const CallGraph::Result &CallGraph::solve(FileID OnlyFile,
                                          const ExternalFacts *External) {
  drain();
  auto Key = std::make_pair(OnlyFile.getHashValue(),
                            static_cast<const void *>(External));
  auto Cached = Solved.find(Key);
  if (Cached != Solved.end() && Cached->second.Depth.size() == Nodes.size())
    return Cached->second;
  buildPredecessors();

  const size_t Count = Nodes.size();
  auto Allowed = [&](NodeId N) {
    if (OnlyFile.isInvalid() || Nodes[N].Library)
      return true;
    return fileOf(N) == OnlyFile;
  };
  Result R;
  R.Depth.assign(Count, 0);
  R.Witness.assign(Count, None);
  std::vector<unsigned> ExternalDepth(Count, 0);

  // Buckets by depth: every edge adds one, so the first time a node is
  // taken from a bucket its depth is final.
  std::vector<std::vector<NodeId>> Buckets(2);
  auto Offer = [&](NodeId N, unsigned D) {
    if (R.Depth[N] && R.Depth[N] <= D)
      return;
    R.Depth[N] = D;
    if (Buckets.size() <= D)
      Buckets.resize(D + 1);
    Buckets[D].push_back(N);
  };
  for (NodeId N = 0; N < static_cast<NodeId>(Count); ++N) {
    if (!Allowed(N))
      continue;
    for (const Step &S : Nodes[N].Steps)
      if (S.Leaf != LeafKind::None) {
        Offer(N, 1);
        break;
      }
    if (External && !Nodes[N].Complete && OnlyFile.isInvalid())
      if (unsigned D = External->depthOf(usr(N))) {
        ExternalDepth[N] = D;
        Offer(N, D);
      }
  }
  for (unsigned D = 1; D < Buckets.size(); ++D) {
    for (size_t I = 0; I < Buckets[D].size(); ++I) {
      NodeId N = Buckets[D][I];
      if (R.Depth[N] != D)
        continue; // reached more cheaply since
      for (NodeId P : predecessors(N))
        if (Allowed(P))
          Offer(P, D + 1);
    }
  }

  // Witnesses: the first step, in source order, that starts a shortest
  // chain.
  for (NodeId N = 0; N < static_cast<NodeId>(Count); ++N) {
    unsigned D = R.Depth[N];
    if (!D)
      continue;
    const auto &Steps = Nodes[N].Steps;
    for (unsigned I = 0; I < Steps.size(); ++I) {
      const Step &S = Steps[I];
      if (S.Leaf != LeafKind::None ? D == 1
                                   : R.Depth[S.Target] &&
                                         R.Depth[S.Target] + 1 == D &&
                                         Allowed(S.Target)) {
        R.Witness[N] = I;
        break;
      }
    }
    if (R.Witness[N] == None && ExternalDepth[N] == D)
      R.Witness[N] = Result::External;
  }
  return Solved[Key] = std::move(R);
}

std::vector<bool> CallGraph::nodesThatMayBlock() {
  drain();
  buildPredecessors();
  std::vector<bool> Mark(Nodes.size(), false);
  std::vector<NodeId> Work;
  for (NodeId N = 0; N < static_cast<NodeId>(Nodes.size()); ++N) {
    bool Source = !Nodes[N].Complete;
    for (const Step &S : Nodes[N].Steps)
      Source |= S.Leaf != LeafKind::None;
    if (Source) {
      Mark[N] = true;
      Work.push_back(N);
    }
  }
  while (!Work.empty()) {
    NodeId N = Work.back();
    Work.pop_back();
    for (NodeId P : predecessors(N))
      if (!Mark[P]) {
        Mark[P] = true;
        Work.push_back(P);
      }
  }
  return Mark;
}

void CallGraph::forEachReachable(llvm::ArrayRef<NodeId> From,
                                 llvm::function_ref<void(NodeId)> F) const {
  std::vector<bool> Seen(Nodes.size(), false);
  std::vector<NodeId> Work;
  for (NodeId N : From)
    if (N != None && !Seen[N]) {
      Seen[N] = true;
      Work.push_back(N);
    }
  while (!Work.empty()) {
    NodeId N = Work.back();
    Work.pop_back();
    F(N);
    for (const Step &S : Nodes[N].Steps)
      if (S.Target != None && !Seen[S.Target]) {
        Seen[S.Target] = true;
        Work.push_back(S.Target);
      }
  }
}

//===----------------------------------------------------------------------===//
// Chains as notes
//===----------------------------------------------------------------------===//

std::string edgeNote(StepKind K, llvm::StringRef From, llvm::StringRef To,
                     llvm::StringRef What) {
  switch (K) {
  case StepKind::Call:
    return (From + " calls " + To + " here").str();
  case StepKind::ScopeExit:
    return (From + " destroys " + quoted(What) + " at the end of its scope")
        .str();
  case StepKind::Temporary:
    return (From + " destroys a temporary " + quoted(What) + " here").str();
  case StepKind::Delete:
    return (From + " deletes a " + quoted(What) + " here").str();
  case StepKind::Member:
    return (From + " destroys member " + quoted(What)).str();
  case StepKind::Base:
    return (From + " destroys base " + quoted(What)).str();
  case StepKind::Element:
    return (From + " destroys the " + quoted(What) + " objects it holds").str();
  }
  llvm_unreachable("unknown step kind");
}

static llvm::StringRef joiningWhat(llvm::StringRef Type) {
  for (const auto &[T, What] : JoiningTypes)
    if (T == Type)
      return What;
  return "waits for other threads";
}

std::string leafNote(LeafKind K, llvm::StringRef From, llvm::StringRef What) {
  switch (K) {
  case LeafKind::Catalog:
  case LeafKind::Declared:
    return (From + " calls " + quoted(What) + " here").str();
  case LeafKind::JoiningType:
    return ("destroying a " + quoted(What) + " " + joiningWhat(What)).str();
  case LeafKind::AsyncFuture:
    return (From + " destroys the " + quoted(What) +
            " of 'std::async' here, which waits for the task")
        .str();
  case LeafKind::None:
    break;
  }
  return {};
}

std::string leafPhrase(LeafKind K, llvm::StringRef What) {
  switch (K) {
  case LeafKind::Catalog:
    return "calls " + quoted(What);
  case LeafKind::Declared:
    return "calls " + quoted(What) + " (declared blocking)";
  case LeafKind::JoiningType:
    return ("destroys a " + quoted(What) + " (it " + joiningWhat(What) + ")")
        .str();
  case LeafKind::AsyncFuture:
    return "destroys the " + quoted(What) +
           " of 'std::async' (it waits for the task)";
  case LeafKind::None:
    break;
  }
  return {};
}

std::string targetLeafText(llvm::StringRef Type) {
  return ("a " + quoted(Type) + " " + joiningWhat(Type) + " when destroyed")
      .str();
}

Chain CallGraph::chain(NodeId Start, const Result &R,
                       const ExternalFacts *External, SourceLocation Site) {
  Chain C;
  C.Depth = R.Depth[Start];
  SourceLocation Last = Site;
  NodeId Cur = Start;
  for (unsigned Guard = 0; Guard <= C.Depth + 1 && Cur != None; ++Guard) {
    const Node &Nd = Nodes[Cur];
    int W = R.Witness[Cur];
    std::string From = describe(Cur);
    if (W == Result::External) {
      if (External)
        External->appendChain(usr(Cur), C);
      C.CrossesTU = true;
      break;
    }
    if (W < 0)
      break;
    const Step &S = Nd.Steps[W];
    SourceLocation Loc = S.Loc.isValid() ? S.Loc : Last;
    if (S.Leaf != LeafKind::None) {
      C.Leaf = leafPhrase(S.Leaf, S.What);
      bool Self = S.Leaf == LeafKind::Declared && S.Loc.isInvalid();
      if (Cur == Start && (S.Leaf == LeafKind::JoiningType || Self)) {
        C.TargetIsLeaf = true;
        C.TargetLeafText = Self ? quoted(S.What) + " is declared blocking"
                                : targetLeafText(S.What);
        if (!Self)
          break;
      } else if (!Self) {
        C.Notes.push_back({Loc, {}, leafNote(S.Leaf, From, S.What)});
      }
      if (S.Leaf == LeafKind::Declared && S.DeclLoc.isValid())
        C.Notes.push_back({SM.getFileLoc(S.DeclLoc), {},
                           quoted(S.What) + " is declared blocking here"});
      break;
    }
    C.Notes.push_back(
        {Loc, {}, edgeNote(S.Kind, From, describe(S.Target), S.What)});
    Last = Loc;
    Cur = S.Target;
  }
  return C;
}

} // namespace unblock
