//===-- Common.h - Helpers that several checks share ----------------------===//
//
// What the checks and the engine share that belongs to no one of them: the
// ';'-separated lists of names and patterns of check options (NameList),
// how declarations are named (catalogName, describeFunction), attributes
// that declare a function blocking (declaredBlocking), and small questions
// about the AST (namespace ast). The bottom of the engine: it includes no
// other engine header.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/GlobPattern.h"

#include <cstdint>
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

/// Names a declaration the way the catalog does: qualified, without
/// template arguments, inline namespaces or a leading "::".
std::string catalogName(const clang::NamedDecl *D);

/// What a node of the call graph is (defined in CallGraph.h).
enum class NodeKind : uint8_t;

/// How functions are named in notes: 'ns::f', lambda, 'C::~C'.
std::string describeFunction(NodeKind Kind, llvm::StringRef Name,
                             bool IsLambda);

/// True when a declaration is declared blocking by an attribute
/// ([[clang::annotate("unblock::blocking")]], or [[clang::blocking]] with
/// LLVM >= 20); \p Where receives the attribute's location.
bool declaredBlocking(const clang::FunctionDecl *FD,
                      clang::SourceLocation *Where = nullptr);

/// Small questions about the AST.
namespace ast {
/// The variable or member a descriptor expression reads, if any.
const clang::Decl *descriptorKey(const clang::Expr *E);
/// True when \p E is a constant zero (an integer, or a duration of zero).
bool isZero(const clang::Expr *E, const clang::ASTContext &Ctx);
/// True when \p E mentions the flag \p Name (an enumerator or a macro),
/// not negated.
bool mentionsFlag(const clang::Expr *E, llvm::StringRef Name,
                  const clang::ASTContext &Ctx);
/// \p E without the parentheses, implicit casts, full-expression cleanups
/// and temporary materializations around the value it stands for.
const clang::Expr *ignoreWrappers(const clang::Expr *E);
/// True when \p E is a call to std::async that may start a thread (not
/// std::launch::deferred alone), through copies and conversions.
bool isAsyncLaunch(const clang::Expr *E, const clang::ASTContext &Ctx);
/// True when \p FD returns a coroutine type (a class with a nested
/// promise_type): a coroutine, or a function that makes one.
bool returnsCoroutineType(const clang::FunctionDecl *FD);
/// True when \p E is a path under /proc/ or /sys/ spelled in the source: a
/// string literal, a std::string or std::filesystem::path made from one, a
/// constant initialized with one, or a concatenation that starts with one.
/// Kernel pseudo-files are served from memory, not from a disk.
bool isKernelPath(const clang::Expr *E);
/// True for std::future and std::shared_future.
bool isStdFuture(const clang::CXXRecordDecl *RD);
/// True when a declaration carries [[clang::annotate(Annotation)]].
bool hasAnnotation(const clang::Decl *D, llvm::StringRef Annotation);
/// True when a function is marked non-blocking: [[clang::annotate(
/// "unblock::nonblocking")]], or clang's [[clang::nonblocking]] (LLVM 20+).
bool isMarkedNonBlocking(const clang::FunctionDecl *FD);
/// True when a function's own declaration is marked blocking:
/// [[clang::annotate("unblock::blocking")]], or clang's [[clang::blocking]]
/// (LLVM 20+).
bool isMarkedBlocking(const clang::FunctionDecl *FD);
/// True when nothing inside \p S runs where \p S stands: unevaluated
/// operands (sizeof, noexcept, requires, concepts, a typeid that is not
/// potentially evaluated), default arguments and member initializers
/// (evaluated where they are declared), opaque values (evaluated through
/// their source) and blocks. A lambda's captures do run: not included.
bool runsNothingHere(const clang::Stmt *S);
} // namespace ast

} // namespace unblock
