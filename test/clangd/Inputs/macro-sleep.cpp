// Input of lsp-code-action.cpp: a blocking call inside a macro expansion,
// which the checks report at the expansion without a fix-it.
#include "task.h"
#include <chrono>
#include <thread>
#define NAP() std::this_thread::sleep_for(std::chrono::milliseconds(5))
demo::task<> nap_in_macro() {
  NAP();
  co_return;
}
