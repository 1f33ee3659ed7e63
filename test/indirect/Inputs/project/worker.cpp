#include "worker.h"

worker::worker() : t([] {}) {}
worker::~worker() {
  if (t.joinable())
    t.join();
}
