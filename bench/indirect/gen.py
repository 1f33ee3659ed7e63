#!/usr/bin/env python3
"""Generates inputs for the coro-blocking-indirect benchmarks.

  gen.py tu COROUTINES OUT.cpp
      one translation unit with COROUTINES coroutines, each calling helpers
      that form chains of depth 1 to 5 (one chain in ten ends in a sleep)
  gen.py functions COUNT OUT.cpp
      one translation unit with COUNT functions, all on chains that reach a
      function of another translation unit (every one is in its summary)
  gen.py project TUS DIR
      a project of TUS translation units calling each other, with
      compile_commands.json; one translation unit in ten has a coroutine
      that blocks only through a function of another one
"""
import json
import os
import sys

PRELUDE = """\
#include <chrono>
#include <coroutine>
#include <exception>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>
#include <unistd.h>

namespace bench {
struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};
struct ready {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
} // namespace bench
"""


def tu(coroutines, out):
    lines = [PRELUDE]
    helpers = coroutines * 3
    # Chains: helper k calls helper k+1 unless k % 5 == 4 (chain end); the
    # end of one chain in ten sleeps.
    for k in reversed(range(helpers)):
        body = []
        if k % 5 != 4:
            body.append("  h%d(s + \"1\");" % (k + 1))
        elif (k // 5) % 10 == 0:
            body.append("  usleep(1);")
        body.append("  std::string t = s + \"x\";")
        body.append("  return static_cast<int>(t.size()) + %d;" % (k % 7))
        lines.append("static int h%d(std::string s) {\n%s\n}" %
                     (k, "\n".join(body)))
        # h%d takes a string: forward declarations are not needed since
        # helpers are emitted from the deepest up.
    for c in range(coroutines):
        lines.append("""bench::task coro%d(std::vector<int> v) {
  int sum = 0;
  for (int x : v)
    sum += x;
  sum += h%d("a");
  co_await bench::ready{};
  sum += h%d("b") + h%d("c");
  std::map<int, std::string> m{{sum, "s"}};
  co_return;
}""" % (c, (3 * c) % helpers, (3 * c + 1) % helpers, (3 * c + 2) % helpers))
    lines.append("int main() { return 0; }")
    with open(out, "w") as f:
        f.write("\n\n".join(lines) + "\n")


def functions(count, out):
    lines = [PRELUDE, "int remote(int);"]
    for k in reversed(range(count)):
        callee = "f%d(x + 1)" % (k + 1) if k + 1 < count else "remote(x)"
        lines.append("int f%d(int x) { return x > 100 ? x : %s; }" % (k, callee))
    with open(out, "w") as f:
        f.write("\n\n".join(lines) + "\n")


def project(tus, root):
    os.makedirs(root, exist_ok=True)
    commands = []
    for i in range(tus):
        nxt = (i + 1) % tus
        affected = i % 10 == 0
        body = [PRELUDE]
        body.append("int api%d(int x);" % nxt)
        body.append("int slow%d(int x);" % nxt)
        # The functions this file offers: api<i> does not block, slow<i>
        # does (it sleeps through two local helpers).
        body.append("static int leaf%d(int x) { usleep(1); return x; }" % i)
        body.append("static int mid%d(int x) { return leaf%d(x) + 1; }" % (i, i))
        body.append("int slow%d(int x) { return mid%d(x) + 1; }" % (i, i))
        body.append("int api%d(int x) { return x > 0 ? api%d(x - 1) : 0; }" %
                    (i, nxt))
        for k in range(40):
            body.append("""static int work%d_%d(std::string s) {
  std::vector<std::string> v{s, s + "a"};
  return static_cast<int>(v.size()) + api%d(%d);
}""" % (i, k, nxt, k))
        for c in range(10):
            call = ("slow%d(%d)" % (nxt, c)) if affected and c == 0 else \
                   ("work%d_%d(\"q\")" % (i, c))
            body.append("""bench::task coro%d_%d() {
  int r = %s;
  co_await bench::ready{};
  r += work%d_%d("r");
  (void)r;
  co_return;
}""" % (i, c, call, i, (c + 1) % 40))
        if i == 0:
            body.append("int main() { return 0; }")
        name = "tu%03d.cpp" % i
        with open(os.path.join(root, name), "w") as f:
            f.write("\n\n".join(body) + "\n")
        commands.append({"directory": os.path.abspath(root),
                         "file": os.path.abspath(os.path.join(root, name)),
                         "arguments": ["clang++", "-std=c++20", "-c", name]})
    with open(os.path.join(root, "compile_commands.json"), "w") as f:
        json.dump(commands, f, indent=1)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    mode, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    {"tu": tu, "functions": functions, "project": project}[mode](n, out)


if __name__ == "__main__":
    main()
