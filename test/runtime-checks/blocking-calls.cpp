// unblock::runtime_checked reports each blocking call a coroutine makes on
// the loop, with the coroutine's frame in the stack; the step's resume by
// the event loop is below it.
// REQUIRES: runtime-checked
// RUN: %clangxx -std=c++20 -O1 -g -fsanitize=realtime -I%runtime_include %s %runtime_checked_lib -o %t
//
// Abort on the first report (RealtimeSanitizer's default):
// RUN: not %t usleep 2> %t.usleep
// RUN: FileCheck --check-prefix=USLEEP %s < %t.usleep
// USLEEP: ERROR: RealtimeSanitizer: unsafe-library-call
// USLEEP-NEXT: Intercepted call to real-time unsafe function `usleep` in real-time context!
// USLEEP: in calls_usleep() (.resume) {{.*}}blocking-calls.cpp:{{[0-9]+}}
// USLEEP-NEXT: in unblock::resume_checked(
// USLEEP-NOT: step done
//
// Report and continue (halt_on_error=0), with the shipped suppressions:
// RUN: env RTSAN_OPTIONS=halt_on_error=0:suppressions=%rtsan_supp %t sleep_for 2>&1 | FileCheck --check-prefix=SLEEP %s
// SLEEP: Intercepted call to real-time unsafe function `nanosleep`
// SLEEP: in void std::this_thread::sleep_for
// SLEEP: in calls_sleep_for() (.resume) {{.*}}blocking-calls.cpp:{{[0-9]+}}
// SLEEP: in unblock::resume_checked(
// SLEEP: step done
// RUN: env RTSAN_OPTIONS=halt_on_error=0:suppressions=%rtsan_supp %t recv 2>&1 | FileCheck --check-prefix=RECV %s
// RECV: Intercepted call to real-time unsafe function `recv`
// RECV: in calls_recv(int) (.resume) {{.*}}blocking-calls.cpp:{{[0-9]+}}
// RECV: step done
// RUN: env RTSAN_OPTIONS=halt_on_error=0:suppressions=%rtsan_supp %t mutex 2>&1 | FileCheck --check-prefix=MUTEX %s
// MUTEX: Intercepted call to real-time unsafe function `pthread_mutex_lock`
// MUTEX: in std::mutex::lock()
// MUTEX: in locks_mutex(std::mutex&) (.resume) {{.*}}blocking-calls.cpp:{{[0-9]+}}
// MUTEX-NOT: pthread_mutex_unlock
// MUTEX: step done
// RUN: env RTSAN_OPTIONS=halt_on_error=0:suppressions=%rtsan_supp %t future 2>&1 | FileCheck --check-prefix=FUTURE %s
// FUTURE: Intercepted call to real-time unsafe function `syscall`
// FUTURE: in std::future<int>::get()
// FUTURE: in waits_for_future(std::future<int>&) (.resume) {{.*}}blocking-calls.cpp:{{[0-9]+}}
// FUTURE: step done

#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <future>
#include <mutex>
#include <thread>
#include <unblock/unblock.hpp>

unblock::task<void> calls_usleep() { usleep(1000); co_return; }
unblock::task<void> calls_sleep_for() { std::this_thread::sleep_for(std::chrono::milliseconds(1)); co_return; }
unblock::task<void> calls_recv(int fd) { char c; (void)recv(fd, &c, 1, 0); co_return; }
unblock::task<void> locks_mutex(std::mutex& m) { std::lock_guard guard(m); co_return; }
unblock::task<int> waits_for_future(std::future<int>& f) { co_return f.get(); }

int main(int argc, char** argv) {
  const char* what = argc > 1 ? argv[1] : "";
  if (!std::strcmp(what, "usleep")) {
    unblock::run(calls_usleep());
  } else if (!std::strcmp(what, "sleep_for")) {
    unblock::run(calls_sleep_for());
  } else if (!std::strcmp(what, "recv")) {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0 || write(sv[1], "x", 1) != 1) return 2;
    unblock::run(calls_recv(sv[0]));
  } else if (!std::strcmp(what, "mutex")) {
    // Another thread holds the mutex for a while: the coroutine waits for it.
    std::mutex m;
    std::atomic<bool> held{false};
    std::thread holder([&] {
      std::lock_guard guard(m);
      held = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    });
    while (!held) std::this_thread::yield();
    unblock::run(locks_mutex(m));
    holder.join();
  } else if (!std::strcmp(what, "future")) {
    std::promise<int> p;
    std::future<int> f = p.get_future();
    std::thread setter([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      p.set_value(1);
    });
    unblock::run(waits_for_future(f));
    setter.join();
  } else {
    return 2;
  }
  std::puts("step done");
}
