//===-- Rewrites.h - Fix-its that move blocking calls off the loop --------===//
//
// Turns a blocking call inside a coroutine into its co_await form for a
// runtime profile: unblock's own runtime (the default), Asio's C++20
// coroutines, or spellings the user gives in .clang-tidy.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "Analysis.h"
#include "Common.h"

#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/StringMap.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace unblock {

/// How one runtime spells each rewrite. In the spellings, {call} is the
/// original call, {args} its arguments, {0}, {1}, ... one argument, {name}
/// the called function's name, {executor} the OffloadExecutor option and
/// {type} the call's result type. An empty spelling means "no rewrite".
struct RuntimeProfile {
  std::string Name;
  std::string Header;    // e.g. <unblock/unblock.hpp>
  std::string Namespace; // the namespace of its task types
  std::string SleepFor;
  std::string SleepUntil;
  std::string Awaitable;
  std::string Offload;          // when the value is used
  std::string OffloadStatement; // when it is not
  /// For Rewrite::Async rows: the libraries (namespaces) whose async_<name>
  /// operations take this runtime's completion tokens, the token, and the
  /// token for an overload that reports errors in an error_code ({ec}).
  std::vector<std::string> AsyncLibraries;
  std::string CompletionToken;
  std::string ErrorCodeToken;
  /// The executor offloaded calls run on ({executor}); empty: none given.
  std::string Executor;

  /// The built-in profiles: "unblock", "asio", "boost-asio", "custom"
  /// (empty). False if \p Name is none of them.
  static bool preset(llvm::StringRef Name, RuntimeProfile &Out);
  /// True when \p Name is a built-in profile.
  static bool known(llvm::StringRef Name);
  /// True when \p D belongs to one of AsyncLibraries.
  bool inAsyncLibrary(const clang::NamedDecl *D) const;
};

/// Which profile each coroutine's fix-its target (the Runtime option).
/// "auto" picks it from the coroutine's task or promise type: unblock's
/// own types, asio::awaitable, boost::asio::awaitable, the types the user
/// maps (RuntimeByType, RuntimeNamespace); any other type gets no fix-it.
/// A profile named in Runtime serves every coroutine.
class RuntimeSelection {
public:
  /// \p Runtime is "auto" or a profile name; \p Spellings holds the
  /// *Rewrite, RuntimeHeader and RuntimeNamespace options (empty: unset);
  /// \p ByType is "pattern=profile;..." Returns an error message for each
  /// bad value.
  std::vector<std::string> configure(llvm::StringRef Runtime,
                        const llvm::StringMap<std::string> &Spellings,
                        llvm::StringRef ByType, llvm::StringRef Executor);

  struct Choice {
    const RuntimeProfile *Profile = nullptr; // null: no fix-it
    std::string Reason; // why there is no profile
    /// The user mapped the coroutine's type to this profile: its rewrites
    /// are taken to compile there, whatever the promise type awaits.
    bool Mapped = false;
    /// A profile adapted to this coroutine (Profile points to it): Asio's
    /// completion token for an awaitable on another executor type.
    std::shared_ptr<const RuntimeProfile> Adapted;
  };
  /// The profile for the coroutine \p Context (null for a function that is
  /// not a coroutine: it has no fix-its in any profile).
  Choice forContext(const FunctionInfo &Context) const;

  /// The option names of the spellings, with the profile field each sets.
  static llvm::ArrayRef<std::pair<const char *, std::string RuntimeProfile::*>>
  spellingOptions();

private:
  Choice choose(const FunctionInfo &Context) const;
  const RuntimeProfile &profile(llvm::StringRef Name) const;
  bool Auto = true;
  RuntimeProfile Explicit;
  llvm::StringMap<RuntimeProfile> Presets;
  struct TypeRule {
    NameList Types;
    std::string Profile;
    bool User; // from RuntimeByType / RuntimeNamespace
  };
  std::vector<TypeRule> ByType;
  void addRule(llvm::StringRef Pattern, llvm::StringRef Profile, bool User,
               std::vector<std::string> &Errors);
};

/// A rewrite for one call, or why there is none.
struct RewritePlan {
  llvm::SmallVector<clang::FixItHint, 4> Hints; // empty: no fix-it
  std::string Reason; // set when there is no fix-it
  /// What to do instead, when the rewrite is not the catalog row's usual
  /// one (empty: the row's).
  std::string Suggestion;
};

/// Plans the rewrite of \p S, a blocking call in \p Owner, which runs as
/// part of context \p Context, for the profile \p P (null: the context's
/// runtime has no profile, for the reason \p NoProfile).
RewritePlan planRewrite(const CallSite &S, const FunctionInfo &Owner,
                        const FunctionInfo &Context,
                        const RuntimeSelection::Choice &P,
                        const clang::ASTContext &Ctx);

/// True when \p P completes \p S's library's async_<name> operations.
bool completesAsync(const CallSite &S, const RuntimeProfile &P);

} // namespace unblock
