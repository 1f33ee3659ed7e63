//===-- SummaryFormat.cpp - The summary of one translation unit ----------===//

#include "SummaryFormat.h"

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

namespace format {

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

unsigned FileTable::index(llvm::StringRef Path) {
  auto [It, New] = Index.try_emplace(Path, Paths.size());
  if (New)
    Paths.push_back(Path.str());
  return It->second;
}

void FileTable::position(json::OStream &J, const Position &P) {
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

void readStrings(const json::Array *A, std::vector<std::string> &Out) {
  if (!A)
    return;
  for (const json::Value &V : *A)
    if (auto S = V.getAsString())
      Out.push_back(S->str());
}

} // namespace format

namespace {

using namespace format;

llvm::StringRef categoryName(Category C) {
  llvm::StringRef Name = checkNameFor(C);
  Name.consume_front("coro-blocking-");
  return Name;
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

TUSummary summarizeTU(CallGraph &G, const CatalogConfig &Config) {
  const Analysis &A = G.analysis();
  const SourceManager &SM = A.astContext().getSourceManager();
  TUSummary Out;
  Out.Config = Config;

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
  // it points into, with the content that was parsed; and every file the
  // unit read (what the index keys its results by).
  auto StampOf = [&](llvm::StringRef Path, FileID FID) {
    SourceStamp S;
    S.Path = Path.str();
    bool Invalid = false;
    llvm::StringRef Text = SM.getBufferData(FID, &Invalid);
    S.Hash = Invalid ? std::string() : hashText(Text);
    if (!statFile(Path, S.Size, S.MTime))
      S.Size = Text.size();
    return S;
  };
  Used.emplace(Out.TU, SM.getMainFileID());
  Out.Files.push_back(StampOf(Out.TU, SM.getMainFileID()));
  for (const auto &[Path, FID] : Used)
    if (Path != Out.TU)
      Out.Files.push_back(StampOf(Path, FID));
  std::map<std::string, FileID> Read;
  for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
    FileEntryRef FE = It->first;
    FileID FID = SM.translateFile(FE);
    if (FID.isInvalid())
      continue;
    std::string Path = SM.getFileManager().getCanonicalName(FE).str();
    if (!Path.empty())
      Read.emplace(Path, FID);
  }
  for (const auto &[Path, FID] : Read)
    Out.Deps.push_back(StampOf(Path, FID));
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
    J.attributeArray("deps", [&] {
      for (const SourceStamp &D : S.Deps)
        writeStamp(J, D);
    });
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
  if (const json::Array *Deps = O->getArray("deps"))
    if (!readStamps(Deps, S.Deps))
      return formatError(S.TU, "bad 'deps'");
  return S;
}

llvm::Error writeSummaryFile(const TUSummary &S, llvm::StringRef Path) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  writeJSON(S, OS);
  OS << "\n";
  OS.flush();
  return writeAtomically(Path, Text);
}

llvm::Expected<TUSummary> readSummaryFile(llvm::StringRef Path) {
  auto V = readJSON(Path);
  if (!V)
    return V.takeError();
  auto S = summaryFromJSON(*V);
  if (!S)
    return formatError(Path, llvm::toString(S.takeError()));
  return S;
}

bool stampFile(llvm::StringRef Path, SourceStamp &Out) {
  Out = SourceStamp();
  Out.Path = Path.str();
  if (!statFile(Path, Out.Size, Out.MTime))
    return false;
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return false;
  Out.Hash = hashText((*Buf)->getBuffer());
  return true;
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

} // namespace unblock
