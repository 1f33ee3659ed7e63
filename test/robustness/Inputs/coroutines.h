// A header of coroutines, analysed on its own by empty-and-headers.test.
#pragma once
#include "task.h"

inline hostile::task<> inline_poll() {
  usleep(100);
  co_await hostile::pause{};
}

template <class T> hostile::task<T> never_instantiated(T t) {
  sleep(t);
  co_return t;
}
