//===-- Catalog.h - Known blocking functions ------------------------------===//
//
// The catalog of blocking functions (catalog/blocking-functions.def) as a
// lookup keyed by declaration, plus the user's extensions from check options
// and attributes.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "clang/AST/Decl.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/GlobPattern.h"

#include <memory>
#include <string>
#include <vector>

namespace unblock {

/// What kind of blocking a call is; each has its own check.
enum class Category { Sleep, Net, File, Sync, Process, Console };
constexpr unsigned NumCategories = 6;

/// The check that reports a category, e.g. "coro-blocking-net".
llvm::StringRef checkNameFor(Category C);
/// The category in a check name or a short name ("net"); false if none.
bool parseCategory(llvm::StringRef Name, Category &Out);

/// How a fix-it rewrites a call (see docs/checks).
enum class Rewrite {
  None,         // no automatic rewrite
  Awaitable,    // co_await unblock::<name>(same arguments)
  SleepFor,     // co_await unblock::sleep_for(d)
  SleepUntil,   // co_await unblock::sleep_until(t)
  SleepSeconds, // co_await unblock::sleep_for(std::chrono::seconds(n))
  SleepMicros,  // co_await unblock::sleep_for(std::chrono::microseconds(n))
  Offload,      // co_await unblock::offload([&] { return CALL; })
  Async,        // the library's own async_<name> awaited with the profile's
                // completion token (Asio); offloaded where the profile has
                // no completion token
};

/// The argument form that makes a blocking call non-blocking.
enum class Unless {
  AlwaysBlocks,
  Flag,        // a flag in an argument (MSG_DONTWAIT, WNOHANG)
  Zero,        // a zero timeout or duration
  ZeroPointer, // a pointer to a zero timeval/timespec
  KernelPath,  // a literal path under /proc/ or /sys/: served from kernel
               // memory, not from a disk
};

/// When a row applies.
enum class OnlyIf { Any, Stdin, FileStream, NotStdStream, WithArgs };

struct CatalogEntry {
  std::string Name;
  Category Cat;
  Rewrite Fix;
  int DescriptorArg;      // -1: none
  Unless NonBlockingForm;
  int UnlessArg;
  std::string UnlessFlag; // for Unless::Flag
  OnlyIf Condition;
  int ConditionArg;       // -1: the object of a member call
};

/// The executors meant for blocking work that CatalogConfig starts with:
/// the thread pools of libcoro, cppcoro and Asio, concurrencpp's thread
/// executor and the function that returns its background pool.
std::vector<std::string> defaultBlockingExecutors();

/// Options that change what the catalog contains.
struct CatalogConfig {
  /// Extra blocking functions per category (names or '*' patterns).
  std::vector<std::string> Extra[NumCategories];
  /// Functions never reported (names or patterns), whatever their category.
  std::vector<std::string> Ignored;
  /// Include std::mutex::lock and friends (coro-blocking-sync.ReportMutexLock).
  bool ReportMutexLock = false;
  /// Executors meant for blocking work: code that a coroutine runs after
  /// switching to one of them is not on the event loop. Qualified class
  /// names, names of functions that return such an executor, or '*'
  /// patterns (the BlockingExecutors option; see docs/thread-pools.md).
  std::vector<std::string> BlockingExecutors = defaultBlockingExecutors();
  /// Executor expressions the fix-its offload to (the OffloadExecutor
  /// option, e.g. "pool.get_executor()"): a coroutine co_spawned on one
  /// runs on a pool meant for blocking work.
  std::vector<std::string> OffloadExecutors;
};

class Catalog {
public:
  explicit Catalog(const CatalogConfig &Config);

  /// The rows for a callee, in catalog order (empty if it is not blocking).
  /// \p ObjectClass is the class of the object of a member call, if any.
  llvm::ArrayRef<const CatalogEntry *>
  lookup(const clang::FunctionDecl *Callee,
         const clang::CXXRecordDecl *ObjectClass) const;

  /// True when the user asked never to report \p Callee.
  bool isIgnored(const clang::FunctionDecl *Callee) const;

  /// The built-in rows (for documentation and tests).
  static llvm::ArrayRef<CatalogEntry> builtinEntries();

private:
  struct Pattern {
    llvm::GlobPattern Glob;
    std::vector<const CatalogEntry *> Rows;
  };
  void add(const CatalogEntry &E);
  void collect(llvm::StringRef Name,
               llvm::SmallVectorImpl<const CatalogEntry *> &Out) const;

  std::vector<std::unique_ptr<CatalogEntry>> Owned;
  llvm::StringMap<std::vector<const CatalogEntry *>> Exact;
  std::vector<Pattern> Patterns;
  llvm::StringMap<bool> IgnoredExact;
  std::vector<llvm::GlobPattern> IgnoredPatterns;

  // Memo of lookups keyed by (callee, object class).
  mutable llvm::DenseMap<std::pair<const void *, const void *>,
                         llvm::SmallVector<const CatalogEntry *, 2>>
      Cache;
};

} // namespace unblock
