// A coroutine library's template that calls what its user hands it.
#pragma once
#include "task.h"

namespace retrylib {
template <class F> demo::task<bool> retry(F attempt, int times) {
  for (int i = 0; i < times; ++i) {
    if (attempt())
      co_return true;
    co_await demo::yield();
  }
  co_return false;
}

} // namespace retrylib
