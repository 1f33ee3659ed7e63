// RUN: %check_coro %s coro-blocking-file,coro-blocking-net,coro-blocking-indirect %t -- -I%S/Inputs
// Kernel pseudo-files under /proc/ and /sys/ are served from memory: opening,
// reading and closing them does not block. Paths that are not spelled as
// such in the source, and real files, still block.

#include "task.h"
#include <cstdio>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

// The way test frameworks check for a debugger when an assertion fails.
bool debugger_attached() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("TracerPid:\t", 0) == 0)
      return line.size() > 11 && line[11] != '0';
  return false;
}

void report_failure(const char *expr) {
  if (debugger_attached())
    __builtin_trap();
  (void)expr;
}

#define CHECK(x) ((x) ? (void)0 : report_failure(#x))

demo::task<> test_case() {
  int v = 1;
  CHECK(v == 1);
  co_return;
}

constexpr const char kStat[] = "/proc/self/stat";

demo::task<> pseudo_files(int pid) {
  FILE *f = fopen("/proc/meminfo", "r");
  char buf[256];
  fgets(buf, sizeof buf, f);
  fclose(f);
  int fd = open("/sys/fs/cgroup/cpu.max", O_RDONLY);
  read(fd, buf, sizeof buf);
  close(fd);
  int at = openat(AT_FDCWD, kStat, O_RDONLY);
  (void)at;
  std::ifstream s;
  s.open("/proc/" + std::to_string(pid) + "/cmdline");
  std::string word;
  s >> word;
  long rss = 0;
  s >> word >> rss;
  std::ifstream cg(std::string("/sys/fs/cgroup/memory.max"));
  std::getline(cg, word);
  if (fs::exists("/proc/self/exe"))
    (void)fs::read_symlink("/proc/self/exe");
  DIR *d = opendir("/proc/self/fd");
  (void)d;
  struct stat st;
  stat("/proc/self", &st);
  co_return;
}

// True twins: real files block, and so does a path that is not spelled out.
bool config_present() {
  std::ifstream in("/etc/app.conf");
  return in.good();
}

demo::task<> real_files(const char *path) {
  FILE *f = fopen("/tmp/data.txt", "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'fopen' inside coroutine 'real_files'
  // CHECK-MESSAGES: :[[@LINE-2]]:13: note: run it on your runtime's thread pool
  char buf[16];
  fgets(buf, sizeof buf, f);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fgets'
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: run it on your runtime's thread pool
  std::ifstream in(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'std::basic_ifstream::basic_ifstream'
  // CHECK-MESSAGES: :[[@LINE-2]]:17: note: run it on your runtime's thread pool
  std::string line;
  std::getline(in, line);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::getline'
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: run it on your runtime's thread pool
  int fd = open("/procfs-mirror/status", O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'open'
  // CHECK-MESSAGES: :[[@LINE-2]]:12: note: run it on your runtime's thread pool
  (void)fd;
  bool b = config_present();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: call to 'config_present' may block inside coroutine 'real_files': it calls 'std::basic_ifstream::basic_ifstream'
  // CHECK-MESSAGES: :[[@LINE-25]]:17: note: 'config_present' calls 'std::basic_ifstream::basic_ifstream' here
  (void)b;
  co_return;
}
