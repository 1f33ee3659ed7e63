// A coroutine in a header: it is part of clangd's preamble, and diagnostics
// in headers are not shown in the main file (as with clang-tidy's default
// header filter).
#pragma once
#include "task.h"
#include <unistd.h>

inline demo::task<> from_header() {
  sleep(1);
  co_return;
}
