//===-- Analysis.h - One walk of a translation unit for all checks --------===//
//
// The engine behind every coro-* check. One walk over the user's code (system
// headers are skipped) records, for each function, its calls; the catalog
// then classifies each call as blocking, blocking in a non-blocking form, or
// not blocking. Contexts are the functions that run on the event loop:
// coroutines and functions marked non-blocking. The result is shared by all
// checks of a translation unit (see Analysis::get).
//
//===----------------------------------------------------------------------===//

#pragma once

#include "Catalog.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"

#include <memory>
#include <optional>
#include <vector>

namespace unblock {

/// One call (or constructor call) in a function body, evaluated at run time.
struct CallSite {
  const clang::Expr *Call = nullptr;          // CallExpr or CXXConstructExpr
  const clang::FunctionDecl *Callee = nullptr; // null: through a pointer
  const clang::Expr *Object = nullptr;         // object of a member call
  /// The catalog row that applies, or null.
  const CatalogEntry *Entry = nullptr;
  /// The category it is reported under (Entry's, unless the descriptor
  /// turned out to be a regular file).
  Category Cat = Category::Sleep;
  /// A catalog function called the non-blocking way (MSG_DONTWAIT, a zero
  /// timeout, a non-blocking descriptor, ...).
  bool NonBlockingForm = false;
  /// The callee is declared blocking by an attribute.
  bool DeclaredBlocking = false;

  // Where the call stands, for rewrites.
  /// Its value is discarded (an expression statement, a `(void)` cast).
  bool ValueDiscarded = false;
  /// It initializes a variable of non-reference type.
  bool InitializesValue = false;
  /// It is the operand of a postfix operator (`f().x`, `f()[i]`): a prefix
  /// `co_await` needs parentheses.
  bool NeedsParens = false;
  /// It is inside a catch handler, where `co_await` is not allowed.
  bool InHandler = false;
  /// It is the operand of a `co_await` (`co_await helper()`).
  bool Awaited = false;

  /// It does not run on an event loop, and no check reports it: it runs on
  /// an executor meant for blocking work (after `co_await` of a switch to a
  /// thread pool), or in the prologue of a root coroutine that a plain
  /// thread drives with sync_wait (OffLoop.cpp).
  bool OffLoop = false;

  bool isBlocking() const {
    return (Entry && !NonBlockingForm) || DeclaredBlocking;
  }
  bool isDirectlyBlocking() const { return Entry && !NonBlockingForm; }
  /// The argument given for the callee's parameter \p Param (past the
  /// object of a member operator call), or null.
  const clang::Expr *argumentFor(unsigned Param) const;
};

/// A destructor that runs without a call written in the source: a local
/// variable's at the end of its scope, a temporary's at the end of its
/// full-expression, the object's in a delete-expression. (Read by
/// coro-blocking-indirect; see CallGraph.h.)
struct DestructorRun {
  /// The class whose destructor runs.
  const clang::CXXRecordDecl *Class = nullptr;
  /// The local variable destroyed, or null.
  const clang::VarDecl *Var = nullptr;
  /// The temporary (a CXXBindTemporaryExpr) or the delete-expression, or
  /// null for a variable.
  const clang::Expr *Expr = nullptr;
  /// For a temporary passed to a parameter by value: the function it is
  /// passed to and the parameter's index. A callee that takes the value over
  /// (a coroutine copies it into its frame; a function that moves it away)
  /// leaves an empty object to destroy.
  const clang::FunctionDecl *PassedTo = nullptr;
  unsigned ParamIndex = 0;
  /// It does not run on an event loop (see CallSite::OffLoop).
  bool OffLoop = false;
};

/// What the walk learned about one function definition.
struct FunctionInfo {
  const clang::FunctionDecl *Decl = nullptr;
  const clang::LambdaExpr *Lambda = nullptr; // for a lambda's call operator
  bool IsCoroutine = false;
  /// The body contains a co_await (a coroutine with only co_yield is a
  /// generator).
  bool Awaits = false;
  /// A synchronous generator: a coroutine returning a range whose body never
  /// awaits. The consumer drives it; it does not run on an event loop.
  bool IsSyncGenerator = false;
  bool MarkedNonBlocking = false;
  /// The body compares errno with EAGAIN/EWOULDBLOCK/EINPROGRESS: it treats
  /// its descriptors as non-blocking.
  bool ExpectsWouldBlock = false;
  std::vector<CallSite> Calls;
  /// Variables and members mentioned in the operand of a co_await: the
  /// descriptors this function waits on for readiness.
  llvm::SmallPtrSet<const clang::Decl *, 4> AwaitedKeys;
  /// Those mentioned in a readiness wait (`co_await s->poll(fd, ...)`,
  /// `co_await readable(sock_)`): descriptors an event loop drives.
  llvm::SmallPtrSet<const clang::Decl *, 4> ReadinessKeys;
  /// Functions awaited for readiness (`co_await poll(op)`, a member that
  /// hands the object's socket to the scheduler): the members they pass on
  /// are readiness keys too.
  llvm::SmallVector<const clang::FunctionDecl *, 2> ReadinessCallees;
  /// Destructors that run in this body without a written call.
  std::vector<DestructorRun> Destructors;
  /// Locals returned by value (`return c;`, `co_return c;`): moved out.
  llvm::SmallPtrSet<const clang::VarDecl *, 2> ReturnedLocals;
  /// Range-for loop variables that are references to the elements of a
  /// local container, and that container (`for (auto &c : held)`).
  llvm::SmallDenseMap<const clang::VarDecl *, const clang::VarDecl *, 2>
      ElementRefs;
  /// The body awaits a switch to an executor meant for blocking work (or
  /// one whose type depends on a template parameter).
  bool SwitchesToPool = false;
  /// The body awaits a switch to an executor it was given (a parameter)
  /// whose type does not tell: a pool if every caller passes one.
  bool SwitchesToParam = false;

  bool isContext() const {
    return (IsCoroutine && !IsSyncGenerator) || MarkedNonBlocking;
  }
};

class Analysis {
public:
  /// The analysis of the translation unit of \p Ctx, computed on first use
  /// and shared by every check of that translation unit.
  static std::shared_ptr<Analysis> get(clang::ASTContext &Ctx,
                                       const CatalogConfig &Config);

  Analysis(clang::ASTContext &Ctx, const CatalogConfig &Config);

  const Catalog &catalog() const { return Cat; }
  clang::ASTContext &astContext() const { return Ctx; }

  /// Every function that runs on the event loop, in source order.
  llvm::ArrayRef<const FunctionInfo *> contexts() const { return Contexts; }

  /// The recorded information for a definition (or its template pattern).
  const FunctionInfo *info(const clang::FunctionDecl *FD) const;

  /// Calls \p F for each blocking catalog call that runs as part of context
  /// \p C: its own calls, and those of lambdas and local classes defined in
  /// it that it calls (an immediately invoked lambda, say).
  void forEachDirectBlockingCall(
      const FunctionInfo &C,
      llvm::function_ref<void(const CallSite &)> F) const;
  /// The same, also passing the function whose body holds the call (the
  /// context itself, or a lambda or local class member it calls).
  void forEachDirectBlockingCall(
      const FunctionInfo &C,
      llvm::function_ref<void(const CallSite &, const FunctionInfo &Owner)> F)
      const;

  /// True when \p Inner (a lambda's call operator or a local class member)
  /// is defined inside \p Outer.
  static bool isDefinedInside(const clang::FunctionDecl *Inner,
                              const clang::FunctionDecl *Outer);

  /// How a context is named in diagnostics: "coroutine 'f'",
  /// "coroutine lambda", "function 'g' marked non-blocking".
  static std::string describeContext(const FunctionInfo &C);

  /// True the first time a check asks to insert \p Header into \p File:
  /// the checks of a run share one insertion.
  bool claimInclude(clang::FileID File, llvm::StringRef Header) const {
    return ClaimedIncludes
        .insert((llvm::Twine(File.getHashValue()) + ":" + Header).str())
        .second;
  }

  /// All functions recorded, in walk order.
  llvm::ArrayRef<std::unique_ptr<FunctionInfo>> functions() const {
    return Functions;
  }

  /// True when destroying the member \p Field waits: a std::future that
  /// some function of its class sets from std::async.
  bool isAsyncFutureField(const clang::FieldDecl *Field) const {
    return AsyncFutureFields.count(Field);
  }

  /// True when \p FD returns a range (a class with begin()) that is not
  /// itself awaitable: the shape of a generator.
  static bool returnsRange(const clang::FunctionDecl *FD);

private:
  friend class TUWalker;
  FunctionInfo &infoFor(const clang::FunctionDecl *FD);
  void classifyCalls();
  /// Marks the prologues of root coroutines off the loop, and the branches
  /// a coroutine takes when it has no executor (OffLoop.cpp).
  void markRootPrologues();
  void markNoExecutorBranches();
  void propagateDescriptors();
  /// Each call of a function analysed here: each parameter of it with the
  /// argument the call passes for it.
  void forEachPassedArgument(
      llvm::function_ref<void(const clang::ParmVarDecl *, const clang::Expr *)>
          Visit) const;
  void classify(FunctionInfo &F, CallSite &S);
  void readPoolExecutors(llvm::ArrayRef<std::string> Names);
  void markPoolRegions();

  clang::ASTContext &Ctx;
  Catalog Cat;
  std::vector<std::unique_ptr<FunctionInfo>> Functions;
  llvm::DenseMap<const clang::FunctionDecl *, FunctionInfo *> ByDecl;
  std::vector<const FunctionInfo *> Contexts;
  /// Descriptors known to be non-blocking, and descriptors of regular files.
  llvm::DenseSet<const clang::Decl *> NonBlockingFds;
  llvm::DenseSet<const clang::Decl *> FileFds;
  /// Members initialized or assigned from std::async: destroying one waits
  /// for the task.
  llvm::DenseSet<const clang::Decl *> AsyncFutureFields;
  /// Streams, FILE*s and descriptors opened from a kernel pseudo-file
  /// (a literal path under /proc/ or /sys/).
  llvm::DenseSet<const clang::Decl *> KernelFiles;
  /// Local std::future / std::shared_future variables that never receive a
  /// shared state (default-constructed, used only as the object of get(),
  /// wait*() or valid()): get() throws future_error at once, nothing waits.
  llvm::DenseSet<const clang::Decl *> StatelessFutures;
  mutable llvm::StringSet<> ClaimedIncludes;
  /// CatalogConfig::BlockingExecutors: exact names, and patterns.
  llvm::StringSet<> PoolExecutorNames;
  std::vector<llvm::GlobPattern> PoolExecutorPatterns;
  /// CatalogConfig::OffloadExecutors, without white space.
  llvm::StringSet<> OffloadExecutors;
};

/// The built-in catalog row of a blocking wait (get(), wait(), wait_for(),
/// wait_until()) on an object whose class is also awaitable: the future of
/// a coroutine library, which the coroutine should co_await. No rewrite.
const CatalogEntry &awaitableWaitEntry();

} // namespace unblock
