//===-- SummaryFiles.cpp - Summaries across translation units -------------===//

#include "SummaryFiles.h"

#include "clang/Basic/FileManager.h"
#include "clang/Basic/LangStandard.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/HeaderSearchOptions.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <atomic>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>

using namespace clang;
namespace json = llvm::json;

namespace unblock {

namespace {

//===----------------------------------------------------------------------===//
// Small helpers
//===----------------------------------------------------------------------===//

std::string hashText(llvm::StringRef Text) {
  return llvm::formatv("{0:x-16}", llvm::xxh3_64bits(Text)).str();
}

bool statFile(llvm::StringRef Path, uint64_t &Size, int64_t &MTime) {
  llvm::sys::fs::file_status St;
  if (llvm::sys::fs::status(Path, St) || !llvm::sys::fs::exists(St))
    return false;
  Size = St.getSize();
  MTime = std::chrono::duration_cast<std::chrono::nanoseconds>(
              St.getLastModificationTime().time_since_epoch())
              .count();
  return true;
}

llvm::StringRef categoryName(Category C) {
  llvm::StringRef Name = checkNameFor(C);
  Name.consume_front("coro-blocking-");
  return Name;
}

llvm::StringRef nodeKindName(NodeKind K) {
  switch (K) {
  case NodeKind::Function:
    return "function";
  case NodeKind::Destructor:
    return "destructor";
  case NodeKind::External:
    return "external";
  }
  llvm_unreachable("unknown node kind");
}

bool parseNodeKind(llvm::StringRef S, NodeKind &K) {
  for (NodeKind C :
       {NodeKind::Function, NodeKind::Destructor, NodeKind::External})
    if (nodeKindName(C) == S) {
      K = C;
      return true;
    }
  return false;
}

llvm::Error formatError(llvm::StringRef Where, llvm::StringRef What) {
  return llvm::createStringError(std::errc::invalid_argument, "%s: %s",
                                 Where.str().c_str(), What.str().c_str());
}

/// Writes \p Text to \p Path through a temporary file and a rename, so that
/// concurrent readers see the old or the new content, never a part.
llvm::Error writeAtomically(llvm::StringRef Path, llvm::StringRef Text) {
  llvm::SmallString<256> Model(Path);
  Model += "-%%%%%%%%.tmp";
  int FD;
  llvm::SmallString<256> Tmp;
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Model, FD, Tmp))
    return llvm::createStringError(EC, "cannot create '%s': %s", Tmp.c_str(),
                                   EC.message().c_str());
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Text;
    OS.close();
    if (OS.has_error()) {
      llvm::sys::fs::remove(Tmp);
      return llvm::createStringError(OS.error(), "cannot write '%s'",
                                     Tmp.c_str());
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(Tmp, Path)) {
    llvm::sys::fs::remove(Tmp);
    return llvm::createStringError(EC, "cannot write '%s': %s",
                                   Path.str().c_str(), EC.message().c_str());
  }
  return llvm::Error::success();
}

llvm::Expected<json::Value> readJSON(llvm::StringRef Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return llvm::createStringError(Buf.getError(), "cannot read '%s': %s",
                                   Path.str().c_str(),
                                   Buf.getError().message().c_str());
  auto V = json::parse((*Buf)->getBuffer());
  if (!V)
    return formatError(Path, llvm::toString(V.takeError()));
  return std::move(*V);
}

//===----------------------------------------------------------------------===//
// Positions and file tables
//===----------------------------------------------------------------------===//

/// Interns file paths for the compact [file, line, col] positions.
class FileTable {
public:
  unsigned index(llvm::StringRef Path) {
    auto [It, New] = Index.try_emplace(Path, Paths.size());
    if (New)
      Paths.push_back(Path.str());
    return It->second;
  }
  void note(const Position &P) {
    if (P.valid())
      index(P.File);
  }
  void position(json::OStream &J, const Position &P) {
    if (!P.valid()) {
      J.value(nullptr);
      return;
    }
    J.array([&] {
      J.value(static_cast<int64_t>(index(P.File)));
      J.value(static_cast<int64_t>(P.Line));
      J.value(static_cast<int64_t>(P.Col));
    });
  }
  std::vector<std::string> Paths;

private:
  llvm::StringMap<unsigned> Index;
};

bool readPosition(const json::Value *V, llvm::ArrayRef<std::string> Files,
                  Position &Out) {
  Out = Position();
  if (!V || V->kind() == json::Value::Null)
    return true;
  const json::Array *A = V->getAsArray();
  if (!A || A->size() != 3)
    return false;
  auto F = (*A)[0].getAsInteger(), L = (*A)[1].getAsInteger(),
       C = (*A)[2].getAsInteger();
  if (!F || !L || !C || *F < 0 || static_cast<size_t>(*F) >= Files.size())
    return false;
  Out.File = Files[*F];
  Out.Line = static_cast<unsigned>(*L);
  Out.Col = static_cast<unsigned>(*C);
  return true;
}

void writeStamp(json::OStream &J, const SourceStamp &S) {
  J.object([&] {
    J.attribute("path", S.Path);
    J.attribute("size", static_cast<int64_t>(S.Size));
    J.attribute("mtime", S.MTime);
    J.attribute("hash", S.Hash);
  });
}

/// The files table: the stamped files first, then paths that only
/// positions name (with an empty stamp).
void writeFiles(json::OStream &J, llvm::StringRef Key,
                llvm::ArrayRef<SourceStamp> Stamps, const FileTable &Files) {
  J.attributeArray(Key, [&] {
    for (const SourceStamp &S : Stamps)
      writeStamp(J, S);
    for (size_t I = Stamps.size(); I < Files.Paths.size(); ++I)
      writeStamp(J, SourceStamp{Files.Paths[I], 0, 0, ""});
  });
}

bool readStamps(const json::Array *A, std::vector<SourceStamp> &Out) {
  if (!A)
    return false;
  for (const json::Value &V : *A) {
    const json::Object *O = V.getAsObject();
    if (!O)
      return false;
    SourceStamp S;
    auto P = O->getString("path");
    auto Size = O->getInteger("size");
    auto MTime = O->getInteger("mtime");
    auto Hash = O->getString("hash");
    if (!P || !Size || !MTime || !Hash)
      return false;
    S.Path = P->str();
    S.Size = static_cast<uint64_t>(*Size);
    S.MTime = *MTime;
    S.Hash = Hash->str();
    Out.push_back(std::move(S));
  }
  return true;
}

void noteStep(const SummaryStep &S, FileTable &Files) {
  Files.note(S.At);
  Files.note(S.DeclAt);
}

void writeStep(json::OStream &J, const SummaryStep &S, FileTable &Files) {
  J.object([&] {
    J.attribute("kind", stepKindName(S.Kind));
    J.attributeBegin("at");
    Files.position(J, S.At);
    J.attributeEnd();
    if (S.Leaf == LeafKind::None) {
      J.attribute("to", S.To);
    } else {
      J.attribute("leaf", leafKindName(S.Leaf));
      if (!S.Category.empty())
        J.attribute("category", S.Category);
      if (S.DeclAt.valid()) {
        J.attributeBegin("decl");
        Files.position(J, S.DeclAt);
        J.attributeEnd();
      }
    }
    if (!S.What.empty())
      J.attribute("what", S.What);
  });
}

void writeStrings(json::OStream &J, llvm::StringRef Key,
                  llvm::ArrayRef<std::string> List) {
  J.attributeArray(Key, [&] {
    for (const std::string &S : List)
      J.value(S);
  });
}

bool readStep(const json::Value &V, llvm::ArrayRef<std::string> Files,
              SummaryStep &S) {
  const json::Object *O = V.getAsObject();
  if (!O)
    return false;
  auto Kind = O->getString("kind");
  if (!Kind || !parseStepKind(*Kind, S.Kind))
    return false;
  if (!readPosition(O->get("at"), Files, S.At))
    return false;
  if (auto Leaf = O->getString("leaf")) {
    if (!parseLeafKind(*Leaf, S.Leaf))
      return false;
    if (auto C = O->getString("category"))
      S.Category = C->str();
    if (!readPosition(O->get("decl"), Files, S.DeclAt))
      return false;
  } else {
    auto To = O->getString("to");
    if (!To)
      return false;
    S.To = To->str();
  }
  if (auto W = O->getString("what"))
    S.What = W->str();
  return true;
}

void writeConfig(json::OStream &J, const CatalogConfig &C) {
  J.attributeObject("catalog", [&] {
    J.attributeObject("extra", [&] {
      for (unsigned I = 0; I < NumCategories; ++I)
        if (!C.Extra[I].empty())
          writeStrings(J, categoryName(static_cast<Category>(I)), C.Extra[I]);
    });
    writeStrings(J, "ignored", C.Ignored);
    J.attribute("report_mutex_lock", C.ReportMutexLock);
    writeStrings(J, "blocking_executors", C.BlockingExecutors);
  });
}

void readStrings(const json::Array *A, std::vector<std::string> &Out) {
  if (!A)
    return;
  for (const json::Value &V : *A)
    if (auto S = V.getAsString())
      Out.push_back(S->str());
}

CatalogConfig configFromJSON(const json::Object *O) {
  CatalogConfig C;
  if (!O)
    return C;
  if (const json::Object *Extra = O->getObject("extra"))
    for (const auto &[Name, List] : *Extra) {
      Category Cat;
      if (parseCategory(Name.str(), Cat))
        readStrings(List.getAsArray(), C.Extra[static_cast<unsigned>(Cat)]);
    }
  readStrings(O->getArray("ignored"), C.Ignored);
  C.ReportMutexLock = O->getBoolean("report_mutex_lock").value_or(false);
  if (const json::Array *Executors = O->getArray("blocking_executors")) {
    C.BlockingExecutors.clear();
    readStrings(Executors, C.BlockingExecutors);
  }
  return C;
}

} // namespace

//===----------------------------------------------------------------------===//
// Building a translation unit's summary
//===----------------------------------------------------------------------===//

TUSummary summarizeTU(CallGraph &G, const CatalogConfig &Config,
                      const CompileInfo &Compile) {
  const Analysis &A = G.analysis();
  const SourceManager &SM = A.astContext().getSourceManager();
  TUSummary Out;
  Out.Config = Config;
  Out.Compile = Compile;

  // Every function, and what the contexts reach.
  G.addAllFunctions();
  std::vector<CallGraph::NodeId> Roots;
  for (const FunctionInfo *C : A.contexts())
    forEachContextSite(A, *C,
                       [&](const FunctionInfo &Owner, const CallSite *S,
                           const DestructorRun *D) {
                         CallGraph::NodeId T =
                             S ? G.target(*S) : G.target(Owner, *D);
                         if (T != CallGraph::None)
                           Roots.push_back(T);
                       });
  const CallGraph::Result &Local = G.solve(FileID(), nullptr);
  std::vector<bool> Matters = G.nodesThatMayBlock();

  // Positions: absolute paths, each file once, with its stamp.
  llvm::DenseMap<FileID, std::string> PathOf;
  std::map<std::string, FileID> Used;
  auto PathFor = [&](FileID FID) -> std::string {
    auto It = PathOf.find(FID);
    if (It != PathOf.end())
      return It->second;
    std::string Path;
    if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID))
      Path = SM.getFileManager().getCanonicalName(*FE).str();
    PathOf[FID] = Path;
    if (!Path.empty())
      Used.emplace(Path, FID);
    return Path;
  };
  auto PositionOf = [&](SourceLocation Loc) {
    Position P;
    if (Loc.isInvalid())
      return P;
    Loc = SM.getFileLoc(Loc);
    P.File = PathFor(SM.getFileID(Loc));
    if (P.File.empty())
      return Position();
    P.Line = SM.getSpellingLineNumber(Loc);
    P.Col = SM.getSpellingColumnNumber(Loc);
    return P;
  };
  Out.TU = PathFor(SM.getMainFileID());

  for (CallGraph::NodeId N = 0; N < static_cast<int>(G.nodes().size()); ++N) {
    const CallGraph::Node &Nd = G.node(N);
    if (!Matters[N] || Nd.Kind == NodeKind::External)
      continue;
    SummaryFunction F;
    F.USR = G.usr(N);
    F.Name = G.name(N);
    F.Kind = Nd.Kind;
    F.IsLambda = Nd.IsLambda;
    F.Complete = Nd.Complete;
    const Decl *Where = Nd.Info ? static_cast<const Decl *>(Nd.Info->Decl)
                                : static_cast<const Decl *>(Nd.Record);
    if (Where)
      F.At = PositionOf(Where->getLocation());
    F.Depth = Local.Depth[N];
    bool HaveLeaf = false;
    for (unsigned I = 0; I < Nd.Steps.size(); ++I) {
      const CallGraph::Step &S = Nd.Steps[I];
      if (S.Leaf != LeafKind::None ? HaveLeaf : !Matters[S.Target])
        continue; // one fact is enough; edges to harmless functions go
      SummaryStep Out;
      Out.Kind = S.Kind;
      Out.Leaf = S.Leaf;
      Out.At = PositionOf(S.Loc);
      Out.What = S.What;
      if (S.Leaf == LeafKind::None) {
        Out.To = G.usr(S.Target);
      } else {
        HaveLeaf = true;
        if (S.Leaf == LeafKind::Catalog)
          Out.Category = categoryName(S.Cat).str();
        if (S.Leaf == LeafKind::Declared)
          Out.DeclAt = PositionOf(S.DeclLoc);
      }
      if (static_cast<int>(I) == Local.Witness[N])
        F.Witness = F.Steps.size();
      F.Steps.push_back(std::move(Out));
    }
    Out.Functions.push_back(std::move(F));
  }

  std::set<std::string> Reached;
  G.forEachReachable(Roots, [&](CallGraph::NodeId N) {
    if (!G.node(N).Complete)
      Reached.insert(G.usr(N));
  });
  Out.ContextCalls.assign(Reached.begin(), Reached.end());

  // The files the summary was computed from: the main file and every file
  // it points into, with the content that was parsed.
  Used.emplace(Out.TU, SM.getMainFileID());
  for (const auto &[Path, FID] : Used) {
    SourceStamp S;
    S.Path = Path;
    bool Invalid = false;
    llvm::StringRef Text = SM.getBufferData(FID, &Invalid);
    S.Hash = Invalid ? std::string() : hashText(Text);
    if (!statFile(Path, S.Size, S.MTime))
      S.Size = Text.size();
    Out.Files.push_back(std::move(S));
  }
  return Out;
}

//===----------------------------------------------------------------------===//
// Summary files
//===----------------------------------------------------------------------===//

void writeJSON(const TUSummary &S, llvm::raw_ostream &OS) {
  FileTable Files;
  for (const SourceStamp &F : S.Files)
    Files.index(F.Path);
  for (const SummaryFunction &F : S.Functions) {
    Files.note(F.At);
    for (const SummaryStep &St : F.Steps)
      noteStep(St, Files);
  }
  json::OStream J(OS);
  J.object([&] {
    J.attribute("format", "unblock-summary");
    J.attribute("version", SummaryFormatVersion);
    J.attribute("tu", S.TU);
    J.attributeObject("compile", [&] {
      J.attribute("directory", S.Compile.Directory);
      writeStrings(J, "arguments", S.Compile.Arguments);
      J.attribute("resource_dir", S.Compile.ResourceDir);
    });
    writeConfig(J, S.Config);
    writeFiles(J, "files", S.Files, Files);
    J.attributeArray("functions", [&] {
      for (const SummaryFunction &F : S.Functions)
        J.object([&] {
          J.attribute("usr", F.USR);
          J.attribute("name", F.Name);
          J.attribute("kind", nodeKindName(F.Kind));
          if (F.IsLambda)
            J.attribute("lambda", true);
          if (!F.Complete)
            J.attribute("complete", false);
          J.attributeBegin("at");
          Files.position(J, F.At);
          J.attributeEnd();
          J.attribute("depth", static_cast<int64_t>(F.Depth));
          if (F.Depth)
            J.attribute("witness", F.Witness);
          J.attributeArray("steps", [&] {
            for (const SummaryStep &St : F.Steps)
              writeStep(J, St, Files);
          });
        });
    });
    writeStrings(J, "context_calls", S.ContextCalls);
  });
}

llvm::Expected<TUSummary> summaryFromJSON(const json::Value &V) {
  const json::Object *O = V.getAsObject();
  if (!O || O->getString("format") != llvm::StringRef("unblock-summary"))
    return formatError("summary", "not an unblock summary");
  if (O->getInteger("version") != SummaryFormatVersion)
    return formatError("summary", "unsupported version");
  TUSummary S;
  if (auto TU = O->getString("tu"))
    S.TU = TU->str();
  if (const json::Object *C = O->getObject("compile")) {
    if (auto D = C->getString("directory"))
      S.Compile.Directory = D->str();
    readStrings(C->getArray("arguments"), S.Compile.Arguments);
    if (auto R = C->getString("resource_dir"))
      S.Compile.ResourceDir = R->str();
  }
  S.Config = configFromJSON(O->getObject("catalog"));
  if (!readStamps(O->getArray("files"), S.Files))
    return formatError(S.TU, "bad 'files'");
  std::vector<std::string> Paths;
  for (const SourceStamp &F : S.Files)
    Paths.push_back(F.Path);
  // Entries without a stamp only name paths for positions.
  llvm::erase_if(S.Files, [](const SourceStamp &F) { return F.Hash.empty(); });
  if (const json::Array *Functions = O->getArray("functions")) {
    for (const json::Value &FV : *Functions) {
      const json::Object *FO = FV.getAsObject();
      if (!FO)
        return formatError(S.TU, "bad function");
      SummaryFunction F;
      auto USR = FO->getString("usr");
      auto Kind = FO->getString("kind");
      if (!USR || !Kind || !parseNodeKind(*Kind, F.Kind))
        return formatError(S.TU, "bad function");
      F.USR = USR->str();
      if (auto N = FO->getString("name"))
        F.Name = N->str();
      F.IsLambda = FO->getBoolean("lambda").value_or(false);
      F.Complete = FO->getBoolean("complete").value_or(true);
      if (!readPosition(FO->get("at"), Paths, F.At))
        return formatError(S.TU, "bad position");
      F.Depth = static_cast<unsigned>(FO->getInteger("depth").value_or(0));
      F.Witness = static_cast<int>(FO->getInteger("witness").value_or(-1));
      if (const json::Array *Steps = FO->getArray("steps"))
        for (const json::Value &SV : *Steps) {
          SummaryStep St;
          if (!readStep(SV, Paths, St))
            return formatError(S.TU, "bad step of '" + F.Name + "'");
          F.Steps.push_back(std::move(St));
        }
      S.Functions.push_back(std::move(F));
    }
  }
  readStrings(O->getArray("context_calls"), S.ContextCalls);
  return S;
}

std::string summaryFileName(llvm::StringRef TU) {
  return (llvm::sys::path::filename(TU) + "." + hashText(TU) +
          ".summary.json")
      .str();
}

llvm::Error writeSummary(const TUSummary &S, llvm::StringRef Dir) {
  if (std::error_code EC = llvm::sys::fs::create_directories(Dir))
    return llvm::createStringError(EC, "cannot create directory '%s': %s",
                                   Dir.str().c_str(), EC.message().c_str());
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, summaryFileName(S.TU));
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  writeJSON(S, OS);
  OS << "\n";
  OS.flush();
  return writeAtomically(Path, Text);
}

llvm::Expected<TUSummary> readSummary(llvm::StringRef Path) {
  auto V = readJSON(Path);
  if (!V)
    return V.takeError();
  auto S = summaryFromJSON(*V);
  if (!S)
    return formatError(Path, llvm::toString(S.takeError()));
  return S;
}

bool isFresh(llvm::ArrayRef<SourceStamp> Files, std::string *Why) {
  for (const SourceStamp &F : Files) {
    uint64_t Size;
    int64_t MTime;
    if (!statFile(F.Path, Size, MTime)) {
      if (Why)
        *Why = "'" + F.Path + "' was removed";
      return false;
    }
    if (Size == F.Size && MTime == F.MTime)
      continue;
    // Touched, perhaps unchanged: compare the content.
    auto Buf = llvm::MemoryBuffer::getFile(F.Path);
    if (Size != F.Size || !Buf || hashText((*Buf)->getBuffer()) != F.Hash) {
      if (Why)
        *Why = "'" + F.Path + "' changed";
      return false;
    }
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Merging
//===----------------------------------------------------------------------===//

const MergedSummaries::Fact *MergedSummaries::find(llvm::StringRef USR) const {
  auto It = Facts.find(USR);
  return It == Facts.end() ? nullptr : &It->second;
}

void MergedSummaries::appendChain(llvm::StringRef USR, Chain &C) const {
  const Fact *F = find(USR);
  for (unsigned Guard = 0; F && Guard <= F->Depth + 1; ++Guard) {
    std::string From = describeFunction(F->Kind, F->Name, F->IsLambda);
    const SummaryStep &S = F->Step;
    Position At = S.At.valid()
                      ? S.At
                      : (C.Notes.empty() ? Position() : C.Notes.back().Pos);
    if (S.Leaf != LeafKind::None) {
      C.Leaf = leafPhrase(S.Leaf, S.What);
      // A destructor declared blocking is its own fact: no call to show.
      if (!(S.Leaf == LeafKind::Declared && !S.At.valid()))
        C.Notes.push_back({{}, At, leafNote(S.Leaf, From, S.What)});
      if (S.Leaf == LeafKind::Declared && S.DeclAt.valid())
        C.Notes.push_back(
            {{}, S.DeclAt, "'" + S.What + "' is declared blocking here"});
      return;
    }
    const Fact *Next = find(S.To);
    if (!Next)
      return;
    C.Notes.push_back(
        {{},
         At,
         edgeNote(S.Kind, From,
                  describeFunction(Next->Kind, Next->Name, Next->IsLambda),
                  S.What)});
    F = Next;
  }
}

namespace {

/// The summary files of a directory, with their stamps.
std::vector<SourceStamp> listSummaryFiles(llvm::StringRef Dir) {
  std::vector<SourceStamp> Out;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC)) {
    if (!llvm::StringRef(It->path()).ends_with(".summary.json"))
      continue;
    SourceStamp S;
    S.Path = It->path();
    if (statFile(S.Path, S.Size, S.MTime))
      Out.push_back(std::move(S));
  }
  llvm::sort(Out, [](const SourceStamp &A, const SourceStamp &B) {
    return A.Path < B.Path;
  });
  return Out;
}

/// One function of the project's call graph.
struct GlobalNode {
  const SummaryFunction *First = nullptr; // for its name and kind
  std::vector<const SummaryStep *> Steps;
  std::set<std::string> Seen; // steps already added (functions defined in
                              // several translation units)
  unsigned Depth = 0;
  int Witness = -1;
};

std::string stepKey(const SummaryStep &S) {
  return (stepKindName(S.Kind) + "|" + leafKindName(S.Leaf) + "|" + S.To +
          "|" + S.What + "|" + S.At.File + ":" + llvm::Twine(S.At.Line) +
          ":" + llvm::Twine(S.At.Col))
      .str();
}

} // namespace

namespace {
std::atomic<RecomputeFn> Recomputer{nullptr};
} // namespace

void setSummaryRecomputer(RecomputeFn F) { Recomputer.store(F); }

llvm::Expected<std::shared_ptr<const MergedSummaries>>
MergedSummaries::merge(llvm::StringRef Dir) {
  RecomputeFn Recompute = Recomputer.load();
  if (!llvm::sys::fs::is_directory(Dir))
    return llvm::createStringError(std::errc::no_such_file_or_directory,
                                   "summary directory '%s' does not exist",
                                   Dir.str().c_str());
  auto M = std::make_shared<MergedSummaries>();
  std::vector<TUSummary> Summaries;
  for (const SourceStamp &File : listSummaryFiles(Dir)) {
    auto S = readSummary(File.Path);
    if (!S) {
      M->Problems.push_back(llvm::toString(S.takeError()));
      continue;
    }
    std::string Why;
    if (!isFresh(S->Files, &Why)) {
      // Never trusted silently: computed again, or left out and reported.
      auto Fresh = Recompute
                       ? Recompute(*S)
                       : llvm::Expected<TUSummary>(llvm::createStringError(
                             std::errc::operation_not_supported,
                             "this front end does not parse other "
                             "translation units; merge the summaries again "
                             "with 'unblock --merge-summaries'"));
      if (!Fresh) {
        M->Problems.push_back("the summary of '" + S->TU +
                              "' is out of date (" + Why +
                              ") and could not be computed again: " +
                              llvm::toString(Fresh.takeError()));
        continue;
      }
      if (llvm::Error E = writeSummary(*Fresh, Dir))
        M->Problems.push_back(llvm::toString(std::move(E)));
      M->Recomputed.push_back(S->TU);
      *S = std::move(*Fresh);
    }
    Summaries.push_back(std::move(*S));
  }
  M->Inputs = listSummaryFiles(Dir);

  // The global graph: each USR once, with the union of its steps.
  llvm::StringMap<GlobalNode> Nodes;
  std::map<std::string, SourceStamp> Sources;
  for (const TUSummary &S : Summaries) {
    for (const SourceStamp &F : S.Files)
      Sources.emplace(F.Path, F);
    for (const SummaryFunction &F : S.Functions) {
      GlobalNode &G = Nodes[F.USR];
      if (!G.First || (!G.First->Complete && F.Complete))
        G.First = &F;
      for (const SummaryStep &St : F.Steps)
        if (G.Seen.insert(stepKey(St)).second)
          G.Steps.push_back(&St);
    }
  }
  for (auto &[Path, Stamp] : Sources)
    M->Sources.push_back(Stamp);

  // Shortest chains, bottom-up from the blocking facts (as in CallGraph).
  llvm::StringMap<std::vector<llvm::StringRef>> Preds;
  std::vector<std::vector<llvm::StringRef>> Buckets(2);
  for (auto &E : Nodes) {
    for (const SummaryStep *St : E.second.Steps) {
      if (St->Leaf != LeafKind::None) {
        if (!E.second.Depth) {
          E.second.Depth = 1;
          Buckets[1].push_back(E.first());
        }
      } else if (Nodes.count(St->To)) {
        Preds[St->To].push_back(E.first());
      }
    }
  }
  for (unsigned D = 1; D < Buckets.size(); ++D)
    for (size_t I = 0; I < Buckets[D].size(); ++I) {
      llvm::StringRef U = Buckets[D][I];
      if (Nodes[U].Depth != D)
        continue;
      auto P = Preds.find(U);
      if (P == Preds.end())
        continue;
      for (llvm::StringRef Pred : P->second) {
        GlobalNode &G = Nodes[Pred];
        if (G.Depth && G.Depth <= D + 1)
          continue;
        G.Depth = D + 1;
        if (Buckets.size() <= D + 1)
          Buckets.resize(D + 2);
        Buckets[D + 1].push_back(Pred);
      }
    }
  for (auto &E : Nodes) {
    GlobalNode &G = E.second;
    if (!G.Depth)
      continue;
    for (unsigned I = 0; I < G.Steps.size(); ++I) {
      const SummaryStep *St = G.Steps[I];
      bool Takes = false;
      if (St->Leaf != LeafKind::None) {
        Takes = G.Depth == 1;
      } else {
        auto T = Nodes.find(St->To);
        Takes = T != Nodes.end() && T->second.Depth &&
                T->second.Depth + 1 == G.Depth;
      }
      if (Takes) {
        G.Witness = I;
        break;
      }
    }
    if (G.Witness < 0)
      continue;
    Fact F;
    F.Name = G.First->Name;
    F.Kind = G.First->Kind;
    F.IsLambda = G.First->IsLambda;
    F.Depth = G.Depth;
    F.Step = *G.Steps[G.Witness];
    M->Facts[E.first()] = std::move(F);
  }

  for (const TUSummary &S : Summaries)
    for (const std::string &U : S.ContextCalls)
      if (M->Facts.count(U)) {
        M->Affected.push_back(S.TU);
        break;
      }
  llvm::sort(M->Affected);

  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, MergedFileName);
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  M->writeJSON(OS);
  OS << "\n";
  OS.flush();
  if (llvm::Error E = writeAtomically(Path, Text))
    return std::move(E);
  return std::shared_ptr<const MergedSummaries>(std::move(M));
}

void MergedSummaries::writeJSON(llvm::raw_ostream &OS) const {
  FileTable Files;
  for (const SourceStamp &S : Sources)
    Files.index(S.Path);
  std::vector<llvm::StringRef> Keys;
  for (const auto &E : Facts) {
    Keys.push_back(E.first());
    noteStep(E.second.Step, Files);
  }
  llvm::sort(Keys);
  json::OStream J(OS);
  J.object([&] {
    J.attribute("format", "unblock-merged-summaries");
    J.attribute("version", SummaryFormatVersion);
    J.attributeArray("inputs", [&] {
      for (const SourceStamp &S : Inputs)
        writeStamp(J, S);
    });
    writeFiles(J, "files", Sources, Files);
    writeStrings(J, "problems", Problems);
    writeStrings(J, "recomputed", Recomputed);
    writeStrings(J, "affected", Affected);
    J.attributeArray("functions", [&] {
      for (llvm::StringRef U : Keys) {
        const Fact &F = Facts.find(U)->second;
        J.object([&] {
          J.attribute("usr", U);
          J.attribute("name", F.Name);
          J.attribute("kind", nodeKindName(F.Kind));
          if (F.IsLambda)
            J.attribute("lambda", true);
          J.attribute("depth", static_cast<int64_t>(F.Depth));
          J.attributeBegin("step");
          writeStep(J, F.Step, Files);
          J.attributeEnd();
        });
      }
    });
  });
}

llvm::Expected<std::shared_ptr<MergedSummaries>>
MergedSummaries::fromJSON(const json::Value &V) {
  const json::Object *O = V.getAsObject();
  if (!O ||
      O->getString("format") != llvm::StringRef("unblock-merged-summaries") ||
      O->getInteger("version") != SummaryFormatVersion)
    return formatError("merged summaries", "unsupported format");
  auto M = std::make_shared<MergedSummaries>();
  std::vector<SourceStamp> All;
  if (!readStamps(O->getArray("inputs"), M->Inputs) ||
      !readStamps(O->getArray("files"), All))
    return formatError("merged summaries", "bad stamps");
  std::vector<std::string> Paths;
  for (const SourceStamp &S : All) {
    Paths.push_back(S.Path);
    if (!S.Hash.empty())
      M->Sources.push_back(S);
  }
  readStrings(O->getArray("problems"), M->Problems);
  readStrings(O->getArray("recomputed"), M->Recomputed);
  readStrings(O->getArray("affected"), M->Affected);
  if (const json::Array *Functions = O->getArray("functions"))
    for (const json::Value &FV : *Functions) {
      const json::Object *FO = FV.getAsObject();
      auto USR = FO ? FO->getString("usr") : std::nullopt;
      auto Kind = FO ? FO->getString("kind") : std::nullopt;
      const json::Value *Step = FO ? FO->get("step") : nullptr;
      Fact F;
      if (!USR || !Kind || !Step || !parseNodeKind(*Kind, F.Kind) ||
          !readStep(*Step, Paths, F.Step))
        return formatError("merged summaries", "bad function");
      if (auto N = FO->getString("name"))
        F.Name = N->str();
      F.IsLambda = FO->getBoolean("lambda").value_or(false);
      F.Depth = static_cast<unsigned>(FO->getInteger("depth").value_or(0));
      M->Facts[*USR] = std::move(F);
    }
  return M;
}

llvm::Expected<std::shared_ptr<const MergedSummaries>>
MergedSummaries::load(llvm::StringRef Dir) {
  static std::mutex Lock;
  static std::map<std::string, std::shared_ptr<const MergedSummaries>> Cache;
  std::lock_guard<std::mutex> Guard(Lock);
  auto It = Cache.find(Dir.str());
  if (It != Cache.end())
    return It->second;

  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, MergedFileName);
  std::shared_ptr<const MergedSummaries> Result;
  if (llvm::sys::fs::exists(Path)) {
    auto V = readJSON(Path);
    if (V) {
      auto M = fromJSON(*V);
      if (M) {
        // Up to date when the same summary files are there, unchanged, and
        // the sources they were computed from are unchanged.
        std::vector<SourceStamp> Now = listSummaryFiles(Dir);
        bool Same = Now.size() == (*M)->Inputs.size();
        for (size_t I = 0; Same && I < Now.size(); ++I)
          Same = Now[I].Path == (*M)->Inputs[I].Path &&
                 Now[I].Size == (*M)->Inputs[I].Size &&
                 Now[I].MTime == (*M)->Inputs[I].MTime;
        if (Same && isFresh((*M)->Sources))
          Result = std::move(*M);
      } else {
        llvm::consumeError(M.takeError());
      }
    } else {
      llvm::consumeError(V.takeError());
    }
  }
  if (!Result) {
    auto M = merge(Dir);
    if (!M)
      return M.takeError();
    Result = std::move(*M);
  }
  Cache[Dir.str()] = Result;
  return Result;
}

std::string summaryOptionFromEnvironment(llvm::StringRef Variable) {
  const char *V = std::getenv(Variable.str().c_str());
  return V ? std::string(V) : std::string();
}

} // namespace unblock
