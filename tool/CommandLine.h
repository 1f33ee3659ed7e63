//===-- CommandLine.h - Which mode a command line asks for ----------------===//
//
// unblock accepts clang-tidy's command line unchanged. A few options of its
// own (and `-p DIR` without files) switch to project mode, which analyses a
// whole compilation database. This file sorts a command line into the two
// modes and rejects options that neither knows, with exit status 2.
//
//===----------------------------------------------------------------------===//

#pragma once

#include <optional>
#include <string>
#include <vector>

namespace unblock::tool {

enum class OutputFormat { Text, Sarif, Json };

/// Everything project mode needs from the command line.
struct ProjectOptions {
  /// `-p`: the build directory (or its compile_commands.json); empty: search.
  std::string BuildPath;
  /// Source files and headers named on the command line; empty: all TUs.
  std::vector<std::string> Files;
  /// Compiler arguments after `--`: a fixed compilation database.
  std::optional<std::vector<std::string>> FixedArgs;
  unsigned Jobs = 0; // 0: all cores
  OutputFormat Format = OutputFormat::Text;
  std::string OutputFile;
  std::string Baseline;
  std::string WriteBaseline;
  std::string ChangedSince;
  std::string ProjectRoot;
  std::string ExportFixes;
  std::vector<std::string> ImportFixes;
  unsigned ShardIndex = 0, ShardCount = 0; // --shard=K/N, K counts from 1
  bool Quiet = false;
  /// Follow coro-blocking-indirect's chains across translation units
  /// (off with --no-cross-tu).
  bool CrossTU = true;
  /// --index-dir: the project index (absolute), "none", or empty (the
  /// build directory's .unblock folder).
  std::string IndexDir;
  /// The user chose the header filter; otherwise project mode reports the
  /// headers under the project root.
  bool UserHeaderFilter = false;
  /// clang-tidy options forwarded to each translation unit's run.
  std::vector<std::string> TidyArgs;
};

struct ParsedCommandLine {
  bool ProjectMode = false;
  ProjectOptions Project;
  /// Set when the command line is wrong; the caller exits with status 2.
  std::string Error;
};

/// Sorts \p Args (without the program name) into a mode. In clang-tidy mode
/// only the option names are checked; the arguments go to clang-tidy as
/// they are.
ParsedCommandLine parseCommandLine(const std::vector<std::string> &Args);

/// The text appended to `unblock --help`.
extern const char ProjectModeHelp[];

} // namespace unblock::tool
