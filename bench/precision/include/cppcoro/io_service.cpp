// The io_service's loop: a blocking epoll_wait when asked to wait for
// events, woken through a non-blocking eventfd.
#include "cppcoro/io_service.hpp"

#include <fcntl.h>
#include <stdexcept>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cppcoro {

io_service::io_service()
    : epoll_fd_(::epoll_create1(EPOLL_CLOEXEC)), wake_fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wake_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
}

io_service::~io_service() {
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

void io_service::post(std::coroutine_handle<> h) {
  {
    std::lock_guard<std::mutex> lk(m_);
    ready_.push_back(h);
  }
  std::uint64_t one = 1;
  ::write(wake_fd_, &one, sizeof one);
}

void io_service::stop() noexcept {
  stopped_ = true;
  std::uint64_t one = 1;
  ::write(wake_fd_, &one, sizeof one);
}

bool io_service::try_process_one_event(bool wait) {
  std::vector<std::coroutine_handle<>> batch;
  {
    std::lock_guard<std::mutex> lk(m_);
    batch.swap(ready_);
  }
  if (batch.empty()) {
    epoll_event ev;
    int n = ::epoll_wait(epoll_fd_, &ev, 1, wait ? -1 : 0);
    if (n <= 0)
      return false;
    std::uint64_t count;
    ::read(wake_fd_, &count, sizeof count);
    return true;
  }
  for (auto h : batch)
    h.resume();
  return true;
}

std::uint64_t io_service::process_events() {
  std::uint64_t n = 0;
  while (!stopped_)
    if (try_process_one_event(true))
      ++n;
  return n;
}

std::uint64_t io_service::process_pending_events() {
  std::uint64_t n = 0;
  while (try_process_one_event(false))
    ++n;
  return n;
}

read_only_file read_only_file::open(io_service &, const std::string &path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw std::runtime_error("open " + path);
  return read_only_file{fd};
}

std::uint64_t read_only_file::size() const {
  struct stat st {};
  ::fstat(fd_, &st);
  return static_cast<std::uint64_t>(st.st_size);
}

} // namespace cppcoro
