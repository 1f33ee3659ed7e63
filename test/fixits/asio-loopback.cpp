// Round trip of the asio profile on a loopback exchange
// (Inputs/loopback.cpp). The profile comes from the coroutines' type
// (Runtime: auto); calls with no Asio form go to the thread pool named by
// OffloadExecutor. Both programs print the same transcript; the fixed one
// has no blocking call left. The exchange is sequential, so the two take
// about as long (no speed-up is asked for).
//
// REQUIRES: asio
// RUN: %roundtrip --max-ratio=100 --cxxflags=-DASIO_HAS_CO_AWAIT --config="{CheckOptions: {OffloadExecutor: 'blocking.get_executor()'}}" %S/Inputs/loopback.cpp %t | FileCheck %s
// CHECK-LABEL: === fixed source
// CHECK: tcp::socket peer = co_await acceptor.async_accept(aux.get_executor(), asio::use_awaitable);
// CHECK: std::size_t n = co_await peer.async_read_some(net::buffer(buf, 5), asio::use_awaitable);
// CHECK: co_await peer.async_write_some(net::buffer(buf, n), asio::redirect_error(asio::use_awaitable, ec));
// CHECK: co_await net::async_read_until(peer, net::dynamic_buffer(line), '\n', asio::use_awaitable);
// CHECK: co_await net::async_connect(sock, co_await resolver.async_resolve("127.0.0.1", port, asio::use_awaitable), asio::use_awaitable);
// CHECK: co_await asio::co_spawn(blocking.get_executor(), [&]() -> asio::awaitable<int> { co_return std::async(std::launch::async, [] { return 40; }).get(); }, asio::use_awaitable)
// CHECK-LABEL: === recheck: no blocking calls

// CHECK-LABEL: === before output
// CHECK-NEXT: client echo: hello
// CHECK-NEXT: client got 3 back
// CHECK-NEXT: client final: done
// CHECK-NEXT: client udp echo: datagram
// CHECK-NEXT: server read 5: hello
// CHECK-NEXT: server line: a line
// CHECK-NEXT: server future read 4
// CHECK-NEXT: server echoed 8 bytes over udp
// CHECK-NEXT: result 42
// CHECK-LABEL: === after output
// CHECK-NEXT: client echo: hello
// CHECK-NEXT: client got 3 back
// CHECK-NEXT: client final: done
// CHECK-NEXT: client udp echo: datagram
// CHECK-NEXT: server read 5: hello
// CHECK-NEXT: server line: a line
// CHECK-NEXT: server future read 4
// CHECK-NEXT: server echoed 8 bytes over udp
// CHECK-NEXT: result 42
