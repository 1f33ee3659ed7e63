#pragma once
// The load client of every echo scenario, the same for all servers: `conns`
// TCP connections to a loopback echo server; each sends a 64-byte message,
// waits for all of it to come back, sends the next, until `secs` have passed.
//
// It runs on its own thread, on the same (2-core) machine as the server, so
// it must cost less per round trip than the servers it measures or it caps
// them all at its own speed. It therefore measures, over the timed window,
// its own CPU time, the server thread's, the whole process's and the whole
// machine's, and the tables print them beside the round-trip rates.

#include <netinet/in.h>
#include <time.h>

namespace bench {

inline constexpr unsigned long msg_size = 64;

enum class client_kind {
  // One multishot recv per connection (provided buffers) and sends with no
  // completion: a batch of round trips costs one io_uring_enter.
  io_uring,
  // epoll_wait, then recv and send per ready connection.
  epoll,
};

/// io_uring when this build has liburing and the kernel allows a ring,
/// unless the environment says UNBLOCK_BENCH_CLIENT=epoll.
client_kind chosen_client();
const char* describe(client_kind kind);

struct load_result {
  long trips = 0;            // completed round trips in the window
  double wall_s = 0;         // the window
  double client_cpu_s = 0;   // CPU time of the client thread
  double server_cpu_s = 0;   // CPU time of the thread behind `server_cpu_clock`
  double process_cpu_s = 0;  // CPU time of the whole process
  double machine_cpu_s = 0;  // busy time of all CPUs, steal included (/proc/stat): other load shows here
};

/// Connects `conns` sockets to `server`, runs the load for `secs` and shuts
/// every connection down (the server sees end of stream on each).
/// `server_cpu_clock`: pthread_getcpuclockid() of the server's loop thread.
/// `busy_poll`: never sleep waiting for replies (poll for completions or
/// readiness in a loop), so that the client's own wake-up is not part of
/// each round trip; it then takes a whole core.
load_result run_load_client(const sockaddr_in& server, int conns, double secs, clockid_t server_cpu_clock,
                            bool busy_poll);

}  // namespace bench
