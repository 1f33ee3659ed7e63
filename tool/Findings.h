//===-- Findings.h - What project mode reports ----------------------------===//
//
// A finding is one clang-tidy diagnostic, read back from the YAML that
// `--export-fixes` writes for each translation unit: its check, message,
// position, notes and fix-its. Findings from several translation units are
// merged and deduplicated (a header is analysed once per TU that includes
// it), and each gets a fingerprint that does not depend on line numbers so
// that baselines survive edits above a finding.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "clang/Tooling/Core/Diagnostic.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace unblock::tool {

/// A position in a file: absolute path, byte offset, and the line and column
/// (1-based; Column counts bytes like clang, CodePointColumn code points).
struct Position {
  std::string File;
  unsigned Offset = 0;
  unsigned Line = 0, Column = 0, CodePointColumn = 0;
  bool valid() const { return !File.empty() && Line != 0; }
};

/// One replacement of a fix-it, with the region it replaces.
struct Edit {
  Position Begin, End;
  unsigned Length = 0;
  std::string Text;
};

struct Fix {
  std::string Description;
  std::vector<Edit> Edits;
};

struct Note {
  std::string Message;
  Position Where;
};

struct Finding {
  std::string Check;
  std::string Message;
  bool IsError = false; // reported as an error (e.g. --warnings-as-errors)
  Position Where;
  std::vector<Note> Notes;
  /// The diagnostic's own fix first, then alternatives offered by notes.
  std::vector<Fix> Fixes;
  std::string Fingerprint;
  /// As clang-tidy exported it, with absolute paths, for --export-fixes.
  clang::tooling::Diagnostic Original;
};

/// Reads files once and maps offsets to lines and columns.
class SourceFiles {
public:
  /// Fills Line and columns of \p P from its File and Offset; false when the
  /// file cannot be read or the offset lies outside it.
  bool locate(Position &P);
  /// The text of line \p Line of \p File, without the newline.
  llvm::StringRef lineText(llvm::StringRef File, unsigned Line);
  llvm::StringRef text(llvm::StringRef File);

private:
  struct Entry {
    std::unique_ptr<llvm::MemoryBuffer> Buffer;
    std::vector<unsigned> LineStarts;
  };
  Entry *get(llvm::StringRef File);
  llvm::StringMap<Entry> Files;
};

/// Makes \p Path absolute (relative paths are taken from \p Base) and removes
/// `.` and `..`.
std::string absolutePath(llvm::StringRef Path, llvm::StringRef Base);

/// \p Path relative to \p Root when it lies inside, else \p Path itself.
std::string relativeTo(llvm::StringRef Path, llvm::StringRef Root);

/// True for clang's own "this does not compile" diagnostics.
bool isCompilerError(const clang::tooling::Diagnostic &D);

/// Turns one exported diagnostic into a finding; paths become absolute.
Finding makeFinding(const clang::tooling::Diagnostic &D, SourceFiles &Sources);

/// Reads a YAML file written by clang-tidy --export-fixes.
llvm::Expected<clang::tooling::TranslationUnitDiagnostics>
readExportedFixes(llvm::StringRef Path);
/// The same from the text of such a file (\p Name for messages).
llvm::Expected<clang::tooling::TranslationUnitDiagnostics>
parseExportedFixes(llvm::StringRef Text, llvm::StringRef Name);

/// Writes findings as one YAML document that clang-apply-replacements reads.
void writeExportedFixes(llvm::raw_ostream &OS, llvm::StringRef MainSourceFile,
                        const std::vector<Finding> &Findings);

/// The source text of the call a finding points at, without whitespace:
/// `std::this_thread::sleep_for(10ms)`.
std::string normalizedCallText(llvm::StringRef FileText, unsigned Offset);

/// Fills in Fingerprint: a hash of the check, the path relative to \p Root,
/// the message (which names the enclosing function) and the normalised call
/// text. Line numbers do not enter it.
void fingerprint(Finding &F, llvm::StringRef Root, SourceFiles &Sources);

/// Sorts by file, line, column, check and drops exact duplicates.
void sortAndDeduplicate(std::vector<Finding> &Findings);

} // namespace unblock::tool
