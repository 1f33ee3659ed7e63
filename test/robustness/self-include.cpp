// A file that includes itself until the preprocessor gives up.
// RUN: %hostile_both %s -- -std=c++20 -I%S/Inputs | FileCheck %s -implicit-check-not="{{warning|error}}:"
// CHECK-DAG: self-include.cpp:[[@LINE+10]]:10: error: #include nested too deeply
// CHECK-DAG: self-include.cpp:[[@LINE+5]]:3: warning: blocking call to 'sleep' inside coroutine 'again'
#ifndef SELF_INCLUDE_ONCE
#define SELF_INCLUDE_ONCE
#include "task.h"
hostile::task<> again() {
  sleep(1);
  co_await hostile::pause{};
}
#endif
#include __FILE__
