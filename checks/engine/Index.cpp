//===-- Index.cpp - The project index -------------------------------------===//

#include "Index.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/BLAKE3.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <map>
#include <mutex>

namespace json = llvm::json;

namespace unblock {

using namespace format;

//===----------------------------------------------------------------------===//
// Settings
//===----------------------------------------------------------------------===//

namespace {
IndexSettings &settings() {
  static IndexSettings S;
  return S;
}
} // namespace

void setIndexSettings(IndexSettings S) { settings() = std::move(S); }
const IndexSettings &indexSettings() { return settings(); }

//===----------------------------------------------------------------------===//
// The project's facts
//===----------------------------------------------------------------------===//

const ProjectFacts::Fact *ProjectFacts::find(llvm::StringRef USR) const {
  auto It = Facts.find(USR);
  return It == Facts.end() ? nullptr : &It->second;
}

unsigned ProjectFacts::depthOf(llvm::StringRef USR) const {
  const Fact *F = find(USR);
  return F ? F->Depth : 0;
}

void ProjectFacts::appendChain(llvm::StringRef USR, Chain &C) const {
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

std::string positionText(const Position &P) {
  return P.File + ":" + std::to_string(P.Line) + ":" + std::to_string(P.Col);
}

std::string stepKey(const SummaryStep &S) {
  return (stepKindName(S.Kind) + "|" + leafKindName(S.Leaf) + "|" + S.To +
          "|" + S.What + "|" + S.Category + "|" + positionText(S.At) + "|" +
          positionText(S.DeclAt))
      .str();
}

/// One function of the project's call graph.
struct GlobalNode {
  const SummaryFunction *First = nullptr; // for its name and kind
  /// Its steps by step key: each once (a function defined in several
  /// translation units), in an order that does not depend on the order the
  /// summaries come in.
  std::map<std::string, const SummaryStep *> Steps;
  unsigned Depth = 0;
};

} // namespace

std::string ProjectFacts::digest(llvm::ArrayRef<std::string> USRs) const {
  std::vector<std::string> Parts;
  std::set<std::string> Done;
  for (const std::string &Start : USRs) {
    Parts.push_back("@" + Start);
    const Fact *F = find(Start);
    std::string U = Start;
    for (unsigned Guard = 0; F && Guard <= F->Depth + 1; ++Guard) {
      if (!Done.insert(U).second)
        break; // its chain is in already
      Parts.push_back(U + "|" + F->Name + "|" +
                      nodeKindName(F->Kind).str() + "|" +
                      (F->IsLambda ? "l" : "") + "|" +
                      std::to_string(F->Depth) + "|" + stepKey(F->Step));
      if (F->Step.Leaf != LeafKind::None)
        break;
      U = F->Step.To;
      F = find(U);
    }
  }
  return IndexStore::key(Parts);
}

std::shared_ptr<ProjectFacts> ProjectFacts::solve(
    llvm::ArrayRef<std::pair<const TUSummary *, std::string>> Summaries) {
  auto M = std::make_shared<ProjectFacts>();

  // The global graph: each USR once, with the union of its steps.
  llvm::StringMap<GlobalNode> Nodes;
  std::map<std::string, SourceStamp> Sources;
  for (const auto &[S, Entry] : Summaries) {
    M->Inputs.push_back({S->TU, Entry});
    for (const SourceStamp &F : S->Files)
      Sources.emplace(F.Path, F);
    for (const SummaryFunction &F : S->Functions) {
      GlobalNode &G = Nodes[F.USR];
      if (!G.First || (!G.First->Complete && F.Complete))
        G.First = &F;
      for (const SummaryStep &St : F.Steps)
        G.Steps.try_emplace(stepKey(St), &St);
    }
  }
  for (auto &[Path, Stamp] : Sources)
    M->Sources.push_back(Stamp);

  // Shortest chains, bottom-up from the blocking facts (as in CallGraph).
  llvm::StringMap<std::vector<llvm::StringRef>> Preds;
  std::vector<std::vector<llvm::StringRef>> Buckets(2);
  for (auto &E : Nodes) {
    for (const auto &[Key, St] : E.second.Steps) {
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
    // The first step, by step key, that starts a shortest chain.
    const SummaryStep *Taken = nullptr;
    for (const auto &[Key, St] : G.Steps) {
      bool Takes = false;
      if (St->Leaf != LeafKind::None) {
        Takes = G.Depth == 1;
      } else {
        auto T = Nodes.find(St->To);
        Takes = T != Nodes.end() && T->second.Depth &&
                T->second.Depth + 1 == G.Depth;
      }
      if (Takes) {
        Taken = St;
        break;
      }
    }
    if (!Taken)
      continue;
    Fact F;
    F.Name = G.First->Name;
    F.Kind = G.First->Kind;
    F.IsLambda = G.First->IsLambda;
    F.Depth = G.Depth;
    F.Step = *Taken;
    M->Facts[E.first()] = std::move(F);
  }
  return M;
}

void ProjectFacts::writeJSON(llvm::raw_ostream &OS) const {
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
    J.attribute("format", "unblock-facts");
    J.attribute("version", IndexFormatVersion);
    J.attributeArray("inputs", [&] {
      for (const Input &I : Inputs)
        J.object([&] {
          J.attribute("tu", I.TU);
          J.attribute("entry", I.Entry);
        });
    });
    writeFiles(J, "files", Sources, Files);
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

llvm::Expected<std::shared_ptr<ProjectFacts>>
ProjectFacts::fromJSON(const json::Value &V) {
  const json::Object *O = V.getAsObject();
  if (!O || O->getString("format") != llvm::StringRef("unblock-facts") ||
      O->getInteger("version") != IndexFormatVersion)
    return formatError("facts", "unsupported format");
  auto M = std::make_shared<ProjectFacts>();
  std::vector<SourceStamp> All;
  if (!readStamps(O->getArray("files"), All))
    return formatError("facts", "bad stamps");
  std::vector<std::string> Paths;
  for (const SourceStamp &S : All) {
    Paths.push_back(S.Path);
    if (!S.Hash.empty())
      M->Sources.push_back(S);
  }
  if (const json::Array *Inputs = O->getArray("inputs"))
    for (const json::Value &IV : *Inputs) {
      const json::Object *IO = IV.getAsObject();
      auto TU = IO ? IO->getString("tu") : std::nullopt;
      auto Entry = IO ? IO->getString("entry") : std::nullopt;
      if (!TU || !Entry)
        return formatError("facts", "bad input");
      M->Inputs.push_back({TU->str(), Entry->str()});
    }
  if (const json::Array *Functions = O->getArray("functions"))
    for (const json::Value &FV : *Functions) {
      const json::Object *FO = FV.getAsObject();
      auto USR = FO ? FO->getString("usr") : std::nullopt;
      auto Kind = FO ? FO->getString("kind") : std::nullopt;
      const json::Value *Step = FO ? FO->get("step") : nullptr;
      Fact F;
      if (!USR || !Kind || !Step || !parseNodeKind(*Kind, F.Kind) ||
          !readStep(*Step, Paths, F.Step))
        return formatError("facts", "bad function");
      if (auto N = FO->getString("name"))
        F.Name = N->str();
      F.IsLambda = FO->getBoolean("lambda").value_or(false);
      F.Depth = static_cast<unsigned>(FO->getInteger("depth").value_or(0));
      M->Facts[*USR] = std::move(F);
    }
  return M;
}

//===----------------------------------------------------------------------===//
// The store
//===----------------------------------------------------------------------===//

namespace {

constexpr const char *Folders[] = {"units", "entries", "cross"};

/// Reads one JSON file of the index: nothing when it is absent, an error
/// when it cannot be used as it is.
llvm::Expected<std::optional<json::Value>>
readIndexFile(llvm::StringRef Path, llvm::StringRef Format) {
  if (!llvm::sys::fs::exists(Path))
    return std::nullopt;
  auto V = readJSON(Path);
  if (!V)
    return V.takeError();
  const json::Object *O = V->getAsObject();
  if (!O || O->getString("format") != Format)
    return formatError(Path, "not an unblock index file");
  if (O->getInteger("version") != IndexFormatVersion)
    return formatError(Path, "written by another version of unblock");
  return std::optional<json::Value>(std::move(*V));
}

std::string render(llvm::function_ref<void(json::OStream &)> Body) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  {
    json::OStream J(OS);
    Body(J);
  }
  OS << "\n";
  OS.flush();
  return Text;
}

} // namespace

llvm::Error IndexStore::create() const {
  for (const char *F : Folders) {
    llvm::SmallString<256> Path(Dir);
    llvm::sys::path::append(Path, F);
    if (std::error_code EC = llvm::sys::fs::create_directories(Path))
      return llvm::createStringError(EC, "cannot create the index '%s': %s",
                                     Dir.c_str(), EC.message().c_str());
  }
  return llvm::Error::success();
}

std::string IndexStore::key(llvm::ArrayRef<std::string> Parts) {
  llvm::BLAKE3 H;
  for (const std::string &P : Parts) {
    // Length-prefixed, so that parts cannot run into each other.
    std::string Len = std::to_string(P.size()) + ":";
    H.update(Len);
    H.update(P);
  }
  auto R = H.final<16>();
  return llvm::toHex(R, /*LowerCase=*/true);
}

std::string IndexStore::pathOf(llvm::StringRef Folder,
                               llvm::StringRef Key) const {
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, Folder, Key + ".json");
  return std::string(Path);
}

std::string IndexStore::factsPath() const {
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, "facts.json");
  return std::string(Path);
}

llvm::Expected<std::optional<UnitPointer>>
IndexStore::readPointer(llvm::StringRef UnitKey) const {
  std::string Path = pathOf("units", UnitKey);
  auto V = readIndexFile(Path, "unblock-unit");
  if (!V)
    return V.takeError();
  if (!*V)
    return std::nullopt;
  const json::Object *O = (*V)->getAsObject();
  UnitPointer P;
  auto TU = O->getString("tu");
  auto Entry = O->getString("entry");
  if (!TU || !Entry || !readStamps(O->getArray("deps"), P.Deps))
    return formatError(Path, "truncated or damaged");
  P.TU = TU->str();
  P.Entry = Entry->str();
  return std::optional<UnitPointer>(std::move(P));
}

llvm::Error IndexStore::writePointer(llvm::StringRef UnitKey,
                                     const UnitPointer &P) const {
  return writeAtomically(pathOf("units", UnitKey), render([&](json::OStream &J) {
                           J.object([&] {
                             J.attribute("format", "unblock-unit");
                             J.attribute("version", IndexFormatVersion);
                             J.attribute("tu", P.TU);
                             J.attribute("entry", P.Entry);
                             J.attributeArray("deps", [&] {
                               for (const SourceStamp &S : P.Deps)
                                 writeStamp(J, S);
                             });
                           });
                         }));
}

llvm::Expected<std::optional<IndexEntry>>
IndexStore::readEntry(llvm::StringRef EntryKey) const {
  std::string Path = pathOf("entries", EntryKey);
  auto V = readIndexFile(Path, "unblock-entry");
  if (!V)
    return V.takeError();
  if (!*V)
    return std::nullopt;
  const json::Object *O = (*V)->getAsObject();
  const json::Value *Summary = O->get("summary");
  auto Findings = O->getString("findings");
  if (!Summary || !Findings)
    return formatError(Path, "truncated or damaged");
  auto S = summaryFromJSON(*Summary);
  if (!S)
    return formatError(Path, llvm::toString(S.takeError()));
  IndexEntry E;
  E.Summary = std::move(*S);
  E.Findings = Findings->str();
  return std::optional<IndexEntry>(std::move(E));
}

llvm::Error IndexStore::writeEntry(llvm::StringRef EntryKey,
                                   const IndexEntry &E) const {
  std::string Summary;
  llvm::raw_string_ostream SOS(Summary);
  unblock::writeJSON(E.Summary, SOS);
  SOS.flush();
  return writeAtomically(pathOf("entries", EntryKey),
                         render([&](json::OStream &J) {
                           J.object([&] {
                             J.attribute("format", "unblock-entry");
                             J.attribute("version", IndexFormatVersion);
                             J.attribute("tu", E.Summary.TU);
                             J.attribute("findings", E.Findings);
                             J.attributeBegin("summary");
                             J.rawValue(Summary);
                             J.attributeEnd();
                           });
                         }));
}

llvm::Expected<std::optional<std::string>>
IndexStore::readCross(llvm::StringRef CrossKey) const {
  std::string Path = pathOf("cross", CrossKey);
  auto V = readIndexFile(Path, "unblock-cross");
  if (!V)
    return V.takeError();
  if (!*V)
    return std::nullopt;
  auto Findings = (*V)->getAsObject()->getString("findings");
  if (!Findings)
    return formatError(Path, "truncated or damaged");
  return std::optional<std::string>(Findings->str());
}

llvm::Error IndexStore::writeCross(llvm::StringRef CrossKey,
                                   llvm::StringRef TU,
                                   llvm::StringRef Findings) const {
  return writeAtomically(pathOf("cross", CrossKey),
                         render([&](json::OStream &J) {
                           J.object([&] {
                             J.attribute("format", "unblock-cross");
                             J.attribute("version", IndexFormatVersion);
                             J.attribute("tu", TU);
                             J.attribute("findings", Findings);
                           });
                         }));
}

llvm::Error IndexStore::writeFacts(const ProjectFacts &F) const {
  return writeAtomically(factsPath(), render([&](json::OStream &J) {
                           std::string Text;
                           llvm::raw_string_ostream OS(Text);
                           F.writeJSON(OS);
                           OS.flush();
                           J.rawValue(Text);
                         }));
}

unsigned IndexStore::collectGarbage(const std::set<std::string> &Live,
                                    unsigned MinAgeSeconds) const {
  unsigned Removed = 0;
  auto Now = std::chrono::system_clock::now();
  for (const char *F : {"entries", "cross"}) {
    llvm::SmallString<256> Folder(Dir);
    llvm::sys::path::append(Folder, F);
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator It(Folder, EC), End;
         It != End && !EC; It.increment(EC)) {
      std::string Path = It->path();
      if (Live.count(Path))
        continue;
      llvm::sys::fs::file_status St;
      if (llvm::sys::fs::status(Path, St))
        continue;
      if (Now - St.getLastModificationTime() <
          std::chrono::seconds(MinAgeSeconds))
        continue;
      if (!llvm::sys::fs::remove(Path))
        ++Removed;
    }
  }
  return Removed;
}

//===----------------------------------------------------------------------===//
// Front ends
//===----------------------------------------------------------------------===//

namespace {

struct FileIdentity {
  llvm::sys::fs::UniqueID ID;
  uint64_t Size = 0;
  int64_t MTime = 0;
  bool operator==(const FileIdentity &O) const {
    return ID == O.ID && Size == O.Size && MTime == O.MTime;
  }
};

std::optional<FileIdentity> identify(llvm::StringRef Path) {
  llvm::sys::fs::file_status St;
  if (llvm::sys::fs::status(Path, St) || !llvm::sys::fs::exists(St))
    return std::nullopt;
  FileIdentity I;
  I.ID = St.getUniqueID();
  I.Size = St.getSize();
  I.MTime = std::chrono::duration_cast<std::chrono::nanoseconds>(
                St.getLastModificationTime().time_since_epoch())
                .count();
  return I;
}

/// The facts of \p Dir's facts.json, without the entries whose files
/// changed since (solved again from the others).
llvm::Expected<std::shared_ptr<ProjectFacts>>
readFreshFacts(const IndexStore &Store) {
  auto V = readJSON(Store.factsPath());
  if (!V)
    return V.takeError();
  auto F = ProjectFacts::fromJSON(*V);
  if (!F)
    return F.takeError();
  if (isFresh((*F)->sources()))
    return std::move(*F);
  // Some unit changed since the index was refreshed: its summary is not
  // trusted; the others are solved again without it.
  std::vector<IndexEntry> Entries;
  std::vector<ProjectFacts::Problem> Problems;
  Entries.reserve((*F)->inputs().size());
  for (const ProjectFacts::Input &I : (*F)->inputs()) {
    auto E = Store.readEntry(I.Entry);
    if (!E) {
      Problems.push_back({I.TU, "the index entry of '" + I.TU +
                                    "' cannot be read (" +
                                    llvm::toString(E.takeError()) + ")"});
      continue;
    }
    if (!*E)
      continue;
    std::string Why;
    if (!isFresh((*E)->Summary.Files, &Why)) {
      Problems.push_back({I.TU, "the index entry of '" + I.TU +
                                    "' is out of date (" + Why + ")"});
      continue;
    }
    Entries.push_back(std::move(**E));
  }
  std::vector<std::pair<const TUSummary *, std::string>> Inputs;
  for (size_t I = 0; I < Entries.size(); ++I)
    Inputs.push_back({&Entries[I].Summary, ""});
  std::shared_ptr<ProjectFacts> Fresh = ProjectFacts::solve(Inputs);
  for (ProjectFacts::Problem &P : Problems)
    Fresh->addProblem(std::move(P.TU), std::move(P.Message));
  return Fresh;
}

} // namespace

llvm::Expected<std::shared_ptr<const ProjectFacts>>
loadFacts(llvm::StringRef Dir) {
  struct Cached {
    FileIdentity Identity;
    std::shared_ptr<const ProjectFacts> Facts;
  };
  static std::mutex Lock;
  static std::map<std::string, Cached> Cache;

  IndexStore Store(Dir.str());
  std::optional<FileIdentity> Now = identify(Store.factsPath());
  if (!Now)
    return llvm::createStringError(
        std::errc::no_such_file_or_directory,
        "'%s' holds no project index; build it with 'unblock -p BUILD_DIR'",
        Dir.str().c_str());
  std::shared_ptr<const ProjectFacts> Facts;
  {
    std::lock_guard<std::mutex> G(Lock);
    auto It = Cache.find(Dir.str());
    // Read again when the file changed on disk or one of the files the
    // facts point into did.
    if (It != Cache.end() && It->second.Identity == *Now &&
        isFresh(It->second.Facts->sources()))
      Facts = It->second.Facts;
  }
  if (!Facts) {
    auto F = readFreshFacts(Store);
    if (!F)
      return F.takeError();
    Facts = std::move(*F);
    std::lock_guard<std::mutex> G(Lock);
    Cache[Dir.str()] = {*Now, Facts};
  }
  return Facts;
}

std::string findIndex(llvm::StringRef BuildDir, llvm::StringRef MainFile) {
  auto IndexIn = [](llvm::StringRef D) -> std::string {
    llvm::SmallString<256> Path(D);
    llvm::sys::path::append(Path, IndexFolderName, "facts.json");
    if (!llvm::sys::fs::exists(Path))
      return {};
    return std::string(llvm::sys::path::parent_path(Path));
  };
  if (!BuildDir.empty())
    if (std::string I = IndexIn(BuildDir); !I.empty())
      return I;
  llvm::SmallString<256> Start(MainFile);
  llvm::sys::fs::make_absolute(Start);
  for (llvm::StringRef D = llvm::sys::path::parent_path(Start); !D.empty();
       D = llvm::sys::path::parent_path(D)) {
    llvm::SmallString<256> DB(D);
    llvm::sys::path::append(DB, "compile_commands.json");
    if (llvm::sys::fs::exists(DB))
      return IndexIn(D);
    llvm::SmallString<256> Build(D);
    llvm::sys::path::append(Build, "build");
    llvm::SmallString<256> BuildDB(Build);
    llvm::sys::path::append(BuildDB, "compile_commands.json");
    if (llvm::sys::fs::exists(BuildDB))
      return IndexIn(Build);
  }
  return {};
}

} // namespace unblock
