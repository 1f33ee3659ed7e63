// unblock --fix turns this into the "after" file.
#include <unblock/unblock.hpp>

#include <sys/socket.h>
#include <unistd.h>

// Echoes one message back on a connected socket.
unblock::task<ssize_t> echo_once(int fd) {
  char buf[256];
  ssize_t n = recv(fd, buf, sizeof buf, 0);
  if (n > 0)
    n = send(fd, buf, n, 0);
  co_return n;
}

int main() {
  int sv[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  write(sv[1], "hi", 2);
  ssize_t n = unblock::run(echo_once(sv[0]));
  close(sv[0]);
  close(sv[1]);
  return n == 2 ? 0 : 1;
}
