// The scheduler's self pipe, in its own translation unit (libcoro:
// src/detail/pipe.cpp). Both ends are made non-blocking here, where the
// pipe is created; the writes happen through pipe_t::write from inline
// code in scheduler.hpp, in every unit that wakes the loop.
#include "coro/scheduler.hpp"

#include <fcntl.h>
#include <stdexcept>
#include <unistd.h>

namespace coro::detail {

pipe_t::pipe_t() {
  if (::pipe(fds_.data()) != 0)
    throw std::runtime_error("pipe");
  // Set both ends to non-blocking.
  for (const auto &fd : fds_) {
    int flags = ::fcntl(fd, F_GETFL);
    flags |= O_NONBLOCK;
    ::fcntl(fd, F_SETFL, flags);
  }
}

pipe_t::~pipe_t() {
  ::close(fds_[0]);
  ::close(fds_[1]);
}

long pipe_t::write(const void *bytes, std::size_t n) { return ::write(write_fd(), bytes, n); }

long pipe_t::read(void *buf, std::size_t n) { return ::read(read_fd(), buf, n); }

const pipe_t::fd_t &pipe_t::read_fd() const { return fds_[0]; }

const pipe_t::fd_t &pipe_t::write_fd() const { return fds_[1]; }

} // namespace coro::detail
