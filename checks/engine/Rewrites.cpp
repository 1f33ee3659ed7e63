//===-- Rewrites.cpp - Fix-its that move blocking calls off the loop ------===//

#include "Rewrites.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/QualTypeNames.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace unblock {

bool RuntimeProfile::known(llvm::StringRef Name) {
  return Name == "unblock" || Name == "asio" || Name == "boost-asio" ||
         Name == "custom";
}

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
    // Offloading runs the call in a coroutine spawned on the executor the
    // user names (OffloadExecutor); the caller resumes on its own.
    Out.Offload = "co_await " + NS + "::co_spawn({executor}, [&]() -> " + NS +
                  "::awaitable<{type}> { co_return {call}; }, " + NS +
                  "::use_awaitable)";
    Out.OffloadStatement = "co_await " + NS + "::co_spawn({executor}, [&]() "
                           "-> " + NS + "::awaitable<void> { {call}; "
                           "co_return; }, " + NS + "::use_awaitable)";
    Out.AsyncLibraries = {NS};
    if (Name == "boost-asio")
      Out.AsyncLibraries.push_back("boost::beast");
    Out.CompletionToken = NS + "::use_awaitable";
    Out.ErrorCodeToken =
        NS + "::redirect_error(" + NS + "::use_awaitable, {ec})";
    return true;
  }
  return Name == "custom";
}

llvm::ArrayRef<std::pair<const char *, std::string RuntimeProfile::*>>
RuntimeSelection::spellingOptions() {
  static const std::pair<const char *, std::string RuntimeProfile::*>
      Options[] = {{"RuntimeHeader", &RuntimeProfile::Header},
                   {"RuntimeNamespace", &RuntimeProfile::Namespace},
                   {"SleepForRewrite", &RuntimeProfile::SleepFor},
                   {"SleepUntilRewrite", &RuntimeProfile::SleepUntil},
                   {"AwaitableRewrite", &RuntimeProfile::Awaitable},
                   {"OffloadRewrite", &RuntimeProfile::Offload},
                   {"OffloadStatementRewrite",
                    &RuntimeProfile::OffloadStatement}};
  return Options;
}

std::vector<std::string>
RuntimeSelection::configure(llvm::StringRef Runtime,
                            const llvm::StringMap<std::string> &Spellings,
                            llvm::StringRef ByTypeList,
                            llvm::StringRef Executor) {
  std::vector<std::string> Errors;
  auto Apply = [&](RuntimeProfile &P) {
    for (const auto &[Option, Field] : spellingOptions())
      if (auto It = Spellings.find(Option);
          It != Spellings.end() && !It->second.empty())
        P.*Field = It->second;
  };
  for (llvm::StringRef Name : {"unblock", "asio", "boost-asio", "custom"}) {
    RuntimeProfile P;
    RuntimeProfile::preset(Name, P);
    // With Runtime: auto the spellings fill the custom profile; a profile
    // named in Runtime takes them over its own.
    if (Name == "custom")
      Apply(P);
    P.Executor = Executor.trim().str();
    Presets[Name] = std::move(P);
  }
  Auto = Runtime == "auto";
  if (!Auto) {
    if (!RuntimeProfile::known(Runtime)) {
      Errors.push_back("invalid value '" + Runtime.str() +
                       "' for Runtime; expected 'auto', 'unblock', 'asio', "
                       "'boost-asio' or 'custom'");
      Auto = true;
    } else {
      RuntimeProfile::preset(Runtime, Explicit);
      Apply(Explicit);
      Explicit.Executor = Executor.trim().str();
    }
  }

  // RuntimeByType: 'myco::task=custom;other::*=unblock'.
  llvm::SmallVector<llvm::StringRef, 8> Entries;
  ByTypeList.split(Entries, ';', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef E : Entries) {
    auto [Pattern, Profile] = E.split('=');
    Pattern = Pattern.trim();
    Pattern.consume_front("::");
    Profile = Profile.trim();
    if (Pattern.empty() || !RuntimeProfile::known(Profile)) {
      Errors.push_back("invalid entry '" + E.trim().str() +
                       "' in RuntimeByType; expected 'type=profile' with a "
                       "profile 'unblock', 'asio', 'boost-asio' or 'custom'");
      continue;
    }
    addRule(Pattern, Profile, /*User=*/true, Errors);
  }
  // The custom profile's namespace names its types.
  if (auto It = Spellings.find("RuntimeNamespace");
      It != Spellings.end() && !llvm::StringRef(It->second).trim().empty()) {
    llvm::StringRef NS = llvm::StringRef(It->second).trim();
    NS.consume_front("::");
    addRule((NS + "::*").str(), "custom", /*User=*/true, Errors);
  }
  // The runtimes unblock knows by their types.
  for (auto [Pattern, Profile] :
       {std::pair<const char *, const char *>{"unblock::*", "unblock"},
        {"asio::awaitable", "asio"},
        {"asio::detail::awaitable_frame", "asio"},
        {"boost::asio::awaitable", "boost-asio"},
        {"boost::asio::detail::awaitable_frame", "boost-asio"}})
    addRule(Pattern, Profile, /*User=*/false, Errors);
  return Errors;
}

void RuntimeSelection::addRule(llvm::StringRef Pattern, llvm::StringRef Profile,
                               bool User,
                               std::vector<std::string> &Errors) {
  NameList Types(Pattern);
  if (Types.empty()) {
    Errors.push_back("invalid pattern '" + Pattern.str() +
                     "' in RuntimeByType");
    return;
  }
  ByType.push_back({std::move(Types), Profile.str(), User});
}

const RuntimeProfile &RuntimeSelection::profile(llvm::StringRef Name) const {
  return Presets.find(Name)->second;
}

namespace {

/// The class or class template a type names (through aliases):
/// asio::awaitable for asio::awaitable<int>.
const NamedDecl *typeDecl(QualType T) {
  if (T.isNull())
    return nullptr;
  if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl())
    return RD;
  for (unsigned Depth = 0; Depth < 4; ++Depth) {
    const auto *TST = T->getAs<TemplateSpecializationType>();
    if (!TST)
      break;
    if (!TST->isTypeAlias())
      return TST->getTemplateName().getAsTemplateDecl();
    T = TST->getAliasedType();
    if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl())
      return RD;
  }
  return nullptr;
}


/// \p T as code that names it from anywhere (qualified, sugar kept).
std::string qualifiedTypeText(QualType T, const ASTContext &Ctx) {
  PrintingPolicy Policy(Ctx.getLangOpts());
  Policy.SuppressUnwrittenScope = true;
  return TypeName::getFullyQualifiedName(T, Ctx, Policy);
}

/// \p S with every whole-word \p From replaced by \p To.
std::string replaceWord(llvm::StringRef S, llvm::StringRef From,
                        llvm::StringRef To) {
  std::string Out;
  while (true) {
    size_t At = S.find(From);
    if (At == llvm::StringRef::npos)
      break;
    size_t End = At + From.size();
    bool Whole = End == S.size() || !(llvm::isAlnum(S[End]) || S[End] == '_');
    Out += S.substr(0, At).str();
    Out += Whole ? To.str() : From.str();
    S = S.drop_front(End);
  }
  return Out + S.str();
}

/// An Asio coroutine on an executor type other than any_io_executor
/// (`asio::awaitable<T, asio::io_context::executor_type>`) awaits only
/// operations completed with that executor's token: the profile with
/// `use_awaitable_t<Executor>()` for `use_awaitable`. Null when the
/// coroutine needs no change.
std::shared_ptr<const RuntimeProfile>
adaptToExecutor(const RuntimeProfile &P, const FunctionInfo &Context) {
  if (P.CompletionToken.empty() || !Context.IsCoroutine)
    return nullptr;
  QualType Return = Context.Decl->getReturnType();
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Return.isNull() ? nullptr : Return->getAsCXXRecordDecl());
  if (!Spec || catalogName(Spec) != P.Namespace + "::awaitable" ||
      Spec->getTemplateArgs().size() < 2 ||
      Spec->getTemplateArgs()[1].getKind() != TemplateArgument::Type)
    return nullptr;
  QualType Executor = Spec->getTemplateArgs()[1].getAsType();
  const CXXRecordDecl *ExecutorClass = Executor->getAsCXXRecordDecl();
  std::string ExecutorName =
      ExecutorClass ? catalogName(ExecutorClass) : std::string();
  if (ExecutorName == P.Namespace + "::any_io_executor" ||
      ExecutorName == P.Namespace + "::executor")
    return nullptr; // the default executor: use_awaitable is its token
  // Spelled as the coroutine's return type writes it (an alias stays one).
  if (const auto *Written = Return->getAs<TemplateSpecializationType>())
    if (Written->template_arguments().size() >= 2 &&
        Written->template_arguments()[1].getKind() == TemplateArgument::Type)
      Executor = Written->template_arguments()[1].getAsType();
  std::string Token = P.Namespace + "::use_awaitable_t<" +
                      qualifiedTypeText(Executor,
                                        Context.Decl->getASTContext()) +
                      ">()";
  auto Out = std::make_shared<RuntimeProfile>(P);
  for (std::string *Spelling :
       {&Out->SleepFor, &Out->SleepUntil, &Out->Awaitable, &Out->Offload,
        &Out->OffloadStatement, &Out->CompletionToken, &Out->ErrorCodeToken})
    *Spelling = replaceWord(*Spelling, P.Namespace + "::use_awaitable", Token);
  return Out;
}

} // namespace

RuntimeSelection::Choice
RuntimeSelection::forContext(const FunctionInfo &Context) const {
  Choice C = choose(Context);
  if (C.Profile)
    if ((C.Adapted = adaptToExecutor(*C.Profile, Context)))
      C.Profile = C.Adapted.get();
  return C;
}

RuntimeSelection::Choice
RuntimeSelection::choose(const FunctionInfo &Context) const {
  Choice C;
  if (!Auto) {
    C.Profile = &Explicit;
    return C;
  }
  if (!Context.IsCoroutine)
    return C;
  const NamedDecl *Task = typeDecl(Context.Decl->getReturnType());
  const NamedDecl *Promise = nullptr;
  if (const auto *Body =
          dyn_cast_or_null<CoroutineBodyStmt>(Context.Decl->getBody()))
    if (const VarDecl *PD = Body->getPromiseDecl())
      Promise = typeDecl(PD->getType());
  for (const TypeRule &R : ByType)
    if (R.Types.matches(Task) || R.Types.matches(Promise)) {
      C.Profile = &profile(R.Profile);
      C.Mapped = R.User;
      return C;
    }
  std::string Shown = Task ? catalogName(Task)
                          : Promise ? catalogName(Promise) : std::string();
  C.Reason = (Shown.empty() ? std::string("the coroutine's runtime")
                            : "the coroutine type '" + Shown + "'") +
             " has no fix-it profile; name its runtime in the "
             "'RuntimeByType' option (e.g. '" +
             (Shown.empty() ? std::string("mylib::task") : Shown) +
             "=custom' with the '*Rewrite' spellings)";
  return C;
}

bool RuntimeProfile::inAsyncLibrary(const NamedDecl *D) const {
  if (!D)
    return false;
  std::string Name = catalogName(D);
  return llvm::any_of(AsyncLibraries, [&](const std::string &Lib) {
    return llvm::StringRef(Name).starts_with(Lib + "::");
  });
}

bool completesAsync(const CallSite &S, const RuntimeProfile &P) {
  return !P.CompletionToken.empty() && P.inAsyncLibrary(S.Callee);
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
/// The call's result type as code, or an empty string when it cannot be
/// written where the call is (a dependent, unnamed or local type).
std::string resultTypeText(const Expr *Call, const ASTContext &Ctx) {
  QualType T = Call->getType();
  if (T.isNull() || T->isDependentType() || T->isReferenceType())
    return "";
  if (const TagDecl *TD = T->getAsTagDecl())
    if ((!TD->getIdentifier() && !TD->getTypedefNameForAnonDecl()) ||
        TD->getParentFunctionOrMethod())
      return "";
  return qualifiedTypeText(T, Ctx);
}

/// Fills a spelling's placeholders. \p Args holds each argument's text, or
/// an empty string when the argument alone has no spelling (a part of a
/// macro expansion); a spelling that needs such an argument fails
/// (nullopt, with the reason in \p Why), as one that needs an executor the
/// profile has not been given.
std::optional<std::string> expand(llvm::StringRef Spelling, const CallSite &S,
                                  llvm::ArrayRef<std::string> Args,
                                  const RuntimeProfile &P,
                                  const ASTContext &Ctx, std::string &Why) {
  auto Fail = [&](llvm::StringRef Reason) {
    Why = Reason.str();
    return std::nullopt;
  };
  const char *FromMacro = "its arguments come from a macro expansion";
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
        return Fail(FromMacro);
      Out += List;
    } else if (Known && Key == "executor") {
      if (P.Executor.empty())
        return Fail("the '" + P.Name + "' profile offloads to an executor: "
                    "set the 'OffloadExecutor' option to one meant for "
                    "blocking calls (e.g. 'pool.get_executor()')");
      Out += P.Executor;
    } else if (Known && Key == "type") {
      std::string Type = resultTypeText(S.Call, Ctx);
      if (Type.empty())
        return Fail("the call's result type cannot be written here");
      Out += Type;
    } else if (Known && !Key.getAsInteger(10, Index) && Index < Args.size()) {
      if (Args[Index].empty())
        return Fail(FromMacro);
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

namespace {

const SourceManager &sourceManager(const ASTContext &Ctx) {
  return Ctx.getSourceManager();
}

std::string textBetween(SourceLocation From, SourceLocation To,
                        const ASTContext &Ctx) {
  return Lexer::getSourceText(CharSourceRange::getCharRange(From, To),
                              sourceManager(Ctx), Ctx.getLangOpts())
      .str();
}

SourceLocation endOfToken(SourceLocation Loc, const ASTContext &Ctx) {
  return Lexer::getLocForEndOfToken(Loc, 0, sourceManager(Ctx),
                                    Ctx.getLangOpts());
}

/// True when the last written argument of \p Call fills an error_code
/// out-parameter: the overload that reports errors instead of throwing.
bool endsWithErrorCode(const CallExpr *Call,
                       llvm::ArrayRef<const Expr *> Args) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || Args.empty() || Args.size() > FD->getNumParams())
    return false;
  QualType T = FD->getParamDecl(Args.size() - 1)->getType();
  if (!T->isLValueReferenceType() ||
      T->getPointeeType().isConstQualified())
    return false;
  const CXXRecordDecl *RD = T->getPointeeType()->getAsCXXRecordDecl();
  return RD && RD->getIdentifier() && RD->getName() == "error_code";
}

/// The library's own asynchronous form of a synchronous call, awaited with
/// the profile's completion token: `sock.read_some(b, ec)` becomes
/// `co_await sock.async_read_some(b, asio::redirect_error(
/// asio::use_awaitable, ec))`. The call's arguments stay in place (a
/// blocking call among them gets its own rewrite), so the edits are: the
/// callee's name, the error_code argument or a new last argument, and
/// parentheses when needed.
bool planAsync(const CallSite &S, const RuntimeProfile &P,
               const ASTContext &Ctx, RewritePlan &Plan) {
  const auto *Call = dyn_cast<CallExpr>(S.Call);
  if (!Call || isa<CXXOperatorCallExpr>(Call)) {
    Plan.Reason = "the call has no asynchronous form to name";
    return false;
  }
  SourceLocation NameLoc;
  const Expr *Callee = Call->getCallee()->IgnoreImplicit()->IgnoreParens();
  if (const auto *ME = dyn_cast<MemberExpr>(Callee)) {
    if (!ME->hasExplicitTemplateArgs())
      NameLoc = ME->getMemberLoc();
  } else if (const auto *DRE = dyn_cast<DeclRefExpr>(Callee)) {
    if (!DRE->hasExplicitTemplateArgs())
      NameLoc = DRE->getNameInfo().getLoc();
  } else if (const auto *ULE = dyn_cast<UnresolvedLookupExpr>(Callee)) {
    if (!ULE->hasExplicitTemplateArgs())
      NameLoc = ULE->getNameLoc();
  }
  if (NameLoc.isInvalid() || NameLoc.isMacroID() ||
      !S.Callee->getIdentifier()) {
    Plan.Reason = "the call's name is not written as a plain name";
    return false;
  }
  llvm::SmallVector<const Expr *, 6> Args = writtenArgs(Call);
  for (const Expr *A : Args)
    if (A->getBeginLoc().isMacroID() || A->getEndLoc().isMacroID()) {
      Plan.Reason = "its arguments come from a macro expansion";
      return false;
    }
  SourceLocation Begin = Call->getBeginLoc();
  std::string Head = (S.NeedsParens ? "(co_await " : "co_await ") +
                     textBetween(Begin, NameLoc, Ctx) + "async_" +
                     S.Callee->getName().str();
  Plan.Hints.push_back(FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(Begin, NameLoc), Head));
  if (endsWithErrorCode(Call, Args)) {
    const Expr *EC = Args.back();
    std::string Token = P.ErrorCodeToken;
    size_t At = Token.find("{ec}");
    if (At != std::string::npos)
      Token.replace(At, 4, textOf(EC, Ctx));
    Plan.Hints.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(EC->getSourceRange()), Token));
  } else {
    Plan.Hints.push_back(FixItHint::CreateInsertion(
        Call->getRParenLoc(),
        (Args.empty() ? "" : ", ") + P.CompletionToken));
  }
  if (S.NeedsParens)
    Plan.Hints.push_back(
        FixItHint::CreateInsertion(endOfToken(Call->getRParenLoc(), Ctx), ")"));
  return true;
}

/// `op(..., asio::use_future).get()`: the operation's future, waited for at
/// once. Awaiting the operation with the profile's token instead is the
/// same operation without the wait: `co_await op(..., asio::use_awaitable)`.
/// The last argument of \p Op when it is the use_future token of a library
/// whose operations \p P completes.
const Expr *futureToken(const CallExpr *Op, const RuntimeProfile &P) {
  if (!Op || Op->getNumArgs() == 0)
    return nullptr;
  // The operation takes any completion token (a template parameter), so it
  // takes use_awaitable as well; one written for use_future alone does not.
  const FunctionDecl *Callee = Op->getDirectCallee();
  const FunctionDecl *Pattern =
      Callee ? Callee->getTemplateInstantiationPattern() : nullptr;
  if (!Pattern || Pattern->getNumParams() != Callee->getNumParams() ||
      Op->getNumArgs() > Callee->getNumParams() ||
      !Pattern->getParamDecl(Op->getNumArgs() - 1)
           ->getType()
           ->isDependentType())
    return nullptr;
  const Expr *Token = Op->getArg(Op->getNumArgs() - 1);
  const CXXRecordDecl *TokenType =
      Token->getType().getNonReferenceType()->getAsCXXRecordDecl();
  if (!TokenType || !TokenType->getIdentifier() ||
      TokenType->getName() != "use_future_t")
    return nullptr;
  if (!P.inAsyncLibrary(TokenType))
    return nullptr;
  return Token;
}

/// A future kept in a local variable, from `op(..., asio::use_future)`:
/// the name of that operation, else an empty string.
std::string futureVariableOperation(const CallSite &S,
                                    const RuntimeProfile &P) {
  const auto *Ref =
      S.Object ? dyn_cast<DeclRefExpr>(ast::ignoreWrappers(S.Object)) : nullptr;
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->isLocalVarDecl() || !Var->getInit())
    return "";
  const auto *Op = dyn_cast<CallExpr>(ast::ignoreWrappers(Var->getInit()));
  const FunctionDecl *OpCallee = Op ? Op->getDirectCallee() : nullptr;
  if (!futureToken(Op, P) || !OpCallee || !OpCallee->getIdentifier())
    return "";
  return OpCallee->getName().str();
}

bool planFutureOfAsync(const CallSite &S, const RuntimeProfile &P,
                       const ASTContext &Ctx, RewritePlan &Plan) {
  if (P.CompletionToken.empty() || !S.Object || !S.Callee->getIdentifier() ||
      S.Callee->getName() != "get")
    return false;
  const auto *Op = dyn_cast<CallExpr>(ast::ignoreWrappers(S.Object));
  const Expr *Token = futureToken(Op, P);
  if (!Token)
    return false;
  if (Token->getBeginLoc().isMacroID() || Token->getEndLoc().isMacroID() ||
      Op->getBeginLoc().isMacroID() || Op->getEndLoc().isMacroID())
    return false;
  std::string Text = "co_await " +
                     textBetween(Op->getBeginLoc(), Token->getBeginLoc(), Ctx) +
                     P.CompletionToken +
                     textBetween(endOfToken(Token->getEndLoc(), Ctx),
                                 endOfToken(Op->getEndLoc(), Ctx), Ctx);
  if (S.NeedsParens)
    Text = "(" + Text + ")";
  Plan.Hints.push_back(FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(S.Call->getSourceRange()), Text));
  Plan.Suggestion = "await the operation with '" + P.CompletionToken +
                    "' instead of waiting for its future";
  return true;
}

} // namespace

RewritePlan planRewrite(const CallSite &S, const FunctionInfo &Owner,
                        const FunctionInfo &Context,
                        const RuntimeSelection::Choice &Choice,
                        const ASTContext &Ctx) {
  RewritePlan Plan;
  auto NoFix = [&](llvm::StringRef Why) {
    Plan.Reason = Why.str();
    Plan.Hints.clear();
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
  if (!Choice.Profile)
    return NoFix(Choice.Reason);
  const RuntimeProfile &P = *Choice.Profile;
  std::string Promise =
      Choice.Mapped ? std::string() : restrictingPromise(Context, P, Ctx);
  if (!Promise.empty())
    return NoFix(promiseReason(Promise));
  if (isa<CXXConstructExpr>(S.Call))
    return NoFix("it constructs an object: create it inside "
                 "'offload' by hand");

  Rewrite Kind = S.Entry->Fix;
  if (Kind == Rewrite::Async && completesAsync(S, P)) {
    if (!planAsync(S, P, Ctx, Plan))
      return NoFix(Plan.Reason);
    return Plan;
  }
  if (Kind != Rewrite::None && planFutureOfAsync(S, P, Ctx, Plan))
    return Plan;
  if (std::string Op = futureVariableOperation(S, P); !Op.empty())
    return NoFix("the future comes from '" + Op + "(..., use_future)': "
                 "start that operation with '" + P.CompletionToken +
                 "' and co_await it instead");
  if (Kind == Rewrite::Async)
    Kind = Rewrite::Offload; // the profile has no completion token for it

  llvm::SmallVector<std::string, 6> Args;
  for (const Expr *A : writtenArgs(S.Call))
    Args.push_back(textOf(A, Ctx));

  bool ValueUsed = !S.ValueDiscarded;
  std::string Spelling;
  llvm::SmallVector<std::string, 6> SpellingArgs(Args.begin(), Args.end());
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
  case Rewrite::Async:
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
  std::string Why;
  std::optional<std::string> Expanded =
      expand(Spelling, S, SpellingArgs, P, Ctx, Why);
  if (!Expanded)
    return NoFix(Why);
  std::string Text = std::move(*Expanded);
  if (S.NeedsParens)
    Text = "(" + Text + ")";
  Plan.Hints.push_back(FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(S.Call->getSourceRange()), Text));
  return Plan;
}

} // namespace unblock
