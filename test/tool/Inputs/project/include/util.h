#pragma once
#include "task.h"
#include <unistd.h>

namespace app {
int parse(const char *text);
inline task backoff() {
  usleep(100);
  co_return;
}
} // namespace app
