//===-- Findings.cpp - What project mode reports --------------------------===//

#include "Findings.h"

#include "clang/Tooling/DiagnosticsYaml.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA1.h"
#include "llvm/Support/YAMLTraits.h"

#include <algorithm>
#include <tuple>

namespace unblock::tool {

using clang::tooling::Diagnostic;
using clang::tooling::DiagnosticMessage;
using clang::tooling::Replacement;
using clang::tooling::Replacements;

std::string absolutePath(llvm::StringRef Path, llvm::StringRef Base) {
  llvm::SmallString<256> P(Path);
  if (!llvm::sys::path::is_absolute(P)) {
    llvm::SmallString<256> B(Base);
    if (B.empty())
      llvm::sys::fs::current_path(B);
    llvm::sys::path::append(B, P);
    P = B;
  }
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

std::string relativeTo(llvm::StringRef Path, llvm::StringRef Root) {
  if (Root.empty())
    return Path.str();
  llvm::StringRef R = Root.ends_with("/") ? Root.drop_back() : Root;
  if (Path.starts_with(R) && Path.size() > R.size() && Path[R.size()] == '/')
    return Path.drop_front(R.size() + 1).str();
  return Path.str();
}

SourceFiles::Entry *SourceFiles::get(llvm::StringRef File) {
  auto It = Files.find(File);
  if (It != Files.end())
    return It->second.Buffer ? &It->second : nullptr;
  Entry &E = Files[File];
  auto Buf = llvm::MemoryBuffer::getFile(File, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!Buf)
    return nullptr;
  E.Buffer = std::move(*Buf);
  llvm::StringRef T = E.Buffer->getBuffer();
  E.LineStarts.push_back(0);
  for (unsigned I = 0; I < T.size(); ++I)
    if (T[I] == '\n')
      E.LineStarts.push_back(I + 1);
  return &E;
}

llvm::StringRef SourceFiles::text(llvm::StringRef File) {
  Entry *E = get(File);
  return E ? E->Buffer->getBuffer() : llvm::StringRef();
}

bool SourceFiles::locate(Position &P) {
  Entry *E = get(P.File);
  if (!E || P.Offset > E->Buffer->getBufferSize())
    return false;
  auto It = std::upper_bound(E->LineStarts.begin(), E->LineStarts.end(),
                             P.Offset);
  unsigned LineStart = *(It - 1);
  P.Line = static_cast<unsigned>(It - E->LineStarts.begin());
  P.Column = P.Offset - LineStart + 1;
  llvm::StringRef Prefix =
      E->Buffer->getBuffer().slice(LineStart, P.Offset);
  P.CodePointColumn = 1;
  for (char C : Prefix)
    if ((static_cast<unsigned char>(C) & 0xC0) != 0x80)
      ++P.CodePointColumn;
  return true;
}

llvm::StringRef SourceFiles::lineText(llvm::StringRef File, unsigned Line) {
  Entry *E = get(File);
  if (!E || Line == 0 || Line > E->LineStarts.size())
    return {};
  llvm::StringRef T = E->Buffer->getBuffer();
  unsigned Begin = E->LineStarts[Line - 1];
  unsigned End = Line < E->LineStarts.size() ? E->LineStarts[Line] - 1
                                             : static_cast<unsigned>(T.size());
  return T.slice(Begin, End).rtrim("\r");
}

bool isCompilerError(const Diagnostic &D) {
  return D.DiagLevel == Diagnostic::Error &&
         llvm::StringRef(D.DiagnosticName).starts_with("clang-diagnostic-");
}

namespace {

Position positionOf(llvm::StringRef File, unsigned Offset,
                    llvm::StringRef BuildDir, SourceFiles &Sources) {
  Position P;
  if (File.empty())
    return P;
  P.File = absolutePath(File, BuildDir);
  P.Offset = Offset;
  Sources.locate(P);
  return P;
}

/// The message's fix-its with absolute paths, as edits and as Replacements.
Fix fixOf(const DiagnosticMessage &M, llvm::StringRef BuildDir,
          SourceFiles &Sources, llvm::StringMap<Replacements> &Absolute) {
  Fix F;
  F.Description = M.Message;
  for (const auto &Entry : M.Fix) {
    for (const Replacement &R : Entry.second) {
      std::string File = absolutePath(R.getFilePath(), BuildDir);
      Edit E;
      E.Begin = positionOf(File, R.getOffset(), "", Sources);
      E.End = positionOf(File, R.getOffset() + R.getLength(), "", Sources);
      E.Length = R.getLength();
      E.Text = R.getReplacementText().str();
      F.Edits.push_back(std::move(E));
      llvm::consumeError(Absolute[File].add(
          Replacement(File, R.getOffset(), R.getLength(),
                      R.getReplacementText())));
    }
  }
  return F;
}

DiagnosticMessage absoluteMessage(const DiagnosticMessage &M,
                                  llvm::StringRef BuildDir,
                                  llvm::StringMap<Replacements> Fixes) {
  DiagnosticMessage Out = M;
  if (!M.FilePath.empty())
    Out.FilePath = absolutePath(M.FilePath, BuildDir);
  Out.Fix = std::move(Fixes);
  for (auto &R : Out.Ranges)
    R.FilePath = absolutePath(R.FilePath, BuildDir);
  return Out;
}

} // namespace

Finding makeFinding(const Diagnostic &D, SourceFiles &Sources) {
  Finding F;
  F.Check = D.DiagnosticName;
  F.Message = D.Message.Message;
  F.IsError = D.DiagLevel == Diagnostic::Error;
  F.Where = positionOf(D.Message.FilePath, D.Message.FileOffset,
                       D.BuildDirectory, Sources);
  llvm::StringMap<Replacements> MainFix;
  Fix Own = fixOf(D.Message, D.BuildDirectory, Sources, MainFix);
  if (!Own.Edits.empty())
    F.Fixes.push_back(std::move(Own));

  F.Original = D;
  F.Original.BuildDirectory = D.BuildDirectory;
  F.Original.Message = absoluteMessage(D.Message, D.BuildDirectory, MainFix);
  F.Original.Notes.clear();
  for (const DiagnosticMessage &N : D.Notes) {
    Note Out;
    Out.Message = N.Message;
    Out.Where = positionOf(N.FilePath, N.FileOffset, D.BuildDirectory, Sources);
    F.Notes.push_back(std::move(Out));
    llvm::StringMap<Replacements> NoteFix;
    Fix Alt = fixOf(N, D.BuildDirectory, Sources, NoteFix);
    if (!Alt.Edits.empty())
      F.Fixes.push_back(std::move(Alt));
    F.Original.Notes.push_back(
        absoluteMessage(N, D.BuildDirectory, std::move(NoteFix)));
  }
  return F;
}

llvm::Expected<clang::tooling::TranslationUnitDiagnostics>
readExportedFixes(llvm::StringRef Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return llvm::createStringError(Buf.getError(), "cannot read '%s': %s",
                                   Path.str().c_str(),
                                   Buf.getError().message().c_str());
  return parseExportedFixes((*Buf)->getBuffer(), Path);
}

llvm::Expected<clang::tooling::TranslationUnitDiagnostics>
parseExportedFixes(llvm::StringRef Text, llvm::StringRef Name) {
  clang::tooling::TranslationUnitDiagnostics TUD;
  if (Text.trim().empty())
    return TUD;
  llvm::yaml::Input In(Text);
  In >> TUD;
  if (In.error())
    return llvm::createStringError(In.error(),
                                   "'%s' is not a clang-tidy fixes file: %s",
                                   Name.str().c_str(),
                                   In.error().message().c_str());
  return TUD;
}

void writeExportedFixes(llvm::raw_ostream &OS, llvm::StringRef MainSourceFile,
                        const std::vector<Finding> &Findings) {
  clang::tooling::TranslationUnitDiagnostics TUD;
  TUD.MainSourceFile = MainSourceFile.str();
  for (const Finding &F : Findings)
    TUD.Diagnostics.push_back(F.Original);
  llvm::yaml::Output Out(OS);
  Out << TUD;
}

std::string normalizedCallText(llvm::StringRef Text, unsigned Offset) {
  if (Offset >= Text.size())
    return {};
  llvm::StringRef Rest = Text.drop_front(Offset);
  std::string Out;
  int Depth = 0;
  char Quote = 0;
  for (size_t I = 0; I < Rest.size() && Out.size() < 400; ++I) {
    char C = Rest[I];
    if (Quote) {
      Out += C;
      if (C == '\\' && I + 1 < Rest.size())
        Out += Rest[++I];
      else if (C == Quote)
        Quote = 0;
      continue;
    }
    if (C == '"' || C == '\'') {
      Quote = C;
      Out += C;
      continue;
    }
    if (Depth == 0 && (C == ';' || C == '{' || C == '}' || C == ',' ||
                       C == '\n' || C == ')'))
      break;
    if (C == '(' || C == '[')
      ++Depth;
    if (C == ')' || C == ']') {
      Out += C;
      if (--Depth == 0)
        break;
      continue;
    }
    if (!llvm::isSpace(C))
      Out += C;
  }
  return Out;
}

void fingerprint(Finding &F, llvm::StringRef Root, SourceFiles &Sources) {
  std::string Message;
  bool Space = false;
  for (char C : F.Message) {
    if (llvm::isSpace(C)) {
      Space = true;
      continue;
    }
    if (Space && !Message.empty())
      Message += ' ';
    Space = false;
    Message += C;
  }
  std::string Key = F.Check;
  Key += '\0';
  Key += relativeTo(F.Where.File, Root);
  Key += '\0';
  Key += Message;
  Key += '\0';
  Key += normalizedCallText(Sources.text(F.Where.File), F.Where.Offset);
  auto Hash = llvm::SHA1::hash(llvm::arrayRefFromStringRef(Key));
  F.Fingerprint = llvm::toHex(llvm::ArrayRef<uint8_t>(Hash).take_front(8),
                              /*LowerCase=*/true);
}

void sortAndDeduplicate(std::vector<Finding> &Findings) {
  auto Key = [](const Finding &F) {
    return std::tie(F.Where.File, F.Where.Offset, F.Check, F.Message);
  };
  std::sort(Findings.begin(), Findings.end(),
             [&](const Finding &A, const Finding &B) {
                     return Key(A) < Key(B);
                   });
  Findings.erase(std::unique(Findings.begin(), Findings.end(),
                             [&](const Finding &A, const Finding &B) {
                               return Key(A) == Key(B);
                             }),
                 Findings.end());
}

} // namespace unblock::tool
