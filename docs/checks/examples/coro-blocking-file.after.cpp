// unblock --fix turns this into the "after" file.
#include <unblock/unblock.hpp>

#include <cstdio>
#include <string>

// Counts the lines of a file.
unblock::task<int> count_lines(std::string path) {
  FILE *f = co_await unblock::offload([&] { return fopen(path.c_str(), "r"); });
  if (!f)
    co_return -1;
  int lines = 0;
  char buf[512];
  while (co_await unblock::offload([&] { return fgets(buf, sizeof buf, f); }))
    ++lines;
  co_await unblock::offload([&] { fclose(f); });
  co_return lines;
}

int main() { return unblock::run(count_lines("/etc/hostname")) >= 0 ? 0 : 1; }
