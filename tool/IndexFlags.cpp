//===-- IndexFlags.cpp - unblock's flags for the project index ------------===//

#include "IndexFlags.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace unblock::tool {

namespace {

/// The directory as an absolute path: worker processes may run elsewhere.
std::string absolute(llvm::StringRef Dir) {
  llvm::SmallString<256> Path(Dir);
  llvm::sys::fs::make_absolute(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path);
}

int usage(const llvm::Twine &Message) {
  llvm::errs() << "unblock: error: " << Message << "\n";
  return 2;
}

} // namespace

std::optional<int> takeIndexFlags(int &Argc, char **Argv, IndexFlags &Flags) {
  int Kept = 1;
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef Arg(Argv[I]);
    if (Arg == "--") {
      // Compiler arguments follow: copy them as they are.
      for (; I < Argc; ++I)
        Argv[Kept++] = Argv[I];
      break;
    }
    llvm::StringRef Name = Arg;
    if (!Name.consume_front("--") && !Name.consume_front("-")) {
      Argv[Kept++] = Argv[I];
      continue;
    }
    auto [Key, Value] = Name.split('=');
    bool HasValue = Name.contains('=');
    if (Key == "summaries-out" || Key == "summaries-in" ||
        Key == "merge-summaries" || Key == "summaries-cross-tu-only")
      return usage("--" + Key +
                   " is gone: the project index replaced the summary "
                   "directories (unblock -p BUILD_DIR builds it, "
                   "--index-dir=DIR chooses where; see docs/index.md)");
    if (Key == "unblock-cross-tu-only" && !HasValue) {
      Flags.CrossTUOnly = true;
      continue;
    }
    std::string *Target = Key == "index-dir"             ? &Flags.IndexDir
                          : Key == "unblock-summary-out" ? &Flags.SummaryOut
                                                         : nullptr;
    if (!Target) {
      Argv[Kept++] = Argv[I];
      continue;
    }
    if (!HasValue) {
      if (I + 1 >= Argc)
        return usage("--" + Key + " needs a value");
      Value = Argv[++I];
    }
    if (Value.empty())
      return usage("--" + Key + " needs a value");
    *Target = Value == "none" && Target == &Flags.IndexDir ? std::string("none")
                                                           : absolute(Value);
  }
  Argc = Kept;
  Argv[Argc] = nullptr;
  return std::nullopt;
}

} // namespace unblock::tool
