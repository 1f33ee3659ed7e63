//===-- CheckFuzzer.cpp - libFuzzer target for the coro-* checks ----------===//
//
// Feeds each input, as a C++20 source file held in memory, to clang-tidy
// with every coro-* check enabled (clang::tidy::runClangTidy, as the
// unblock tool does). Compiler errors are fine; a crash, a sanitizer report
// or an assertion is what the fuzzer looks for. Each fix-it is also checked
// to lie inside the file it edits.
//
// Options: UNBLOCK_FUZZ_CHECKS overrides the check list (default
// "-*,coro-*"); UNBLOCK_FUZZ_ARGS adds compiler arguments (space-separated).
// See fuzz/README.md.
//
//===----------------------------------------------------------------------===//

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyOptions.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

// Keeps the coro-* module (registered by a static object) in the binary.
extern volatile int UnblockModuleAnchorSource;

namespace {

/// The input lives in memory, named as a file of the working directory
/// (which the compilation database must name: clang-tidy changes into it).
const std::string &workingDirectory() {
  static const std::string Dir = [] {
    llvm::SmallString<256> D;
    if (llvm::sys::fs::current_path(D))
      return std::string("/");
    return std::string(D);
  }();
  return Dir;
}

const std::string &inputName() {
  static const std::string Name =
      workingDirectory() + "/unblock-fuzz-input.cpp";
  return Name;
}

std::vector<std::string> compilerArgs() {
  std::vector<std::string> Args{"clang++", "-std=c++20", "-fsyntax-only",
                                "-resource-dir=" UNBLOCK_CLANG_RESOURCE_DIR};
  if (const char *Extra = std::getenv("UNBLOCK_FUZZ_ARGS")) {
    llvm::SmallVector<llvm::StringRef, 8> Parts;
    llvm::StringRef(Extra).split(Parts, ' ', -1, /*KeepEmpty=*/false);
    for (llvm::StringRef P : Parts)
      Args.push_back(P.str());
  }
  return Args;
}

std::string checkList() {
  const char *Checks = std::getenv("UNBLOCK_FUZZ_CHECKS");
  return Checks && *Checks ? Checks : "-*,coro-*";
}

/// A fix-it outside the file it edits is a bug in the check that made it.
void verifyFixes(const std::vector<clang::tidy::ClangTidyError> &Errors,
                 size_t InputSize) {
  for (const auto &E : Errors)
    for (const auto &[File, Replacements] : E.Message.Fix)
      for (const auto &R : Replacements) {
        if (R.getFilePath() != inputName())
          continue;
        if (R.getOffset() > InputSize ||
            R.getLength() > InputSize - R.getOffset()) {
          std::fprintf(stderr,
                       "fix-it of %s out of the file: offset %u length %u, "
                       "file size %zu\n",
                       E.DiagnosticName.c_str(), R.getOffset(), R.getLength(),
                       InputSize);
          std::abort();
        }
      }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  (void)UnblockModuleAnchorSource;
  static const std::vector<std::string> Args = compilerArgs();
  static const std::string Checks = checkList();

  std::string Code(reinterpret_cast<const char *>(Data), Size);

  auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  Memory->addFile(inputName(), 0, llvm::MemoryBuffer::getMemBufferCopy(Code));
  auto Overlay = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::vfs::getRealFileSystem());
  Overlay->pushOverlay(Memory);

  clang::tidy::ClangTidyOptions Options =
      clang::tidy::ClangTidyOptions::getDefaults();
  Options.Checks = Checks;
  auto Provider = std::make_unique<clang::tidy::DefaultOptionsProvider>(
      clang::tidy::ClangTidyGlobalOptions(), Options);
  clang::tidy::ClangTidyContext Context(std::move(Provider));

  clang::tooling::FixedCompilationDatabase Database(
      workingDirectory(),
      std::vector<std::string>(Args.begin() + 1, Args.end()));
  std::vector<clang::tidy::ClangTidyError> Errors = clang::tidy::runClangTidy(
      Context, Database, {inputName()}, Overlay, /*ApplyAnyFix=*/false);
  verifyFixes(Errors, Size);
  return 0;
}
