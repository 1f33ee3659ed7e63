#pragma once
// Umbrella header of the unblock reference coroutine runtime.

#include "unblock/async_mutex.hpp"
#include "unblock/concepts.hpp"
#include "unblock/errors.hpp"
#include "unblock/event.hpp"
#include "unblock/io.hpp"
#include "unblock/offload.hpp"
#include "unblock/run.hpp"
#include "unblock/run_options.hpp"
#include "unblock/sleep.hpp"
#include "unblock/socket.hpp"
#include "unblock/task.hpp"
#include "unblock/timeout.hpp"
#include "unblock/when_all.hpp"
#include "unblock/when_any.hpp"
