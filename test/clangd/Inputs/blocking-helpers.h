// Helpers defined in a header: in clangd they come from the preamble.
#pragma once
#include <unistd.h>

inline void nap_in_header() { sleep(1); }
inline int quiet_in_header() { return 1; }
