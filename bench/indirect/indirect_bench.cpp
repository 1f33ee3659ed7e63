//===-- indirect_bench.cpp - The cost of the transitive analysis ----------===//
//
// Parses one translation unit once, then times, each over many rounds:
//
//   analysis   the shared walk every coro-* check reads (Analysis)
//   direct     what the six category checks add to it (the blocking calls
//              of every context)
//   indirect   what coro-blocking-indirect adds: the call graph, the search,
//              and the chains of every site it reports
//   summary    what --summaries-out adds: the graph with external calls,
//              the summary and its JSON text
//
// usage: indirect_bench FILE [ROUNDS] [-- compiler arguments]
// Prints one line per measure (median microseconds per round), the share
// indirect / (analysis + direct), and the summary's size. With
// INDIRECT_BENCH_ONLY=summary in the environment, only the summary is
// measured (for profiling it).
//
//===----------------------------------------------------------------------===//

#include "engine/Analysis.h"
#include "engine/CallGraph.h"
#include "engine/SummaryFormat.h"

#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

using namespace unblock;

namespace {

template <class F> double medianMicros(unsigned Rounds, F &&Body) {
  std::vector<double> Times;
  for (unsigned I = 0; I < Rounds; ++I) {
    auto Start = std::chrono::steady_clock::now();
    Body();
    auto End = std::chrono::steady_clock::now();
    Times.push_back(
        std::chrono::duration<double, std::micro>(End - Start).count());
  }
  std::sort(Times.begin(), Times.end());
  return Times[Times.size() / 2];
}

volatile size_t Sink;

} // namespace

int main(int Argc, char **Argv) {
  if (Argc < 2) {
    llvm::errs() << "usage: indirect_bench FILE [ROUNDS] [-- args]\n";
    return 2;
  }
  std::string File = Argv[1];
  unsigned Rounds = 30;
  int I = 2;
  if (I < Argc && llvm::StringRef(Argv[I]) != "--")
    Rounds = std::max(1, std::atoi(Argv[I++]));
  std::vector<std::string> Args = {"-std=c++20", "-fsyntax-only",
                                   std::string("-resource-dir=") +
                                       UNBLOCK_CLANG_RESOURCE_DIR};
  if (I < Argc && llvm::StringRef(Argv[I]) == "--")
    for (++I; I < Argc; ++I)
      Args.push_back(Argv[I]);

  auto Code = llvm::MemoryBuffer::getFile(File);
  if (!Code) {
    llvm::errs() << "cannot read " << File << "\n";
    return 2;
  }
  std::unique_ptr<clang::ASTUnit> AST = clang::tooling::buildASTFromCodeWithArgs(
      (*Code)->getBuffer(), Args, File);
  if (!AST) {
    llvm::errs() << "cannot parse " << File << "\n";
    return 2;
  }
  clang::ASTContext &Ctx = AST->getASTContext();
  CatalogConfig Config;

  const char *Only = std::getenv("INDIRECT_BENCH_ONLY");
  bool SummaryOnly = Only && llvm::StringRef(Only) == "summary";
  unsigned MainRounds = SummaryOnly ? 1 : Rounds;

  double TAnalysis = medianMicros(MainRounds, [&] {
    Analysis A(Ctx, Config);
    Sink = A.functions().size();
  });
  Analysis A(Ctx, Config);
  double TDirect = medianMicros(MainRounds, [&] {
    size_t N = 0;
    for (const FunctionInfo *C : A.contexts())
      A.forEachDirectBlockingCall(*C, [&](const CallSite &) { ++N; });
    Sink = N;
  });

  size_t Reported = 0;
  double TIndirect = medianMicros(MainRounds, [&] {
    CallGraph G(A, /*TrackExternal=*/false);
    std::vector<CallGraph::NodeId> Targets;
    for (const FunctionInfo *C : A.contexts())
      forEachContextSite(A, *C,
                         [&](const FunctionInfo &Owner, const CallSite *S,
                             const DestructorRun *D) {
                           if (S && (S->isDirectlyBlocking() ||
                                     S->DeclaredBlocking))
                             return;
                           CallGraph::NodeId T =
                               S ? G.target(*S) : G.target(Owner, *D);
                           if (T != CallGraph::None)
                             Targets.push_back(T);
                         });
    const CallGraph::Result &R = G.solve(clang::FileID(), nullptr);
    size_t N = 0;
    for (CallGraph::NodeId T : Targets)
      if (R.Depth[T])
        N += G.chain(T, R, nullptr).Notes.size() + 1;
    Reported = N;
  });

  size_t SummaryBytes = 0, SummaryFunctions = 0;
  double TSummary = medianMicros(Rounds, [&] {
    CallGraph G(A, /*TrackExternal=*/true);
    TUSummary S = summarizeTU(G, Config);
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    writeJSON(S, OS);
    OS.flush();
    SummaryBytes = Text.size();
    SummaryFunctions = S.Functions.size();
  });

  llvm::outs() << "file " << File << "\n"
               << "functions " << A.functions().size() << "\n"
               << "contexts " << A.contexts().size() << "\n"
               << "analysis_us " << TAnalysis << "\n"
               << "direct_us " << TDirect << "\n"
               << "indirect_us " << TIndirect << "\n"
               << "indirect_diagnostics " << Reported << "\n"
               << "indirect_share " << TIndirect / (TAnalysis + TDirect)
               << "\n"
               << "summary_us " << TSummary << "\n"
               << "summary_functions " << SummaryFunctions << "\n"
               << "summary_bytes " << SummaryBytes << "\n";
  return 0;
}
