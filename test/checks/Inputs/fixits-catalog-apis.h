// Declarations standing in for the third-party APIs of the catalog, whose
// libraries are not installed here: the catalog matches calls by qualified
// name, so these stand-ins are reported like the real functions. Used by
// the coro-blocking-fixits-catalog-*.cpp tests.
#pragma once

#include <chrono>
#include <cstddef>
#include <sys/time.h>

extern "C" {
// libcurl
typedef struct Curl_easy CURL;
typedef struct Curl_multi CURLM;
int curl_easy_perform(CURL *);
int curl_multi_poll(CURLM *, void *extra_fds, unsigned extra_nfds,
                    int timeout_ms, int *numfds);
int curl_multi_wait(CURLM *, void *extra_fds, unsigned extra_nfds,
                    int timeout_ms, int *numfds);
// libpq
typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
PGconn *PQconnectdb(const char *conninfo);
PGconn *PQconnectdbParams(const char *const *keywords,
                          const char *const *values, int expand_dbname);
PGconn *PQsetdbLogin(const char *host, const char *port, const char *options,
                     const char *tty, const char *db, const char *login,
                     const char *pwd);
void PQreset(PGconn *);
int PQping(const char *conninfo);
int PQpingParams(const char *const *keywords, const char *const *values,
                 int expand_dbname);
PGresult *PQexec(PGconn *, const char *query);
PGresult *PQexecParams(PGconn *, const char *command, int n,
                       const unsigned *types, const char *const *values,
                       const int *lengths, const int *formats, int format);
PGresult *PQexecPrepared(PGconn *, const char *name, int n,
                         const char *const *values, const int *lengths,
                         const int *formats, int format);
PGresult *PQprepare(PGconn *, const char *name, const char *query, int n,
                    const unsigned *types);
PGresult *PQdescribePrepared(PGconn *, const char *name);
PGresult *PQdescribePortal(PGconn *, const char *portal);
PGresult *PQgetResult(PGconn *);
// MySQL client
typedef struct MYSQL MYSQL;
typedef struct MYSQL_RES MYSQL_RES;
typedef struct MYSQL_STMT MYSQL_STMT;
MYSQL *mysql_real_connect(MYSQL *, const char *host, const char *user,
                          const char *passwd, const char *db, unsigned port,
                          const char *unix_socket, unsigned long flags);
int mysql_query(MYSQL *, const char *q);
int mysql_real_query(MYSQL *, const char *q, unsigned long length);
MYSQL_RES *mysql_store_result(MYSQL *);
int mysql_next_result(MYSQL *);
int mysql_ping(MYSQL *);
bool mysql_commit(MYSQL *);
bool mysql_rollback(MYSQL *);
int mysql_select_db(MYSQL *, const char *db);
int mysql_stmt_execute(MYSQL_STMT *);
int mysql_stmt_fetch(MYSQL_STMT *);
// hiredis
typedef struct redisContext redisContext;
redisContext *redisConnect(const char *ip, int port);
redisContext *redisConnectWithTimeout(const char *ip, int port,
                                      const struct timeval tv);
redisContext *redisConnectUnix(const char *path);
void *redisCommand(redisContext *, const char *format, ...);
void *redisCommandArgv(redisContext *, int argc, const char **argv,
                       const size_t *argvlen);
int redisGetReply(redisContext *, void **reply);
// SQLite
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
typedef struct sqlite3_backup sqlite3_backup;
int sqlite3_open(const char *filename, sqlite3 **db);
int sqlite3_open_v2(const char *filename, sqlite3 **db, int flags,
                    const char *vfs);
int sqlite3_exec(sqlite3 *, const char *sql,
                 int (*callback)(void *, int, char **, char **), void *,
                 char **errmsg);
int sqlite3_step(sqlite3_stmt *);
int sqlite3_backup_step(sqlite3_backup *, int pages);
// Windows
void Sleep(unsigned long milliseconds);
// GNU readline; gets(), which C++14 and later headers no longer declare
char *readline(const char *prompt);
char *gets(char *s);
}

// Asio's synchronous operations, standalone and in Boost.
#define FIXITS_ASIO_API                                                        \
  struct io_context {                                                          \
    std::size_t run();                                                         \
    std::size_t run_one();                                                     \
    template <class Rep, class Period>                                         \
    std::size_t run_for(const std::chrono::duration<Rep, Period> &);           \
    template <class Clock, class Duration>                                     \
    std::size_t run_until(const std::chrono::time_point<Clock, Duration> &);   \
  };                                                                           \
  struct mutable_buffer {                                                      \
    void *data;                                                                \
    std::size_t size;                                                          \
  };                                                                           \
  inline mutable_buffer buffer(void *p, std::size_t n) { return {p, n}; }     \
  template <class Protocol, class Executor = int> class basic_socket {        \
  public:                                                                     \
    template <class Endpoint> void connect(const Endpoint &);                 \
    void wait(int);                                                           \
  };                                                                          \
  template <class Protocol, class Executor = int>                             \
  class basic_raw_socket : public basic_socket<Protocol, Executor> {          \
  public:                                                                     \
    template <class B> std::size_t receive(const B &);                        \
    template <class B, class E> std::size_t receive_from(const B &, E &);     \
    template <class B> std::size_t send(const B &);                           \
    template <class B, class E> std::size_t send_to(const B &, const E &);    \
  };                                                                          \
  template <class Protocol, class Executor = int>                             \
  class basic_seq_packet_socket : public basic_socket<Protocol, Executor> {   \
  public:                                                                     \
    template <class B> std::size_t receive(const B &, int &flags);            \
    template <class B> std::size_t send(const B &, int flags);                \
  };                                                                          \
  template <class Executor = int> class basic_serial_port {                   \
  public:                                                                     \
    template <class B> std::size_t read_some(const B &);                      \
    template <class B> std::size_t write_some(const B &);                     \
  };                                                                          \
  namespace posix {                                                           \
  template <class Executor = int> class basic_descriptor {                    \
  public:                                                                     \
    void wait(int);                                                           \
  };                                                                          \
  template <class Executor = int>                                             \
  class basic_stream_descriptor : public basic_descriptor<Executor> {         \
  public:                                                                     \
    template <class B> std::size_t read_some(const B &);                      \
    template <class B> std::size_t write_some(const B &);                     \
  };                                                                          \
  }                                                                           \
  namespace ssl {                                                             \
  template <class Next> class stream {                                        \
  public:                                                                     \
    void handshake(int);                                                      \
    template <class B> std::size_t read_some(const B &);                      \
    template <class B> std::size_t write_some(const B &);                     \
    void shutdown();                                                          \
  };                                                                          \
  }                                                                           \
  template <class Protocol, class Executor = int>                              \
  class basic_stream_socket : public basic_socket<Protocol, Executor> {        \
  public:                                                                      \
    template <class B> std::size_t read_some(const B &);                       \
    template <class B> std::size_t write_some(const B &);                      \
    template <class B> std::size_t receive(const B &);                         \
    template <class B> std::size_t send(const B &);                            \
  };                                                                           \
  template <class Protocol, class Executor = int>                              \
  class basic_datagram_socket : public basic_socket<Protocol, Executor> {      \
  public:                                                                      \
    template <class B> std::size_t receive(const B &);                         \
    template <class B, class E> std::size_t receive_from(const B &, E &);      \
    template <class B> std::size_t send(const B &);                            \
    template <class B, class E> std::size_t send_to(const B &, const E &);     \
  };                                                                           \
  template <class Protocol, class Executor = int>                              \
  class basic_socket_acceptor {                                                \
  public:                                                                      \
    void accept(basic_socket<Protocol, Executor> &);                           \
    void wait(int);                                                           \
  };                                                                           \
  namespace ip {                                                               \
  struct tcp {};                                                               \
  struct udp {};                                                               \
  template <class Protocol, class Executor = int> class basic_resolver {       \
  public:                                                                      \
    int resolve(const char *host, const char *service);                        \
  };                                                                           \
  }                                                                            \
  template <class S, class B> std::size_t read(S &, const B &);                \
  template <class S, class B>                                                  \
  std::size_t read_at(S &, unsigned long long offset, const B &);              \
  template <class S, class B>                                                  \
  std::size_t read_until(S &, B &, const char *delim);                         \
  template <class S, class B> std::size_t write(S &, const B &);               \
  template <class S, class B>                                                  \
  std::size_t write_at(S &, unsigned long long offset, const B &);             \
  template <class S, class E> int connect(S &, const E &endpoints);           \
  struct error_code {};                                                        \
  template <class Clock, class Traits = int, class Executor = int>             \
  class basic_waitable_timer {                                                 \
  public:                                                                      \
    void wait();                                                               \
    void wait(error_code &);                                                   \
    template <class Token> int async_wait(Token &&);                           \
  };                                                                           \
  using steady_timer = basic_waitable_timer<std::chrono::steady_clock>;        \
  template <class Time, class Traits = int, class Executor = int>              \
  class basic_deadline_timer {                                                 \
  public:                                                                      \
    void wait();                                                               \
    template <class Token> int async_wait(Token &&);                           \
  };                                                                           \
  using deadline_timer = basic_deadline_timer<long>;

namespace asio {
FIXITS_ASIO_API
}
namespace boost::asio {
FIXITS_ASIO_API
}

namespace boost::beast {
namespace http {
template <class S, class B, class M> std::size_t read(S &, B &, M &);
template <class S, class M> std::size_t write(S &, const M &);
} // namespace http
namespace websocket {
template <class NextLayer> class stream {
public:
  template <class B> std::size_t read(B &);
  template <class B> std::size_t write(const B &);
  void handshake(const char *host, const char *target);
  void accept();
};
} // namespace websocket
} // namespace boost::beast

namespace grpc {
struct Status {};
struct ClientContext {};
template <class R> class ClientReader {
public:
  bool Read(R *);
  Status Finish();
};
template <class W> class ClientWriter {
public:
  bool Write(const W &);
  bool WritesDone();
  Status Finish();
};
template <class W, class R> class ClientReaderWriter {
public:
  bool Read(R *);
  bool Write(const W &);
  bool WritesDone();
  Status Finish();
};
class CompletionQueue {
public:
  bool Next(void **tag, bool *ok);
};
class Server {
public:
  void Wait();
};
} // namespace grpc

// A generated synchronous gRPC stub: recognised by its shape.
namespace routeguide {
struct Point {};
struct Feature {};
class RouteGuide {
public:
  class Stub {
  public:
    grpc::Status GetFeature(grpc::ClientContext *, const Point &, Feature *);
  };
};
} // namespace routeguide

namespace boost {
namespace this_thread {
template <class Rep, class Period>
void sleep_for(const std::chrono::duration<Rep, Period> &);
template <class Clock, class Duration>
void sleep_until(const std::chrono::time_point<Clock, Duration> &);
template <class TimeDuration> void sleep(const TimeDuration &);
} // namespace this_thread
namespace this_fiber {
template <class Rep, class Period>
void sleep_for(const std::chrono::duration<Rep, Period> &);
}
class thread {
public:
  void join();
};
template <class Mutex> class unique_lock {
public:
  explicit unique_lock(Mutex &);
};
class mutex {};
class condition_variable {
public:
  void wait(unique_lock<mutex> &);
};
template <class T> class unique_future {
public:
  T get();
};
template <class T> class future {
public:
  T get();
};
namespace process {
int system(const char *command);
class child {
public:
  void wait();
};
} // namespace process
namespace cobalt {
template <class T> struct task {};
template <class T> T run(task<T>);
} // namespace cobalt
} // namespace boost

namespace folly {
template <class T> class Future {
public:
  T get() &&;
};
template <class T> class SemiFuture {
public:
  T get() &&;
};
namespace coro {
template <class T> struct Task {};
template <class T> T blockingWait(Task<T>);
} // namespace coro
} // namespace folly

namespace seastar {
template <class T> class future {
public:
  T get();
};
} // namespace seastar

namespace cppcoro {
template <class T> struct task {};
template <class T> T sync_wait(task<T>);
} // namespace cppcoro

namespace async_simple::coro {
template <class T> struct Lazy {};
template <class T> T syncAwait(Lazy<T>);
} // namespace async_simple::coro

// C++20's std::atomic_flag_wait, which libstdc++ 12 does not declare yet.
#include <atomic>
#if defined(_GLIBCXX_RELEASE) && _GLIBCXX_RELEASE < 13
namespace std {
void atomic_flag_wait(const atomic_flag *, bool) noexcept;
}
#endif
