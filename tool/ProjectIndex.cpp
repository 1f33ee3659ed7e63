//===-- ProjectIndex.cpp - Keeping the project index up to date -----------===//

#include "ProjectIndex.h"
#include "Findings.h"

#include "EngineId.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace unblock::tool {

namespace {

std::string joined(const std::vector<std::string> &Parts) {
  return llvm::join(Parts, llvm::StringRef("\x1f", 1));
}

std::string readText(llvm::StringRef Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  return Buf ? (*Buf)->getBuffer().str() : std::string();
}

/// The key of an entry: the unit's key and the content of every file read.
std::string entryKey(llvm::StringRef UnitKey,
                     llvm::ArrayRef<std::pair<std::string, std::string>> Deps) {
  std::vector<std::string> Parts{"entry", UnitKey.str()};
  for (const auto &[Path, Hash] : Deps) {
    Parts.push_back(Path);
    Parts.push_back(Hash);
  }
  return IndexStore::key(Parts);
}

std::string entryKey(llvm::StringRef UnitKey,
                     llvm::ArrayRef<SourceStamp> Deps) {
  std::vector<std::pair<std::string, std::string>> Pairs;
  for (const SourceStamp &S : Deps)
    Pairs.push_back({S.Path, S.Hash});
  llvm::sort(Pairs);
  return entryKey(UnitKey, Pairs);
}

} // namespace

llvm::Expected<std::unique_ptr<ProjectIndex>>
ProjectIndex::open(const std::string &Dir) {
  std::string Path = Dir;
  bool Temporary = Dir == "none";
  if (Temporary) {
    llvm::SmallString<256> Temp;
    if (std::error_code EC =
            llvm::sys::fs::createUniqueDirectory("unblock-index", Temp))
      return llvm::createStringError(EC, "cannot create a temporary index: %s",
                                     EC.message().c_str());
    Path = std::string(Temp);
  }
  std::unique_ptr<ProjectIndex> I(new ProjectIndex(Path, Temporary));
  if (llvm::Error E = I->Store.create())
    return std::move(E);
  return I;
}

ProjectIndex::~ProjectIndex() {
  if (Temporary)
    llvm::sys::fs::remove_directories(Store.dir(), /*IgnoreErrors=*/true);
}

std::string ProjectIndex::configText(llvm::StringRef Dir) {
  auto It = ConfigByDir.find(Dir.str());
  if (It != ConfigByDir.end())
    return It->second;
  std::string Text;
  llvm::StringRef Parent = llvm::sys::path::parent_path(Dir);
  if (!Parent.empty() && Parent != Dir)
    Text = configText(Parent);
  for (const char *Name : {".clang-tidy", ".clang-format"}) {
    llvm::SmallString<256> File(Dir);
    llvm::sys::path::append(File, Name);
    if (llvm::sys::fs::exists(File))
      Text += std::string(File) + "\n" + readText(File) + "\n";
  }
  ConfigByDir[Dir.str()] = Text;
  return Text;
}

std::string ProjectIndex::unitKey(const Project &P,
                                  const std::vector<std::string> &Args,
                                  const std::string &File) {
  std::vector<std::string> Parts{"unit", UNBLOCK_ENGINE_ID,
                                 canonicalPath(File)};
  for (const auto &Cmd : P.Database->getCompileCommands(File)) {
    Parts.push_back(Cmd.Directory);
    Parts.push_back(joined(Cmd.CommandLine));
  }
  Parts.push_back(joined(Args));
  for (llvm::StringRef A : Args) {
    llvm::StringRef Rest = A.ltrim('-');
    if (Rest.consume_front("config-file="))
      Parts.push_back(readText(Rest));
  }
  Parts.push_back(configText(llvm::sys::path::parent_path(canonicalPath(File))));
  return IndexStore::key(Parts);
}

std::string ProjectIndex::currentHash(const SourceStamp &Recorded) {
  Current &C = Now[Recorded.Path];
  if (!C.Looked) {
    C.Looked = true;
    C.Exists = format::statFile(Recorded.Path, C.Size, C.MTime);
  }
  if (!C.Exists)
    return {};
  if (!C.Hash.empty())
    return C.Hash;
  if (C.Size == Recorded.Size && C.MTime == Recorded.MTime)
    return Recorded.Hash;
  auto Buf = llvm::MemoryBuffer::getFile(Recorded.Path);
  if (!Buf)
    return {};
  C.Hash = format::hashText((*Buf)->getBuffer());
  return C.Hash;
}

void ProjectIndex::update(const Project &P, const ProjectOptions &Opts,
                          const std::vector<std::string> &Known,
                          const std::set<std::string> &Refresh,
                          const RunSettings &S) {
  std::vector<std::string> Args = childTidyArgs(Opts);
  std::vector<Unit> Stale;
  for (const std::string &File : Known) {
    IndexedUnit &U = Units[File];
    U.File = File;
    U.UnitKey = unitKey(P, Args, File);
    auto Pointer = Store.readPointer(U.UnitKey);
    if (!Pointer) {
      Warnings.push_back("the index entry of '" + File + "' is damaged (" +
                         llvm::toString(Pointer.takeError()) +
                         "); it is built again");
    } else if (*Pointer) {
      std::vector<std::pair<std::string, std::string>> Deps;
      bool Gone = false;
      for (const SourceStamp &D : (*Pointer)->Deps) {
        std::string H = currentHash(D);
        if (H.empty()) {
          Gone = true;
          break;
        }
        Deps.push_back({D.Path, H});
      }
      if (!Gone) {
        llvm::sort(Deps);
        std::string Key = entryKey(U.UnitKey, Deps);
        auto Entry = Store.readEntry(Key);
        if (!Entry) {
          Warnings.push_back("the index entry of '" + File + "' is damaged (" +
                             llvm::toString(Entry.takeError()) +
                             "); it is built again");
        } else if (*Entry) {
          U.EntryKey = Key;
          U.Entry = std::move(**Entry);
          LiveFiles.insert(Store.pathOf("entries", Key));
          // Remember the new times of files that were only touched, and
          // which entry is the unit's now.
          bool Moved = Key != (*Pointer)->Entry;
          for (SourceStamp &D : (*Pointer)->Deps) {
            const Current &C = Now[D.Path];
            if (C.Exists && (C.Size != D.Size || C.MTime != D.MTime)) {
              D.Size = C.Size;
              D.MTime = C.MTime;
              Moved = true;
            }
          }
          if (Moved) {
            (*Pointer)->Entry = Key;
            if (llvm::Error E = Store.writePointer(U.UnitKey, **Pointer))
              Warnings.push_back(llvm::toString(std::move(E)));
          }
          continue;
        }
      }
    }
    if (Refresh.count(File))
      Stale.push_back(Unit{File, true, {}});
  }
  if (Stale.empty())
    return;
  RunSettings First = S;
  First.WriteSummaries = true;
  First.CrossIndex.clear();
  std::vector<UnitResult> Results = analyseUnits(P, Opts, Stale, First);
  // Without coro-blocking-indirect no summary is written: the files those
  // units read come from the preprocessor.
  std::vector<std::string> Unsummarized;
  for (size_t I = 0; I < Stale.size(); ++I)
    if (!Results[I].Failed && Results[I].Summary.empty())
      Unsummarized.push_back(Stale[I].File);
  std::map<std::string, std::set<std::string>> Read;
  if (!Unsummarized.empty())
    Read = scanIncludes(P, Unsummarized, S.Jobs);
  for (size_t I = 0; I < Stale.size(); ++I)
    record(Units[Stale[I].File], Results[I], Read[Stale[I].File]);
}

void ProjectIndex::record(IndexedUnit &U, const UnitResult &R,
                          const std::set<std::string> &Read) {
  U.Parsed = true;
  if (R.Failed) {
    U.Failed = true;
    U.Failure = R.Failure;
    return;
  }
  IndexEntry E;
  if (!R.Summary.empty()) {
    auto V = llvm::json::parse(R.Summary);
    auto S = V ? summaryFromJSON(*V)
               : llvm::Expected<TUSummary>(V.takeError());
    if (!S) {
      U.Failed = true;
      U.Failure = "its summary cannot be read: " + llvm::toString(S.takeError());
      return;
    }
    E.Summary = std::move(*S);
  } else {
    E.Summary.TU = canonicalPath(U.File);
    for (const std::string &F : Read) {
      SourceStamp St;
      if (stampFile(F, St))
        E.Summary.Deps.push_back(std::move(St));
    }
  }
  E.Findings = R.Exported;
  U.EntryKey = entryKey(U.UnitKey, E.Summary.Deps);
  UnitPointer Pointer{U.File, U.EntryKey, E.Summary.Deps};
  if (llvm::Error Err = Store.writeEntry(U.EntryKey, E))
    Warnings.push_back(llvm::toString(std::move(Err)));
  else if (llvm::Error Err = Store.writePointer(U.UnitKey, Pointer))
    Warnings.push_back(llvm::toString(std::move(Err)));
  LiveFiles.insert(Store.pathOf("entries", U.EntryKey));
  U.Entry = std::move(E);
}

const IndexedUnit *ProjectIndex::unit(llvm::StringRef File) const {
  auto It = Units.find(File.str());
  return It == Units.end() ? nullptr : &It->second;
}

size_t ProjectIndex::parsedCount() const {
  return llvm::count_if(Units, [](const auto &E) { return E.second.Parsed; });
}

size_t ProjectIndex::upToDateCount() const {
  return llvm::count_if(Units, [](const auto &E) {
    return E.second.Entry && !E.second.Parsed;
  });
}

std::shared_ptr<const ProjectFacts> ProjectIndex::solveFacts() {
  std::vector<std::pair<const TUSummary *, std::string>> Inputs;
  for (const auto &[File, U] : Units)
    if (U.Entry)
      Inputs.push_back({&U.Entry->Summary, U.EntryKey});
  std::shared_ptr<ProjectFacts> F = ProjectFacts::solve(Inputs);
  if (llvm::Error E = Store.writeFacts(*F))
    Warnings.push_back(llvm::toString(std::move(E)));
  Facts = F;
  return Facts;
}

std::vector<UnitResult>
ProjectIndex::crossFindings(const Project &P, const ProjectOptions &Opts,
                            const std::vector<Unit> &Reported,
                            const RunSettings &S, size_t &Computed) {
  std::vector<UnitResult> Results(Reported.size());
  Computed = 0;
  if (!Facts)
    return Results;
  std::vector<Unit> Needed;
  std::vector<size_t> Where;
  std::vector<std::string> Keys;
  for (size_t I = 0; I < Reported.size(); ++I) {
    Results[I].File = Reported[I].File;
    const IndexedUnit *U = unit(Reported[I].File);
    if (!U || !U->Entry)
      continue;
    const std::vector<std::string> &Calls = U->Entry->Summary.ContextCalls;
    if (llvm::none_of(Calls, [&](const std::string &USR) {
          return Facts->find(USR) != nullptr;
        }))
      continue;
    std::string Key =
        IndexStore::key({"cross", U->EntryKey, Facts->digest(Calls)});
    LiveFiles.insert(Store.pathOf("cross", Key));
    auto Cached = Store.readCross(Key);
    if (!Cached) {
      Warnings.push_back("the index entry of '" + U->File + "' is damaged (" +
                         llvm::toString(Cached.takeError()) +
                         "); it is built again");
    } else if (*Cached) {
      auto TUD = parseExportedFixes(**Cached, Store.pathOf("cross", Key));
      if (TUD) {
        Results[I].Diagnostics = std::move(TUD->Diagnostics);
        continue;
      }
      Warnings.push_back("the index entry of '" + U->File + "' is damaged (" +
                         llvm::toString(TUD.takeError()) +
                         "); it is built again");
    }
    Needed.push_back(Reported[I]);
    Where.push_back(I);
    Keys.push_back(Key);
  }
  if (Needed.empty())
    return Results;
  RunSettings Second = S;
  Second.WriteSummaries = false;
  Second.CrossIndex = Store.dir();
  std::vector<UnitResult> Fresh = analyseUnits(P, Opts, Needed, Second);
  Computed = Needed.size();
  for (size_t J = 0; J < Needed.size(); ++J) {
    if (!Fresh[J].Failed)
      if (llvm::Error E =
              Store.writeCross(Keys[J], canonicalPath(Needed[J].File),
                               Fresh[J].Exported))
        Warnings.push_back(llvm::toString(std::move(E)));
    Results[Where[J]] = std::move(Fresh[J]);
  }
  return Results;
}

void ProjectIndex::collectGarbage() {
  if (!Temporary)
    Store.collectGarbage(LiveFiles, /*MinAgeSeconds=*/3600);
}

} // namespace unblock::tool
