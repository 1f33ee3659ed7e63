// A class whose destructor, defined in worker.cpp, joins its thread.
#pragma once
#include <thread>

struct worker {
  std::thread t;
  worker();
  ~worker();
};
