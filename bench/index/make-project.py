#!/usr/bin/env python3
"""Writes the project-index benchmark: N translation units (default 200)
with a compile_commands.json, each a realistic coroutine source that
includes common standard headers, with one blocking call of its own and one
chain of calls into the next unit.

usage: make-project.py DEST [N]

It writes:
  DEST/src/task.h      a minimal coroutine task type (namespace bench),
                       bench/project's
  DEST/src/helpers.h   declares slow<k>(int) for every unit k; included by
                       every unit
  DEST/src/shared.h    an inline function, shared_scale(int); included by
                       units 0..9 only (the "one header changed" scenario)
  DEST/src/unitNNN.cpp unit n: poll<n>() sleeps in the coroutine itself
                       (coro-blocking-sync, a literal 1000 + n that run.py
                       edits), relay<n>() calls slow<(n+1)%N>(), which is
                       defined in unit (n+1)%N and blocks through a static
                       helper calling usleep (a cross-unit chain of
                       coro-blocking-indirect); slow<n>() is defined here
  DEST/build/compile_commands.json
                       absolute paths, "directory" DEST/build

So each unit has two findings: its own sleep and the chain into the next
unit. run.py relies on the literals "milliseconds(<1000 + n>)" (unit n's
poll) and "x * 3" (shared.h) when it edits the project.
"""
import json
import os
import sys

SHARED_UNITS = 10

def _project_task_header():
    """The task type of bench/project/make-project.py (one definition)."""
    import importlib.util
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                        "project", "make-project.py")
    spec = importlib.util.spec_from_file_location("project_bench", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.TASK_H


TASK_H = _project_task_header()

SHARED_H = """#pragma once
namespace bench {
inline int shared_scale(int x) { return x * 3; }
} // namespace bench
"""

UNIT = """#include "helpers.h"
#include "task.h"
{shared_include}#include <algorithm>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>
#include <unistd.h>

namespace bench {{
struct registry{n} {{
  std::map<std::string, std::vector<int>> byName;
  std::mutex lock;
  int total() {{
    std::lock_guard<std::mutex> g(lock);
    int sum = 0;
    for (auto &[name, values] : byName)
      sum += static_cast<int>(std::count_if(values.begin(), values.end(),
                                            [](int v) {{ return v > {n}; }}));
    return sum;
  }}
}};

// The end of the chain that unit {prev} follows: slow{n} blocks through a
// local helper.
static int pause{n}(int ms) {{
  usleep(static_cast<unsigned>(ms) * 1000u);
  return ms;
}}

int slow{n}(int ms) {{ return pause{n}(ms) + 1; }}

// Blocks directly; run.py changes the duration (not part of any chain).
task poll{n}(registry{n} &r) {{
  co_await task{{}};
  std::this_thread::sleep_for(std::chrono::milliseconds({direct_ms}));
  (void)r.total();
}}

// Blocks through slow{next}, defined in unit {next}.
task relay{n}(int x) {{
  co_await task{{}};
  int r = slow{next}(x + 1);
  (void)r;
}}

int compute{n}() {{
  auto f = std::async(std::launch::deferred, [] {{ return {n}; }});
  return f.get();
}}
{shared_use}}} // namespace bench
"""

SHARED_USE = """
int scaled{n}(int x) {{ return shared_scale(x) + {n}; }}
"""


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    dest = os.path.abspath(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    if count < 1:
        sys.exit("N must be at least 1")
    src = os.path.join(dest, "src")
    build = os.path.join(dest, "build")
    os.makedirs(src, exist_ok=True)
    os.makedirs(build, exist_ok=True)
    with open(os.path.join(src, "task.h"), "w") as f:
        f.write(TASK_H)
    with open(os.path.join(src, "shared.h"), "w") as f:
        f.write(SHARED_H)
    with open(os.path.join(src, "helpers.h"), "w") as f:
        f.write("#pragma once\nnamespace bench {\n")
        for n in range(count):
            f.write("int slow%d(int ms);\n" % n)
        f.write("} // namespace bench\n")
    commands = []
    for n in range(count):
        path = os.path.join(src, "unit%03d.cpp" % n)
        shared = n < SHARED_UNITS
        with open(path, "w") as f:
            f.write(UNIT.format(
                n=n, prev=(n - 1) % count, next=(n + 1) % count,
                direct_ms=1000 + n,
                shared_include='#include "shared.h"\n' if shared else "",
                shared_use=SHARED_USE.format(n=n) if shared else ""))
        commands.append({
            "directory": build,
            "file": path,
            "arguments": ["clang++", "-std=c++20", "-O2", "-I", src,
                          "-c", path, "-o", "unit%03d.o" % n],
        })
    with open(os.path.join(build, "compile_commands.json"), "w") as f:
        json.dump(commands, f, indent=1)


if __name__ == "__main__":
    main()
