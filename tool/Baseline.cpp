//===-- Baseline.cpp - Accept today's findings, report only new ones ------===//

#include "Baseline.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

namespace unblock::tool {

namespace {
llvm::Error baselineError(llvm::StringRef File, const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "baseline '" + File + "': " + Message);
}
} // namespace

llvm::Expected<Baseline> readBaseline(llvm::StringRef File) {
  auto Buf = llvm::MemoryBuffer::getFile(File);
  if (!Buf)
    return baselineError(File, "cannot read it: " + Buf.getError().message());
  llvm::Expected<llvm::json::Value> V = llvm::json::parse((*Buf)->getBuffer());
  if (!V)
    return baselineError(File, "malformed JSON " + llvm::toString(V.takeError()));
  const llvm::json::Object *Top = V->getAsObject();
  const llvm::json::Array *List = Top ? Top->getArray("findings") : nullptr;
  if (!List)
    return baselineError(File, "expected an object with a 'findings' array");
  Baseline B;
  for (size_t I = 0; I < List->size(); ++I) {
    const llvm::json::Object *E = (*List)[I].getAsObject();
    std::optional<llvm::StringRef> FP = E ? E->getString("fingerprint")
                                          : std::nullopt;
    if (!FP)
      return baselineError(File, "finding " + llvm::Twine(I + 1) +
                                     " has no string 'fingerprint'");
    int64_t Count = E->getInteger("count").value_or(1);
    if (Count > 0)
      B.Accepted[FP->str()] += static_cast<unsigned>(Count);
  }
  return B;
}

llvm::Error writeBaseline(llvm::StringRef File,
                          const std::vector<Finding> &Findings,
                          llvm::StringRef Root) {
  // One entry per fingerprint; the first finding describes it for readers.
  std::map<std::string, std::pair<const Finding *, unsigned>> ByFingerprint;
  for (const Finding &F : Findings) {
    auto &Slot = ByFingerprint[F.Fingerprint];
    if (!Slot.first)
      Slot.first = &F;
    ++Slot.second;
  }
  llvm::json::Array List;
  for (const auto &[FP, Entry] : ByFingerprint)
    List.push_back(llvm::json::Object{
        {"fingerprint", FP},
        {"check", Entry.first->Check},
        {"file", relativeTo(Entry.first->Where.File, Root)},
        {"message", Entry.first->Message},
        {"count", Entry.second}});
  llvm::json::Value Doc = llvm::json::Object{
      {"version", 1},
      {"generator", "unblock " UNBLOCK_VERSION},
      {"findings", std::move(List)}};
  std::error_code EC;
  llvm::raw_fd_ostream OS(File, EC);
  if (EC)
    return llvm::createStringError(EC, "cannot write baseline '%s': %s",
                                   File.str().c_str(), EC.message().c_str());
  OS << llvm::formatv("{0:2}", Doc) << "\n";
  return llvm::Error::success();
}

size_t applyBaseline(const Baseline &B, std::vector<Finding> &Findings) {
  std::map<std::string, unsigned> Left = B.Accepted;
  size_t Before = Findings.size();
  llvm::erase_if(Findings, [&](const Finding &F) {
    auto It = Left.find(F.Fingerprint);
    if (It == Left.end() || It->second == 0)
      return false;
    --It->second;
    return true;
  });
  return Before - Findings.size();
}

} // namespace unblock::tool
