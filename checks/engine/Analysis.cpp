//===-- Analysis.cpp - One walk of a translation unit for all checks ------===//

#include "Analysis.h"
#include "Common.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclFriend.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/Version.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"

#include <utility>

using namespace clang;

namespace unblock {

namespace {

/// \p S without white space: two spellings of one expression compare equal.
std::string withoutSpaces(llvm::StringRef S) {
  std::string Out;
  for (char C : S)
    if (!llvm::isSpace(C))
      Out += C;
  return Out;
}

} // namespace

namespace {

enum class StreamKind { Stdin, StdOutErr, FileStream, Other };

bool isStdName(const NamedDecl *D, std::initializer_list<llvm::StringRef> N) {
  if (!D->getIdentifier())
    return false;
  llvm::StringRef Name = D->getName();
  if (llvm::find(N, Name) == N.end())
    return false;
  return D->isInStdNamespace();
}

bool isFileStreamClass(const CXXRecordDecl *RD) {
  if (!RD || !RD->hasDefinition())
    return false;
  auto IsFile = [](const CXXRecordDecl *C) {
    return isStdName(C, {"basic_ifstream", "basic_ofstream", "basic_fstream",
                         "basic_filebuf"});
  };
  if (IsFile(RD))
    return true;
  return !RD->forallBases([&](const CXXRecordDecl *B) { return !IsFile(B); });
}

/// Which stream an expression denotes (stdin, a file stream, ...); follows
/// chained calls such as `std::cin >> a >> b`.
StreamKind streamKind(const Expr *E, const ASTContext &Ctx,
                      unsigned Depth = 0) {
  if (!E || Depth > 8)
    return StreamKind::Other;
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const ValueDecl *D = DRE->getDecl();
    llvm::StringRef Name = D->getIdentifier() ? D->getName() : "";
    bool Global = D->getDeclContext()->getRedeclContext()->isTranslationUnit();
    if ((Global && Name == "stdin") || isStdName(D, {"cin", "wcin"}))
      return StreamKind::Stdin;
    if ((Global && (Name == "stdout" || Name == "stderr")) ||
        isStdName(D, {"cout", "cerr", "clog", "wcout", "wcerr", "wclog"}))
      return StreamKind::StdOutErr;
  }
  if (E->getType()->isIntegerType() && !E->isValueDependent()) {
    Expr::EvalResult R;
    if (E->EvaluateAsInt(R, Ctx)) {
      int64_t V = R.Val.getInt().getSExtValue();
      if (V == 0)
        return StreamKind::Stdin;
      if (V == 1 || V == 2)
        return StreamKind::StdOutErr;
    }
    return StreamKind::Other;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    return streamKind(MC->getImplicitObjectArgument(), Ctx, Depth + 1);
  if (const auto *C = dyn_cast<CallExpr>(E)) {
    // operator>>(is, x), std::getline(is, s), std::ws(is): the stream is
    // the first argument and the result refers to it.
    if (C->getNumArgs() > 0 &&
        C->getCallReturnType(Ctx)->isReferenceType())
      return streamKind(C->getArg(0), Ctx, Depth + 1);
  }
  QualType T = E->getType().getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  if (isFileStreamClass(T->getAsCXXRecordDecl()))
    return StreamKind::FileStream;
  return StreamKind::Other;
}

/// The arguments of a call as the catalog counts them: without the object
/// of a member call (also when it is written as an operator call).
llvm::SmallVector<const Expr *, 6> catalogArgs(const Expr *Call,
                                               const Expr *Object) {
  llvm::SmallVector<const Expr *, 6> Args;
  if (const auto *CE = dyn_cast<CallExpr>(Call)) {
    unsigned First = 0;
    if (Object && isa<CXXOperatorCallExpr>(CE))
      First = 1;
    for (unsigned I = First; I < CE->getNumArgs(); ++I)
      Args.push_back(CE->getArg(I));
  } else if (const auto *CC = dyn_cast<CXXConstructExpr>(Call)) {
    for (const Expr *A : CC->arguments())
      if (!isa<CXXDefaultArgExpr>(A))
        Args.push_back(A);
  }
  return Args;
}

const Expr *argAt(llvm::ArrayRef<const Expr *> Args, const Expr *Object,
                  int I) {
  if (I < 0)
    return Object;
  if (static_cast<size_t>(I) < Args.size())
    return Args[I];
  return nullptr;
}

bool isZeroPointee(const Expr *E, const ASTContext &Ctx) {
  if (!E)
    return false;
  E = E->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_AddrOf)
      if (const auto *DRE =
              dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParenImpCasts()))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
          if (const Expr *Init = VD->getInit())
            return ast::isZero(Init, Ctx);
  return false;
}

/// std::defer_lock, std::try_to_lock, std::adopt_lock: a lock guard
/// constructed with one of them does not wait.
bool isLockTag(const Expr *E) {
  const auto *RD = E->getType()->getAsCXXRecordDecl();
  return RD && isStdName(RD, {"defer_lock_t", "try_to_lock_t", "adopt_lock_t"});
}

bool isGlobalCFunction(const FunctionDecl *FD) {
  return FD->getIdentifier() &&
         FD->getDeclContext()->getRedeclContext()->isTranslationUnit();
}

bool endsWithNonBlock(llvm::StringRef N) { return N.ends_with("NONBLOCK"); }

/// True when \p E mentions any *_NONBLOCK flag (O_NONBLOCK, SOCK_NONBLOCK,
/// EFD_NONBLOCK, ...).
bool mentionsNonBlockFlag(const Expr *E, const ASTContext &Ctx) {
  for (llvm::StringRef F : {"O_NONBLOCK", "SOCK_NONBLOCK", "EFD_NONBLOCK",
                            "TFD_NONBLOCK", "SFD_NONBLOCK", "IN_NONBLOCK"})
    if (ast::mentionsFlag(E, F, Ctx))
      return true;
  return false;
}

/// A call that creates a non-blocking descriptor: socket(..., SOCK_NONBLOCK),
/// accept4(..., SOCK_NONBLOCK), eventfd(0, EFD_NONBLOCK), ...
bool createsNonBlockingFd(const Expr *E, const ASTContext &Ctx) {
  const auto *C = dyn_cast_or_null<CallExpr>(E ? E->IgnoreParenImpCasts()
                                               : nullptr);
  if (!C || !C->getDirectCallee() || !isGlobalCFunction(C->getDirectCallee()))
    return false;
  static const std::pair<llvm::StringRef, unsigned> Creators[] = {
      {"socket", 1},        {"accept4", 3}, {"eventfd", 1},
      {"timerfd_create", 1}, {"signalfd", 2}, {"inotify_init1", 0}};
  llvm::StringRef Name = C->getDirectCallee()->getName();
  for (const auto &[N, FlagArg] : Creators)
    if (Name == N && FlagArg < C->getNumArgs())
      return mentionsNonBlockFlag(C->getArg(FlagArg), Ctx);
  return false;
}

/// A call or construction that opens a kernel pseudo-file:
/// open("/proc/self/stat", ...), fopen("/sys/...", "r"),
/// std::ifstream in("/proc/self/status").
bool opensKernelFile(const Expr *E) {
  E = ast::ignoreWrappers(E);
  if (const auto *CC = dyn_cast_or_null<CXXConstructExpr>(E)) {
    if (CC->getNumArgs() > 0 &&
        isFileStreamClass(CC->getConstructor()->getParent()) &&
        !CC->getConstructor()->isCopyOrMoveConstructor())
      return ast::isKernelPath(CC->getArg(0));
    return false;
  }
  const auto *C = dyn_cast_or_null<CallExpr>(E);
  if (!C || !C->getDirectCallee() || !isGlobalCFunction(C->getDirectCallee()))
    return false;
  llvm::StringRef Name = C->getDirectCallee()->getName();
  unsigned PathArg = Name == "openat" || Name == "openat64" ? 1 : 0;
  bool Opens = Name == "open" || Name == "open64" || Name == "openat" ||
               Name == "openat64" || Name == "fopen" || Name == "fopen64" ||
               Name == "opendir";
  return Opens && PathArg < C->getNumArgs() &&
         ast::isKernelPath(C->getArg(PathArg));
}

bool createsFileFd(const Expr *E) {
  const auto *C = dyn_cast_or_null<CallExpr>(E ? E->IgnoreParenImpCasts()
                                               : nullptr);
  if (!C || !C->getDirectCallee() || !isGlobalCFunction(C->getDirectCallee()))
    return false;
  llvm::StringRef Name = C->getDirectCallee()->getName();
  return Name == "open" || Name == "openat" || Name == "creat" ||
         Name == "fileno" || Name == "open64";
}

/// gRPC's synchronous unary stubs: Status Stub::Method(ClientContext*, ...).
bool isGrpcSyncStub(const FunctionDecl *FD) {
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  if (!MD || MD->getNumParams() < 2)
    return false;
  const auto *Ret = MD->getReturnType()->getAsCXXRecordDecl();
  if (!Ret || catalogName(Ret) != "grpc::Status")
    return false;
  QualType P0 = MD->getParamDecl(0)->getType();
  if (!P0->isPointerType())
    return false;
  const auto *Ctx = P0->getPointeeType()->getAsCXXRecordDecl();
  return Ctx && catalogName(Ctx) == "grpc::ClientContext";
}

const CatalogEntry &grpcStubEntry() {
  static const CatalogEntry E{"grpc sync stub",   Category::Net,
                              Rewrite::Offload,   -1,
                              Unless::AlwaysBlocks, -1,
                              "",                 OnlyIf::Any,
                              -1};
  return E;
}

} // namespace

//===----------------------------------------------------------------------===//
// Coroutines that run on a thread pool
//===----------------------------------------------------------------------===//
//
// After `co_await tp.schedule()` (libcoro, cppcoro), `co_await
// resume_on(executor)` (concurrencpp) or an Asio operation whose completion
// token is bound to an executor (`co_await asio::post(asio::bind_executor(
// pool, asio::use_awaitable))`), a coroutine runs on that executor. When it
// is one meant for blocking work (CatalogConfig::BlockingExecutors), the code
// that follows the switch in its block runs there, not on the event loop. A
// coroutine that starts on such an executor (concurrencpp's executor_tag
// convention) is on it from its first statement. The rest is conservative:
// whatever may run elsewhere counts as on the event loop.

namespace {

/// Where code runs after a switch to a pool, and until when.
enum class PoolMode {
  Off,          // on the event loop, as far as the analysis knows
  Sticky,       // on the pool until a switch to another executor
  UntilSuspend, // on the pool until the next suspension: an Asio awaitable
                // resumes on its own executor after every operation
};

enum class ExecutorKind { Pool, Other, Dependent };

/// `co_await` of a switch to \p Target.
struct ExecutorSwitch {
  const Expr *Target = nullptr;
  PoolMode Mode = PoolMode::Sticky;
};

/// An expression without the implicit nodes around it (temporaries,
/// conversions, the copy or move that passes it by value) and parentheses.
const Expr *bareExpr(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParens();
    const auto *CE = dyn_cast<CXXConstructExpr>(E);
    if (!CE || isa<CXXTemporaryObjectExpr>(CE) || CE->getNumArgs() != 1)
      return E;
    E = CE->getArg(0);
  }
  return E;
}

/// The name of the function a call names (also unresolved, in a template)
/// and, for a member call, its object.
bool calleeNameOf(const CallExpr *C, llvm::StringRef &Name,
                  const Expr *&Object) {
  const Expr *Callee = C->getCallee();
  if (!Callee)
    return false;
  Callee = Callee->IgnoreImplicit()->IgnoreParens();
  DeclarationName N;
  Object = nullptr;
  if (const auto *ME = dyn_cast<MemberExpr>(Callee)) {
    N = ME->getMemberDecl()->getDeclName();
    Object = ME->getBase();
  } else if (const auto *DRE = dyn_cast<DeclRefExpr>(Callee)) {
    N = DRE->getDecl()->getDeclName();
  } else if (const auto *ULE = dyn_cast<UnresolvedLookupExpr>(Callee)) {
    N = ULE->getName();
  } else if (const auto *UME = dyn_cast<UnresolvedMemberExpr>(Callee)) {
    N = UME->getMemberName();
    Object = UME->isImplicitAccess() ? nullptr : UME->getBase();
  } else if (const auto *DME = dyn_cast<CXXDependentScopeMemberExpr>(Callee)) {
    N = DME->getMember();
    Object = DME->isImplicitAccess() ? nullptr : DME->getBase();
  } else {
    return false;
  }
  if (!N.isIdentifier())
    return false;
  Name = N.getAsIdentifierInfo()->getName();
  return true;
}

/// The switch that \p Operand of a `co_await` makes, if it is one:
/// `x.schedule()` (also `schedule_after`, ...), `resume_on(x, ...)`,
/// `schedule_on(x, ...)`, or an operation whose last argument (the
/// completion token) is `bind_executor(x, ...)`.
std::optional<ExecutorSwitch> executorSwitch(const Expr *Operand) {
  const auto *C = dyn_cast_or_null<CallExpr>(bareExpr(Operand));
  if (!C)
    return std::nullopt;
  llvm::StringRef Name;
  const Expr *Object = nullptr;
  if (unsigned N = C->getNumArgs())
    if (const auto *Token = dyn_cast_or_null<CallExpr>(
            bareExpr(C->getArg(N - 1))))
      if (calleeNameOf(Token, Name, Object) && !Object &&
          Name == "bind_executor" && Token->getNumArgs() > 0)
        return ExecutorSwitch{Token->getArg(0), PoolMode::UntilSuspend};
  if (!calleeNameOf(C, Name, Object))
    return std::nullopt;
  if (Object && Name.starts_with("schedule"))
    return ExecutorSwitch{Object, PoolMode::Sticky};
  if (!Object && (Name == "resume_on" || Name == "schedule_on") &&
      C->getNumArgs() > 0)
    return ExecutorSwitch{C->getArg(0), PoolMode::Sticky};
  return std::nullopt;
}

/// The switch a statement makes when it is `co_await <switch>;`.
std::optional<ExecutorSwitch> statementSwitch(const Stmt *S) {
  const auto *E = dyn_cast_or_null<Expr>(S);
  for (unsigned Depth = 0; E && Depth < 4; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *CE = dyn_cast<CStyleCastExpr>(E))
      if (CE->getTypeAsWritten()->isVoidType()) {
        E = CE->getSubExpr(); // (void)co_await ...
        continue;
      }
    break;
  }
  if (const auto *CA = dyn_cast_or_null<CoawaitExpr>(E))
    return executorSwitch(CA->getOperand());
  if (const auto *DA = dyn_cast_or_null<DependentCoawaitExpr>(E))
    return executorSwitch(DA->getOperand());
  return std::nullopt;
}

/// Which executors are meant for blocking work.
class ExecutorMatcher {
public:
  ExecutorMatcher(const llvm::StringSet<> &Names,
                  llvm::ArrayRef<llvm::GlobPattern> Patterns)
      : Names(Names), Patterns(Patterns) {}

  /// What \p E denotes: an executor meant for blocking work (by its type,
  /// or by the function that returned it, also through a local variable),
  /// another, or one that depends on a template parameter.
  ExecutorKind classify(const Expr *E, unsigned Depth = 0) const {
    if (!E || Depth > 8)
      return ExecutorKind::Other;
    E = E->IgnoreParens();
    if (E->containsErrors())
      return ExecutorKind::Other;
    if (E->isTypeDependent())
      return ExecutorKind::Dependent;
    if (typeIsPool(E->getType()))
      return ExecutorKind::Pool;
    const Expr *Next = nullptr;
    if (const auto *FE = dyn_cast<FullExpr>(E)) {
      Next = FE->getSubExpr();
    } else if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E)) {
      Next = MT->getSubExpr();
    } else if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(E)) {
      Next = BT->getSubExpr();
    } else if (const auto *CE = dyn_cast<CastExpr>(E)) {
      Next = CE->getSubExpr();
    } else if (const auto *CC = dyn_cast<CXXConstructExpr>(E)) {
      if (CC->getNumArgs() == 1 && !isa<CXXTemporaryObjectExpr>(CC))
        Next = CC->getArg(0);
    } else if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() == UO_Deref || UO->getOpcode() == UO_AddrOf)
        Next = UO->getSubExpr();
    } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
      // *ptr, ptr-> of a smart pointer
      if ((OC->getOperator() == OO_Star || OC->getOperator() == OO_Arrow) &&
          OC->getNumArgs() == 1)
        Next = OC->getArg(0);
    } else if (const auto *C = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *FD = C->getDirectCallee();
      if (FD && matches(catalogName(FD)))
        return ExecutorKind::Pool; // runtime.background_executor()
      // ptr.get() of a smart pointer
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C))
        if (FD && FD->getIdentifier() && FD->getName() == "get" &&
            MC->getNumArgs() == 0)
          Next = MC->getImplicitObjectArgument();
    } else if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      // auto bg = runtime.background_executor();
      const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
      if (VD && VD->isLocalVarDecl() && VD->getInit())
        Next = VD->getInit();
      // A parameter every call passes a pool for.
      if (const auto *PD = dyn_cast_or_null<ParmVarDecl>(VD);
          PD && PoolParams && PoolParams->count(PD))
        return ExecutorKind::Pool;
    }
    return Next ? classify(Next, Depth + 1) : ExecutorKind::Other;
  }

  /// Parameters known to hold an executor meant for blocking work (from
  /// their callers); classify() treats a mention of one as such.
  void setPoolParams(const llvm::DenseSet<const ParmVarDecl *> *P) {
    PoolParams = P;
  }

  /// The parameter \p E names, through copies and conversions.
  static const ParmVarDecl *parameterOf(const Expr *E) {
    for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
      E = ast::ignoreWrappers(E);
      if (const auto *CC = dyn_cast<CXXConstructExpr>(E);
          CC && CC->getNumArgs() == 1) {
        E = CC->getArg(0);
        continue;
      }
      if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
        return dyn_cast<ParmVarDecl>(DRE->getDecl());
      return nullptr;
    }
    return nullptr;
  }

  /// True when \p T is an executor meant for blocking work, or a pointer,
  /// reference or std smart pointer to one.
  bool typeIsPool(QualType T) const {
    for (unsigned Depth = 0; Depth < 4 && !T.isNull(); ++Depth) {
      T = T.getNonReferenceType();
      if (T->isPointerType()) {
        T = T->getPointeeType();
        continue;
      }
      const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
      if (!RD)
        return false;
      if (const auto *TS = dyn_cast<ClassTemplateSpecializationDecl>(RD))
        if (isStdName(RD, {"shared_ptr", "unique_ptr", "weak_ptr"}) &&
            TS->getTemplateArgs().size() > 0 &&
            TS->getTemplateArgs()[0].getKind() == TemplateArgument::Type) {
          T = TS->getTemplateArgs()[0].getAsType();
          continue;
        }
      return recordIsPool(RD, 0);
    }
    return false;
  }

private:
  bool matches(llvm::StringRef Name) const {
    if (Names.count(Name))
      return true;
    return llvm::any_of(Patterns, [&](const llvm::GlobPattern &G) {
      return G.match(Name);
    });
  }

  /// The class, a class it is nested in (asio::thread_pool's executor
  /// type), or a base class is named.
  bool recordIsPool(const CXXRecordDecl *RD, unsigned Depth) const {
    if (!RD || Depth > 4)
      return false;
    for (const DeclContext *DC = RD; DC; DC = DC->getParent()) {
      const auto *Class = dyn_cast<CXXRecordDecl>(DC);
      if (!Class)
        break;
      if (matches(catalogName(Class)))
        return true;
    }
    const CXXRecordDecl *Def = RD->getDefinition();
    if (!Def)
      return false;
    for (const CXXBaseSpecifier &B : Def->bases())
      if (recordIsPool(B.getType()->getAsCXXRecordDecl(), Depth + 1))
        return true;
    return false;
  }

  const llvm::StringSet<> &Names;
  llvm::ArrayRef<llvm::GlobPattern> Patterns;
  const llvm::DenseSet<const ParmVarDecl *> *PoolParams = nullptr;
};

/// Which statements of one function body run on a pool: the statements
/// after `co_await <switch to a pool>;` in its block, up to a switch to
/// another executor (or, for Asio, the next suspension). A loop that may
/// leave the pool is not on it as a whole (its next iteration starts
/// elsewhere); a label may be reached from elsewhere; a co_yield hands the
/// coroutine to its consumer. Lambdas are functions of their own.
class PoolRegions {
public:
  explicit PoolRegions(const ExecutorMatcher &M) : M(M) {}

  void run(const Stmt *Body, bool StartsOnPool) {
    Mode = StartsOnPool ? PoolMode::Sticky : PoolMode::Off;
    visit(Body, 0);
  }
  /// \p S (an expression or statement of the body) runs on the pool.
  bool runsOnPool(const Stmt *S) const { return S && Nodes.count(S); }
  /// The local variable \p V is destroyed on the pool.
  bool destroyedOnPool(const VarDecl *V) const { return V && Vars.count(V); }

private:
  void visit(const Stmt *S, unsigned Depth) {
    if (!S)
      return;
    if (Depth > 256) {
      // Too deep to follow: all of it on the pool, or none of it.
      if (Mode != PoolMode::Off && mayLeave(S))
        setOff();
      if (Mode != PoolMode::Off)
        markAll(S);
      return;
    }
    if (Mode != PoolMode::Off)
      Nodes.insert(S);
    if (isa<LambdaExpr>(S) || isa<BlockExpr>(S) || ast::runsNothingHere(S))
      return;
    if (const auto *CS = dyn_cast<CompoundStmt>(S))
      return block(CS, Depth);
    if (const auto *CA = dyn_cast<CoawaitExpr>(S)) {
      visit(CA->getOperand(), Depth + 1);
      return afterAwait(CA->getOperand());
    }
    if (const auto *DA = dyn_cast<DependentCoawaitExpr>(S)) {
      visit(DA->getOperand(), Depth + 1);
      return afterAwait(DA->getOperand());
    }
    if (const auto *CY = dyn_cast<CoyieldExpr>(S)) {
      visit(CY->getOperand(), Depth + 1);
      ++SuspendEpoch;
      return leave(); // the consumer resumes it
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D)) {
          visit(VD->getInit(), Depth + 1);
          if (Mode != PoolMode::Off && !Declared.empty())
            Declared.back().push_back(VD);
        }
      return;
    }
    if ((isa<ForStmt>(S) || isa<WhileStmt>(S) || isa<DoStmt>(S) ||
         isa<CXXForRangeStmt>(S)) &&
        Mode != PoolMode::Off && mayLeave(S))
      leave(); // a later iteration starts where the last one ended
    if (const auto *IL = dyn_cast<InitListExpr>(S))
      if (const InitListExpr *Syntactic = IL->getSyntacticForm())
        visit(Syntactic, Depth + 1);
    if (const auto *SW = dyn_cast<SwitchStmt>(S)) {
      visit(SW->getInit(), Depth + 1);
      visit(SW->getConditionVariableDeclStmt(), Depth + 1);
      visit(SW->getCond(), Depth + 1);
      const Stmt *Outer = std::exchange(SwitchBody, SW->getBody());
      visit(SW->getBody(), Depth + 1);
      SwitchBody = Outer;
      return;
    }
    for (const Stmt *Child : S->children())
      visit(Child, Depth + 1);
  }

  void block(const CompoundStmt *CS, unsigned Depth) {
    PoolMode Saved = Mode;
    unsigned Switches = SwitchEpoch, Suspensions = SuspendEpoch;
    Declared.emplace_back();
    for (const Stmt *Child : CS->body()) {
      // A label is also reached by a jump: a case label of the switch whose
      // body this block is, in the state the block started in; any other
      // label from anywhere.
      const Stmt *Inner = Child;
      while (true) {
        if (const auto *SC = dyn_cast<SwitchCase>(Inner)) {
          if (CS != SwitchBody)
            leave();
          else if (Saved == PoolMode::Off)
            setOff();
          else if (Saved == PoolMode::UntilSuspend && Mode != PoolMode::Off)
            Mode = PoolMode::UntilSuspend;
          Inner = SC->getSubStmt();
        } else if (const auto *LS = dyn_cast<LabelStmt>(Inner)) {
          leave();
          Inner = LS->getSubStmt();
        } else if (const auto *AS = dyn_cast<AttributedStmt>(Inner)) {
          Inner = AS->getSubStmt();
        } else {
          break;
        }
      }
      visit(Child, Depth + 1);
      if (std::optional<ExecutorSwitch> Sw = statementSwitch(Inner))
        if (M.classify(Sw->Target) != ExecutorKind::Other)
          Mode = Sw->Mode; // (a dependent executor: each instantiation says)
    }
    // A variable declared on the pool and never left it since is destroyed
    // there at the end of the block (and on every way out before it).
    if (Mode != PoolMode::Off)
      Vars.insert(Declared.back().begin(), Declared.back().end());
    Declared.pop_back();
    // Whatever left the pool inside the block left it for the code after.
    bool Left = SwitchEpoch != Switches ||
                (Saved == PoolMode::UntilSuspend && SuspendEpoch != Suspensions);
    if (Left || Saved == PoolMode::Off)
      setOff();
    else
      Mode = Saved;
  }

  void afterAwait(const Expr *Operand) {
    if (std::optional<ExecutorSwitch> Sw = executorSwitch(Operand))
      if (M.classify(Sw->Target) == ExecutorKind::Other)
        leave(); // back to the event loop, or to another executor
    ++SuspendEpoch;
    if (Mode == PoolMode::UntilSuspend)
      setOff();
  }

  /// True when running \p S may leave the pool of the current mode.
  bool mayLeave(const Stmt *S) const {
    llvm::SmallVector<const Stmt *, 32> Work{S};
    while (!Work.empty()) {
      const Stmt *Cur = Work.pop_back_val();
      if (!Cur || isa<LambdaExpr>(Cur) || isa<BlockExpr>(Cur) ||
          ast::runsNothingHere(Cur))
        continue;
      if (isa<CoyieldExpr>(Cur) || isa<LabelStmt>(Cur))
        return true;
      const Expr *Operand = nullptr;
      if (const auto *CA = dyn_cast<CoawaitExpr>(Cur))
        Operand = CA->getOperand();
      else if (const auto *DA = dyn_cast<DependentCoawaitExpr>(Cur))
        Operand = DA->getOperand();
      if (Operand) {
        if (Mode == PoolMode::UntilSuspend)
          return true;
        if (std::optional<ExecutorSwitch> Sw = executorSwitch(Operand))
          if (M.classify(Sw->Target) == ExecutorKind::Other)
            return true;
        Work.push_back(Operand);
        continue;
      }
      for (const Stmt *Child : Cur->children())
        Work.push_back(Child);
    }
    return false;
  }

  void markAll(const Stmt *S) {
    llvm::SmallVector<const Stmt *, 32> Work{S};
    while (!Work.empty()) {
      const Stmt *Cur = Work.pop_back_val();
      if (!Cur || isa<LambdaExpr>(Cur))
        continue;
      Nodes.insert(Cur);
      for (const Stmt *Child : Cur->children())
        Work.push_back(Child);
    }
  }

  /// Off the pool here; the blocks around learn it at their end.
  void leave() {
    ++SwitchEpoch;
    setOff();
  }
  /// Off the pool: the variables declared on it so far may be destroyed
  /// elsewhere (a later way out of their block).
  void setOff() {
    Mode = PoolMode::Off;
    for (auto &List : Declared)
      List.clear();
  }

  const ExecutorMatcher &M;
  const Stmt *SwitchBody = nullptr; // of the innermost switch statement
  PoolMode Mode = PoolMode::Off;
  unsigned SwitchEpoch = 0, SuspendEpoch = 0;
  std::vector<std::vector<const VarDecl *>> Declared;
  llvm::DenseSet<const Stmt *> Nodes;
  llvm::DenseSet<const VarDecl *> Vars;
};

} // namespace

//===----------------------------------------------------------------------===//
// Futures of coroutine libraries
//===----------------------------------------------------------------------===//
//
// A class with both a blocking wait (get(), wait(), wait_for(),
// wait_until()) and an awaitable form is a future a coroutine should
// co_await: concurrencpp's result<T>, async_simple's Future<T>, a
// libcoro-style future. No catalog row can name every library's future;
// the shape of the class can.

namespace {

/// The members named \p Name of \p RD and of its bases.
void membersNamed(const CXXRecordDecl *RD, DeclarationName Name,
                  llvm::SmallVectorImpl<const NamedDecl *> &Out,
                  unsigned Depth = 0) {
  RD = RD && Depth < 8 ? RD->getDefinition() : nullptr;
  if (!RD)
    return;
  for (const NamedDecl *D : RD->lookup(Name))
    Out.push_back(D);
  for (const CXXBaseSpecifier &B : RD->bases())
    membersNamed(B.getType()->getAsCXXRecordDecl(), Name, Out, Depth + 1);
}

bool hasMemberNamed(const CXXRecordDecl *RD, DeclarationName Name) {
  llvm::SmallVector<const NamedDecl *, 4> Found;
  membersNamed(RD, Name, Found);
  return !Found.empty();
}

DeclarationName nameOf(const ASTContext &Ctx, llvm::StringRef Name) {
  return DeclarationName(&Ctx.Idents.get(Name));
}

/// True when free function \p FD (an operator co_await) takes a \p RD: its
/// first parameter is the class, or its template (`Future<T>&&`).
bool takesClass(const FunctionDecl *FD, const CXXRecordDecl *RD) {
  if (!FD || FD->getNumParams() < 1)
    return false;
  QualType P = FD->getParamDecl(0)->getType().getNonReferenceType();
  if (const CXXRecordDecl *C = P->getAsCXXRecordDecl();
      C && C->getCanonicalDecl() == RD->getCanonicalDecl())
    return true;
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  const auto *TST = P->getAs<TemplateSpecializationType>();
  if (!Spec || !TST)
    return false;
  const TemplateDecl *TD = TST->getTemplateName().getAsTemplateDecl();
  return TD && TD->getCanonicalDecl() ==
                   Spec->getSpecializedTemplate()->getCanonicalDecl();
}

/// True when an object of class \p RD can be awaited by itself: the class
/// or a base has `operator co_await` or is an awaiter, or a free
/// `operator co_await` (in its namespace, or a friend) takes it.
bool isAwaitableClass(const CXXRecordDecl *RD, const ASTContext &Ctx,
                      unsigned Depth = 0) {
  RD = RD && Depth < 8 ? RD->getDefinition() : nullptr;
  if (!RD)
    return false;
  DeclarationName CoAwait =
      Ctx.DeclarationNames.getCXXOperatorName(OO_Coawait);
  if (hasMemberNamed(RD, CoAwait) ||
      (hasMemberNamed(RD, nameOf(Ctx, "await_ready")) &&
       hasMemberNamed(RD, nameOf(Ctx, "await_suspend")) &&
       hasMemberNamed(RD, nameOf(Ctx, "await_resume"))))
    return true;
  for (const FriendDecl *F : RD->friends())
    if (const NamedDecl *ND = F->getFriendDecl();
        ND && ND->getDeclName() == CoAwait &&
        takesClass(ND->getAsFunction(), RD))
      return true;
  // The namespaces argument-dependent lookup searches for the class (an
  // inline namespace's parent too), and the global one.
  const DeclContext *DC = RD->getEnclosingNamespaceContext();
  for (unsigned I = 0; DC && I < 8; ++I) {
    for (const NamedDecl *ND : DC->lookup(CoAwait))
      if (takesClass(ND->getAsFunction(), RD))
        return true;
    if (DC->isTranslationUnit())
      break;
    const auto *NS = dyn_cast<NamespaceDecl>(DC);
    DC = NS && NS->isInline() ? DC->getParent()
                              : RD->getTranslationUnitDecl();
  }
  for (const CXXBaseSpecifier &B : RD->bases())
    if (isAwaitableClass(B.getType()->getAsCXXRecordDecl(), Ctx, Depth + 1))
      return true;
  return false;
}

/// A wait that returns nothing or a status, not an awaitable: void, bool,
/// an enum (std::future_status, ...) or an integer.
bool returnsStatus(const FunctionDecl *FD) {
  QualType R = FD ? FD->getReturnType() : QualType();
  return !R.isNull() && (R->isVoidType() || R->isBooleanType() ||
                         R->isEnumeralType() || R->isIntegerType());
}

bool hasBlockingWait(const CXXRecordDecl *RD, const ASTContext &Ctx) {
  llvm::SmallVector<const NamedDecl *, 4> Waits;
  membersNamed(RD, nameOf(Ctx, "wait"), Waits);
  return llvm::any_of(Waits, [](const NamedDecl *D) {
    return returnsStatus(D->getAsFunction());
  });
}

/// True when \p S is a blocking wait on a future that is also awaitable;
/// \p ZeroTimeout is set for `wait_for(0s)`, which only polls.
bool isBlockingWaitOnAwaitable(const CallSite &S,
                               const CXXRecordDecl *ObjectClass,
                               const ASTContext &Ctx, bool &ZeroTimeout) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(S.Callee);
  const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(S.Call);
  if (!MD || !Call || !MD->getIdentifier() || !ObjectClass ||
      ObjectClass->isDependentContext())
    return false;
  llvm::StringRef Name = MD->getName();
  if (Name == "get") {
    // get() blocks where the class also has a blocking wait(); a get()
    // that returns an awaitable is an accessor.
    const CXXRecordDecl *Result = MD->getReturnType()->getAsCXXRecordDecl();
    if (!hasBlockingWait(ObjectClass, Ctx) ||
        (Result && isAwaitableClass(Result, Ctx)))
      return false;
  } else if (Name == "wait" || Name == "wait_for" || Name == "wait_until") {
    if (!returnsStatus(MD))
      return false;
  } else {
    return false;
  }
  if (!isAwaitableClass(ObjectClass, Ctx))
    return false;
  ZeroTimeout = Name == "wait_for" && Call->getNumArgs() > 0 &&
                ast::isZero(Call->getArg(0), Ctx);
  return true;
}

} // namespace

const CatalogEntry &awaitableWaitEntry() {
  // A name with '[' is a description: diagnostics name the callee instead.
  static const CatalogEntry E{"[blocking wait of an awaitable]",
                              Category::Sync,
                              Rewrite::None,
                              -1,
                              Unless::AlwaysBlocks,
                              -1,
                              "",
                              OnlyIf::Any,
                              -1};
  return E;
}

//===----------------------------------------------------------------------===//
// The walk
//===----------------------------------------------------------------------===//

class TUWalker : public RecursiveASTVisitor<TUWalker> {
  using Base = RecursiveASTVisitor<TUWalker>;

public:
  TUWalker(Analysis &A) : A(A), Ctx(A.Ctx), SM(Ctx.getSourceManager()) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return false; }
  bool shouldWalkTypesOfTypeLocs() const { return false; }

  /// Runs \p Traverse with \p FD as the enclosing function: a function, a
  /// lambda's call operator (\p LE set), or a generic lambda's
  /// instantiation.
  template <class TraverseFn>
  bool inFunction(const FunctionDecl *FD, const LambdaExpr *LE,
                  TraverseFn &&Traverse) {
    FunctionInfo &Info = A.infoFor(FD);
    if (LE)
      Info.Lambda = LE;
    Info.IsCoroutine |= isa_and_nonnull<CoroutineBodyStmt>(FD->getBody());
    Info.MarkedNonBlocking = ast::isMarkedNonBlocking(FD);
    Stack.push_back(&Info);
    unsigned OuterHandlerDepth = std::exchange(HandlerDepth, 0);
    bool R = Traverse();
    HandlerDepth = OuterHandlerDepth;
    Stack.pop_back();
    return R;
  }

  bool TraverseDecl(Decl *D) {
    if (!D)
      return true;
    if (!isa<TranslationUnitDecl>(D) && D->getLocation().isValid() &&
        SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation())))
      return true;
    if (D->isInvalidDecl() && isa<FunctionDecl>(D))
      return true;
    const auto *FD = dyn_cast<FunctionDecl>(D);
    if (!FD || !FD->doesThisDeclarationHaveABody() || isa<CXXMethodDecl>(FD) &&
                   cast<CXXMethodDecl>(FD)->getParent()->isLambda())
      return Base::TraverseDecl(D);
    return inFunction(FD, nullptr, [&] { return Base::TraverseDecl(D); });
  }

  bool TraverseLambdaExpr(LambdaExpr *LE) {
    CXXMethodDecl *Op = LE->getCallOperator();
    if (!Op)
      return true;
    bool R = inFunction(Op, LE, [&] { return Base::TraverseLambdaExpr(LE); });
    // A generic lambda's instantiations are bodies of their own: the
    // traversal above sees only the pattern.
    if (const FunctionTemplateDecl *FTD = LE->getDependentCallOperator())
      for (FunctionDecl *Spec : FTD->specializations())
        if (R && Spec->doesThisDeclarationHaveABody())
          R = inFunction(Spec, LE,
                         [&] { return TraverseStmt(Spec->getBody()); });
    return R;
  }

  // Unevaluated operands run nothing.
  bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *) {
    return true;
  }
  bool TraverseCXXNoexceptExpr(CXXNoexceptExpr *) { return true; }
  bool TraverseRequiresExpr(RequiresExpr *) { return true; }
  bool TraverseConceptSpecializationExpr(ConceptSpecializationExpr *) {
    return true;
  }
  // (LLVM 22 passes an extra flag to the TypeLoc traversals.)
  template <typename... Flags>
  bool TraverseDecltypeTypeLoc(DecltypeTypeLoc, Flags...) {
    return true;
  }
  template <typename... Flags>
  bool TraverseTypeOfExprTypeLoc(TypeOfExprTypeLoc, Flags...) {
    return true;
  }
  bool TraverseStaticAssertDecl(StaticAssertDecl *) { return true; }
  bool TraverseCXXTypeidExpr(CXXTypeidExpr *E) {
    if (!E->isPotentiallyEvaluated())
      return true;
    return Base::TraverseCXXTypeidExpr(E);
  }
  bool TraverseGenericSelectionExpr(GenericSelectionExpr *E) {
    if (E->isResultDependent())
      return true;
    return TraverseStmt(E->getResultExpr());
  }
  // In a template, a branch of a dependent `if constexpr` may be discarded:
  // the instantiations tell which branch runs.
  bool TraverseIfStmt(IfStmt *S) {
    if (S->isConstexpr() && S->getCond() &&
        S->getCond()->isValueDependent())
      return true;
    return Base::TraverseIfStmt(S);
  }

  // Where calls stand, for rewrites: a value that is discarded, a variable
  // initializer, the operand of a postfix operator, a catch handler.
  bool VisitCompoundStmt(CompoundStmt *S) {
    for (Stmt *Child : S->body())
      markDiscarded(Child);
    return true;
  }
  bool VisitIfStmt(IfStmt *S) {
    markDiscarded(S->getThen());
    markDiscarded(S->getElse());
    return true;
  }
  bool VisitForStmt(ForStmt *S) {
    markDiscarded(S->getInit());
    markDiscarded(S->getInc());
    markDiscarded(S->getBody());
    return true;
  }
  bool VisitWhileStmt(WhileStmt *S) {
    markDiscarded(S->getBody());
    return true;
  }
  bool VisitDoStmt(DoStmt *S) {
    markDiscarded(S->getBody());
    return true;
  }
  bool VisitSwitchCase(SwitchCase *S) {
    markDiscarded(S->getSubStmt());
    return true;
  }
  bool VisitLabelStmt(LabelStmt *S) {
    markDiscarded(S->getSubStmt());
    return true;
  }
  bool VisitCStyleCastExpr(CStyleCastExpr *E) {
    if (E->getTypeAsWritten()->isVoidType())
      Discarded.insert(strip(E->getSubExpr()));
    return true;
  }
  bool VisitMemberExpr(MemberExpr *E) {
    Postfix.insert(strip(E->getBase()));
    return true;
  }
  bool VisitArraySubscriptExpr(ArraySubscriptExpr *E) {
    Postfix.insert(strip(E->getBase()));
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *E) {
    if (E->isPostfix())
      Postfix.insert(strip(E->getSubExpr()));
    return true;
  }
  bool TraverseCXXCatchStmt(CXXCatchStmt *S) {
    ++HandlerDepth;
    bool R = Base::TraverseCXXCatchStmt(S);
    --HandlerDepth;
    return R;
  }

  bool TraverseCoawaitExpr(CoawaitExpr *E) {
    noteSuspension(E->getOperand());
    return Base::TraverseCoawaitExpr(E);
  }
  bool TraverseDependentCoawaitExpr(DependentCoawaitExpr *E) {
    noteSuspension(E->getOperand());
    return Base::TraverseDependentCoawaitExpr(E);
  }
  bool VisitCoyieldExpr(CoyieldExpr *) {
    markCoroutine();
    return true;
  }

  bool VisitCallExpr(CallExpr *E) {
    const FunctionDecl *Callee = E->getDirectCallee();
    const Expr *Object = nullptr;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
      Object = MC->getImplicitObjectArgument();
    else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E))
      if (isa_and_nonnull<CXXMethodDecl>(Callee) && OC->getNumArgs() > 0)
        Object = OC->getArg(0);
    if (Callee && isGlobalCFunction(Callee))
      noteDescriptorCall(E, Callee->getName());
    if (Callee) {
      unsigned Shift =
          isa<CXXOperatorCallExpr>(E) && isa<CXXMethodDecl>(Callee) ? 1 : 0;
      noteArgumentTemporaries(Callee, E->getArgs() + Shift,
                              E->getNumArgs() - std::min(Shift, E->getNumArgs()));
      // fut_ = std::async(...): destroying the member waits.
      if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E))
        if (OC->getOperator() == OO_Equal && OC->getNumArgs() == 2 &&
            ast::isAsyncLaunch(OC->getArg(1), Ctx))
          if (const auto *ME = dyn_cast<MemberExpr>(
                  OC->getArg(0)->IgnoreParenImpCasts()))
            A.AsyncFutureFields.insert(ME->getMemberDecl());
    }
    // in.open("/proc/self/status"): the stream reads a kernel pseudo-file.
    if (Object && Callee && Callee->getIdentifier() &&
        Callee->getName() == "open" && E->getNumArgs() > 0 &&
        isa<CXXMemberCallExpr>(E) && ast::isKernelPath(E->getArg(0)))
      A.KernelFiles.insert(ast::descriptorKey(Object));
    // sock.native_non_blocking(true), sock.non_blocking(true, ec) (Asio's
    // sockets and descriptors): the object's descriptor is non-blocking.
    if (Object && Callee && Callee->getIdentifier() &&
        isa<CXXMemberCallExpr>(E) && E->getNumArgs() > 0 &&
        (Callee->getName() == "native_non_blocking" ||
         Callee->getName() == "non_blocking") &&
        isTrueConstant(E->getArg(0)))
      markNonBlocking(Object);
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
      noteFutureObjectUse(MC);
    record(E, Callee, Object);
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *E) {
    if (const CXXConstructorDecl *Ctor = E->getConstructor())
      noteArgumentTemporaries(Ctor, E->getArgs(), E->getNumArgs());
    record(E, E->getConstructor(), nullptr);
    return true;
  }

  // Destructors without a written call: locals at the end of their scope,
  // temporaries at the end of their full-expression, delete-expressions.
  bool VisitDeclStmt(DeclStmt *S) {
    for (Decl *D : S->decls())
      if (auto *VD = dyn_cast<VarDecl>(D)) {
        if (VD->hasLocalStorage() && !VD->isNRVOVariable() &&
            !VD->getType()->isDependentType() &&
            VD->needsDestruction(Ctx) == QualType::DK_cxx_destructor)
          recordDestructor(
              Ctx.getBaseElementType(VD->getType())->getAsCXXRecordDecl(), VD,
              nullptr);
        if (!VD->getType()->isReferenceType())
          noteElidedTemporary(VD->getInit());
      }
    return true;
  }
  bool VisitReturnStmt(ReturnStmt *S) {
    noteElidedTemporary(S->getRetValue());
    noteReturnedLocal(S->getRetValue());
    return true;
  }
  bool VisitCoreturnStmt(CoreturnStmt *S) {
    markCoroutine();
    noteReturnedLocal(S->getOperand());
    return true;
  }
  bool VisitCXXBindTemporaryExpr(CXXBindTemporaryExpr *E) {
    if (ElidedTemporaries.count(E))
      return true; // it initializes an object: no temporary is destroyed
    if (MovedFromTemporaries.count(E))
      return true; // moved from: what is destroyed is empty
    if (const CXXTemporary *T = E->getTemporary())
      if (const CXXDestructorDecl *D = T->getDestructor()) {
        recordDestructor(D->getParent(), nullptr, E);
        auto It = ArgumentTemporaries.find(E);
        if (It != ArgumentTemporaries.end() && !Stack.empty() &&
            !Stack.back()->Destructors.empty()) {
          Stack.back()->Destructors.back().PassedTo = It->second.first;
          Stack.back()->Destructors.back().ParamIndex = It->second.second;
        }
      }
    return true;
  }
  bool VisitCXXDeleteExpr(CXXDeleteExpr *E) {
    QualType T = E->getDestroyedType();
    if (!T.isNull() && !T->isDependentType())
      recordDestructor(T->getAsCXXRecordDecl(), nullptr, E);
    return true;
  }

  bool VisitVarDecl(VarDecl *VD) {
    noteStatelessFutureCandidate(VD);
    noteDescriptorSource(VD, VD->getInit());
    if (VD->getInit() && mentionsNonBlockFlag(VD->getInit(), Ctx))
      NonBlockFlagVars.insert(VD);
    if (VD->getInit() && !VD->getType()->isReferenceType())
      ValueInits.insert(strip(VD->getInit()));
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() == BO_Assign)
      noteDescriptorSource(ast::descriptorKey(BO->getLHS()), BO->getRHS());
    // int flags = fcntl(fd, F_GETFL); flags |= O_NONBLOCK;
    if ((BO->getOpcode() == BO_Assign || BO->getOpcode() == BO_OrAssign) &&
        mentionsNonBlockFlag(BO->getRHS(), Ctx))
      if (const auto *DRE =
              dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
        NonBlockFlagVars.insert(DRE->getDecl());
    return true;
  }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *S) {
    markDiscarded(S->getBody());
    // for (int fd : fds_) fcntl(fd, ...): what is said of the element is
    // said of the range.
    if (const VarDecl *LV = S->getLoopVariable())
      if (const Decl *Range = ast::descriptorKey(S->getRangeInit())) {
        RangeOf[LV] = Range;
        // for (auto &c : held) release(std::move(c)): the elements of a
        // local container are moved away.
        const auto *Local = dyn_cast<VarDecl>(Range);
        if (!Stack.empty() && Local && Local->hasLocalStorage() &&
            LV->getType()->isReferenceType() &&
            !LV->getType().getNonReferenceType().isConstQualified())
          Stack.back()->ElementRefs[LV] = Local;
      }
    return true;
  }
  bool TraverseConstructorInitializer(CXXCtorInitializer *Init) {
    if (Init->isMemberInitializer()) {
      noteDescriptorSource(Init->getMember(), Init->getInit());
      if (ast::isAsyncLaunch(Init->getInit(), Ctx))
        A.AsyncFutureFields.insert(Init->getMember());
    }
    // A prvalue that initializes a member or a base (`p_(make_unique<T>())`)
    // is that object: no temporary is made or destroyed.
    if (const FieldDecl *F = Init->getMember();
        (F && !F->getType()->isReferenceType()) || Init->isBaseInitializer() ||
        Init->isDelegatingInitializer())
      noteElidedTemporary(Init->getInit());
    return Base::TraverseConstructorInitializer(Init);
  }

  bool VisitIntegerLiteral(IntegerLiteral *L) {
    if (Stack.empty() || !L->getBeginLoc().isMacroID())
      return true;
    for (llvm::StringRef N : {"EAGAIN", "EWOULDBLOCK", "EINPROGRESS"})
      if (Lexer::getImmediateMacroName(L->getBeginLoc(), SM,
                                       Ctx.getLangOpts()) == N)
        Stack.back()->ExpectsWouldBlock = true;
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    noteFutureMention(E);
    if (Stack.empty())
      return true;
    if (const auto *EC = dyn_cast<EnumConstantDecl>(E->getDecl()))
      if (EC->getIdentifier() &&
          (EC->getName() == "resource_unavailable_try_again" ||
           EC->getName() == "operation_would_block" ||
           EC->getName() == "operation_in_progress"))
        Stack.back()->ExpectsWouldBlock = true;
    return true;
  }

private:
  void markCoroutine() {
    if (!Stack.empty())
      Stack.back()->IsCoroutine = true;
  }

  void noteSuspension(Expr *Operand) {
    markCoroutine();
    if (Stack.empty() || !Operand)
      return;
    Stack.back()->Awaits = true;
    AwaitedCalls.insert(strip(Operand));
    notePoolSwitch(Operand);
    collectKeys(Operand, Stack.back()->AwaitedKeys, 0);
    if (isReadinessWait(Operand)) {
      collectKeys(Operand, Stack.back()->ReadinessKeys, 0);
      if (const auto *C = dyn_cast<CallExpr>(
              Operand->IgnoreImplicit()->IgnoreParens()))
        if (const FunctionDecl *FD = C->getDirectCallee())
          Stack.back()->ReadinessCallees.push_back(FD);
    }
  }

  /// `co_await tp.schedule()` and the like, to an executor meant for
  /// blocking work (see "Coroutines that run on a thread pool").
  void notePoolSwitch(const Expr *Operand) {
    if (Stack.back()->SwitchesToPool)
      return;
    if (std::optional<ExecutorSwitch> Sw = executorSwitch(Operand)) {
      Stack.back()->SwitchesToPool =
          ExecutorMatcher(A.PoolExecutorNames, A.PoolExecutorPatterns)
              .classify(Sw->Target) != ExecutorKind::Other;
      if (!Stack.back()->SwitchesToPool &&
          ExecutorMatcher::parameterOf(Sw->Target))
        Stack.back()->SwitchesToParam = true;
    }
  }

  /// `poll(fd, ...)`, `readable(fd)`, `wait_ready(sock)`: an awaited call
  /// named for readiness, as opposed to an I/O operation.
  static bool isReadinessWait(const Expr *Operand) {
    const auto *C = dyn_cast<CallExpr>(Operand->IgnoreImplicit()->IgnoreParens());
    const FunctionDecl *FD = C ? C->getDirectCallee() : nullptr;
    if (!FD || !FD->getIdentifier())
      return false;
    std::string Name = FD->getName().lower();
    for (const char *Word : {"poll", "readable", "writable", "ready", "wait"})
      if (Name.find(Word) != std::string::npos)
        return true;
    return false;
  }

  static void collectKeys(const Stmt *S,
                          llvm::SmallPtrSetImpl<const Decl *> &Out,
                          unsigned Depth) {
    if (!S || Depth > 32 || isa<LambdaExpr>(S))
      return;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      Out.insert(DRE->getDecl());
    else if (const auto *ME = dyn_cast<MemberExpr>(S))
      Out.insert(ME->getMemberDecl());
    for (const Stmt *C : S->children())
      collectKeys(C, Out, Depth + 1);
  }

  void record(const Expr *E, const FunctionDecl *Callee, const Expr *Object) {
    if (Stack.empty())
      return;
    CallSite S;
    S.Call = E;
    S.Callee = Callee;
    S.Object = Object;
    S.ValueDiscarded = Discarded.count(E);
    S.InitializesValue = ValueInits.count(E);
    S.NeedsParens = Postfix.count(E);
    S.InHandler = HandlerDepth > 0;
    S.Awaited = AwaitedCalls.count(E);
    Stack.back()->Calls.push_back(S);
  }

  /// The expression a statement or operand really is: without the implicit
  /// nodes and parentheses around it.
  static const Expr *strip(const Expr *E) {
    if (!E)
      return nullptr;
    // Also through the implicit copy that initializes a variable from a
    // reference (`T v = sf.get();`).
    return E->IgnoreUnlessSpelledInSource();
  }
  void markDiscarded(const Stmt *S) {
    if (const auto *E = dyn_cast_or_null<Expr>(S))
      Discarded.insert(strip(E));
  }

  /// `return c;` of a local: the value moves out (or is the return
  /// object itself); what is destroyed at the end of the scope is empty.
  void noteReturnedLocal(const Expr *E) {
    if (Stack.empty() || !E)
      return;
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E); CE && CE->getNumArgs() == 1)
      E = CE->getArg(0)->IgnoreImplicit()->IgnoreParens();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        if (VD->hasLocalStorage() && !VD->getType()->isReferenceType())
          Stack.back()->ReturnedLocals.insert(VD);
  }

  /// The temporary an argument binds, if any: `f(make_unique<T>())`,
  /// `v.push_back(T{})`.
  static const CXXBindTemporaryExpr *boundTemporary(const Expr *E) {
    for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
      E = E->IgnoreParens();
      if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(E))
        return BT;
      if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E))
        E = MT->getSubExpr();
      else if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E);
               ICE && (ICE->getCastKind() == CK_NoOp ||
                       ICE->getCastKind() == CK_DerivedToBase ||
                       ICE->getCastKind() == CK_UncheckedDerivedToBase))
        E = ICE->getSubExpr();
      else
        return nullptr;
    }
    return nullptr;
  }

  /// Temporaries handed to parameters. One bound to an rvalue reference of
  /// a move constructor or move assignment, or of a standard library
  /// function (`v.push_back(std::make_unique<T>())`), is moved from: its
  /// destructor runs on an empty object. One passed by value is the
  /// parameter itself: whether the callee takes it over is decided with the
  /// callee's body (Summaries.cpp).
  void noteArgumentTemporaries(const FunctionDecl *Callee,
                               const Expr *const *Args, unsigned NumArgs) {
    if (Stack.empty())
      return;
    unsigned N = std::min(NumArgs, Callee->getNumParams());
    for (unsigned I = 0; I < N; ++I) {
      const CXXBindTemporaryExpr *BT = boundTemporary(Args[I]);
      if (!BT)
        continue;
      QualType PT = Callee->getParamDecl(I)->getType();
      if (PT->isRValueReferenceType()) {
        const auto *Ctor = dyn_cast<CXXConstructorDecl>(Callee);
        const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
        if ((Ctor && (Ctor->isMoveConstructor() ||
                      Ctor->getParent()->isInStdNamespace())) ||
            (MD && MD->isMoveAssignmentOperator()) ||
            Callee->isInStdNamespace() ||
            (MD && MD->getParent()->isInStdNamespace()))
          MovedFromTemporaries.insert(BT);
      } else if (!PT->isReferenceType() && PT->isRecordType()) {
        ArgumentTemporaries[BT] = {Callee, I};
      }
    }
  }

  /// A prvalue that initializes a variable or a return value is not a
  /// temporary that is destroyed, though the AST binds it as one.
  void noteElidedTemporary(const Expr *E) {
    for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
      E = E->IgnoreParens();
      if (const auto *EWC = dyn_cast<ExprWithCleanups>(E)) {
        E = EWC->getSubExpr();
      } else if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E)) {
        if (ICE->getCastKind() != CK_NoOp &&
            ICE->getCastKind() != CK_ConstructorConversion)
          return;
        E = ICE->getSubExpr();
      } else if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
        if (!CE->isElidable() || CE->getNumArgs() != 1)
          return;
        E = CE->getArg(0);
      } else if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E)) {
        E = MT->getSubExpr();
      } else if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(E)) {
        ElidedTemporaries.insert(BT);
        return;
      } else if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E)) {
        // c ? std::move(*x) : T{}: each arm initializes the object.
        noteElidedTemporary(CO->getTrueExpr());
        E = CO->getFalseExpr();
      } else {
        return;
      }
    }
  }

  void recordDestructor(const CXXRecordDecl *RD, const VarDecl *Var,
                        const Expr *E) {
    if (Stack.empty() || !RD)
      return;
    DestructorRun R;
    R.Class = RD;
    R.Var = Var;
    R.Expr = E;
    Stack.back()->Destructors.push_back(R);
  }

  void noteDescriptorSource(const Decl *Target, const Expr *Init) {
    if (!Target || !Init)
      return;
    if (opensKernelFile(Init))
      A.KernelFiles.insert(Target);
    if (createsNonBlockingFd(Init, Ctx))
      A.NonBlockingFds.insert(Target);
    else if (createsFileFd(Init))
      A.FileFds.insert(Target);
  }

  void noteDescriptorCall(const CallExpr *E, llvm::StringRef Name) {
    unsigned N = E->getNumArgs();
    if (Name == "fcntl" && N >= 3) {
      // fcntl(fd, F_SETFL, flags | O_NONBLOCK), or a flags variable that
      // was given O_NONBLOCK
      if (ast::mentionsFlag(E->getArg(1), "F_SETFL", Ctx) &&
          (mentionsNonBlockFlag(E->getArg(2), Ctx) ||
           isNonBlockFlagVar(E->getArg(2))))
        markNonBlocking(E->getArg(0));
    } else if (Name == "ioctl" && N >= 2) {
      if (ast::mentionsFlag(E->getArg(1), "FIONBIO", Ctx))
        markNonBlocking(E->getArg(0));
    } else if (Name == "pipe2" && N >= 2) {
      if (mentionsNonBlockFlag(E->getArg(1), Ctx))
        markNonBlocking(E->getArg(0));
    } else if (Name == "socketpair" && N >= 4) {
      if (mentionsNonBlockFlag(E->getArg(1), Ctx))
        markNonBlocking(E->getArg(3));
    }
  }

  /// The descriptor \p Fd denotes is non-blocking; so is the range it was
  /// taken from in a range-for loop.
  void markNonBlocking(const Expr *Fd) {
    const Decl *Key = ast::descriptorKey(Fd);
    if (!Key)
      return;
    A.NonBlockingFds.insert(Key);
    if (const Decl *Range = RangeOf.lookup(Key))
      A.NonBlockingFds.insert(Range);
  }

  /// A local std::future or std::shared_future made with no shared state.
  void noteStatelessFutureCandidate(const VarDecl *VD) {
    if (!VD->hasLocalStorage() || isa<ParmVarDecl>(VD) ||
        VD->getType()->isReferenceType())
      return;
    if (!ast::isStdFuture(VD->getType()->getAsCXXRecordDecl()))
      return;
    const Expr *Init = VD->getInit();
    if (Init)
      Init = ast::ignoreWrappers(Init);
    const auto *CE = dyn_cast_or_null<CXXConstructExpr>(Init);
    if (Init && !(CE && CE->getNumArgs() == 0))
      return;
    FutureUses[VD];
  }

  /// Every mention of a candidate; the mentions as the object of a call that
  /// cannot give it a state.
  void noteFutureMention(const DeclRefExpr *DRE) {
    auto It = FutureUses.find(DRE->getDecl());
    if (It != FutureUses.end())
      ++It->second.first;
  }
  void noteFutureObjectUse(const CXXMemberCallExpr *MC) {
    const auto *DRE = dyn_cast_or_null<DeclRefExpr>(
        MC->getImplicitObjectArgument()
            ? MC->getImplicitObjectArgument()->IgnoreParenImpCasts()
            : nullptr);
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (!DRE || !MD || !MD->getIdentifier())
      return;
    llvm::StringRef N = MD->getName();
    if (N != "get" && N != "wait" && N != "wait_for" && N != "wait_until" &&
        N != "valid")
      return;
    auto It = FutureUses.find(DRE->getDecl());
    if (It != FutureUses.end())
      ++It->second.second;
  }

public:
  /// Hands the candidates used only that way to the analysis.
  void finishStatelessFutures() {
    for (const auto &[VD, Uses] : FutureUses)
      if (Uses.first == Uses.second)
        A.StatelessFutures.insert(VD);
  }

private:
  bool isTrueConstant(const Expr *E) const {
    bool Value = false;
    return !E->isValueDependent() && !E->isTypeDependent() &&
           E->EvaluateAsBooleanCondition(Value, Ctx) && Value;
  }

  bool isNonBlockFlagVar(const Expr *E) const {
    const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return DRE && NonBlockFlagVars.count(DRE->getDecl());
  }

  Analysis &A;
  ASTContext &Ctx;
  SourceManager &SM;
  std::vector<FunctionInfo *> Stack;
  llvm::DenseSet<const Expr *> ElidedTemporaries;
  llvm::DenseSet<const Expr *> MovedFromTemporaries;
  /// Locals that hold a *_NONBLOCK flag; range-for variables and the range
  /// they come from.
  llvm::DenseSet<const Decl *> NonBlockFlagVars;
  /// Stateless-future candidates: (mentions, mentions as a get()/wait*()/
  /// valid() object).
  llvm::DenseMap<const Decl *, std::pair<unsigned, unsigned>> FutureUses;
  llvm::DenseMap<const Decl *, const Decl *> RangeOf;
  llvm::DenseMap<const Expr *, std::pair<const FunctionDecl *, unsigned>>
      ArgumentTemporaries;
  llvm::DenseSet<const Expr *> Discarded, ValueInits, Postfix, AwaitedCalls;
  unsigned HandlerDepth = 0;
};

//===----------------------------------------------------------------------===//
// Analysis
//===----------------------------------------------------------------------===//

std::shared_ptr<Analysis> Analysis::get(ASTContext &Ctx,
                                        const CatalogConfig &Config) {
  // All checks of a translation unit run on one thread and share one
  // analysis; it lives as long as some check holds it.
  struct Slot {
    const ASTContext *Ctx = nullptr;
    const TranslationUnitDecl *TU = nullptr;
    std::weak_ptr<Analysis> Result;
  };
  thread_local Slot Cached;
  if (Cached.Ctx == &Ctx && Cached.TU == Ctx.getTranslationUnitDecl())
    if (auto Existing = Cached.Result.lock())
      return Existing;
  auto Fresh = std::make_shared<Analysis>(Ctx, Config);
  Cached = Slot{&Ctx, Ctx.getTranslationUnitDecl(), Fresh};
  return Fresh;
}

Analysis::Analysis(ASTContext &Ctx, const CatalogConfig &Config)
    : Ctx(Ctx), Cat(Config) {
  readPoolExecutors(Config.BlockingExecutors);
  for (const std::string &E : Config.OffloadExecutors)
    OffloadExecutors.insert(withoutSpaces(E));
  {
    TUWalker W(*this);
    W.TraverseDecl(Ctx.getTranslationUnitDecl());
    W.finishStatelessFutures();
  }
  // A member descriptor that some coroutine waits on for readiness is driven
  // by an event loop: it is non-blocking in every function of its class,
  // also in the plain helpers that wrap the system calls. So is a parameter
  // waited on, and (through propagateDescriptors) what callers pass to it.
  for (const auto &F : Functions)
    for (const Decl *Key : F->ReadinessKeys)
      if (isa<FieldDecl>(Key) || isa<ParmVarDecl>(Key))
        NonBlockingFds.insert(Key);
  // A readiness wait through a function of the user's (`co_await
  // poll(op)`, which passes the object's socket on to the scheduler): the
  // members it passes are waited on for readiness.
  for (const auto &F : Functions)
    for (const FunctionDecl *Callee : F->ReadinessCallees)
      if (const FunctionInfo *CI = info(Callee))
        for (const CallSite &S : CI->Calls)
          if (const auto *CE = dyn_cast<CallExpr>(S.Call))
            for (const Expr *Arg : CE->arguments())
              if (const Decl *Key = ast::descriptorKey(Arg))
                if (isa<FieldDecl>(Key))
                  NonBlockingFds.insert(Key);
  NonBlockingFds.erase(nullptr);
  FileFds.erase(nullptr);
  KernelFiles.erase(nullptr);
  propagateDescriptors();
  classifyCalls();
  markPoolRegions();
  markRootPrologues();
  markNoExecutorBranches();
  for (const auto &F : Functions) {
    F->IsSyncGenerator = F->IsCoroutine && !F->Awaits && returnsRange(F->Decl);
    if (F->isContext())
      Contexts.push_back(F.get());
  }
}

bool Analysis::returnsRange(const FunctionDecl *FD) {
  const auto *RD = FD->getReturnType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  ASTContext &C = FD->getASTContext();
  auto Has = [&](llvm::StringRef Name) {
    DeclarationName N(&C.Idents.get(Name));
    bool Found = !RD->lookup(N).empty();
    RD->forallBases([&](const CXXRecordDecl *B) {
      Found |= !B->lookup(N).empty();
      return true;
    });
    return Found;
  };
  return Has("begin") && !Has("await_ready");
}

FunctionInfo &Analysis::infoFor(const FunctionDecl *FD) {
  FunctionInfo *&Slot = ByDecl[FD];
  if (!Slot) {
    Functions.push_back(std::make_unique<FunctionInfo>());
    Slot = Functions.back().get();
    Slot->Decl = FD;
  }
  return *Slot;
}

const FunctionInfo *Analysis::info(const FunctionDecl *FD) const {
  if (!FD)
    return nullptr;
  const FunctionDecl *Candidates[] = {FD, FD->getDefinition(),
                                      FD->getTemplateInstantiationPattern()};
  for (const FunctionDecl *D : Candidates) {
    if (!D)
      continue;
    auto It = ByDecl.find(D);
    if (It != ByDecl.end())
      return It->second;
  }
  return nullptr;
}

void Analysis::propagateDescriptors() {
  // A helper that makes its parameter non-blocking (set_nonblocking(fd))
  // makes the caller's argument non-blocking; a descriptor passed to a
  // function is non-blocking inside it. Two rounds reach the common shapes
  // (a wrapper called from a constructor, a descriptor handed to a coroutine).
  for (int Round = 0; Round < 3; ++Round) {
    bool Changed = false;
    forEachPassedArgument([&](const ParmVarDecl *Param, const Expr *Arg) {
      const Decl *ArgKey = ast::descriptorKey(Arg);
      if (!ArgKey)
        return;
      if (NonBlockingFds.count(Param) && !NonBlockingFds.count(ArgKey))
        Changed |= NonBlockingFds.insert(ArgKey).second;
      if (NonBlockingFds.count(ArgKey))
        Changed |= NonBlockingFds.insert(Param).second;
    });
    if (!Changed)
      break;
  }
}

void Analysis::forEachPassedArgument(
    llvm::function_ref<void(const ParmVarDecl *, const Expr *)> Visit) const {
  for (const auto &F : Functions)
    for (const CallSite &S : F->Calls)
      if (const FunctionInfo *Callee = info(S.Callee))
        for (unsigned I = 0; I < Callee->Decl->getNumParams(); ++I) {
          const Expr *Arg = S.argumentFor(I);
          if (!Arg)
            break;
          Visit(Callee->Decl->getParamDecl(I), Arg);
        }
}

const Expr *CallSite::argumentFor(unsigned Param) const {
  const auto *CE = dyn_cast_or_null<CallExpr>(Call);
  if (!CE)
    return nullptr;
  unsigned Shift = isa<CXXOperatorCallExpr>(CE) && Object ? 1 : 0;
  return Param + Shift < CE->getNumArgs() ? CE->getArg(Param + Shift) : nullptr;
}

void Analysis::classifyCalls() {
  for (const auto &F : Functions)
    for (CallSite &S : F->Calls)
      classify(*F, S);
}

void Analysis::classify(FunctionInfo &F, CallSite &S) {
  if (!S.Callee)
    return;
  if (ast::isMarkedBlocking(S.Callee) && !Cat.isIgnored(S.Callee)) {
    S.DeclaredBlocking = true;
    return;
  }
  const CXXRecordDecl *ObjectClass = nullptr;
  if (S.Object) {
    // The object's own class, before any conversion to the declaring base.
    QualType T = S.Object->IgnoreParenImpCasts()->getType();
    if (T->isPointerType())
      T = T->getPointeeType();
    ObjectClass = T->getAsCXXRecordDecl();
  }
  llvm::ArrayRef<const CatalogEntry *> Rows = Cat.lookup(S.Callee, ObjectClass);
  if (Rows.empty()) {
    if (isGrpcSyncStub(S.Callee) && !Cat.isIgnored(S.Callee)) {
      S.Entry = &grpcStubEntry();
      S.Cat = Category::Net;
    }
    bool ZeroTimeout = false;
    if (!S.Entry && !Cat.isIgnored(S.Callee) &&
        isBlockingWaitOnAwaitable(S, ObjectClass, Ctx, ZeroTimeout)) {
      S.Entry = &awaitableWaitEntry();
      S.Cat = Category::Sync;
      S.NonBlockingForm = ZeroTimeout;
    }
    return;
  }
  auto Args = catalogArgs(S.Call, S.Object);
  const CatalogEntry *Row = nullptr;
  for (const CatalogEntry *R : Rows) {
    const Expr *A = argAt(Args, S.Object, R->ConditionArg);
    bool Applies = true;
    switch (R->Condition) {
    case OnlyIf::Any:
      break;
    case OnlyIf::Stdin:
      Applies = A && streamKind(A, Ctx) == StreamKind::Stdin;
      break;
    case OnlyIf::FileStream:
      Applies = A && streamKind(A, Ctx) == StreamKind::FileStream;
      break;
    case OnlyIf::NotStdStream: {
      StreamKind K = A ? streamKind(A, Ctx) : StreamKind::Other;
      Applies = K != StreamKind::Stdin && K != StreamKind::StdOutErr;
      break;
    }
    case OnlyIf::WithArgs: {
      const auto *CC = dyn_cast<CXXConstructExpr>(S.Call);
      Applies = !Args.empty() &&
                !(CC && CC->getConstructor()->isCopyOrMoveConstructor()) &&
                !llvm::any_of(Args, isLockTag);
      break;
    }
    }
    if (Applies) {
      Row = R;
      break;
    }
  }
  if (!Row)
    return;
  S.Entry = Row;
  S.Cat = Row->Cat;

  // Reading, writing or closing what was opened from a kernel pseudo-file
  // (the stream, FILE* or descriptor the row is about) does not block.
  {
    int SubjectArg = Row->DescriptorArg >= 0 ? Row->DescriptorArg
                     : Row->Condition == OnlyIf::FileStream ||
                             Row->Condition == OnlyIf::NotStdStream ||
                             Row->Condition == OnlyIf::Stdin
                         ? Row->ConditionArg
                         : -1;
    const Expr *Subject = argAt(Args, S.Object, SubjectArg);
    // `in >> key >> value`: the stream a chain of stream calls returns.
    for (unsigned Depth = 0; Subject && Depth < 8; ++Depth) {
      const Expr *E = Subject->IgnoreParenImpCasts();
      const auto *C = dyn_cast<CallExpr>(E);
      if (!C || !C->getCallReturnType(Ctx)->isReferenceType())
        break;
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C))
        Subject = MC->getImplicitObjectArgument();
      else if (C->getNumArgs() > 0)
        Subject = C->getArg(0);
      else
        break;
    }
    const Decl *Key = Subject ? ast::descriptorKey(Subject) : nullptr;
    if (Key && KernelFiles.count(Key)) {
      S.NonBlockingForm = true;
      return;
    }
  }

  // get() or wait() on a future that never received a shared state throws
  // (or returns) at once.
  if (Row->Cat == Category::Sync && S.Object)
    if (const auto *DRE =
            dyn_cast<DeclRefExpr>(S.Object->IgnoreParenImpCasts()))
      if (StatelessFutures.count(DRE->getDecl())) {
        S.NonBlockingForm = true;
        return;
      }

  const Expr *Fd = Row->DescriptorArg >= 0
                       ? argAt(Args, S.Object, Row->DescriptorArg)
                       : nullptr;
  if (Fd) {
    // Writing to stdout/stderr is not what this check is about.
    if (Row->Cat != Category::Console &&
        streamKind(Fd, Ctx) == StreamKind::StdOutErr) {
      S.Entry = nullptr;
      return;
    }
    const Decl *Key = ast::descriptorKey(Fd);
    if (Key && FileFds.count(Key) && Row->Cat == Category::Net)
      S.Cat = Category::File;
    if (S.Cat == Category::Net &&
        ((Key && (NonBlockingFds.count(Key) || F.AwaitedKeys.count(Key))) ||
         F.ExpectsWouldBlock)) {
      S.NonBlockingForm = true;
      return;
    }
  }

  const Expr *U = argAt(Args, S.Object, Row->UnlessArg);
  switch (Row->NonBlockingForm) {
  case Unless::AlwaysBlocks:
    break;
  case Unless::Flag:
    S.NonBlockingForm = U && ast::mentionsFlag(U, Row->UnlessFlag, Ctx);
    break;
  case Unless::Zero:
    S.NonBlockingForm = U && ast::isZero(U, Ctx);
    break;
  case Unless::ZeroPointer:
    S.NonBlockingForm = U && isZeroPointee(U, Ctx);
    break;
  case Unless::KernelPath:
    S.NonBlockingForm = U && ast::isKernelPath(U);
    break;
  }
}

bool Analysis::isDefinedInside(const FunctionDecl *Inner,
                               const FunctionDecl *Outer) {
  if (!Inner || !Outer || Inner == Outer)
    return false;
  const DeclContext *Target = Outer;
  const FunctionDecl *Pattern = Outer->getTemplateInstantiationPattern();
  for (const DeclContext *DC = Inner->getDeclContext(); DC;
       DC = DC->getParent()) {
    if (DC == Target || (Pattern && DC == Pattern))
      return true;
    if (isa<NamespaceDecl>(DC) || isa<TranslationUnitDecl>(DC))
      return false;
  }
  return false;
}

void Analysis::forEachDirectBlockingCall(
    const FunctionInfo &C, llvm::function_ref<void(const CallSite &)> F) const {
  forEachDirectBlockingCall(
      C, [&](const CallSite &S, const FunctionInfo &) { F(S); });
}

void Analysis::forEachDirectBlockingCall(
    const FunctionInfo &C,
    llvm::function_ref<void(const CallSite &, const FunctionInfo &)> F) const {
  llvm::SmallPtrSet<const FunctionInfo *, 8> Seen;
  llvm::SmallVector<const FunctionInfo *, 8> Work{&C};
  Seen.insert(&C);
  while (!Work.empty()) {
    const FunctionInfo *Cur = Work.pop_back_val();
    for (const CallSite &S : Cur->Calls) {
      if (S.OffLoop)
        continue; // on a thread pool meant for blocking work
      if (S.isDirectlyBlocking()) {
        F(S, *Cur);
        continue;
      }
      // A lambda or local class member defined in the context and called
      // by it runs as part of it (unless it is a coroutine of its own).
      const FunctionInfo *Callee = info(S.Callee);
      if (Callee && !Callee->IsCoroutine &&
          isDefinedInside(Callee->Decl, C.Decl) && Seen.insert(Callee).second)
        Work.push_back(Callee);
    }
  }
}

void Analysis::readPoolExecutors(llvm::ArrayRef<std::string> Names) {
  for (llvm::StringRef N : Names) {
    N = N.trim();
    N.consume_front("::");
    if (N.empty())
      continue;
    if (N.find_first_of("*?[") == llvm::StringRef::npos) {
      PoolExecutorNames.insert(N);
      continue;
    }
    if (auto G = llvm::GlobPattern::create(N))
      PoolExecutorPatterns.push_back(std::move(*G));
    else
      llvm::consumeError(G.takeError()); // a malformed pattern matches nothing
  }
}

void Analysis::markPoolRegions() {
  if (PoolExecutorNames.empty() && PoolExecutorPatterns.empty() &&
      OffloadExecutors.empty())
    return;
  ExecutorMatcher M(PoolExecutorNames, PoolExecutorPatterns);

  // concurrencpp's convention: a coroutine whose parameters start with
  // (executor_tag, executor) starts on that executor. Its type tells, or
  // else the calls in this translation unit (all of them pass a pool).
  enum class Start { No, Pool, AskCallers };
  auto StartOf = [&](const FunctionInfo &F) {
    const FunctionDecl *FD = F.Decl;
    const auto *MD = dyn_cast<CXXMethodDecl>(FD);
    if (!F.IsCoroutine || (MD && MD->isInstance()) || FD->getNumParams() < 2)
      return Start::No;
    const CXXRecordDecl *Tag = FD->getParamDecl(0)
                                   ->getType()
                                   .getNonReferenceType()
                                   ->getAsCXXRecordDecl();
    if (!Tag || !Tag->getIdentifier() || Tag->getName() != "executor_tag")
      return Start::No;
    QualType Executor = FD->getParamDecl(1)->getType();
    if (Executor->isDependentType() || M.typeIsPool(Executor))
      return Start::Pool; // (dependent: each instantiation says)
    return Start::AskCallers;
  };
  // Executors handed down as arguments (`load(background, path)` with
  // `co_await resume_on(background)` inside): a parameter is a pool when
  // every call of its function in this translation unit passes a pool for
  // it, also one its caller was given in the same way (a few rounds follow
  // such chains). Only computed when some body switches to a parameter or
  // starts on one (concurrencpp's executor_tag); calls through pointers and
  // from other translation units are not seen.
  llvm::DenseSet<const ParmVarDecl *> PoolParams;
  M.setPoolParams(&PoolParams);
  if (llvm::any_of(Functions, [&](const auto &F) {
        return F->SwitchesToParam || StartOf(*F) == Start::AskCallers;
      }))
    for (int Round = 0; Round < 3; ++Round) {
      // Per parameter: calls seen, calls that pass a pool.
      llvm::DenseMap<const ParmVarDecl *, std::pair<unsigned, unsigned>> Seen;
      forEachPassedArgument([&](const ParmVarDecl *Param, const Expr *Arg) {
        ExecutorKind K = M.classify(Arg);
        if (K == ExecutorKind::Dependent)
          return;
        auto &Count = Seen[Param];
        ++Count.first;
        Count.second += K == ExecutorKind::Pool;
      });
      bool Changed = false;
      for (const auto &[Param, Count] : Seen)
        if (Count.first > 0 && Count.first == Count.second)
          Changed |= PoolParams.insert(Param).second;
      if (!Changed)
        break;
    }

  struct Callers {
    unsigned Calls = 0, OnPools = 0;
  };
  llvm::DenseMap<const FunctionInfo *, Callers> ByCallee;
  for (const auto &F : Functions)
    if (StartOf(*F) == Start::AskCallers)
      ByCallee[F.get()];
  if (!ByCallee.empty())
    for (const auto &F : Functions)
      for (const CallSite &S : F->Calls) {
        auto It = ByCallee.find(info(S.Callee));
        const auto *CE = dyn_cast<CallExpr>(S.Call);
        if (It == ByCallee.end() || !CE || CE->getNumArgs() < 2)
          continue;
        ExecutorKind K = M.classify(CE->getArg(1));
        if (K == ExecutorKind::Dependent)
          continue;
        ++It->second.Calls;
        It->second.OnPools += K == ExecutorKind::Pool;
      }

  // A coroutine handed to a pool that runs it (libcoro's
  // `tp.schedule(make_task())`, `tp.spawn_detached(...)`, `pool.spawn(...)`): when every call of it
  // in this translation unit is such a hand-off, all of it runs on the pool.
  llvm::DenseMap<const FunctionInfo *, Callers> HandedOff;
  // Asio's co_spawn(executor, coroutine, token) on a pool (by its type, or
  // the executor the fix-its offload to): the coroutine, or the coroutine
  // lambda written there, runs on the pool from start to end.
  llvm::SmallPtrSet<const FunctionInfo *, 4> SpawnedOnPool;
  auto OnOffloadExecutor = [&](const Expr *E) {
    if (OffloadExecutors.empty())
      return false;
    CharSourceRange Range = Lexer::makeFileCharRange(
        CharSourceRange::getTokenRange(E->getSourceRange()),
        Ctx.getSourceManager(), Ctx.getLangOpts());
    return Range.isValid() &&
           OffloadExecutors.count(withoutSpaces(Lexer::getSourceText(
               Range, Ctx.getSourceManager(), Ctx.getLangOpts())));
  };
  for (const auto &F : Functions)
    for (const CallSite &S : F->Calls) {
      const auto *CE = dyn_cast<CallExpr>(S.Call);
      if (!CE || !S.Callee || !S.Callee->getIdentifier() ||
          S.Callee->getName() != "co_spawn" || CE->getNumArgs() < 2)
        continue;
      std::string Name = catalogName(S.Callee);
      if (Name != "asio::co_spawn" && Name != "boost::asio::co_spawn")
        continue;
      const Expr *Executor = CE->getArg(0);
      if (M.classify(Executor) != ExecutorKind::Pool &&
          !OnOffloadExecutor(Executor))
        continue;
      const Expr *Work = ast::ignoreWrappers(CE->getArg(1));
      if (const auto *L = dyn_cast<LambdaExpr>(Work)) {
        if (const FunctionInfo *C = info(L->getCallOperator());
            C && C->IsCoroutine)
          SpawnedOnPool.insert(C);
      } else if (const auto *Inner = dyn_cast<CallExpr>(Work)) {
        if (const FunctionInfo *C = info(Inner->getDirectCallee());
            C && C->IsCoroutine)
          ++HandedOff[C].OnPools;
      }
    }
  for (const auto &F : Functions)
    for (const CallSite &S : F->Calls) {
      if (const FunctionInfo *C = info(S.Callee); C && C->IsCoroutine)
        ++HandedOff[C].Calls;
      const auto *MC = dyn_cast<CXXMemberCallExpr>(S.Call);
      if (!MC || !S.Callee || !S.Callee->getIdentifier() ||
          MC->getNumArgs() != 1 ||
          (S.Callee->getName() != "schedule" &&
           !S.Callee->getName().starts_with("spawn")))
        continue;
      if (M.classify(MC->getImplicitObjectArgument()) != ExecutorKind::Pool)
        continue;
      const Expr *Arg = MC->getArg(0)->IgnoreImplicit()->IgnoreParens();
      if (const auto *CE = dyn_cast<CXXConstructExpr>(Arg);
          CE && CE->getNumArgs() == 1)
        Arg = CE->getArg(0)->IgnoreImplicit()->IgnoreParens();
      if (const auto *Inner = dyn_cast<CallExpr>(Arg))
        if (const FunctionInfo *C = info(Inner->getDirectCallee());
            C && C->IsCoroutine)
          ++HandedOff[C].OnPools;
    }

  auto Apply = [&](FunctionInfo &F, bool StartsOnPool) {
    const Stmt *Body = F.Decl->getBody();
    if (const auto *CB = dyn_cast_or_null<CoroutineBodyStmt>(Body))
      Body = CB->getBody();
    if (!Body)
      return false;
    PoolRegions R(M);
    R.run(Body, StartsOnPool);
    for (CallSite &Site : F.Calls)
      Site.OffLoop = R.runsOnPool(Site.Call);
    for (DestructorRun &D : F.Destructors)
      D.OffLoop = D.Var ? R.destroyedOnPool(D.Var) : R.runsOnPool(D.Expr);
    return true;
  };
  llvm::SmallPtrSet<const FunctionInfo *, 8> WholeOnPool;
  for (const auto &F : Functions) {
    Start S = StartOf(*F);
    bool StartsOnPool = S == Start::Pool || SpawnedOnPool.count(F.get());
    if (S == Start::AskCallers) {
      const Callers &C = ByCallee[F.get()];
      StartsOnPool = C.Calls > 0 && C.Calls == C.OnPools;
    }
    if (auto It = HandedOff.find(F.get()); !StartsOnPool &&
                                           It != HandedOff.end() &&
                                           It->second.OnPools &&
                                           It->second.Calls == It->second.OnPools)
      StartsOnPool = true;
    if (!StartsOnPool && !F->SwitchesToPool &&
        !(F->SwitchesToParam && !PoolParams.empty()))
      continue;
    if (Apply(*F, StartsOnPool) && StartsOnPool)
      WholeOnPool.insert(F.get());
  }

  // A helper coroutine awaited only on a pool (`co_await tp.schedule();`,
  // then `co_await read_chunk();`) starts there, and its own awaits resume
  // there as the caller's do: all of it runs on the pool. A few rounds reach
  // the helpers of helpers.
  // (HandedOff counts every call of each coroutine.)
  for (int Round = 0; Round < 3; ++Round) {
    llvm::DenseMap<const FunctionInfo *, unsigned> AwaitedOnPool;
    for (const auto &F : Functions)
      for (const CallSite &S : F->Calls)
        if (S.Awaited && S.OffLoop)
          if (const FunctionInfo *C = info(S.Callee); C && C->IsCoroutine)
            ++AwaitedOnPool[C];
    bool Changed = false;
    for (const auto &F : Functions) {
      unsigned OnPool = AwaitedOnPool.lookup(F.get());
      if (!OnPool || OnPool != HandedOff.lookup(F.get()).Calls ||
          WholeOnPool.count(F.get()))
        continue;
      if (Apply(*F, /*StartsOnPool=*/true)) {
        WholeOnPool.insert(F.get());
        Changed = true;
      }
    }
    if (!Changed)
      break;
  }
}

std::string Analysis::describeContext(const FunctionInfo &C) {
  if (C.Lambda)
    return C.IsCoroutine ? "coroutine lambda"
                         : "lambda marked non-blocking";
  std::string Name = "'" + catalogName(C.Decl) + "'";
  if (C.IsCoroutine)
    return "coroutine " + Name;
  return "function " + Name + " marked non-blocking";
}

} // namespace unblock
