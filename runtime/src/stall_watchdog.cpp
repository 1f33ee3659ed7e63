#include "stall_watchdog.hpp"

#include <cxxabi.h>
#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <execinfo.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <memory>
#include <string>

namespace unblock::detail {

namespace {

std::int64_t now_ns() noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Backtrace of the loop thread, captured by the loop thread itself in a
// signal handler and read by the watchdog thread.
constexpr int max_frames = 48;
void* g_frames[max_frames];
std::atomic<int> g_frame_count{-1};  // -1: nothing captured
std::mutex g_capture_mutex;          // one capture at a time, process-wide

void capture_handler(int) {
  const int saved = errno;
  const int n = ::backtrace(g_frames, max_frames);
  g_frame_count.store(n, std::memory_order_release);
  errno = saved;
}

int install_capture_signal() {
  static const int sig = [] {
    const int candidate = SIGRTMIN + 5;
    struct sigaction old{};
    if (::sigaction(candidate, nullptr, &old) != 0) return 0;
    if (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN) return 0;  // someone else's
    struct sigaction sa{};
    sa.sa_handler = &capture_handler;
    sa.sa_flags = SA_RESTART;
    ::sigemptyset(&sa.sa_mask);
    if (::sigaction(candidate, &sa, nullptr) != 0) return 0;
    return candidate;
  }();
  return sig;
}

std::string demangle(const char* name) {
  if (!name) return "??";
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> out(abi::__cxa_demangle(name, nullptr, nullptr, &status), &std::free);
  return status == 0 && out ? std::string(out.get()) : std::string(name);
}

// Looks `addr` up in the full symbol table (.symtab) of the ELF file at
// `path`: coroutine resume functions are local symbols, which dladdr (that
// only sees exported ones) cannot name. Returns the symbol and sets `start`.
std::string symtab_lookup(const char* path, const void* fbase, const void* addr, std::uintptr_t& start) {
  std::string name;
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return name;
  struct ::stat st{};
  void* map = MAP_FAILED;
  if (::fstat(fd, &st) == 0 && st.st_size > static_cast<off_t>(sizeof(Elf64_Ehdr))) {
    map = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  }
  ::close(fd);
  if (map == MAP_FAILED) return name;
  const auto* bytes = static_cast<const unsigned char*>(map);
  const auto size = static_cast<std::size_t>(st.st_size);
  const auto* eh = static_cast<const Elf64_Ehdr*>(map);
  const bool ok = std::memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 && eh->e_ident[EI_CLASS] == ELFCLASS64 &&
                  eh->e_shoff + std::size_t{eh->e_shnum} * sizeof(Elf64_Shdr) <= size;
  if (ok) {
    // Symbol values are relative to the load address in position-independent files.
    const std::uintptr_t target = reinterpret_cast<std::uintptr_t>(addr) -
                                  (eh->e_type == ET_DYN ? reinterpret_cast<std::uintptr_t>(fbase) : 0);
    const auto* sh = reinterpret_cast<const Elf64_Shdr*>(bytes + eh->e_shoff);
    for (unsigned i = 0; i < eh->e_shnum && name.empty(); ++i) {
      if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum) continue;
      const Elf64_Shdr& strtab = sh[sh[i].sh_link];
      if (sh[i].sh_offset + sh[i].sh_size > size || strtab.sh_offset + strtab.sh_size > size) continue;
      const auto* syms = reinterpret_cast<const Elf64_Sym*>(bytes + sh[i].sh_offset);
      const std::size_t count = sh[i].sh_size / sizeof(Elf64_Sym);
      for (std::size_t k = 0; k < count; ++k) {
        if (ELF64_ST_TYPE(syms[k].st_info) != STT_FUNC || syms[k].st_name >= strtab.sh_size) continue;
        if (target >= syms[k].st_value && target < syms[k].st_value + syms[k].st_size) {
          name = demangle(reinterpret_cast<const char*>(bytes + strtab.sh_offset + syms[k].st_name));
          start = syms[k].st_value + (eh->e_type == ET_DYN ? reinterpret_cast<std::uintptr_t>(fbase) : 0);
          break;
        }
      }
    }
  }
  ::munmap(map, size);
  return name;
}

std::string describe_address(const void* addr) {
  char buf[64];
  Dl_info info{};
  if (addr && ::dladdr(addr, &info) != 0) {
    std::string s;
    const void* base = info.dli_fbase;
    if (info.dli_sname) {
      s = demangle(info.dli_sname);
      base = info.dli_saddr;
    } else {
      std::uintptr_t start = 0;
      if (info.dli_fname) s = symtab_lookup(info.dli_fname, info.dli_fbase, addr, start);
      if (s.empty()) {
        s = "??";
      } else {
        base = reinterpret_cast<const void*>(start);
      }
    }
    std::snprintf(buf, sizeof buf, "+0x%zx", static_cast<std::size_t>(static_cast<const char*>(addr) -
                                                                          static_cast<const char*>(base)));
    s += buf;
    s += " (";
    s += info.dli_fname ? info.dli_fname : "??";
    std::snprintf(buf, sizeof buf, "+0x%zx)", static_cast<std::size_t>(static_cast<const char*>(addr) -
                                                                           static_cast<const char*>(info.dli_fbase)));
    s += buf;
    return s;
  }
  std::snprintf(buf, sizeof buf, "%p", addr);
  return buf;
}

}  // namespace

std::chrono::milliseconds stall_watchdog::threshold_from_env() noexcept {
  if (const char* env = std::getenv("UNBLOCK_STALL_MS")) {
    const long ms = std::strtol(env, nullptr, 10);
    if (ms > 0) return std::chrono::milliseconds(ms);
  }
  return std::chrono::milliseconds(0);
}

stall_watchdog::stall_watchdog(std::chrono::milliseconds threshold, bool backtrace)
    : threshold_(threshold), backtrace_(backtrace), loop_tid_(static_cast<::pid_t>(::syscall(SYS_gettid))) {
  if (backtrace_) {
    void* warm[2];
    ::backtrace(warm, 2);  // loads the unwinder now, not inside the signal handler
    install_capture_signal();
  }
  thread_ = std::thread([this] { watch(); });
}

stall_watchdog::~stall_watchdog() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void stall_watchdog::step_begin(void* frame) noexcept {
  // Both GCC and Clang put the resume function pointer first in the frame.
  void* resume_fn = frame ? *static_cast<void**>(frame) : nullptr;
  frame_.store(frame, std::memory_order_relaxed);
  resume_fn_.store(resume_fn, std::memory_order_relaxed);
  step_start_ns_.store(now_ns(), std::memory_order_release);
}

void stall_watchdog::watch() {
  ::pthread_setname_np(::pthread_self(), "unblock-watch");
  const auto interval = std::clamp(threshold_ / 4, std::chrono::milliseconds(1), std::chrono::milliseconds(100));
  std::int64_t reported_step = 0;
  std::int64_t last_report = 0;
  std::unique_lock lock(mutex_);
  while (!cv_.wait_for(lock, interval, [this] { return stop_; })) {
    const std::int64_t start = step_start_ns_.load(std::memory_order_acquire);
    if (start == 0 || start == reported_step) continue;
    void* frame = frame_.load(std::memory_order_relaxed);
    void* resume_fn = resume_fn_.load(std::memory_order_relaxed);
    if (step_start_ns_.load(std::memory_order_acquire) != start) continue;  // a new step began meanwhile
    const std::int64_t now = now_ns();
    const std::int64_t blocked = now - start;
    if (blocked < std::chrono::nanoseconds(threshold_).count()) continue;
    if (last_report != 0 && now - last_report < 1'000'000'000) continue;  // at most one report per second
    reported_step = start;
    last_report = now;
    lock.unlock();
    report(blocked, frame, resume_fn);
    lock.lock();
  }
}

void stall_watchdog::report(std::int64_t blocked_ns, void* frame, void* resume_fn) {
  char line[256];
  std::string msg;
  std::snprintf(line, sizeof line,
                "unblock: stall: the event loop (thread %d) has been blocked for %lld ms in one resume step "
                "(threshold %lld ms)\n",
                static_cast<int>(loop_tid_), static_cast<long long>(blocked_ns / 1'000'000),
                static_cast<long long>(threshold_.count()));
  msg += line;
  std::snprintf(line, sizeof line, "unblock:   coroutine frame %p, resumed at ", frame);
  msg += line;
  msg += describe_address(resume_fn);
  msg += '\n';

  if (backtrace_ && install_capture_signal() != 0) {
    std::lock_guard capture(g_capture_mutex);
    g_frame_count.store(-1, std::memory_order_relaxed);
    if (::syscall(SYS_tgkill, ::getpid(), loop_tid_, install_capture_signal()) == 0) {
      int n = -1;
      for (int i = 0; i < 200 && (n = g_frame_count.load(std::memory_order_acquire)) < 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      if (n > 0) {
        msg += "unblock:   loop thread backtrace:\n";
        // Frames 0-1 are the signal handler and the signal trampoline.
        for (int i = 2; i < n; ++i) {
          std::snprintf(line, sizeof line, "unblock:     #%d ", i - 2);
          msg += line;
          msg += describe_address(g_frames[i]);
          msg += '\n';
        }
      }
    }
  }
  std::size_t off = 0;
  while (off < msg.size()) {
    const ::ssize_t w = ::write(STDERR_FILENO, msg.data() + off, msg.size() - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    off += static_cast<std::size_t>(w);
  }
}

}  // namespace unblock::detail
