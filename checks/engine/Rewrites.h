//===-- Rewrites.h - Fix-its that move blocking calls off the loop --------===//
//
// Turns a blocking call inside a coroutine into its co_await form for a
// runtime profile: unblock's own runtime (the default), Asio's C++20
// coroutines, or spellings the user gives in .clang-tidy.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "Analysis.h"

#include "clang/Basic/Diagnostic.h"

#include <optional>
#include <string>

namespace unblock {

/// How one runtime spells each rewrite. In the spellings, {call} is the
/// original call, {args} its arguments, {0}, {1}, ... one argument, and
/// {name} the called function's name. An empty spelling means "no rewrite".
struct RuntimeProfile {
  std::string Name;
  std::string Header;    // e.g. <unblock/unblock.hpp>
  std::string Namespace; // the namespace of its task types
  std::string SleepFor;
  std::string SleepUntil;
  std::string Awaitable;
  std::string Offload;          // when the value is used
  std::string OffloadStatement; // when it is not

  /// The built-in profiles: "unblock", "asio", "boost-asio", "custom"
  /// (empty). False if \p Name is none of them.
  static bool preset(llvm::StringRef Name, RuntimeProfile &Out);
};

/// A rewrite for one call, or why there is none.
struct RewritePlan {
  std::optional<clang::FixItHint> Replacement;
  std::string Reason; // set when there is no replacement
};

/// Plans the rewrite of \p S, a blocking call in \p Owner, which runs as
/// part of context \p Context.
RewritePlan planRewrite(const CallSite &S, const FunctionInfo &Owner,
                        const FunctionInfo &Context,
                        const RuntimeProfile &Profile,
                        const clang::ASTContext &Ctx);

} // namespace unblock
