// The fix-it of every catalog row that coro-blocking-file reports: one call
// per row, with its diagnostic and the rewrite that the row names
// (checks/catalog/blocking-functions.def); a row without one keeps its call
// and gets a note. test/checks/coro-blocking-fixits.cpp shows each kind of
// rewrite in context.
// RUN: %check_coro --config="{CheckOptions: {RuntimeByType: 'demo::task=unblock'}}" %s 'coro-blocking-file' %t -- -I%S/Inputs

#include "task.h"
#include <cstdio>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
// CHECK-FIXES: #include <unblock/unblock.hpp>

namespace fs = std::filesystem;

demo::task<> posix_files(FILE *fp, int fd2) {
  char buf[64];
  int n = 0;
  iovec iov{buf, sizeof buf};
  struct stat st;
  FILE *f = fopen("/tmp/in", "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'fopen'
  // CHECK-FIXES: {{^}}  FILE *f = co_await unblock::offload([&] { return fopen("/tmp/in", "r"); });
  freopen("/tmp/in", "r", fp);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'freopen'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { freopen("/tmp/in", "r", fp); });
  fclose(fp);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fclose'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fclose(fp); });
  size_t got = fread(buf, 1, sizeof buf, fp);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking call to 'fread'
  // CHECK-FIXES: {{^}}  size_t got = co_await unblock::offload([&] { return fread(buf, 1, sizeof buf, fp); });
  fwrite(buf, 1, sizeof buf, fp);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fwrite'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fwrite(buf, 1, sizeof buf, fp); });
  char *line = fgets(buf, sizeof buf, fp);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking call to 'fgets'
  // CHECK-FIXES: {{^}}  char *line = co_await unblock::offload([&] { return fgets(buf, sizeof buf, fp); });
  int c = fgetc(fp);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'fgetc'
  // CHECK-FIXES: {{^}}  int c = co_await unblock::offload([&] { return fgetc(fp); });
  c = getc(fp);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'getc'
  // CHECK-FIXES: {{^}}  c = co_await unblock::offload([&] { return getc(fp); });
  fscanf(fp, "%d", &n);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fscanf'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fscanf(fp, "%d", &n); });
  fputs("text", fp);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fputs'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fputs("text", fp); });
  fputc('x', fp);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fputc'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fputc('x', fp); });
  fprintf(fp, "%d", n);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fprintf'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fprintf(fp, "%d", n); });
  fflush(fp);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fflush'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fflush(fp); });
  fseek(fp, 0, SEEK_SET);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fseek'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fseek(fp, 0, SEEK_SET); });
  int fd = open("/tmp/in", O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'open'
  // CHECK-FIXES: {{^}}  int fd = co_await unblock::offload([&] { return open("/tmp/in", O_RDONLY); });
  openat(AT_FDCWD, "/tmp/in", O_RDONLY);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'openat'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { openat(AT_FDCWD, "/tmp/in", O_RDONLY); });
  creat("/tmp/out", 0600);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'creat'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { creat("/tmp/out", 0600); });
  ssize_t got2 = pread(fd, buf, sizeof buf, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: blocking call to 'pread'
  // CHECK-FIXES: {{^}}  ssize_t got2 = co_await unblock::offload([&] { return pread(fd, buf, sizeof buf, 0); });
  pwrite(fd, buf, sizeof buf, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'pwrite'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { pwrite(fd, buf, sizeof buf, 0); });
  preadv(fd, &iov, 1, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'preadv'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { preadv(fd, &iov, 1, 0); });
  pwritev(fd, &iov, 1, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'pwritev'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { pwritev(fd, &iov, 1, 0); });
  fsync(fd);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fsync'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fsync(fd); });
  fdatasync(fd);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fdatasync'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fdatasync(fd); });
  sync();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sync'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { sync(); });
  syncfs(fd);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'syncfs'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { syncfs(fd); });
  truncate("/tmp/out", 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'truncate'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { truncate("/tmp/out", 0); });
  ftruncate(fd, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'ftruncate'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { ftruncate(fd, 0); });
  int rc = stat("/tmp", &st);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'stat'
  // CHECK-FIXES: {{^}}  int rc = co_await unblock::offload([&] { return stat("/tmp", &st); });
  lstat("/tmp", &st);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'lstat'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { lstat("/tmp", &st); });
  unlink("/tmp/out");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'unlink'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { unlink("/tmp/out"); });
  rename("/tmp/a", "/tmp/b");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'rename'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { rename("/tmp/a", "/tmp/b"); });
  mkdir("/tmp/d", 0700);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'mkdir'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { mkdir("/tmp/d", 0700); });
  rmdir("/tmp/d");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'rmdir'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { rmdir("/tmp/d"); });
  DIR *dir = opendir("/tmp");
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: blocking call to 'opendir'
  // CHECK-FIXES: {{^}}  DIR *dir = co_await unblock::offload([&] { return opendir("/tmp"); });
  dirent *entry = readdir(dir);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: blocking call to 'readdir'
  // CHECK-FIXES: {{^}}  dirent *entry = co_await unblock::offload([&] { return readdir(dir); });
  flock(fd, LOCK_EX);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'flock'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { flock(fd, LOCK_EX); });
  lockf(fd, F_LOCK, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'lockf'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { lockf(fd, F_LOCK, 0); });
  copy_file_range(fd, nullptr, fd2, nullptr, 64, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'copy_file_range'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { copy_file_range(fd, nullptr, fd2, nullptr, 64, 0); });
  (void)f;
  (void)got;
  (void)line;
  (void)c;
  (void)got2;
  (void)rc;
  (void)entry;
  co_return;
}

demo::task<> streams(fs::path p, fs::path q, FILE *fp) {
  char buf[64];
  std::string text;
  int n = 0;
  std::filebuf fb;
  char *lineptr = nullptr;
  size_t cap = 0;
  std::ifstream in("/tmp/in");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'std::basic_ifstream::basic_ifstream'
  // CHECK-MESSAGES: :[[@LINE-2]]:17: note: no automatic fix: it constructs an object: create it inside 'offload' by hand
  // CHECK-FIXES: {{^}}  std::ifstream in("/tmp/in");
  std::ofstream out("/tmp/out");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'std::basic_ofstream::basic_ofstream'
  // CHECK-MESSAGES: :[[@LINE-2]]:17: note: no automatic fix: it constructs an object: create it inside 'offload' by hand
  // CHECK-FIXES: {{^}}  std::ofstream out("/tmp/out");
  std::fstream io("/tmp/io");
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking call to 'std::basic_fstream::basic_fstream'
  // CHECK-MESSAGES: :[[@LINE-2]]:16: note: no automatic fix: it constructs an object: create it inside 'offload' by hand
  // CHECK-FIXES: {{^}}  std::fstream io("/tmp/io");
  in.open("/tmp/in");
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::basic_ifstream::open'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { in.open("/tmp/in"); });
  out.open("/tmp/out");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'std::basic_ofstream::open'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { out.open("/tmp/out"); });
  io.open("/tmp/io");
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::basic_fstream::open'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { io.open("/tmp/io"); });
  fb.open("/tmp/in", std::ios::in);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::basic_filebuf::open'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fb.open("/tmp/in", std::ios::in); });
  out.close();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'std::basic_ofstream::close'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { out.close(); });
  io.close();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::basic_fstream::close'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { io.close(); });
  std::getline(in, text);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::getline'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { std::getline(in, text); });
  in >> text;
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::operator>>'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { in >> text; });
  in >> n;
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::basic_istream::operator>>'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { in >> n; });
  in.read(buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::basic_istream::read'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { in.read(buf, sizeof buf); });
  in.getline(buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::basic_istream::getline'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { in.getline(buf, sizeof buf); });
  int c = in.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: blocking call to 'std::basic_istream::get'
  // CHECK-FIXES: {{^}}  int c = co_await unblock::offload([&] { return in.get(); });
  out.write(buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'std::basic_ostream::write'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { out.write(buf, sizeof buf); });
  out.flush();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'std::basic_ostream::flush'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { out.flush(); });
  bool there = fs::exists(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking call to 'std::filesystem::exists'
  // CHECK-FIXES: {{^}}  bool there = co_await unblock::offload([&] { return fs::exists(p); });
  fs::file_status s1 = fs::status(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: blocking call to 'std::filesystem::status'
  // CHECK-FIXES: {{^}}  fs::file_status s1 = co_await unblock::offload([&] { return fs::status(p); });
  fs::symlink_status(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::symlink_status'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fs::symlink_status(p); });
  fs::is_regular_file(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::is_regular_file'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fs::is_regular_file(p); });
  fs::is_directory(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::is_directory'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fs::is_directory(p); });
  fs::is_symlink(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::is_symlink'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fs::is_symlink(p); });
  fs::is_empty(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::is_empty'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fs::is_empty(p); });
  auto size = fs::file_size(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking call to 'std::filesystem::file_size'
  // CHECK-FIXES: {{^}}  auto size = co_await unblock::offload([&] { return fs::file_size(p); });
  fs::last_write_time(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::last_write_time'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fs::last_write_time(p); });
  fs::create_directory(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::create_directory'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fs::create_directory(p); });
  fs::create_directories(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::create_directories'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fs::create_directories(p); });
  fs::create_symlink(p, q);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::create_symlink'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fs::create_symlink(p, q); });
  fs::create_hard_link(p, q);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::create_hard_link'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fs::create_hard_link(p, q); });
  fs::copy(p, q);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::copy'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fs::copy(p, q); });
  fs::copy_file(p, q);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::copy_file'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fs::copy_file(p, q); });
  fs::remove(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::remove'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fs::remove(p); });
  fs::remove_all(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::remove_all'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fs::remove_all(p); });
  fs::rename(p, q);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::rename'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fs::rename(p, q); });
  fs::resize_file(p, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::resize_file'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fs::resize_file(p, 0); });
  fs::permissions(p, fs::perms::owner_all);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::permissions'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fs::permissions(p, fs::perms::owner_all); });
  fs::path full = fs::canonical(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: blocking call to 'std::filesystem::canonical'
  // CHECK-FIXES: {{^}}  fs::path full = co_await unblock::offload([&] { return fs::canonical(p); });
  fs::weakly_canonical(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::weakly_canonical'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fs::weakly_canonical(p); });
  fs::read_symlink(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::read_symlink'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fs::read_symlink(p); });
  fs::equivalent(p, q);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::equivalent'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fs::equivalent(p, q); });
  fs::space(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::space'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fs::space(p); });
  fs::hard_link_count(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::hard_link_count'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fs::hard_link_count(p); });
  fs::directory_iterator it(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: blocking call to 'std::filesystem::directory_iterator::directory_iterator'
  // CHECK-MESSAGES: :[[@LINE-2]]:26: note: no automatic fix: it constructs an object: create it inside 'offload' by hand
  // CHECK-FIXES: {{^}}  fs::directory_iterator it(p);
  fs::recursive_directory_iterator rit(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: blocking call to 'std::filesystem::recursive_directory_iterator::recursive_directory_iterator'
  // CHECK-MESSAGES: :[[@LINE-2]]:36: note: no automatic fix: it constructs an object: create it inside 'offload' by hand
  // CHECK-FIXES: {{^}}  fs::recursive_directory_iterator rit(p);
  ssize_t len = getline(&lineptr, &cap, fp);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'getline'
  // CHECK-FIXES: {{^}}  ssize_t len = co_await unblock::offload([&] { return getline(&lineptr, &cap, fp); });
  getdelim(&lineptr, &cap, ',', fp);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'getdelim'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { getdelim(&lineptr, &cap, ',', fp); });
  (void)c;
  (void)there;
  (void)s1;
  (void)size;
  (void)full;
  (void)len;
  co_return;
}
