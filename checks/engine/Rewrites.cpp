//===-- Rewrites.cpp - Fix-its that move blocking calls off the loop ------===//

#include "Rewrites.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
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

/// The source text of the written arguments, from the first to the last:
/// also when single arguments come from one macro (`recv(fd, BUF, 0)` with
/// `#define BUF b, sizeof b`). Empty when that range is not in the file.
std::string argumentListText(const Expr *Call, const ASTContext &Ctx) {
  llvm::SmallVector<const Expr *, 6> Args = writtenArgs(Call);
  if (Args.empty())
    return "";
  CharSourceRange Range = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(Args.front()->getBeginLoc(),
                                     Args.back()->getEndLoc()),
      Ctx.getSourceManager(), Ctx.getLangOpts());
  if (Range.isInvalid())
    return "";
  return Lexer::getSourceText(Range, Ctx.getSourceManager(), Ctx.getLangOpts())
      .str();
}

/// Fills a spelling's placeholders. \p Args holds each argument's text, or
/// an empty string when the argument alone has no spelling (a part of a
/// macro expansion); a spelling that needs such an argument fails (nullopt).
std::optional<std::string> expand(llvm::StringRef Spelling, const CallSite &S,
                                  llvm::ArrayRef<std::string> Args,
                                  const ASTContext &Ctx) {
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
    else if (Known && Key == "args") {
      std::string List = llvm::is_contained(Args, "")
                             ? argumentListText(S.Call, Ctx)
                             : llvm::join(Args, ", ");
      if (!Args.empty() && List.empty())
        return std::nullopt;
      Out += List;
    } else if (Known && !Key.getAsInteger(10, Index) && Index < Args.size()) {
      if (Args[Index].empty())
        return std::nullopt;
      Out += Args[Index];
    } else
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
/// awaitables (asio::awaitable's does): then only that runtime's rewrites
/// compile. Returns the name of such a promise type when it is not of the
/// profile's namespace, else an empty string.
std::string restrictingPromise(const FunctionInfo &Context,
                               const RuntimeProfile &P,
                               const ASTContext &Ctx) {
  const auto *Body =
      dyn_cast_or_null<CoroutineBodyStmt>(Context.Decl->getBody());
  if (!Body || !Body->getPromiseDecl())
    return "";
  const auto *Promise = Body->getPromiseDecl()->getType()->getAsCXXRecordDecl();
  if (!Promise || !Promise->hasDefinition())
    return "";
  DeclarationName Transform(
      &const_cast<ASTContext &>(Ctx).Idents.get("await_transform"));
  bool Restricts = !Promise->lookup(Transform).empty();
  if (!Restricts)
    Promise->forallBases([&](const CXXRecordDecl *B) {
      Restricts |= !B->lookup(Transform).empty();
      return true;
    });
  if (!Restricts)
    return "";
  std::string Name = catalogName(Promise);
  if (!P.Namespace.empty() &&
      llvm::StringRef(Name).starts_with(P.Namespace + "::"))
    return "";
  return Name;
}

/// Why no rewrite fits a coroutine whose promise type \p Promise awaits
/// only its own runtime's operations, and what to set instead.
std::string promiseReason(llvm::StringRef Promise) {
  std::string Why = "the coroutine's promise type '" + Promise.str() +
                    "' only awaits its own runtime's operations; ";
  if (Promise.starts_with("asio::"))
    return Why + "set the 'Runtime' option to 'asio'";
  if (Promise.starts_with("boost::asio::"))
    return Why + "set the 'Runtime' option to 'boost-asio'";
  return Why + "give that runtime's namespace and spellings in the "
               "'RuntimeNamespace' and '*Rewrite' options";
}

/// True when \p Call is in the initializer of a static or thread_local
/// variable of \p Body, where 'co_await' is not allowed.
bool inStaticInitializer(const Stmt *Body, const Expr *Call) {
  if (!Body)
    return false;
  if (const auto *DS = dyn_cast<DeclStmt>(Body))
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (VD->isStaticLocal() && VD->getInit()) {
          llvm::SmallVector<const Stmt *, 16> Work{VD->getInit()};
          while (!Work.empty()) {
            const Stmt *S = Work.pop_back_val();
            if (S == Call)
              return true;
            for (const Stmt *C : S->children())
              if (C)
                Work.push_back(C);
          }
        }
  for (const Stmt *C : Body->children())
    if (inStaticInitializer(C, Call))
      return true;
  return false;
}

/// A runtime other than unblock may take only durations that convert
/// implicitly to its clock's (nanoseconds): not a floating-point count (a
/// literal such as 0.5s) nor a finer period. Such an argument of \p Callee
/// needs an explicit conversion.
bool needsDurationCast(const FunctionDecl *Callee) {
  if (!Callee || Callee->getNumParams() == 0)
    return false;
  const auto *Duration = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Callee->getParamDecl(0)->getType().getNonReferenceType()
          ->getAsCXXRecordDecl());
  if (!Duration || Duration->getName() != "duration" ||
      Duration->getTemplateArgs().size() != 2)
    return false;
  const TemplateArgumentList &TA = Duration->getTemplateArgs();
  if (TA[0].getKind() != TemplateArgument::Type)
    return false;
  if (TA[0].getAsType()->isFloatingType())
    return true;
  // Period is std::ratio<Num, Den>: implicit when Num * 10^9 / Den is whole.
  const auto *Ratio = TA[1].getKind() == TemplateArgument::Type
                          ? dyn_cast_or_null<ClassTemplateSpecializationDecl>(
                                TA[1].getAsType()->getAsCXXRecordDecl())
                          : nullptr;
  if (!Ratio || Ratio->getTemplateArgs().size() < 2 ||
      Ratio->getTemplateArgs()[0].getKind() != TemplateArgument::Integral ||
      Ratio->getTemplateArgs()[1].getKind() != TemplateArgument::Integral)
    return false;
  int64_t Num = Ratio->getTemplateArgs()[0].getAsIntegral().getExtValue();
  int64_t Den = Ratio->getTemplateArgs()[1].getAsIntegral().getExtValue();
  if (Den == 0)
    return false;
  return static_cast<__int128>(Num) * 1000000000 % Den != 0;
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
  if (inStaticInitializer(Owner.Decl->getBody(), S.Call))
    return NoFix("'co_await' is not allowed in the initializer of a static "
                 "or thread_local variable");
  std::string Promise = restrictingPromise(Context, P, Ctx);
  if (!Promise.empty())
    return NoFix(promiseReason(Promise));
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
    if (P.Name != "unblock" && !SpellingArgs.empty() &&
        !SpellingArgs[0].empty() && needsDurationCast(S.Callee))
      SpellingArgs[0] = "std::chrono::ceil<std::chrono::nanoseconds>(" +
                        SpellingArgs[0] + ")";
    break;
  case Rewrite::SleepUntil:
    Spelling = P.SleepUntil;
    break;
  case Rewrite::SleepSeconds:
  case Rewrite::SleepMicros:
    if (SpellingArgs.empty())
      return NoFix("unexpected arguments");
    if (!SpellingArgs[0].empty())
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
  std::optional<std::string> Expanded = expand(Spelling, S, SpellingArgs, Ctx);
  if (!Expanded)
    return NoFix("its arguments come from a macro expansion");
  std::string Text = std::move(*Expanded);
  if (S.NeedsParens)
    Text = "(" + Text + ")";
  Plan.Replacement = FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(S.Call->getSourceRange()), Text);
  return Plan;
}

} // namespace unblock
