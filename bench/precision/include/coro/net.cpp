// Out-of-line members of the networking types (libcoro keeps the TLS
// client's in src/net/tls/client.cpp).
#include "coro/net.hpp"

namespace coro::net::tls {

client::~client() {
  // If the owner did not shut the connection down, block on doing it here.
  if (!shutdown_.load(std::memory_order_acquire))
    coro::sync_wait(shutdown());
}

} // namespace coro::net::tls
