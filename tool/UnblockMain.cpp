//===-- UnblockMain.cpp - The unblock command -----------------------------===//
//
// clang-tidy's command line with unblock's checks built in. Every clang-tidy
// flag behaves as in clang-tidy; unblock adds the compiler's built-in headers
// so that the tool works wherever it is installed, reads
// share/unblock/coroutine-compat.h before each file (older Asio releases'
// coroutines under clang), and exits with status 2 on an option it does not
// know.
//
// Project mode (see ProjectMode.h) takes over when unblock's own options
// (-j, --format, --baseline, ...) are given, or -p without files.
//
//===----------------------------------------------------------------------===//

#include "CommandLine.h"
#include "ProjectMode.h"
#include "IndexFlags.h"

#include "engine/Index.h"

#include "clang-tidy/tool/ClangTidyMain.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

extern volatile int UnblockModuleAnchorSource;

namespace {

bool mentionsResourceDir(int Argc, char **Argv) {
  for (int I = 1; I < Argc; ++I)
    if (llvm::StringRef(Argv[I]).contains("-resource-dir"))
      return true;
  return false;
}

// Appended to `unblock --help`.
llvm::cl::extrahelp ProjectHelp(unblock::tool::ProjectModeHelp);

int ProgramAnchor;

} // namespace

int main(int Argc, char **Argv) {
  (void)UnblockModuleAnchorSource;
  // --index-dir, and the flags of project mode's workers.
  unblock::tool::IndexFlags Index;
  if (std::optional<int> Done =
          unblock::tool::takeIndexFlags(Argc, Argv, Index))
    return *Done;
  std::vector<std::string> Given(Argv + 1, Argv + Argc);
  unblock::tool::ParsedCommandLine Parsed =
      unblock::tool::parseCommandLine(Given);
  if (!Parsed.Error.empty()) {
    llvm::errs() << "unblock: error: " << Parsed.Error << "\n";
    return 2;
  }
  Parsed.Project.IndexDir = Index.IndexDir;
  std::string Self = llvm::sys::fs::getMainExecutable(Argv[0], &ProgramAnchor);
  if (Parsed.ProjectMode) {
    llvm::InitLLVM Init(Argc, Argv);
    return unblock::tool::runProjectMode(Parsed.Project, Self);
  }

  // clang-tidy mode. With a compilation database, the named files are
  // analysed with the whole project's summaries: the index is brought up to
  // date first (project mode's workers never do that themselves).
  unblock::IndexSettings Settings;
  Settings.Dir = Index.IndexDir;
  Settings.SummaryOut = Index.SummaryOut;
  Settings.CrossTUOnly = Index.CrossTUOnly;
  if (!Index.worker() && Index.IndexDir != "none" &&
      !Parsed.Project.BuildPath.empty() && !Parsed.Project.FixedArgs &&
      !Parsed.Project.Files.empty()) {
    std::string Dir = unblock::tool::refreshIndex(Parsed.Project, Self);
    Settings.Dir = Dir.empty() ? std::string("none") : Dir;
  }
  unblock::setIndexSettings(std::move(Settings));

  std::vector<const char *> Args(Argv, Argv + Argc);
  // clang-tidy looks for stddef.h and friends beside its own binary; point it
  // at the resource directory of the Clang unblock was built with.
  static std::string ResourceArg =
      std::string("--extra-arg-before=-resource-dir=") +
      UNBLOCK_CLANG_RESOURCE_DIR;
  if (!mentionsResourceDir(Argc, Argv) &&
      llvm::sys::fs::is_directory(UNBLOCK_CLANG_RESOURCE_DIR))
    Args.insert(Args.begin() + 1, ResourceArg.c_str());
  // Coroutine support of older Asio releases under clang (see the header).
  static std::string CompatArg;
  {
    llvm::SmallString<256> Compat(llvm::sys::path::parent_path(Self));
    llvm::sys::path::append(Compat, "..", "share", "unblock",
                            "coroutine-compat.h");
    llvm::sys::path::remove_dots(Compat, /*remove_dot_dot=*/true);
    if (llvm::sys::fs::exists(Compat)) {
      CompatArg = ("--extra-arg-before=-include" + Compat).str();
      Args.insert(Args.begin() + 1, CompatArg.c_str());
    }
  }
  Args.push_back(nullptr);
  return clang::tidy::clangTidyMain(static_cast<int>(Args.size()) - 1,
                                    Args.data());
}
