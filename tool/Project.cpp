//===-- Project.cpp - The translation units project mode analyses ---------===//

#include "Project.h"
#include "Findings.h"
#include "Process.h"

#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/ThreadPool.h"

#include <mutex>

namespace unblock::tool {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

std::string canonicalPath(llvm::StringRef Path, llvm::StringRef Base) {
  std::string Abs = absolutePath(Path, Base);
  llvm::SmallString<256> Real;
  if (!fs::real_path(Abs, Real))
    return std::string(Real);
  return Abs;
}

namespace {

llvm::Error inputError(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

/// Checks that \p Text is a JSON compilation database, so that a broken one
/// is reported with its position rather than as "no commands".
llvm::Error checkDatabase(llvm::StringRef File, llvm::StringRef Text) {
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Text);
  if (!V) {
    std::string Detail = llvm::toString(V.takeError());
    // llvm::json reports "[line:column, byte=N]: message".
    llvm::Regex Where("^\\[([0-9]+):([0-9]+), byte=[0-9]+\\]: (.*)$");
    llvm::SmallVector<llvm::StringRef, 4> M;
    if (Where.match(Detail, &M))
      return inputError(File + ":" + M[1] + ":" + M[2] +
                        ": malformed compilation database: " + M[3]);
    return inputError(File + ": malformed compilation database: " + Detail);
  }
  const llvm::json::Array *Entries = V->getAsArray();
  if (!Entries)
    return inputError(File + ": malformed compilation database: expected an "
                             "array of compile commands");
  for (size_t I = 0; I < Entries->size(); ++I) {
    const llvm::json::Object *E = (*Entries)[I].getAsObject();
    std::string Which = "entry " + std::to_string(I + 1);
    if (!E)
      return inputError(File + ": malformed compilation database: " + Which +
                        " is not an object");
    std::optional<llvm::StringRef> Name = E->getString("file");
    if (Name)
      Which += " ('" + Name->str() + "')";
    for (const char *Key : {"directory", "file"})
      if (!E->getString(Key))
        return inputError(File + ": malformed compilation database: " +
                          Which + " has no string '" + Key + "'");
    if (!E->getString("command") && !E->getArray("arguments"))
      return inputError(File + ": malformed compilation database: " + Which +
                        " has neither 'command' nor 'arguments'");
  }
  return llvm::Error::success();
}

/// compile_commands.json in the current directory, a parent, or their
/// build/ subdirectory.
std::string findDatabase() {
  llvm::SmallString<256> Dir;
  fs::current_path(Dir);
  for (llvm::StringRef D = Dir; !D.empty(); D = path::parent_path(D)) {
    for (const char *Sub : {"", "build"}) {
      llvm::SmallString<256> Candidate(D);
      path::append(Candidate, Sub, "compile_commands.json");
      if (fs::is_regular_file(Candidate))
        return std::string(Candidate);
    }
  }
  return {};
}

} // namespace

std::string gitWorkTree(llvm::StringRef Dir) {
  ProcessResult R = runProcess("git", {"-C", Dir.str(), "rev-parse",
                                       "--show-toplevel"});
  if (R.ExitCode != 0)
    return {};
  return llvm::StringRef(R.Out).trim().str();
}

namespace {

std::string commonDirectory(const std::vector<std::string> &Files) {
  if (Files.empty())
    return {};
  auto Inside = [](llvm::StringRef F, llvm::StringRef D) {
    return F.starts_with(D) && F.size() > D.size() &&
           (D.ends_with("/") || F[D.size()] == '/');
  };
  llvm::StringRef Common = path::parent_path(Files.front());
  for (llvm::StringRef F : Files)
    while (!Common.empty() && !Inside(F, Common))
      Common = path::parent_path(Common);
  return Common.str();
}

} // namespace

/// True unless every command of \p File compiles something other than C
/// or C++: an assembler source (`.s`, `.S`, `.sx`, `.asm`, or `-x
/// assembler...`). Build systems list those in the compilation database;
/// there is nothing to analyse in them.
static bool isCOrCxx(const clang::tooling::CompilationDatabase &DB,
                     llvm::StringRef File) {
  llvm::StringRef Ext = path::extension(File);
  bool AsmByName = Ext == ".s" || Ext == ".S" || Ext == ".sx" ||
                   Ext.equals_insensitive(".asm");
  std::vector<clang::tooling::CompileCommand> Commands =
      DB.getCompileCommands(File);
  if (Commands.empty())
    return !AsmByName;
  for (const clang::tooling::CompileCommand &C : Commands) {
    llvm::StringRef Lang;
    for (size_t I = 0; I < C.CommandLine.size(); ++I) {
      llvm::StringRef A = C.CommandLine[I];
      if (A == "-x" && I + 1 < C.CommandLine.size())
        Lang = C.CommandLine[I + 1];
      else if (A.starts_with("-x") && A.size() > 2)
        Lang = A.drop_front(2);
    }
    bool Asm = Lang.empty() ? AsmByName : Lang.starts_with("assembler");
    if (!Asm)
      return true;
  }
  return false;
}

llvm::Expected<Project> loadProject(const ProjectOptions &Opts) {
  Project P;
  if (Opts.FixedArgs) {
    llvm::SmallString<256> Cwd;
    fs::current_path(Cwd);
    P.Database = std::make_unique<clang::tooling::FixedCompilationDatabase>(
        Cwd, *Opts.FixedArgs);
    for (const std::string &F : Opts.Files)
      P.Files.push_back(absolutePath(F, ""));
  } else {
    std::string File;
    if (Opts.BuildPath.empty()) {
      File = findDatabase();
      if (File.empty())
        return inputError("no compilation database: pass -p BUILD_DIR (the "
                          "directory of compile_commands.json; CMake writes "
                          "it with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)");
    } else {
      std::string Build = absolutePath(Opts.BuildPath, "");
      if (!fs::exists(Build))
        return inputError("build directory '" + Build + "' does not exist");
      if (fs::is_directory(Build)) {
        llvm::SmallString<256> F(Build);
        path::append(F, "compile_commands.json");
        File = std::string(F);
        if (!fs::exists(File))
          return inputError("no compile_commands.json in build directory '" +
                            Build + "' (CMake writes it with "
                            "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON)");
      } else {
        File = Build;
      }
    }
    auto Buf = llvm::MemoryBuffer::getFile(File);
    if (!Buf)
      return inputError("cannot read compilation database '" + File +
                        "': " + Buf.getError().message());
    if (llvm::Error E = checkDatabase(File, (*Buf)->getBuffer()))
      return std::move(E);
    std::string Message;
    auto DB = clang::tooling::JSONCompilationDatabase::loadFromBuffer(
        (*Buf)->getBuffer(), Message,
        clang::tooling::JSONCommandLineSyntax::AutoDetect);
    if (!DB)
      return inputError(File + ": malformed compilation database: " +
                        Message);
    P.DatabaseFile = File;
    P.BuildDir = path::parent_path(File).str();
    for (const std::string &F : DB->getAllFiles())
      if (isCOrCxx(*DB, F))
        P.Files.push_back(absolutePath(F, ""));
    P.Database = std::move(DB);
  }
  llvm::sort(P.Files);
  P.Files.erase(std::unique(P.Files.begin(), P.Files.end()), P.Files.end());

  if (!Opts.ProjectRoot.empty()) {
    if (!fs::is_directory(Opts.ProjectRoot))
      return inputError("project root '" + Opts.ProjectRoot +
                        "' is not a directory");
    P.Root = canonicalPath(Opts.ProjectRoot);
  } else {
    std::string Common = commonDirectory(P.Files);
    if (!Common.empty())
      P.Root = gitWorkTree(Common);
    if (P.Root.empty() && !P.BuildDir.empty())
      P.Root = gitWorkTree(P.BuildDir);
    if (P.Root.empty() && !P.BuildDir.empty()) {
      // The sources and the build directory usually share the project's
      // top directory.
      std::vector<std::string> All = P.Files;
      All.push_back(P.BuildDir + "/compile_commands.json");
      std::string WithBuild = commonDirectory(All);
      if (path::has_parent_path(WithBuild))
        P.Root = WithBuild;
    }
    if (P.Root.empty())
      P.Root = Common;
    if (!P.Root.empty())
      P.Root = canonicalPath(P.Root);
  }
  return std::move(P);
}

//===----------------------------------------------------------------------===//
// Include scanning

namespace {

/// Runs the preprocessor only and records every file it read.
class RecordFiles : public clang::PreprocessOnlyAction {
public:
  explicit RecordFiles(std::set<std::string> &Out) : Out(Out) {}

protected:
  void EndSourceFileAction() override {
    clang::CompilerInstance &CI = getCompilerInstance();
    clang::SourceManager &SM = CI.getSourceManager();
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
      clang::FileEntryRef F = It->first;
      llvm::StringRef Real = F.getFileEntry().tryGetRealPathName();
      llvm::SmallString<256> Name(Real.empty() ? F.getName() : Real);
      SM.getFileManager().makeAbsolutePath(Name);
      Out.insert(canonicalPath(Name));
    }
    clang::PreprocessOnlyAction::EndSourceFileAction();
  }

private:
  std::set<std::string> &Out;
};

class RecordFilesFactory : public clang::tooling::FrontendActionFactory {
public:
  explicit RecordFilesFactory(std::set<std::string> &Out) : Out(Out) {}
  std::unique_ptr<clang::FrontendAction> create() override {
    return std::make_unique<RecordFiles>(Out);
  }

private:
  std::set<std::string> &Out;
};

} // namespace

std::map<std::string, std::set<std::string>>
scanIncludes(const Project &P, const std::vector<std::string> &Files,
             unsigned Jobs) {
  std::map<std::string, std::set<std::string>> Result;
  std::mutex Lock;
  // ClangTool runs each command in its directory by changing the process's
  // working directory; put it back for the caller (clang-tidy mode goes on
  // with relative file names).
  llvm::SmallString<256> Cwd;
  bool HaveCwd = !llvm::sys::fs::current_path(Cwd);
  llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Jobs));
  for (const std::string &File : Files) {
    Pool.async([&, File] {
      std::set<std::string> Seen;
      clang::tooling::ClangTool Tool(*P.Database, {File});
      Tool.setPrintErrorMessage(false);
      clang::IgnoringDiagConsumer Quiet;
      Tool.setDiagnosticConsumer(&Quiet);
      Tool.appendArgumentsAdjuster(clang::tooling::getInsertArgumentAdjuster(
          {std::string("-resource-dir=") + UNBLOCK_CLANG_RESOURCE_DIR, "-w"},
          clang::tooling::ArgumentInsertPosition::BEGIN));
      RecordFilesFactory Factory(Seen);
      Tool.run(&Factory);
      Seen.insert(canonicalPath(File));
      std::lock_guard<std::mutex> G(Lock);
      Result[File] = std::move(Seen);
    });
  }
  Pool.wait();
  if (HaveCwd)
    llvm::sys::fs::set_current_path(Cwd);
  return Result;
}

//===----------------------------------------------------------------------===//
// Selection

namespace {

/// Files changed since \p Rev in the work tree of \p Root, untracked ones
/// included; canonical paths.
llvm::Expected<std::set<std::string>> changedFiles(llvm::StringRef Root,
                                                   llvm::StringRef Rev) {
  std::string Top = gitWorkTree(Root);
  if (Top.empty())
    return inputError("--changed-since needs a git work tree, and '" + Root +
                      "' is not in one");
  ProcessResult Diff = runProcess(
      "git", {"-C", Top, "diff", "--name-only", "--no-renames", Rev.str(),
              "--"});
  if (Diff.ExitCode != 0)
    return inputError("--changed-since=" + Rev + ": git diff failed: " +
                      llvm::StringRef(Diff.Err).trim());
  ProcessResult Untracked = runProcess(
      "git", {"-C", Top, "ls-files", "--others", "--exclude-standard"});
  std::set<std::string> Out;
  for (const std::string *Text : {&Diff.Out, &Untracked.Out}) {
    llvm::SmallVector<llvm::StringRef, 64> Lines;
    llvm::StringRef(*Text).split(Lines, '\n', -1, false);
    for (llvm::StringRef L : Lines)
      if (!L.trim().empty())
        Out.insert(canonicalPath(L.trim(), Top));
  }
  return Out;
}

} // namespace

llvm::Expected<Selection> selectUnits(const Project &P,
                                      const ProjectOptions &Opts,
                                      unsigned Jobs) {
  Selection S;
  // Canonical spelling -> the database's spelling, for the database's files.
  std::map<std::string, std::string> ByCanonical;
  for (const std::string &F : P.Files)
    ByCanonical[canonicalPath(F)] = F;

  std::map<std::string, Unit> Units; // by database spelling
  if (Opts.Files.empty() || Opts.FixedArgs) {
    for (const std::string &F : P.Files)
      if (!Opts.FixedArgs || fs::exists(F))
        Units[F] = Unit{F, true, {}};
    if (Opts.FixedArgs)
      for (const std::string &F : P.Files)
        if (!fs::exists(F))
          S.Problems.push_back({F, "no such file"});
  } else {
    std::vector<std::string> Headers;
    for (const std::string &Named : Opts.Files) {
      std::string Abs = absolutePath(Named, "");
      if (!fs::exists(Abs)) {
        S.Problems.push_back({Abs, "no such file"});
        continue;
      }
      if (fs::is_directory(Abs)) {
        S.Problems.push_back({Abs, "is a directory, not a source file"});
        continue;
      }
      auto It = ByCanonical.find(canonicalPath(Abs));
      if (It != ByCanonical.end())
        Units[It->second] = Unit{It->second, true, {}};
      else
        Headers.push_back(canonicalPath(Abs));
    }
    if (!Headers.empty()) {
      // A unit with the header's stem is the likely includer: scan those
      // first, and everything only when that is not enough.
      std::set<std::string> Pending(Headers.begin(), Headers.end());
      auto Assign = [&](const std::map<std::string, std::set<std::string>>
                            &Includes) {
        for (const auto &[TU, Files] : Includes)
          for (auto H = Pending.begin(); H != Pending.end();) {
            if (!Files.count(*H)) {
              ++H;
              continue;
            }
            Units.try_emplace(TU, Unit{TU, false, {}})
                .first->second.Headers.insert(*H);
            H = Pending.erase(H);
          }
      };
      std::vector<std::string> SameStem;
      for (const std::string &H : Headers)
        for (const std::string &F : P.Files)
          if (path::stem(F) == path::stem(H))
            SameStem.push_back(F);
      Assign(scanIncludes(P, SameStem, Jobs));
      if (!Pending.empty()) {
        std::vector<std::string> Rest;
        for (const std::string &F : P.Files)
          if (llvm::find(SameStem, F) == SameStem.end())
            Rest.push_back(F);
        Assign(scanIncludes(P, Rest, Jobs));
      }
      S.Skipped.assign(Pending.begin(), Pending.end());
    }
  }

  if (!Opts.ChangedSince.empty()) {
    auto Changed = changedFiles(P.Root, Opts.ChangedSince);
    if (!Changed)
      return Changed.takeError();
    std::vector<std::string> Unchanged;
    bool OtherFilesChanged = false;
    for (const std::string &C : *Changed)
      if (!ByCanonical.count(C))
        OtherFilesChanged = true;
    std::map<std::string, Unit> Kept;
    for (auto &[F, U] : Units) {
      if (Changed->count(canonicalPath(F)))
        Kept.emplace(F, U);
      else if (OtherFilesChanged)
        Unchanged.push_back(F);
    }
    for (const auto &[TU, Files] : scanIncludes(P, Unchanged, Jobs))
      for (const std::string &C : *Changed)
        if (Files.count(C)) {
          Kept.emplace(TU, Units[TU]);
          break;
        }
    Units = std::move(Kept);
  }

  for (auto &[F, U] : Units)
    S.Units.push_back(std::move(U));
  if (Opts.ShardCount) {
    std::vector<Unit> Shard;
    for (size_t I = 0; I < S.Units.size(); ++I)
      if (I % Opts.ShardCount == Opts.ShardIndex - 1)
        Shard.push_back(std::move(S.Units[I]));
    S.Units = std::move(Shard);
  }
  return std::move(S);
}

} // namespace unblock::tool
