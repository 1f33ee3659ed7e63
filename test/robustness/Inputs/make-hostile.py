#!/usr/bin/env python3
"""Writes the large or binary hostile inputs at test time, so that no huge
or non-UTF-8 file is committed.

usage: make-hostile.py KIND N DEST

KIND:
  huge       one coroutine of N statements (calls, co_awaits, a lock guard
             across one co_await, and a blocking call every 10,000
             statements), plus a plain function of N statements
  chain      N helpers each calling the next, the last one sleeping, called
             from a coroutine (coro-blocking-indirect walks the whole chain)
  recursion  N functions calling each other in a cycle, one of them
             sleeping, called from a coroutine
  lambdas    N immediately invoked lambdas nested in a coroutine, the
             innermost sleeping
  templates  a coroutine template that awaits itself N levels deep
  nonutf8    a coroutine with bytes that are not UTF-8 in comments, string
             and character literals, a raw string and a macro (N is unused)
  empty      an empty file (N is unused)
"""
import sys

PRELUDE = """#include <coroutine>
#include <exception>

extern "C" unsigned sleep(unsigned);

struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

struct pause {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
"""


def huge(n):
    out = [PRELUDE, "#include <mutex>\n\nstd::mutex m;\n",
           "int step(int x) { return x * 3 + 1; }\n\n",
           "task huge_coroutine(int x) {\n"]
    for i in range(n):
        if i % 10000 == 5000:
            out.append("  sleep(%d);\n" % (i % 7))
        elif i == n // 2 + 1:
            out.append("  {\n    std::lock_guard<std::mutex> g(m);\n"
                       "    co_await pause{};\n  }\n")
        elif i % 100 == 0:
            out.append("  co_await pause{};\n")
        elif i % 3 == 0:
            out.append("  if (x > %d) x -= step(%d);\n" % (i, i))
        else:
            out.append("  x += step(x + %d);\n" % i)
    out.append("}\n\nint huge_function(int x) {\n")
    for i in range(n):
        out.append("  x ^= step(x + %d);\n" % i)
    out.append("  return x;\n}\n")
    return "".join(out)


def chain(n):
    out = [PRELUDE, "\nvoid helper_%d() { sleep(1); }\n" % (n - 1)]
    for i in range(n - 2, -1, -1):
        out.append("void helper_%d() { helper_%d(); }\n" % (i, i + 1))
    out.append("\ntask calls_the_chain() {\n  helper_0();\n"
               "  co_return;\n}\n")
    return "".join(out)


def recursion(n):
    out = [PRELUDE, "\n"]
    for i in range(n):
        out.append("void cycle_%d(int depth);\n" % i)
    for i in range(n):
        body = "  if (depth > 0) cycle_%d(depth - 1);\n" % ((i + 1) % n)
        if i == n // 2:
            body += "  sleep(1);\n"
        out.append("void cycle_%d(int depth) {\n%s}\n" % (i, body))
    out.append("\ntask enters_the_cycle() {\n  cycle_0(3);\n"
               "  co_return;\n}\n")
    return "".join(out)


def lambdas(n):
    out = [PRELUDE, "\ntask nested_lambdas() {\n  int x = 0;\n"]
    for i in range(n):
        out.append("  " * (i + 1) + "[&] {\n")
    out.append("  " * (n + 1) + "sleep(1);\n")
    for i in range(n - 1, -1, -1):
        out.append("  " * (i + 1) + "}();\n")
    out.append("  co_return;\n}\n")
    return "".join(out)


def templates(n):
    return PRELUDE + """
template <int N> struct deep {
  static task run() {
    co_await deep<N - 1>::run();
  }
};
template <> struct deep<0> {
  static task run() {
    sleep(1);
    co_return;
  }
};

task top() { co_await deep<%d>::run(); }
""" % n


def nonutf8(_):
    return (PRELUDE.encode() + b"""
// A comment with Latin-1 bytes: caf\xe9, na\xefve, and a stray \xff\xfe.
/* A block comment with an overlong encoding \xc0\xaf and a lone \x80. */
#define LABEL "tag\xe9"

task bytes_everywhere() {
  const char *s = "latin-1 \xe9t\xe9 and \xff";
  const char *r = R"(raw \xfe\xff bytes)";
  char c = '\xe9';
  (void)s; (void)r; (void)c; (void)LABEL;
  sleep(1);
  co_return;
}
""")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    kind, n, dest = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    makers = {"huge": huge, "chain": chain, "recursion": recursion,
              "lambdas": lambdas, "templates": templates, "nonutf8": nonutf8,
              "empty": lambda _: ""}
    if kind not in makers:
        sys.exit("make-hostile.py: unknown kind '%s'\n%s" % (kind, __doc__))
    text = makers[kind](n)
    with open(dest, "wb") as f:
        f.write(text if isinstance(text, bytes) else text.encode())


if __name__ == "__main__":
    main()
