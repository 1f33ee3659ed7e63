//===-- IndirectBlockingCheck.h - coro-blocking-indirect ------------------===//
//
// Reports a call inside a coroutine (or a function marked non-blocking) to a
// function that may block somewhere down its call chain, with notes that
// walk the chain down to the blocking call.
//
// It also reports calls to functions declared blocking by an attribute, and
// destructors that run at the end of a scope and wait (a std::jthread that
// joins). With the project index it follows chains across translation units
// (see docs/index.md).
//
//===----------------------------------------------------------------------===//

#pragma once

#include "BlockingCallCheck.h"
#include "engine/Index.h"

namespace unblock {

/// Reports a call inside a coroutine to a function that may block somewhere
/// down its call chain.
class IndirectBlockingCheck : public AnalysisCheck {
public:
  IndirectBlockingCheck(llvm::StringRef Name,
                        clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

private:
  void run(const Analysis &A) override;

  struct Site {
    const FunctionInfo *Context = nullptr;
    const FunctionInfo *Owner = nullptr;
    const CallSite *Call = nullptr;
    const DestructorRun *Destructor = nullptr;
    CallGraph::NodeId Target = CallGraph::None;
  };
  void reportDeclared(const Site &S);
  void reportAsyncFuture(const Site &S);
  void reportChain(const Site &S, CallGraph &G, const ProjectFacts *Facts,
                   bool CrossOnly);
  void emitNotes(const Chain &C, clang::SourceManager &SM);
  bool withinDepth(unsigned Depth) const {
    return Depth && (MaxDepth == 0 || Depth <= MaxDepth);
  }
  std::shared_ptr<const ProjectFacts> loadFacts(llvm::StringRef MainFile);
  void writeSummary(CallGraph &G, llvm::StringRef Path);

  clang::tidy::ClangTidyContext *TidyContext;
  CatalogConfig Config;

  const unsigned MaxDepth;
  const bool SameFileOnly;
  /// The project index to read: a directory, "none", or empty (found next
  /// to the compilation database).
  const std::string IndexDir;
  const bool CrossTUOnly;
};

} // namespace unblock
