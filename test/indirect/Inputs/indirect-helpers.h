// Helpers defined in a header, for coro-blocking-indirect.SameFileOnly.
#pragma once
#include <unistd.h>

inline void header_nap() { usleep(1); }
inline void header_wrapper() { header_nap(); }
