//===-- NameList.h - Lists of names and patterns in check options ---------===//
//
// The options that name functions or types take a ';'-separated list of
// names or '*' patterns. One class reads such a list and matches
// declarations against it, for every check.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "clang/AST/Decl.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/GlobPattern.h"

#include <memory>
#include <string>
#include <vector>

namespace unblock {

/// A ';'-separated list of names or '*' patterns. A pattern with '::' is
/// matched against the qualified name (without template arguments, inline
/// namespaces or a leading '::'), others against the unqualified name.
class NameList {
public:
  explicit NameList(llvm::StringRef List, bool IgnoreCase = false);
  bool matches(const clang::NamedDecl *D) const;
  /// Matches a bare name (a macro's, an unresolved callee's) against the
  /// patterns without '::'.
  bool matchesName(llvm::StringRef Name) const;
  bool empty() const { return Qualified.empty() && Unqualified.empty(); }

private:
  bool IgnoreCase;
  /// The pattern texts: a GlobPattern refers to its text.
  std::vector<std::unique_ptr<std::string>> Texts;
  std::vector<llvm::GlobPattern> Qualified, Unqualified;
};

} // namespace unblock
