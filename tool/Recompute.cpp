//===-- Recompute.cpp - Parsing a unit again for its stale summary -------===//

#include "Recompute.h"

#include "engine/Analysis.h"
#include "engine/Summaries.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"

#include <optional>

using namespace clang;

namespace unblock {

namespace {

class SummaryConsumer : public ASTConsumer {
public:
  SummaryConsumer(const TUSummary &Old, std::optional<TUSummary> &Out)
      : Old(Old), Out(Out) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    Analysis A(Ctx, Old.Config);
    CallGraph G(A, /*TrackExternal=*/true);
    Out = summarizeTU(G, Old.Config, Old.Compile);
  }

private:
  const TUSummary &Old;
  std::optional<TUSummary> &Out;
};

class SummaryAction : public ASTFrontendAction {
public:
  SummaryAction(const TUSummary &Old, std::optional<TUSummary> &Out)
      : Old(Old), Out(Out) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 llvm::StringRef) override {
    return std::make_unique<SummaryConsumer>(Old, Out);
  }

private:
  const TUSummary &Old;
  std::optional<TUSummary> &Out;
};

class SummaryActionFactory : public tooling::FrontendActionFactory {
public:
  SummaryActionFactory(const TUSummary &Old, std::optional<TUSummary> &Out)
      : Old(Old), Out(Out) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<SummaryAction>(Old, Out);
  }

private:
  const TUSummary &Old;
  std::optional<TUSummary> &Out;
};

} // namespace

llvm::Expected<TUSummary> recomputeSummary(const TUSummary &Stale) {
  if (!llvm::sys::fs::exists(Stale.TU))
    return llvm::createStringError(std::errc::no_such_file_or_directory,
                                   "'%s' no longer exists", Stale.TU.c_str());
  // The compilation database that built it, if one is found from its
  // directory; else the recorded arguments.
  std::unique_ptr<tooling::CompilationDatabase> DB;
  std::string Err;
  if (!Stale.Compile.Directory.empty())
    DB = tooling::CompilationDatabase::autoDetectFromDirectory(
        Stale.Compile.Directory, Err);
  if (!DB)
    DB = tooling::CompilationDatabase::autoDetectFromSource(Stale.TU, Err);
  if (DB && DB->getCompileCommands(Stale.TU).empty())
    DB.reset();
  if (!DB) {
    if (Stale.Compile.Arguments.empty())
      return llvm::createStringError(
          std::errc::invalid_argument,
          "no compilation database knows '%s' and no command was recorded",
          Stale.TU.c_str());
    DB = std::make_unique<tooling::FixedCompilationDatabase>(
        Stale.Compile.Directory.empty() ? "." : Stale.Compile.Directory,
        Stale.Compile.Arguments);
  }
  tooling::ClangTool Tool(*DB, {Stale.TU});
  if (!Stale.Compile.ResourceDir.empty())
    Tool.appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
        ("-resource-dir=" + Stale.Compile.ResourceDir).c_str(),
        tooling::ArgumentInsertPosition::BEGIN));
  IgnoringDiagConsumer Quiet;
  Tool.setDiagnosticConsumer(&Quiet);
  std::optional<TUSummary> Fresh;
  SummaryActionFactory Factory(Stale, Fresh);
  Tool.run(&Factory);
  if (!Fresh)
    return llvm::createStringError(std::errc::io_error,
                                   "'%s' could not be parsed",
                                   Stale.TU.c_str());
  return std::move(*Fresh);
}

} // namespace unblock
