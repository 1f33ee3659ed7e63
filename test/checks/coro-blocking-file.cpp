// RUN: %check_coro %s coro-blocking-file %t -- -I%S/Inputs

#include "task.h"
#include <cstdio>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

demo::task<> stdio_calls(const char *path) {
  FILE *f = fopen(path, "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'fopen' inside coroutine 'stdio_calls'; it stalls every coroutine on this thread [coro-blocking-file]
  // CHECK-MESSAGES: :[[@LINE-2]]:13: note: run it on your runtime's thread pool for blocking work
  char buf[128];
  fread(buf, 1, sizeof buf, f);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fread'
  fgets(buf, sizeof buf, f);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fgets'
  fwrite(buf, 1, 1, f);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fwrite'
  fprintf(f, "%d", 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fprintf'
  fflush(f);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fflush'
  fclose(f);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fclose'
  // The standard streams are not files on disk.
  fprintf(stderr, "log\n");
  fflush(stdout);
  std::fwrite(buf, 1, 1, stdout);
  co_return;
}

demo::task<> posix_calls(const char *path) {
  int fd = open(path, O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'open'
  char buf[16];
  read(fd, buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read'
  pread(fd, buf, sizeof buf, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'pread'
  pwrite(fd, buf, 1, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'pwrite'
  fsync(fd);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fsync'
  fdatasync(fd);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fdatasync'
  struct stat st;
  stat(path, &st);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'stat'
  unlink(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'unlink'
  DIR *d = opendir(".");
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'opendir'
  readdir(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'readdir'
  co_return;
}

demo::task<> streams(const std::string &path) {
  std::ifstream in(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'std::basic_ifstream::basic_ifstream'
  std::string line;
  std::getline(in, line);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::getline'
  int x = 0;
  in >> x;
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::basic_istream::operator>>'
  char raw[8];
  in.read(raw, sizeof raw);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::basic_istream::read'
  std::ofstream out;
  out.open(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'std::basic_ofstream::open'
  out.write(raw, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'std::basic_ostream::write'
  out.flush();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'std::basic_ostream::flush'
  std::fstream both(path, std::ios::in | std::ios::out);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking call to 'std::basic_fstream::basic_fstream'
  // Streams in memory do not touch the disk.
  std::istringstream mem("1 2");
  mem >> x;
  std::getline(mem, line);
  std::ostringstream os;
  os.write(raw, 1);
  std::ifstream unopened; // no file yet
  co_return;
}

demo::task<> filesystem(const fs::path &p) {
  fs::exists(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::exists'
  fs::file_size(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::file_size'
  fs::create_directories(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::create_directories'
  fs::remove_all(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::remove_all'
  for (const auto &e : fs::directory_iterator(p))
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: blocking call to 'std::filesystem::directory_iterator::directory_iterator'
    (void)e;
  // Path arithmetic does not touch the disk.
  fs::path q = p / "x";
  (void)q.filename();
  (void)q.extension();
  co_return;
}

// Not a coroutine.
void load(const char *path) {
  FILE *f = fopen(path, "r");
  fclose(f);
}
