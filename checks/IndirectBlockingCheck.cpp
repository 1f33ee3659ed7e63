//===-- IndirectBlockingCheck.cpp - coro-blocking-indirect ----------------===//

#include "IndirectBlockingCheck.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/LangStandard.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/TargetInfo.h"
#include "clang/Lex/HeaderSearch.h"
#include "clang/Lex/HeaderSearchOptions.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace unblock {

namespace {

const char StallTail[] = "; it stalls every coroutine on this thread";

/// Where a position of another translation unit is in this one's source
/// manager (the file is loaded if needed), or an invalid location.
SourceLocation locate(SourceManager &SM, const Position &P) {
  if (!P.valid())
    return {};
  OptionalFileEntryRef FE = SM.getFileManager().getOptionalFileRef(P.File);
  if (!FE)
    return {};
  FileID FID = SM.translateFile(*FE);
  if (FID.isInvalid())
    FID = SM.createFileID(*FE, SourceLocation(), SrcMgr::C_User);
  return SM.translateLineCol(FID, P.Line, P.Col);
}

/// Where the scopes of the local variables of one function end: the closing
/// brace of the block that declares each, or the end of the statement that
/// does (`if (T v = ...; ...)`, `for (T v : ...)`). One walk of the
/// function's body, without recursion, on its first question; the parent map
/// of the whole translation unit (ASTContext::getParents) would walk every
/// header too. Forgotten at the start of each run (one translation unit).
class ScopeEnds {
public:
  void reset() {
    Walked = nullptr;
    Ends.clear();
  }
  SourceLocation of(const VarDecl *V) {
    const auto *Fn =
        dyn_cast_or_null<FunctionDecl>(V->getParentFunctionOrMethod());
    if (!Fn || !Fn->getBody())
      return {};
    if (Fn != Walked) {
      reset();
      Walked = Fn;
      collect(Fn->getBody());
    }
    return Ends.lookup(V);
  }

private:
  void collect(const Stmt *Body) {
    llvm::SmallVector<const Stmt *, 64> Work{Body};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      for (const Stmt *Child : S->children()) {
        if (!Child)
          continue;
        if (const auto *DS = dyn_cast<DeclStmt>(Child)) {
          SourceLocation End = isa<CompoundStmt>(S)
                                   ? cast<CompoundStmt>(S)->getRBracLoc()
                                   : S->getEndLoc();
          for (const Decl *D : DS->decls())
            if (const auto *VD = dyn_cast<VarDecl>(D))
              Ends.try_emplace(VD, End);
        }
        Work.push_back(Child);
      }
    }
  }

  const FunctionDecl *Walked = nullptr;
  llvm::DenseMap<const VarDecl *, SourceLocation> Ends;
};

ScopeEnds &scopeEnds() {
  thread_local ScopeEnds Cache;
  return Cache;
}

/// Where the scope of a local variable ends (the closing brace), if known.
SourceLocation scopeEnd(const VarDecl *V, ASTContext &) {
  return scopeEnds().of(V);
}

/// Where the user's code instantiated the template that holds a call, when
/// the call reaches the user's code through a template argument: a coroutine
/// template of a library (another file) calling a callable defined in a file
/// other than its own. The report belongs at the user's call, which the
/// user can change, not inside the library. Invalid otherwise.
SourceLocation userInstantiation(const FunctionInfo &Context,
                                 const CallGraph::Node &Target,
                                 const SourceManager &SM, SourceLocation Site) {
  const FunctionDecl *FD = Context.Decl;
  if (!FD || !Target.Decl || Site.isInvalid() ||
      FD->getTemplateSpecializationKind() != TSK_ImplicitInstantiation)
    return {};
  SourceLocation POI = FD->getPointOfInstantiation();
  if (POI.isInvalid())
    return {};
  POI = SM.getFileLoc(POI);
  FileID SiteFile = SM.getFileID(Site);
  if (SM.getFileID(POI) == SiteFile)
    return {};
  SourceLocation Def = SM.getFileLoc(Target.Decl->getLocation());
  if (Def.isInvalid() || SM.getFileID(Def) == SiteFile)
    return {};
  return POI;
}

/// True when an argument is a value the coroutine already awaited: the
/// result of a co_await, or a local (or structured binding) initialized
/// with one, also through std::move, std::get, a member or a subscript. A
/// result or future obtained that way is ready: its get() does not wait.
bool isAwaitedValue(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 12; ++Depth) {
    E = ast::ignoreWrappers(E);
    if (isa<CoawaitExpr>(E)) {
      return true;
    } else if (const auto *CC = dyn_cast<CXXConstructExpr>(E)) {
      if (CC->getNumArgs() != 1)
        return false;
      E = CC->getArg(0);
    } else if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      E = ME->getBase();
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      E = AS->getBase();
    } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
      if (OC->getOperator() != OO_Subscript || OC->getNumArgs() < 1)
        return false;
      E = OC->getArg(0);
    } else if (const auto *C = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *FD = C->getDirectCallee();
      if (!FD || !FD->isInStdNamespace() || !FD->getIdentifier() ||
          C->getNumArgs() < 1 ||
          !llvm::is_contained({llvm::StringRef("move"), llvm::StringRef("get"),
                               llvm::StringRef("forward")},
                              FD->getName()))
        return false;
      E = C->getArg(0);
    } else if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const ValueDecl *D = DRE->getDecl();
      if (const auto *B = dyn_cast<BindingDecl>(D))
        D = B->getDecomposedDecl();
      const auto *VD = dyn_cast_or_null<VarDecl>(D);
      if (!VD || isa<ParmVarDecl>(VD) || !VD->isLocalVarDecl())
        return false;
      E = VD->getInit();
    } else {
      return false;
    }
  }
  return false;
}

/// Per parameter of the callee: whether the call passes an awaited value.
llvm::SmallVector<bool, 8> awaitedArguments(const CallSite &S) {
  llvm::SmallVector<bool, 8> Ready;
  const auto *CE = dyn_cast<CallExpr>(S.Call);
  if (!CE || !S.Callee)
    return Ready;
  unsigned Shift = isa<CXXOperatorCallExpr>(CE) && S.Object ? 1 : 0;
  Ready.resize(S.Callee->getNumParams());
  for (unsigned I = 0; I < Ready.size() && I + Shift < CE->getNumArgs(); ++I)
    Ready[I] = isAwaitedValue(CE->getArg(I + Shift));
  return Ready;
}

} // namespace

IndirectBlockingCheck::IndirectBlockingCheck(llvm::StringRef Name,
                                             tidy::ClangTidyContext *Context)
    : AnalysisCheck(Name, Context), TidyContext(Context),
      Config(catalogConfigFrom(Context->getOptions())),
      MaxDepth(Options.get<unsigned>("MaxDepth", 0)),
      SameFileOnly(Options.get<bool>("SameFileOnly", false)),
      IndexDir(Options.get("IndexDir", "")),
      CrossTUOnly(Options.get<bool>("CrossTUOnly", false)) {}

void IndirectBlockingCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "MaxDepth", MaxDepth);
  Options.store(Opts, "SameFileOnly", SameFileOnly);
  Options.store(Opts, "IndexDir", IndexDir);
  Options.store(Opts, "CrossTUOnly", CrossTUOnly);
  Options.store(Opts, "BlockingExecutors",
                llvm::join(Config.BlockingExecutors, ";"));
}

//===----------------------------------------------------------------------===//

void IndirectBlockingCheck::run(const Analysis &A) {
  scopeEnds().reset();
  const IndexSettings &Tool = indexSettings();
  const SourceManager &SrcMgr = A.astContext().getSourceManager();
  std::string MainFile;
  if (OptionalFileEntryRef FE = SrcMgr.getFileEntryRefForID(SrcMgr.getMainFileID()))
    MainFile = SrcMgr.getFileManager().getCanonicalName(*FE).str();
  bool WriteSummary = !Tool.SummaryOut.empty();
  bool CrossOnly = Tool.CrossTUOnly || CrossTUOnly;
  std::shared_ptr<const ProjectFacts> Facts;
  if (!WriteSummary)
    Facts = loadFacts(MainFile);
  CallGraph G(A, WriteSummary || Facts);

  // First every site and the node it leads to, then one search for all.
  std::vector<Site> Sites;
  for (const FunctionInfo *C : A.contexts())
    forEachContextSite(A, *C,
                       [&](const FunctionInfo &Owner, const CallSite *S,
                           const DestructorRun *D) {
                         Site X;
                         X.Context = C;
                         X.Owner = &Owner;
                         X.Call = S;
                         X.Destructor = D;
                         if (S && S->DeclaredBlocking) {
                           Sites.push_back(X);
                           return;
                         }
                         if (S && S->isDirectlyBlocking())
                           return; // the category checks report it
                         if (D && G.leafOf(Owner, *D) != LeafKind::None) {
                           Sites.push_back(X);
                           return;
                         }
                         X.Target = S ? G.target(*S) : G.target(Owner, *D);
                         if (X.Target != CallGraph::None)
                           Sites.push_back(X);
                       });

  if (WriteSummary)
    writeSummary(G, Tool.SummaryOut);

  for (const Site &S : Sites) {
    if (S.Call && S.Call->DeclaredBlocking) {
      if (!CrossOnly)
        reportDeclared(S);
    } else if (S.Target == CallGraph::None) {
      if (!CrossOnly)
        reportAsyncFuture(S);
    } else {
      reportChain(S, G, Facts.get(), CrossOnly);
    }
  }
}

std::shared_ptr<const ProjectFacts>
IndirectBlockingCheck::loadFacts(llvm::StringRef MainFile) {
  // The unblock command's --index-dir, else the option, else the index
  // next to the compilation database.
  std::string Dir = indexSettings().Dir;
  bool Explicit = true;
  if (Dir.empty())
    Dir = IndexDir;
  if (Dir == "none")
    return nullptr;
  if (Dir.empty()) {
    Explicit = false;
    Dir = findIndex(TidyContext->getCurrentBuildDirectory(), MainFile);
    if (Dir.empty())
      return nullptr;
  }
  auto F = unblock::loadFacts(Dir);
  if (!F) {
    if (Explicit)
      configurationDiag("cannot use the project index in '%0': %1")
          << Dir << llvm::toString(F.takeError());
    else
      llvm::consumeError(F.takeError());
    return nullptr;
  }
  // The unit analysed here is parsed anyway: its own entry's state is
  // nobody's concern.
  for (const ProjectFacts::Problem &P : (*F)->problems())
    if (P.TU != MainFile)
      configurationDiag("%0; its functions are not followed until the "
                        "index is refreshed (unblock -p BUILD_DIR)")
          << P.Message;
  return *F;
}

void IndirectBlockingCheck::writeSummary(CallGraph &G, llvm::StringRef Path) {
  TUSummary S = summarizeTU(G, Config);
  if (llvm::Error E = writeSummaryFile(S, Path))
    configurationDiag("cannot write the summary of '%0': %1")
        << S.TU << llvm::toString(std::move(E));
}

void IndirectBlockingCheck::reportDeclared(const Site &S) {
  SourceLocation Loc = reportLoc(S.Call->Call);
  if (!firstReport(Loc))
    return;
  std::string Name = catalogName(S.Call->Callee);
  diag(Loc, "blocking call to '%0' inside %1%2")
      << Name << Analysis::describeContext(*S.Context) << StallTail;
  SourceLocation Attr;
  if (declaredBlocking(S.Call->Callee, &Attr) && Attr.isValid())
    diag(SM->getFileLoc(Attr), "'%0' is declared blocking here",
         DiagnosticIDs::Note)
        << Name;
}

void IndirectBlockingCheck::reportAsyncFuture(const Site &S) {
  const DestructorRun &D = *S.Destructor;
  SourceLocation Loc = D.Var ? SM->getFileLoc(D.Var->getLocation())
                             : reportLoc(D.Expr);
  if (!firstReport(Loc))
    return;
  std::string Subject = D.Var ? "destroying '" + D.Var->getNameAsString() + "'"
                              : std::string("destroying the temporary "
                                            "'std::future'");
  diag(Loc, "%0 may block inside %1: the 'std::future' of 'std::async' "
            "waits for the task%2")
      << Subject << Analysis::describeContext(*S.Context) << StallTail;
  if (D.Var) {
    SourceLocation End = scopeEnd(D.Var, S.Context->Decl->getASTContext());
    if (End.isValid())
      diag(SM->getFileLoc(End), "'%0' is destroyed here", DiagnosticIDs::Note)
          << D.Var->getNameAsString();
  }
}

void IndirectBlockingCheck::reportChain(const Site &S, CallGraph &G,
                                        const ProjectFacts *Facts,
                                        bool CrossOnly) {
  SourceManager &SrcMgr = G.analysis().astContext().getSourceManager();
  FileID OnlyFile;
  if (SameFileOnly)
    OnlyFile = SrcMgr.getFileID(
        SrcMgr.getExpansionLoc(S.Context->Decl->getLocation()));
  // The chain within this translation unit when there is one, else the one
  // through other units: a run with the index reports what a run without it
  // does, and more.
  const CallGraph::Result &Local = G.solve(OnlyFile, nullptr);
  bool LocalChain = withinDepth(Local.Depth[S.Target]);
  if (LocalChain ? CrossOnly : !Facts)
    return;
  const ProjectFacts *Through = LocalChain ? nullptr : Facts;
  const CallGraph::Result &R = LocalChain ? Local : G.solve(OnlyFile, Facts);
  unsigned Depth = R.Depth[S.Target];
  if (!withinDepth(Depth))
    return;
  // A helper that blocks only by waiting on results the coroutine passes
  // after awaiting them (`check_ready(co_await r.resolve())`) does not wait.
  if (S.Call) {
    llvm::SmallVector<bool, 8> Ready = awaitedArguments(*S.Call);
    if (llvm::is_contained(Ready, true) &&
        G.blocksOnlyThrough(S.Target, R, Ready))
      return;
  }

  // What is called or destroyed, and where.
  const CallGraph::Node &T = G.node(S.Target);
  SourceLocation Loc;
  std::string Subject;
  SourceLocation InTemplate; // the call inside a library template
  if (S.Call) {
    Loc = reportLoc(S.Call->Call);
    SourceLocation User = userInstantiation(*S.Context, T, SrcMgr, Loc);
    if (User.isValid()) {
      InTemplate = Loc;
      Loc = User;
    }
    std::string Callee = G.describe(S.Target);
    if (T.IsLambda && S.Call->Object)
      if (const auto *DRE =
              dyn_cast<DeclRefExpr>(S.Call->Object->IgnoreParenImpCasts()))
        Callee = "lambda '" + DRE->getDecl()->getNameAsString() + "'";
    Subject = "call to " + Callee;
  } else {
    const DestructorRun &D = *S.Destructor;
    std::string Type = catalogName(D.Class);
    if (D.Var) {
      Loc = SrcMgr.getFileLoc(D.Var->getLocation());
      Subject = "destroying '" + D.Var->getNameAsString() + "'";
    } else if (isa<CXXDeleteExpr>(D.Expr)) {
      Loc = reportLoc(D.Expr);
      Subject = "deleting a '" + Type + "'";
    } else {
      Loc = reportLoc(D.Expr);
      Subject = "destroying the temporary '" + Type + "'";
    }
  }
  if (!firstReport(Loc))
    return;

  Chain C = G.chain(S.Target, R, Through, Loc);
  std::string Tail;
  if (C.TargetIsLeaf) {
    Tail = C.TargetLeafText;
  } else {
    // A chain read from other translation units' summaries may end before
    // its blocking fact (a summary that no longer has it): say so plainly
    // rather than leave the phrase empty.
    Tail = "it " + (C.Leaf.empty()
                        ? std::string("reaches a blocking call in another file")
                        : C.Leaf);
    if (C.Depth > 1)
      Tail += " through " + std::to_string(C.Depth) + " functions";
  }
  diag(Loc, "%0 may block inside %1: %2%3")
      << Subject << Analysis::describeContext(*S.Context) << Tail << StallTail;
  if (S.Destructor && S.Destructor->Var) {
    // Where it is destroyed on the path that waits: an early exit that
    // skips the await settling its destructor's guard, or the scope's end.
    SourceLocation End = G.earlyExit(*S.Owner, *S.Destructor);
    if (End.isInvalid())
      End = scopeEnd(S.Destructor->Var, G.analysis().astContext());
    if (End.isValid())
      diag(SrcMgr.getFileLoc(End), "'%0' is destroyed here",
           DiagnosticIDs::Note)
          << S.Destructor->Var->getNameAsString();
  }
  if (InTemplate.isValid())
    diag(InTemplate, "%0 calls it here, instantiated with the callable above",
         DiagnosticIDs::Note)
        << Analysis::describeContext(*S.Context);
  emitNotes(C, SrcMgr);
}

void IndirectBlockingCheck::emitNotes(const Chain &C, SourceManager &SrcMgr) {
  for (const ChainNote &N : C.Notes) {
    SourceLocation Loc = N.Loc.isValid() ? N.Loc : locate(SrcMgr, N.Pos);
    if (Loc.isValid() || !N.Pos.valid()) {
      diag(Loc, "%0", DiagnosticIDs::Note) << N.Text;
      continue;
    }
    // A file that is gone: say where it was.
    diag(Loc, "%0 (%1:%2:%3)", DiagnosticIDs::Note)
        << N.Text << N.Pos.File << N.Pos.Line << N.Pos.Col;
  }
}

} // namespace unblock
