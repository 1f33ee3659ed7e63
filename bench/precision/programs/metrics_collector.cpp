// A metrics endpoint on an io scheduler: every scrape reads the process's
// counters from /proc and the cgroup limits from /sys. Those are kernel
// pseudo-files answered from memory; they never wait on a disk. The service
// configuration and the spool directory are real files.
#include "coro/scheduler.hpp"
#include "coro/task.hpp"

#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace metrics {

constexpr const char *kSelfStatus = "/proc/self/status";

long read_rss_kib() {
  std::ifstream in(kSelfStatus);
  std::string key;
  long value = 0;
  while (in >> key >> value)
    if (key == "VmRSS:")
      return value;
  return -1;
}

std::string read_cpu_max() {
  std::ifstream in("/sys/fs/cgroup/cpu.max");
  std::string line;
  std::getline(in, line);
  return line;
}

int open_files() {
  int fd = ::open("/proc/self/fdinfo/0", O_RDONLY);
  char buf[256];
  long n = fd >= 0 ? ::read(fd, buf, sizeof buf) : -1;
  if (fd >= 0)
    ::close(fd);
  return static_cast<int>(n);
}

coro::task<std::string> scrape(coro::scheduler &sched) {
  co_await sched.schedule();
  std::ostringstream out;
  out << "process_resident_kib " << read_rss_kib() << "\n";
  out << "cgroup_cpu_max \"" << read_cpu_max() << "\"\n";
  out << "fdinfo_bytes " << open_files() << "\n";
  std::ifstream loadavg("/proc/loadavg");
  double one = 0;
  loadavg >> one;
  out << "load1 " << one << "\n";
  co_return out.str();
}

std::string read_setting(const std::string &path) {
  std::ifstream in(path);
  std::string value;
  std::getline(in, value);
  return value;
}

// Real files: the configuration and the spool directory.
coro::task<std::string> scrape_with_labels(coro::scheduler &sched, std::string config_path) {
  co_await sched.schedule();
  auto body = co_await scrape(sched);
  auto instance = read_setting(config_path); // expect: coro-blocking-indirect
  std::FILE *f = std::fopen("/etc/metrics/labels.conf", "r"); // expect: coro-blocking-file
  if (f)
    std::fclose(f); // expect: coro-blocking-file
  auto spooled = std::filesystem::exists("/var/spool/metrics/pending"); // expect: coro-blocking-file
  co_return body + "instance \"" + instance + "\" " + (spooled ? "1" : "0") + "\n";
}

} // namespace metrics

int main() {
  auto sched = coro::scheduler::make_unique();
  auto t = metrics::scrape_with_labels(*sched, "/etc/metrics/instance");
  t.resume();
  while (sched->process_events(std::chrono::milliseconds{10}) > 0) {
  }
}
