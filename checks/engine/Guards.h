//===-- Guards.h - Destructors that wait only while a flag says so --------===//
//
// A common shape of RAII over asynchronous resources: the destructor is a
// fallback that waits only when the owner was not closed the asynchronous
// way first.
//
//   ~connection() { if (!closed_) sync_wait(close()); }
//   task<> close() { ...; closed_ = true; }
//
// Inside a coroutine that awaits `c.close()` on every path before `c`'s
// scope ends, destroying `c` does not wait. An early `co_return` that skips
// the await still does, and the report names that exit.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceLocation.h"

#include <optional>

namespace unblock {

/// A destructor whose every call sits behind a test of one member.
struct DestructorGuard {
  const clang::FieldDecl *Flag = nullptr;
  /// The destructor's calls run when the flag is set (`if (open_) ...`),
  /// rather than when it is clear (`if (!closed_) ...`).
  bool RunsWhenSet = false;
};

/// The guard of \p Dtor's body, if every call in it is behind one:
/// `if (!flag) { ... }`, `if (flag) return;` then the calls, with the flag a
/// bool member (or std::atomic<bool> through load()).
std::optional<DestructorGuard> destructorGuard(const clang::CXXDestructorDecl *Dtor);

/// Where the paths from the declaration of \p V to the end of its scope
/// stand with respect to a guard of its class's destructor.
struct GuardedExit {
  /// Some statement after the declaration awaits a member of \p V that sets
  /// the flag so that the destructor does nothing (`co_await c.close()`).
  bool Settled = false;
  /// The first `co_return`, `return`, `break`, `continue` or `goto` between
  /// the declaration and that await: a path that skips it. Invalid if none.
  clang::SourceLocation EarlyExit;
};

/// Looks for the await that settles the guard of \p V in the body of \p Fn.
GuardedExit guardedExit(const clang::FunctionDecl *Fn, const clang::VarDecl *V,
                        const DestructorGuard &G);

} // namespace unblock
