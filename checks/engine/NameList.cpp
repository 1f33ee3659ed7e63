//===-- NameList.cpp - Lists of names and patterns in check options -------===//

#include "NameList.h"

#include "Catalog.h"

using namespace clang;

namespace unblock {

NameList::NameList(llvm::StringRef List, bool IgnoreCase)
    : IgnoreCase(IgnoreCase) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  List.split(Parts, ';', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef P : Parts) {
    P = P.trim();
    P.consume_front("::");
    if (P.empty())
      continue;
    Texts.push_back(
        std::make_unique<std::string>(IgnoreCase ? P.lower() : P.str()));
    auto G = llvm::GlobPattern::create(*Texts.back());
    if (!G) {
      llvm::consumeError(G.takeError()); // a malformed pattern matches nothing
      continue;
    }
    (P.contains("::") ? Qualified : Unqualified).push_back(std::move(*G));
  }
}

bool NameList::matches(const NamedDecl *D) const {
  if (!D || empty())
    return false;
  if (!Unqualified.empty()) {
    std::string Name = D->getDeclName().getAsString();
    if (IgnoreCase)
      Name = llvm::StringRef(Name).lower();
    for (const llvm::GlobPattern &G : Unqualified)
      if (G.match(Name))
        return true;
  }
  if (!Qualified.empty()) {
    std::string Name = catalogName(D);
    if (IgnoreCase)
      Name = llvm::StringRef(Name).lower();
    for (const llvm::GlobPattern &G : Qualified)
      if (G.match(Name))
        return true;
  }
  return false;
}

bool NameList::matchesName(llvm::StringRef Name) const {
  if (Unqualified.empty() || Name.empty())
    return false;
  std::string N = IgnoreCase ? Name.lower() : Name.str();
  for (const llvm::GlobPattern &G : Unqualified)
    if (G.match(N))
      return true;
  return false;
}

} // namespace unblock
