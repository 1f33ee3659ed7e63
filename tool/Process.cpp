//===-- Process.cpp - Running other programs ------------------------------===//

#include "Process.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <atomic>

namespace unblock::tool {

namespace fs = llvm::sys::fs;

TempDir::TempDir() {
  llvm::SmallString<128> P;
  if (!fs::createUniqueDirectory("unblock", P))
    Path = std::string(P);
}

TempDir::~TempDir() {
  if (!Path.empty())
    fs::remove_directories(Path, /*IgnoreErrors=*/true);
}

std::string TempDir::file(llvm::StringRef Stem, llvm::StringRef Ext) {
  static std::atomic<unsigned> Counter{0};
  llvm::SmallString<128> P(Path);
  llvm::sys::path::append(P, Stem + "-" + std::to_string(Counter++) + "." +
                                 Ext);
  return std::string(P);
}

namespace {
std::string slurp(llvm::StringRef File) {
  auto Buf = llvm::MemoryBuffer::getFile(File);
  return Buf ? (*Buf)->getBuffer().str() : std::string();
}
} // namespace

ProcessResult runProcess(llvm::StringRef Program,
                         const std::vector<std::string> &Args) {
  ProcessResult R;
  std::string Exe = Program.str();
  if (!Program.contains('/')) {
    auto Found = llvm::sys::findProgramByName(Program);
    if (!Found) {
      R.Problem = "'" + Program.str() + "' not found in PATH";
      return R;
    }
    Exe = *Found;
  }
  TempDir Tmp;
  if (!Tmp.valid()) {
    R.Problem = "cannot create a temporary directory";
    return R;
  }
  std::string OutFile = Tmp.file("out", "txt"), ErrFile = Tmp.file("err", "txt");
  std::vector<llvm::StringRef> Argv{Exe};
  for (const std::string &A : Args)
    Argv.push_back(A);
  std::optional<llvm::StringRef> Redirects[] = {llvm::StringRef(""),
                                                llvm::StringRef(OutFile),
                                                llvm::StringRef(ErrFile)};
  R.ExitCode = llvm::sys::ExecuteAndWait(Exe, Argv, std::nullopt, Redirects,
                                         0, 0, &R.Problem);
  R.Out = slurp(OutFile);
  R.Err = slurp(ErrFile);
  return R;
}

} // namespace unblock::tool
