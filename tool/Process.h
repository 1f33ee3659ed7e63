//===-- Process.h - Running other programs --------------------------------===//
//
// Small wrappers over llvm::sys::ExecuteAndWait for project mode: running
// git, and running one translation unit in a child unblock process.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace unblock::tool {

struct ProcessResult {
  /// The exit code; -1 when the program could not be started, -2 when it
  /// crashed or was killed.
  int ExitCode = -1;
  std::string Out, Err;
  /// Why it could not start or how it ended abnormally.
  std::string Problem;
};

/// Runs \p Program (a path, or a name looked up in PATH) with \p Args and
/// captures its output.
ProcessResult runProcess(llvm::StringRef Program,
                         const std::vector<std::string> &Args);

/// A temporary directory, removed with everything in it on destruction.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  bool valid() const { return !Path.empty(); }
  const std::string &path() const { return Path; }
  /// A fresh file name inside the directory.
  std::string file(llvm::StringRef Stem, llvm::StringRef Ext);

private:
  std::string Path;
};

} // namespace unblock::tool
