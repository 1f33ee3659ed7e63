#!/usr/bin/env python3
"""Writes the project-mode benchmark: N translation units (default 20) with
a compile_commands.json, each a realistic coroutine source that includes
common standard headers and has one blocking call to report.

usage: make-project.py DEST [N]
"""
import json
import os
import sys

TASK_H = """#pragma once
#include <coroutine>
#include <exception>
namespace bench {
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
} // namespace bench
"""

UNIT = """#include "task.h"
#include <algorithm>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace bench {{
struct registry{n} {{
  std::map<std::string, std::vector<int>> byName;
  std::unordered_map<int, std::string> byId;
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

task poll{n}(registry{n} &r) {{
  co_await task{{}};
  std::this_thread::sleep_for(std::chrono::milliseconds({n}));
  (void)r.total();
}}

int compute{n}() {{
  auto f = std::async(std::launch::deferred, [] {{ return {n}; }});
  return f.get();
}}
}} // namespace bench
"""


def main():
    dest = os.path.abspath(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    os.makedirs(os.path.join(dest, "src"), exist_ok=True)
    os.makedirs(os.path.join(dest, "build"), exist_ok=True)
    with open(os.path.join(dest, "src", "task.h"), "w") as f:
        f.write(TASK_H)
    commands = []
    for n in range(count):
        path = os.path.join(dest, "src", "unit%02d.cpp" % n)
        with open(path, "w") as f:
            f.write(UNIT.format(n=n))
        commands.append({
            "directory": os.path.join(dest, "build"),
            "file": path,
            "arguments": ["clang++", "-std=c++20", "-O2", "-c", path],
        })
    with open(os.path.join(dest, "build", "compile_commands.json"), "w") as f:
        json.dump(commands, f, indent=1)


if __name__ == "__main__":
    main()
