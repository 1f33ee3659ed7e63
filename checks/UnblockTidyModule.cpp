//===-- UnblockTidyModule.cpp - The coro-* checks as a clang-tidy module --===//

#include "BlockingCallCheck.h"
#include "IndirectBlockingCheck.h"
#include "LockAcrossSuspendCheck.h"
#include "UnawaitedCheck.h"

#include "clang-tidy/ClangTidyModule.h"
#include "clang/Basic/Version.h"
#if CLANG_VERSION_MAJOR < 22
#include "clang-tidy/ClangTidyModuleRegistry.h"
#endif

using namespace clang::tidy;

namespace unblock {
namespace {

class UnblockModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    for (unsigned C = 0; C < NumCategories; ++C) {
      auto Cat = static_cast<Category>(C);
      Factories.registerCheckFactory(
          checkNameFor(Cat), [Cat](llvm::StringRef Name, ClangTidyContext *Ctx) {
            return std::make_unique<BlockingCallCheck>(Name, Ctx, Cat);
          });
    }
    Factories.registerCheck<IndirectBlockingCheck>("coro-blocking-indirect");
    Factories.registerCheck<LockAcrossSuspendCheck>("coro-lock-across-suspend");
    Factories.registerCheck<UnawaitedCheck>("coro-unawaited");
  }
};

} // namespace
} // namespace unblock

static ClangTidyModuleRegistry::Add<unblock::UnblockModule>
    X("unblock-module", "Checks for blocking calls inside C++20 coroutines.");

// Referenced by the unblock tool so that the linker keeps this module.
volatile int UnblockModuleAnchorSource = 0;
