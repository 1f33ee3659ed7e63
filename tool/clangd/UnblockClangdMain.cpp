//===-- UnblockClangdMain.cpp - The unblock-clangd command ----------------===//
//
// clangd with unblock's coro-* checks built in. Editors get clang-tidy
// diagnostics from clangd, and clangd cannot load clang-tidy plugins; this
// executable is clangd's own entry point with unblock's module linked in, so
// every clangd flag and feature behaves as in the clangd of the same LLVM.
// unblock adds two things:
//
//  - the compiler's built-in headers: clangd looks for them beside its own
//    binary; unblock-clangd passes the resource directory of the Clang it
//    was built with (unless the command line names one);
//  - the coro-* checks count as fast checks: clangd runs, by default, only
//    the clang-tidy checks on its list of checks measured to be fast
//    (ClangTidy.FastCheckFilter: Strict) and drops every check it does not
//    know. The coro-* checks are measured (docs/performance.md, section
//    "clangd"), and the executable is linked with
//    --wrap=clang::clangd::isFastTidyCheck so that clangd's lookup answers
//    "fast" for them and defers to clangd's list for every other check.
//
//===----------------------------------------------------------------------===//

#include "clang-tidy/ClangTidyModule.h"
#include "clang/Basic/Version.h"
#if CLANG_VERSION_MAJOR < 22
#include "clang-tidy/ClangTidyModuleRegistry.h"
#endif
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"

#include <optional>
#include <string>
#include <vector>

extern volatile int UnblockModuleAnchorSource;

namespace clang {
namespace clangd {
// clangd's entry point (clangd/tool/ClangdMain.h, which Debian does not ship).
int clangdMain(int Argc, char *Argv[]);
} // namespace clangd
} // namespace clang

// The linker routes clangd's calls to clang::clangd::isFastTidyCheck to
// __wrap_<mangled name>; __real_<mangled name> is clangd's own function.
std::optional<bool> clangdIsFastTidyCheck(llvm::StringRef Check) asm(
    "__real__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");
std::optional<bool> unblockIsFastTidyCheck(llvm::StringRef Check) asm(
    "__wrap__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");

namespace {

/// The names of the checks of unblock's clang-tidy module.
const llvm::StringSet<> &unblockCheckNames() {
  static const llvm::StringSet<> Names = [] {
    llvm::StringSet<> Result;
    for (const auto &Entry : clang::tidy::ClangTidyModuleRegistry::entries()) {
      if (Entry.getName() != "unblock-module")
        continue;
      clang::tidy::ClangTidyCheckFactories Factories;
      Entry.instantiate()->addCheckFactories(Factories);
      for (const auto &Factory : Factories)
        Result.insert(Factory.getKey());
    }
    return Result;
  }();
  return Names;
}

bool mentionsResourceDir(int Argc, char **Argv) {
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef Arg(Argv[I]);
    if (Arg.starts_with("-resource-dir") || Arg.starts_with("--resource-dir"))
      return true;
  }
  return false;
}

} // namespace

std::optional<bool> unblockIsFastTidyCheck(llvm::StringRef Check) {
  if (unblockCheckNames().contains(Check))
    return true;
  return clangdIsFastTidyCheck(Check);
}

int main(int Argc, char **Argv) {
  (void)UnblockModuleAnchorSource;
  std::vector<char *> Args(Argv, Argv + Argc);
  static std::string ResourceArg =
      std::string("--resource-dir=") + UNBLOCK_CLANG_RESOURCE_DIR;
  if (!mentionsResourceDir(Argc, Argv) &&
      llvm::sys::fs::is_directory(UNBLOCK_CLANG_RESOURCE_DIR))
    Args.insert(Args.begin() + 1, ResourceArg.data());
  Args.push_back(nullptr);
  return clang::clangd::clangdMain(static_cast<int>(Args.size()) - 1,
                                   Args.data());
}
