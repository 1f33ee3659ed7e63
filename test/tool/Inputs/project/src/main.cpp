#include "net/conn.h"
#include "util.h"
#include <chrono>
#include <thread>

app::task serve() {
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  co_await app::reconnect();
}

int main() { return app::parse("1"); }
