#include <coroutine>
#include <unistd.h>

struct no_promise {};

no_promise broken_coroutine() {
  usleep(1);
  co_await std::suspend_always{};
}

struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

task half_written(int fd) {
  usleep(fd
  co_return;
}

task undeclared() {
  sleep_forever(1);
  co_await missing_awaitable();
}
