//===-- Rewrites.cpp - Fix-its that move blocking calls off the loop ------===//

#include "Rewrites.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace unblock {

bool RuntimeProfile::preset(llvm::StringRef Name, RuntimeProfile &Out) {
  Out = RuntimeProfile{};
  Out.Name = Name.str();
  if (Name == "unblock") {
    Out.Header = "<unblock/unblock.hpp>";
    Out.Namespace = "unblock";
    Out.SleepFor = "co_await unblock::sleep_for({0})";
    Out.SleepUntil = "co_await unblock::sleep_until({0})";
    Out.Awaitable = "co_await unblock::{name}({args})";
    Out.Offload = "co_await unblock::offload([&] { return {call}; })";
    Out.OffloadStatement = "co_await unblock::offload([&] { {call}; })";
    return true;
  }
  if (Name == "asio" || Name == "boost-asio") {
    std::string NS = Name == "asio" ? "asio" : "boost::asio";
    Out.Header = Name == "asio" ? "<asio.hpp>" : "<boost/asio.hpp>";
    Out.Namespace = NS;
    Out.SleepFor = "co_await " + NS + "::steady_timer(co_await " + NS +
                   "::this_coro::executor, {0}).async_wait(" + NS +
                   "::use_awaitable)";
    return true;
  }
  return Name == "custom";
}

namespace {

std::string textOf(const Expr *E, const ASTContext &Ctx) {
  return Lexer::getSourceText(
             CharSourceRange::getTokenRange(E->getSourceRange()),
             Ctx.getSourceManager(), Ctx.getLangOpts())
      .str();
}

llvm::SmallVector<const Expr *, 6> writtenArgs(const Expr *Call) {
  llvm::SmallVector<const Expr *, 6> Args;
  if (const auto *CE = dyn_cast<CallExpr>(Call))
    for (const Expr *A : CE->arguments())
      if (!isa<CXXDefaultArgExpr>(A))
        Args.push_back(A);
  return Args;
}

/// Fills a spelling's placeholders.
std::string expand(llvm::StringRef Spelling, const CallSite &S,
                   llvm::ArrayRef<std::string> Args, const ASTContext &Ctx) {
  std::string Out;
  while (!Spelling.empty()) {
    size_t Open = Spelling.find('{');
    if (Open == llvm::StringRef::npos) {
      Out += Spelling.str();
      break;
    }
    Out += Spelling.substr(0, Open).str();
    Spelling = Spelling.drop_front(Open);
    // A placeholder is {word}; any other brace is the spelling's own code.
    size_t Close = Spelling.find_first_not_of(
        "abcdefghijklmnopqrstuvwxyz0123456789", 1);
    llvm::StringRef Key = Spelling.slice(1, Close);
    unsigned Index = 0;
    bool Known = Close != llvm::StringRef::npos && Spelling[Close] == '}';
    if (Known && Key == "call")
      Out += textOf(S.Call, Ctx);
    else if (Known && Key == "name")
      Out += S.Callee->getNameAsString();
    else if (Known && Key == "args")
      Out += llvm::join(Args, ", ");
    else if (Known && !Key.getAsInteger(10, Index) && Index < Args.size())
      Out += Args[Index];
    else
      Known = false;
    if (!Known) {
      Out += '{';
      Spelling = Spelling.drop_front(1);
      continue;
    }
    Spelling = Spelling.drop_front(Close + 1);
  }
  return Out;
}

bool containsSuspension(const Stmt *S) {
  if (!S)
    return false;
  if (isa<CoawaitExpr>(S) || isa<CoyieldExpr>(S) ||
      isa<DependentCoawaitExpr>(S))
    return true;
  for (const Stmt *C : S->children())
    if (containsSuspension(C))
      return true;
  return false;
}

/// A promise type with await_transform may accept only its own runtime's
/// awaitables (asio::awaitable does): then only that runtime's rewrites
/// compile.
bool promiseAccepts(const FunctionInfo &Context, const RuntimeProfile &P,
                    const ASTContext &Ctx) {
  const auto *Body =
      dyn_cast_or_null<CoroutineBodyStmt>(Context.Decl->getBody());
  if (!Body || !Body->getPromiseDecl())
    return true;
  const auto *Promise = Body->getPromiseDecl()->getType()->getAsCXXRecordDecl();
  if (!Promise || !Promise->hasDefinition())
    return true;
  DeclarationName Transform(
      &const_cast<ASTContext &>(Ctx).Idents.get("await_transform"));
  bool Restricts = !Promise->lookup(Transform).empty();
  if (!Restricts)
    Promise->forallBases([&](const CXXRecordDecl *B) {
      Restricts |= !B->lookup(Transform).empty();
      return true;
    });
  if (!Restricts)
    return true;
  std::string Name = catalogName(Promise);
  return !P.Namespace.empty() &&
         llvm::StringRef(Name).starts_with(P.Namespace + "::");
}

} // namespace

RewritePlan planRewrite(const CallSite &S, const FunctionInfo &Owner,
                        const FunctionInfo &Context, const RuntimeProfile &P,
                        const ASTContext &Ctx) {
  RewritePlan Plan;
  auto NoFix = [&](llvm::StringRef Why) {
    Plan.Reason = Why.str();
    return Plan;
  };
  if (&Owner != &Context)
    return NoFix("the call is in a function the coroutine calls, where "
                 "'co_await' is not available");
  if (!Owner.IsCoroutine)
    return NoFix("'co_await' is only available in a coroutine");
  if (S.InHandler)
    return NoFix("'co_await' is not allowed in a catch handler");
  if (S.Call->getBeginLoc().isMacroID() || S.Call->getEndLoc().isMacroID())
    return NoFix("the call is inside a macro expansion");
  if (containsSuspension(S.Call))
    return NoFix("its arguments suspend the coroutine");
  if (!promiseAccepts(Context, P, Ctx))
    return NoFix("the coroutine's promise type only awaits its own "
                 "runtime's operations");
  if (isa<CXXConstructExpr>(S.Call))
    return NoFix("it constructs an object: create it inside "
                 "'offload' by hand");

  llvm::SmallVector<std::string, 6> Args;
  for (const Expr *A : writtenArgs(S.Call))
    Args.push_back(textOf(A, Ctx));

  bool ValueUsed = !S.ValueDiscarded;
  std::string Spelling;
  llvm::SmallVector<std::string, 6> SpellingArgs(Args.begin(), Args.end());
  Rewrite Kind = S.Entry->Fix;
  // sleep() and usleep() return a value unblock::sleep_for does not.
  if ((Kind == Rewrite::SleepSeconds || Kind == Rewrite::SleepMicros) &&
      ValueUsed)
    Kind = Rewrite::Offload;
  switch (Kind) {
  case Rewrite::None:
    return NoFix("there is no non-blocking form of this call; await the "
                 "work instead");
  case Rewrite::SleepFor:
    Spelling = P.SleepFor;
    break;
  case Rewrite::SleepUntil:
    Spelling = P.SleepUntil;
    break;
  case Rewrite::SleepSeconds:
  case Rewrite::SleepMicros:
    if (SpellingArgs.empty())
      return NoFix("unexpected arguments");
    SpellingArgs[0] = std::string(Kind == Rewrite::SleepSeconds
                                      ? "std::chrono::seconds("
                                      : "std::chrono::microseconds(") +
                      SpellingArgs[0] + ")";
    Spelling = P.SleepFor;
    break;
  case Rewrite::Awaitable:
    Spelling = P.Awaitable;
    break;
  case Rewrite::Offload:
    if (ValueUsed && !S.InitializesValue &&
        S.Callee->getReturnType()->isReferenceType())
      return NoFix("the call's result is a reference, which 'offload' "
                   "would copy");
    Spelling = ValueUsed && !S.Callee->getReturnType()->isVoidType()
                   ? P.Offload
                   : P.OffloadStatement;
    break;
  }
  if (Spelling.empty())
    return NoFix("the '" + P.Name + "' runtime profile has no rewrite for "
                 "this call");
  std::string Text = expand(Spelling, S, SpellingArgs, Ctx);
  if (S.NeedsParens)
    Text = "(" + Text + ")";
  Plan.Replacement = FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(S.Call->getSourceRange()), Text);
  return Plan;
}

} // namespace unblock
