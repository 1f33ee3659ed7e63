// poll_loop sleeps two calls down: coro-blocking-indirect reports the call.
#include <unblock/unblock.hpp>

#include <unistd.h>

void backoff() { usleep(1000); }

void retry_with_backoff(int attempts) {
  for (int i = 0; i < attempts; ++i)
    backoff();
}

unblock::task<int> poll_loop() {
  retry_with_backoff(3);
  co_return 0;
}

int main() { return unblock::run(poll_loop()); }
