// read_at / write_at: positioned file I/O (io_uring submissions, or the
// blocking pool on epoll). The same results on both backends.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include "co_expect.hpp"
#include "unblock/check_blocking.hpp"
#include "unblock/errors.hpp"
#include "unblock/io.hpp"
#include "unblock/run.hpp"
#include "unblock/timeout.hpp"
#include "unblock/when_all.hpp"

using namespace std::chrono_literals;

namespace {

// A generous bound for waits that must end on their own (never a timing
// assertion: exceeding it means the test hung).
constexpr auto hang_guard = 30s;

// An unlinked temporary file, open for reading and writing, closed at the end.
class temp_file {
 public:
  temp_file() {
    const char* dir = std::getenv("TMPDIR");
    std::string path = std::string(dir && *dir ? dir : "/tmp") + "/unblock-file-io-test-XXXXXX";
    const unblock::allow_blocking scaffolding;  // the test's own file (checked runs)
    fd_ = ::mkstemp(path.data());
    if (fd_ < 0) throw std::runtime_error("mkstemp: " + std::string(std::strerror(errno)));
    ::unlink(path.c_str());
  }
  ~temp_file() { ::close(fd_); }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
  int fd() const { return fd_; }
  off_t size() const {
    const unblock::allow_blocking scaffolding;  // the test's own file (checked runs)
    struct stat st{};
    if (::fstat(fd_, &st) != 0) return -1;
    return st.st_size;
  }

 private:
  int fd_ = -1;
};

std::string result_text(ssize_t n, int e) { return "<" + std::to_string(n) + " " + std::to_string(e) + ">"; }

// One read_at: the bytes, or "<n errno>" for a failure.
unblock::task<std::string> read_text(int fd, std::size_t count, off_t offset) {
  std::string buf(count, '\0');
  const ssize_t n = co_await unblock::read_at(fd, buf.data(), count, offset);
  if (n < 0) co_return result_text(n, errno);
  buf.resize(static_cast<std::size_t>(n));
  co_return buf;
}

unblock::task<std::string> write_text(int fd, std::string text, off_t offset) {
  const ssize_t n = co_await unblock::write_at(fd, text.data(), text.size(), offset);
  co_return result_text(n, n < 0 ? errno : 0);
}

// ---- 1. round trip; the file offset never moves ---------------------------------------

unblock::task<void> round_trip(const temp_file& f) {
  CO_EXPECT_EQ(co_await write_text(f.fd(), "hello, positioned world", 0), result_text(23, 0));
  CO_EXPECT_EQ(co_await write_text(f.fd(), "tail", 100), result_text(4, 0));  // leaves a hole
  CO_EXPECT_EQ(co_await write_text(f.fd(), "HELLO", 0), result_text(5, 0));  // overwrites in place
  CO_EXPECT_EQ(f.size(), 104);
  CO_EXPECT_EQ(co_await read_text(f.fd(), 23, 0), "HELLO, positioned world");
  CO_EXPECT_EQ(co_await read_text(f.fd(), 10, 7), "positioned");
  CO_EXPECT_EQ(co_await read_text(f.fd(), 4, 100), "tail");
  CO_EXPECT_EQ(co_await read_text(f.fd(), 5, 30), std::string(5, '\0'));  // the hole reads as zeros
  CO_EXPECT_EQ(co_await read_text(f.fd(), 0, 0), "");
  CO_EXPECT_EQ(::lseek(f.fd(), 0, SEEK_CUR), 0);
}

TEST(FileIo, WriteAtThenReadAtRoundTripsAndLeavesTheOffset) {
  temp_file f;
  unblock::run(round_trip(f));
  EXPECT_EQ(::lseek(f.fd(), 0, SEEK_CUR), 0);
  // What was written is what the kernel holds.
  char buf[24] = {};
  EXPECT_EQ(::pread(f.fd(), buf, 23, 0), 23);
  EXPECT_STREQ(buf, "HELLO, positioned world");
}

TEST(FileIo, ReadAtSeesBytesWrittenOutsideTheLoop) {
  temp_file f;
  const std::string text = "written with pwrite";
  ASSERT_EQ(::pwrite(f.fd(), text.data(), text.size(), 3), static_cast<ssize_t>(text.size()));
  ASSERT_EQ(::lseek(f.fd(), 2, SEEK_SET), 2);
  EXPECT_EQ(unblock::run(read_text(f.fd(), text.size(), 3)), text);
  EXPECT_EQ(::lseek(f.fd(), 0, SEEK_CUR), 2);  // a non-zero offset is left alone too
}

// ---- 2. end of file ----------------------------------------------------------------------

unblock::task<void> end_of_file(const temp_file& f) {
  CO_EXPECT_EQ(co_await read_text(f.fd(), 16, 0), "");  // empty file
  CO_EXPECT_EQ(co_await write_text(f.fd(), std::string(111, 'e'), 0), result_text(111, 0));
  CO_EXPECT_EQ(co_await read_text(f.fd(), 64, 111), "");       // at the end
  CO_EXPECT_EQ(co_await read_text(f.fd(), 64, 1 << 20), "");   // far past it
  CO_EXPECT_EQ(co_await read_text(f.fd(), 64, 100), std::string(11, 'e'));  // the rest
  CO_EXPECT_EQ(co_await read_text(f.fd(), 111, 0), std::string(111, 'e'));
}

TEST(FileIo, ReadingPastTheEndGivesZeroAndPartialReadsTheRest) {
  temp_file f;
  unblock::run(end_of_file(f));
}

// ---- 3. errors -----------------------------------------------------------------------------

unblock::task<std::string> read_error(int fd, off_t offset) {
  char buf[8];
  const ssize_t n = co_await unblock::read_at(fd, buf, sizeof buf, offset);
  co_return result_text(n, n < 0 ? errno : 0);
}

unblock::task<std::string> write_error(int fd, off_t offset) {
  const ssize_t n = co_await unblock::write_at(fd, "data", 4, offset);
  co_return result_text(n, n < 0 ? errno : 0);
}

// `work`'s result, or "timed out" when `d` passes first.
unblock::task<std::string> or_timed_out(std::chrono::seconds d, unblock::task<std::string> work) {
  try {
    co_return co_await unblock::timeout(d, std::move(work));
  } catch (const unblock::timed_out&) {
  }
  co_return "timed out";
}

TEST(FileIo, ANegativeOffsetGivesEinval) {
  temp_file f;
  auto body = [&]() -> unblock::task<void> {
    CO_EXPECT_EQ(co_await read_error(f.fd(), -1), result_text(-1, EINVAL));
    CO_EXPECT_EQ(co_await write_error(f.fd(), -4096), result_text(-1, EINVAL));
  };
  unblock::run(body());
  EXPECT_EQ(f.size(), 0);  // the rejected write wrote nothing
}

TEST(FileIo, BadDescriptorsGiveEbadf) {
  temp_file f;
  // A descriptor number that is not open (high, so that nothing opened
  // meanwhile, such as the loop's own descriptors, takes it).
  const int closed_fd = ::fcntl(f.fd(), F_DUPFD_CLOEXEC, 900);
  ASSERT_GE(closed_fd, 900);
  ::close(closed_fd);
  // The same file, read-only: not open for writing.
  const int read_only = ::open(("/proc/self/fd/" + std::to_string(f.fd())).c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(read_only, 0);
  auto body = [&]() -> unblock::task<void> {
    CO_EXPECT_EQ(co_await read_error(-1, 0), result_text(-1, EBADF));
    CO_EXPECT_EQ(co_await write_error(-1, 0), result_text(-1, EBADF));
    CO_EXPECT_EQ(co_await read_error(closed_fd, 0), result_text(-1, EBADF));
    CO_EXPECT_EQ(co_await write_error(closed_fd, 0), result_text(-1, EBADF));
    CO_EXPECT_EQ(co_await write_error(read_only, 0), result_text(-1, EBADF));
  };
  unblock::run(body());
  EXPECT_EQ(f.size(), 0);
  ::close(read_only);
}

TEST(FileIo, APipeGivesEspipeAndIsLeftAlone) {
  int p[2];
  ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
  auto body = [&]() -> unblock::task<void> {
    // An empty pipe: an error at once, not a wait for data.
    CO_EXPECT_EQ(co_await or_timed_out(5s, read_error(p[0], 0)), result_text(-1, ESPIPE));
    CO_EXPECT_EQ(co_await or_timed_out(5s, write_error(p[1], 0)), result_text(-1, ESPIPE));
  };
  unblock::run(body());
  // The failed write_at put nothing in the pipe; a byte written now is the
  // next one read.
  ASSERT_EQ(::write(p[1], "z", 1), 1);
  char c = 0;
  EXPECT_EQ(::read(p[0], &c, 1), 1);
  EXPECT_EQ(c, 'z');
  ::close(p[0]);
  ::close(p[1]);
}

// ---- 4. many reads at once ---------------------------------------------------------------

constexpr std::size_t block_size = 64 * 1024;
constexpr std::size_t block_count = 64;  // 4 MiB

char block_byte(std::size_t block, std::size_t i) { return static_cast<char>((block * 37 + i * 7 + i / 251) & 0xff); }

// The number of bytes of block `block` that are wrong (or missing).
unblock::task<std::size_t> check_block(int fd, std::size_t block) {
  std::vector<char> buf(block_size);
  const ssize_t n =
      co_await unblock::read_at(fd, buf.data(), buf.size(), static_cast<off_t>(block * block_size));
  if (n < 0) co_return block_size + 1;
  std::size_t bad = block_size - static_cast<std::size_t>(n);
  for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
    if (buf[i] != block_byte(block, i)) ++bad;
  }
  co_return bad;
}

unblock::task<std::size_t> write_block(int fd, std::size_t block) {
  std::vector<char> buf(block_size);
  for (std::size_t i = 0; i < block_size; ++i) buf[i] = block_byte(block, i);
  std::size_t done = 0;
  while (done < block_size) {
    const ssize_t n = co_await unblock::write_at(fd, buf.data() + done, block_size - done,
                                                 static_cast<off_t>(block * block_size + done));
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  co_return done;
}

unblock::task<void> concurrent_blocks(const temp_file& f) {
  // Written concurrently too, in reverse order.
  std::vector<unblock::task<std::size_t>> writes;
  for (std::size_t b = block_count; b-- > 0;) writes.push_back(write_block(f.fd(), b));
  const std::vector<std::size_t> written = co_await unblock::when_all(std::move(writes));
  CO_EXPECT_EQ(written, std::vector<std::size_t>(block_count, block_size));  // bytes written, per block
  CO_EXPECT_EQ(f.size(), static_cast<off_t>(block_size * block_count));

  std::vector<unblock::task<std::size_t>> reads;
  for (std::size_t b = 0; b < block_count; ++b) reads.push_back(check_block(f.fd(), b));
  const std::vector<std::size_t> bad = co_await unblock::when_all(std::move(reads));
  CO_EXPECT_EQ(bad, std::vector<std::size_t>(block_count, 0));  // wrong bytes, per block

  // And the whole file in one read.
  std::vector<char> all(block_size * block_count + 100);
  const ssize_t n = co_await unblock::read_at(f.fd(), all.data(), all.size(), 0);
  CO_EXPECT_EQ(n, static_cast<ssize_t>(block_size * block_count));
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < block_size * block_count; ++i) {
    if (all[i] != block_byte(i / block_size, i % block_size)) ++wrong;
  }
  CO_EXPECT_EQ(wrong, 0u);
  CO_EXPECT_EQ(::lseek(f.fd(), 0, SEEK_CUR), 0);
}

TEST(FileIo, SixtyFourConcurrentBlockReadsOfAFourMebibyteFile) {
  temp_file f;
  unblock::run(unblock::timeout(hang_guard, concurrent_blocks(f)));
}

// ---- 5. cancellation -------------------------------------------------------------------

unblock::task<void> already_stopped(const temp_file& f) {
  CO_EXPECT_EQ(co_await write_text(f.fd(), "content", 0), result_text(7, 0));
  std::stop_source source;
  source.request_stop();
  char buf[8] = {};
  bool read_cancelled = false;
  try {
    (void)co_await unblock::read_at(f.fd(), buf, sizeof buf, 0, source.get_token());
  } catch (const unblock::operation_cancelled&) {
    read_cancelled = true;
  }
  CO_EXPECT_TRUE(read_cancelled);
  CO_EXPECT_EQ(buf[0], 0);  // nothing was read into the buffer
  bool write_cancelled = false;
  try {
    (void)co_await unblock::write_at(f.fd(), "XXXXXXXXXXXX", 12, 0, source.get_token());
  } catch (const unblock::operation_cancelled&) {
    write_cancelled = true;
  }
  CO_EXPECT_TRUE(write_cancelled);
  CO_EXPECT_EQ(f.size(), 7);  // nothing was written
  CO_EXPECT_EQ(co_await read_text(f.fd(), 16, 0), "content");
}

TEST(FileIo, AnAlreadyStoppedTokenThrowsOperationCancelled) {
  temp_file f;
  unblock::run(already_stopped(f));
}

// The task's inherited token (run_options::stop_token), stopped before
// the read: cancelled too.
unblock::task<bool> inherited_stop(const temp_file& f) {
  try {
    (void)co_await read_text(f.fd(), 9, 0);
  } catch (const unblock::operation_cancelled&) {
    co_return true;
  }
  co_return false;
}

TEST(FileIo, AStoppedInheritedTokenThrowsOperationCancelled) {
  temp_file f;
  ASSERT_EQ(::pwrite(f.fd(), "inherited", 9, 0), 9);
  std::stop_source source;
  source.request_stop();
  unblock::run_options o;
  o.stop_token = source.get_token();
  EXPECT_TRUE(unblock::run(inherited_stop(f), o));
}

// A read that completes inside a timeout passes its result through.
TEST(FileIo, ReadAtInsideATimeoutCompletes) {
  temp_file f;
  ASSERT_EQ(::pwrite(f.fd(), "in time", 7, 0), 7);
  EXPECT_EQ(unblock::run(unblock::timeout(hang_guard, read_text(f.fd(), 7, 0))), "in time");
}

}  // namespace
