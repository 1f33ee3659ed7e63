#include "task.h"
#include <unistd.h>

// Sleeping outside a coroutine is fine.
void wait_a_bit() { sleep(1); }
app::task idle() { co_return; }
