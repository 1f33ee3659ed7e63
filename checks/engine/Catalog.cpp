//===-- Catalog.cpp - Known blocking functions ----------------------------===//

#include "Catalog.h"
#include "Common.h"

#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace unblock {

namespace {

struct UnlessSpec {
  Unless Kind;
  int Arg;
  const char *Flag;
};
struct OnlyIfSpec {
  OnlyIf Kind;
  int Arg;
};

#define ALWAYS_BLOCKS UnlessSpec{Unless::AlwaysBlocks, -1, ""}
#define FLAG(I, NAME) UnlessSpec{Unless::Flag, I, NAME}
#define ZERO(I) UnlessSpec{Unless::Zero, I, ""}
#define ZERO_PTR(I) UnlessSpec{Unless::ZeroPointer, I, ""}
#define KERNEL_PATH(I) UnlessSpec{Unless::KernelPath, I, ""}
#define ANY OnlyIfSpec{OnlyIf::Any, -1}
#define STDIN(I) OnlyIfSpec{OnlyIf::Stdin, I}
#define FILE_STREAM(I) OnlyIfSpec{OnlyIf::FileStream, I}
#define NOT_STD(I) OnlyIfSpec{OnlyIf::NotStdStream, I}
#define WITH_ARGS OnlyIfSpec{OnlyIf::WithArgs, -1}

CatalogEntry makeEntry(const char *Name, Category C, Rewrite R, int Fd,
                       UnlessSpec U, OnlyIfSpec O) {
  return CatalogEntry{Name,   C, R,      Fd, U.Kind, U.Arg, U.Flag,
                      O.Kind, O.Arg};
}

struct Row {
  CatalogEntry Entry;
  bool MutexLock;
};

const std::vector<Row> &builtinRows() {
  static const std::vector<Row> Rows = [] {
    std::vector<Row> R;
#define BLOCKING(NAME, CAT, FIX, FD, UNLESS, ONLY)                             \
  R.push_back({makeEntry(NAME, Category::CAT, Rewrite::FIX, FD, UNLESS, ONLY), \
               false});
#define MUTEX_LOCK(NAME, CAT, FIX, FD, UNLESS, ONLY)                           \
  R.push_back({makeEntry(NAME, Category::CAT, Rewrite::FIX, FD, UNLESS, ONLY), \
               true});
#include "../catalog/blocking-functions.def"
    return R;
  }();
  return Rows;
}

bool isPattern(llvm::StringRef Name) {
  return Name.find_first_of("*?[") != llvm::StringRef::npos;
}

llvm::StringRef stripGlobalQualifier(llvm::StringRef Name) {
  Name = Name.trim();
  Name.consume_front("::");
  return Name;
}

} // namespace

llvm::StringRef checkNameFor(Category C) {
  switch (C) {
  case Category::Sleep:
    return "coro-blocking-sleep";
  case Category::Net:
    return "coro-blocking-net";
  case Category::File:
    return "coro-blocking-file";
  case Category::Sync:
    return "coro-blocking-sync";
  case Category::Process:
    return "coro-blocking-process";
  case Category::Console:
    return "coro-blocking-console";
  }
  llvm_unreachable("unknown category");
}

bool parseCategory(llvm::StringRef Name, Category &Out) {
  Name.consume_front("coro-blocking-");
  static const std::pair<const char *, Category> Names[] = {
      {"sleep", Category::Sleep}, {"net", Category::Net},
      {"file", Category::File},   {"sync", Category::Sync},
      {"process", Category::Process}, {"console", Category::Console}};
  for (const auto &[N, C] : Names)
    if (Name == N) {
      Out = C;
      return true;
    }
  return false;
}

llvm::ArrayRef<CatalogEntry> Catalog::builtinEntries() {
  static const std::vector<CatalogEntry> Entries = [] {
    std::vector<CatalogEntry> E;
    for (const Row &R : builtinRows())
      E.push_back(R.Entry);
    return E;
  }();
  return Entries;
}

Catalog::Catalog(const CatalogConfig &Config) {
  for (const Row &R : builtinRows())
    if (!R.MutexLock || Config.ReportMutexLock)
      add(R.Entry);
  for (unsigned C = 0; C < NumCategories; ++C)
    for (const std::string &Name : Config.Extra[C]) {
      llvm::StringRef N = stripGlobalQualifier(Name);
      if (N.empty())
        continue;
      add(CatalogEntry{N.str(), static_cast<Category>(C), Rewrite::Offload,
                       -1, Unless::AlwaysBlocks, -1, "", OnlyIf::Any, -1});
    }
  for (const std::string &Name : Config.Ignored) {
    llvm::StringRef N = stripGlobalQualifier(Name);
    if (N.empty())
      continue;
    if (!isPattern(N)) {
      IgnoredExact[N] = true;
      continue;
    }
    if (auto G = llvm::GlobPattern::create(N))
      IgnoredPatterns.push_back(std::move(*G));
    else
      llvm::consumeError(G.takeError());
  }
}

void Catalog::add(const CatalogEntry &E) {
  Owned.push_back(std::make_unique<CatalogEntry>(E));
  const CatalogEntry *P = Owned.back().get();
  if (!isPattern(P->Name)) {
    Exact[P->Name].push_back(P);
    return;
  }
  for (Pattern &Existing : Patterns)
    if (Existing.Rows.front()->Name == P->Name) {
      Existing.Rows.push_back(P);
      return;
    }
  auto G = llvm::GlobPattern::create(P->Name);
  if (!G) {
    // A malformed user pattern matches nothing rather than everything.
    llvm::consumeError(G.takeError());
    return;
  }
  Patterns.push_back(Pattern{std::move(*G), {P}});
}

void Catalog::collect(llvm::StringRef Name,
                      llvm::SmallVectorImpl<const CatalogEntry *> &Out) const {
  auto It = Exact.find(Name);
  if (It != Exact.end())
    Out.append(It->second.begin(), It->second.end());
  for (const Pattern &P : Patterns)
    if (P.Glob.match(Name))
      Out.append(P.Rows.begin(), P.Rows.end());
}

llvm::ArrayRef<const CatalogEntry *>
Catalog::lookup(const FunctionDecl *Callee,
                const CXXRecordDecl *ObjectClass) const {
  if (!Callee)
    return {};
  Callee = Callee->getCanonicalDecl();
  if (ObjectClass)
    ObjectClass = ObjectClass->getCanonicalDecl();
  auto Key = std::make_pair(static_cast<const void *>(Callee),
                            static_cast<const void *>(ObjectClass));
  auto It = Cache.find(Key);
  if (It != Cache.end())
    return It->second;

  llvm::SmallVector<const CatalogEntry *, 2> Found;
  if (!isIgnored(Callee)) {
    const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
    if (Method && ObjectClass && ObjectClass != Method->getParent()) {
      // Through the object's class first: std::future<T>::wait is declared
      // in a base class, but users and the catalog call it future::wait.
      std::string Name = catalogName(ObjectClass) + "::" +
                         Callee->getDeclName().getAsString();
      collect(Name, Found);
    }
    collect(catalogName(Callee), Found);
  }
  return Cache.try_emplace(Key, std::move(Found)).first->second;
}

bool Catalog::isIgnored(const FunctionDecl *Callee) const {
  if (IgnoredExact.empty() && IgnoredPatterns.empty())
    return false;
  std::string Name = catalogName(Callee);
  if (IgnoredExact.count(Name))
    return true;
  return llvm::any_of(IgnoredPatterns, [&](const llvm::GlobPattern &G) {
    return G.match(Name);
  });
}

//===----------------------------------------------------------------------===//
// Executors meant for blocking work
//===----------------------------------------------------------------------===//

std::vector<std::string> defaultBlockingExecutors() {
  // concurrencpp's background pool has the class of its CPU pool
  // (thread_pool_executor): it is known by the runtime function that
  // returns it.
  return {"coro::thread_pool",
          "cppcoro::static_thread_pool",
          "asio::thread_pool",
          "boost::asio::thread_pool",
          "concurrencpp::thread_executor",
          "concurrencpp::runtime::background_executor"};
}

} // namespace unblock
