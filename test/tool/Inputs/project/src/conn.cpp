#include "net/conn.h"

app::task drain() {
  co_await app::reconnect();
  usleep(10);
}
