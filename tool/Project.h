//===-- Project.h - The translation units project mode analyses -----------===//
//
// Loads the compilation database (with errors that say which file and
// where), decides the project root, and chooses the translation units to
// analyse: all of them, those named on the command line, a translation unit
// that includes a named header, those touched since a git revision, or one
// shard of them.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "CommandLine.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace unblock::tool {

struct Project {
  /// Absolute build directory; empty with a fixed database (`-- args`).
  std::string BuildDir;
  std::string DatabaseFile;
  std::unique_ptr<clang::tooling::CompilationDatabase> Database;
  /// Every source file of the database: absolute, sorted, unique.
  std::vector<std::string> Files;
  /// Absolute, without a trailing slash.
  std::string Root;
};

/// One translation unit to analyse.
struct Unit {
  std::string File;
  /// Report everything in this unit (it was asked for); otherwise the unit
  /// only carries the headers in \c Headers.
  bool ReportAll = true;
  /// Headers named on the command line that are analysed through this unit
  /// (canonical paths); their findings are always reported.
  std::set<std::string> Headers;
};

/// A problem with the input that does not stop the run (a named file that
/// does not exist, say): reported, and the exit status becomes 2.
struct InputProblem {
  std::string File;
  std::string Message;
};

struct Selection {
  std::vector<Unit> Units;
  std::vector<InputProblem> Problems;
  /// Named files that no translation unit compiles or includes.
  std::vector<std::string> Skipped;
};

/// Finds and reads the compilation database.
llvm::Expected<Project> loadProject(const ProjectOptions &Opts);

/// Chooses the translation units of \p Opts.
llvm::Expected<Selection> selectUnits(const Project &P,
                                      const ProjectOptions &Opts,
                                      unsigned Jobs);

/// The files each of \p Files includes (itself too), by running the
/// preprocessor; absolute real paths. Units that fail to preprocess map to
/// what was read before the failure.
std::map<std::string, std::set<std::string>>
scanIncludes(const Project &P, const std::vector<std::string> &Files,
             unsigned Jobs);

/// The top of the git work tree that holds \p Dir, or empty.
std::string gitWorkTree(llvm::StringRef Dir);

/// The canonical spelling of a path: absolute, without dots, symlinks
/// resolved when the file exists.
std::string canonicalPath(llvm::StringRef Path, llvm::StringRef Base = "");

} // namespace unblock::tool
