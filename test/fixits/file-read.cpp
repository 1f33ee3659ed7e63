// Round trip of the Offload rewrites on stdio file reads: fopen, fgets and
// fread whose values are used, and fclose as a statement. Each worker reads
// a FIFO whose writer (a thread) sends a line every 100 ms: opening the FIFO
// and every fgets block until the writer is there. Blocking, the workers
// read one FIFO after the other (~900 ms); fixed, they overlap (~300 ms).
// A regular file is summed the same way, with fread.
//
// RUN: %roundtrip %s %t | FileCheck %s
// CHECK-LABEL: === fixed source

#include <unblock/unblock.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

unblock::task<int> reader(std::string path) {
  FILE *in = fopen(path.c_str(), "r");
  // CHECK: {{^}}  FILE *in = co_await unblock::offload([&] { return fopen(path.c_str(), "r"); });
  if (!in)
    co_return -1;
  int sum = 0;
  char line[32];
  while (fgets(line, sizeof line, in))
    // CHECK: {{^}}  while (co_await unblock::offload([&] { return fgets(line, sizeof line, in); }))
    sum += std::atoi(line);
  fclose(in);
  // CHECK: {{^}}  co_await unblock::offload([&] { fclose(in); });
  co_return sum;
}

unblock::task<int> checksum(std::string path) {
  FILE *in = fopen(path.c_str(), "rb");
  // CHECK: {{^}}  FILE *in = co_await unblock::offload([&] { return fopen(path.c_str(), "rb"); });
  unsigned char buf[7];
  int sum = 0;
  for (size_t n; (n = fread(buf, 1, sizeof buf, in)) > 0;)
    // CHECK: {{^}}  for (size_t n; (n = co_await unblock::offload([&] { return fread(buf, 1, sizeof buf, in); })) > 0;)
    for (size_t i = 0; i < n; ++i)
      sum += buf[i];
  fclose(in);
  // CHECK: {{^}}  co_await unblock::offload([&] { fclose(in); });
  co_return sum;
}

unblock::task<int> all(std::vector<std::string> fifos, std::string file) {
  auto [a, b, c, d] = co_await unblock::when_all(
      reader(fifos[0]), reader(fifos[1]), reader(fifos[2]), checksum(file));
  co_return a + b + c + d;
}

// Writes "1\n" ... "3\n" times the FIFO's number, one line every 100 ms.
void writer(std::string path, int k) {
  FILE *out = std::fopen(path.c_str(), "w");
  for (int i = 1; i <= 3; ++i) {
    std::this_thread::sleep_for(100ms);
    std::fprintf(out, "%d\n", i * k);
    std::fflush(out);
  }
  std::fclose(out);
}

int main() {
  char dir[] = "/tmp/unblock-fifo-XXXXXX";
  if (!mkdtemp(dir))
    return 2;
  std::vector<std::string> fifos;
  std::vector<std::thread> writers;
  for (int k = 1; k <= 3; ++k) {
    fifos.push_back(std::string(dir) + "/fifo" + std::to_string(k));
    if (mkfifo(fifos.back().c_str(), 0600) != 0)
      return 2;
    writers.emplace_back(writer, fifos.back(), k);
  }
  std::string file = std::string(dir) + "/data";
  FILE *out = std::fopen(file.c_str(), "wb");
  for (int i = 0; i < 100; ++i)
    std::fputc(i, out);
  std::fclose(out);

  int result = unblock::run(all(fifos, file));
  for (std::thread &t : writers)
    t.join();
  for (const std::string &f : fifos)
    std::remove(f.c_str());
  std::remove(file.c_str());
  std::remove(dir);
  std::printf("result %d\n", result);
  return 0;
}

// CHECK-LABEL: === recheck: no blocking calls
// CHECK-LABEL: === before output
// CHECK-NEXT: result 4986
// CHECK-LABEL: === after output
// CHECK-NEXT: result 4986
// CHECK: === overlap: ok
