#!/usr/bin/env python3
"""The checks benchmark: what the coro-* checks cost next to the compiler and
to stock clang-tidy, on generated coroutine-heavy translation units
(bench/checks/make-tu.py), all measured side by side in one run.

Timed configurations, on the same unit for each N:

  clang++ -fsyntax-only             the compiler alone
  unblock, project mode             unblock -p over a one-unit database
  unblock, one file                 unblock --checks=-*,coro-* FILE --
  clang-tidy + plugin               clang-tidy -load the plugin, all coro-*
  clang-tidy, one trivial check     stock clang-tidy, misc-unused-alias-decls
  clang-tidy, hostile-raii          stock clang-tidy, misc-coroutine-hostile-raii

They run interleaved, round by round, so that a change in machine load hits
all of them alike; each figure is the median over the rounds. Times are CPU
times (user + system of the process and its children, from wait4), which a
loaded machine disturbs less than wall time; wall time is printed too.

Per check: clang-tidy's own check profile (--enable-check-profile) of the
plugin run, at each N, attributes the time spent in each check's matchers
and callbacks. The six coro-blocking-<category> checks share one walk of the
translation unit: the first of them to run pays for it.

With --callgrind-size N, instruction counts (valgrind --tool=callgrind, child
processes traced) of one run of each configuration at that N complement the
times: they do not depend on the load at all. The plugin run's profile is
broken down into the engine's entry points.

usage: run.py --build DIR [--sizes 100,400,1600] [--runs 5]
              [--callgrind-size 400] [--out FILE]

DIR is a Release build of unblock (bin/unblock and
lib/unblock/UnblockTidyModule.so); the compiler and clang-tidy are those of
the LLVM it was built against (read from DIR/CMakeCache.txt). Prints a
Markdown report, also written to FILE with --out. Benchmarks never gate
tests.
"""
import argparse
import glob
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

CHECKS = ["coro-blocking-sleep", "coro-blocking-net", "coro-blocking-file",
          "coro-blocking-sync", "coro-blocking-process",
          "coro-blocking-console", "coro-blocking-indirect", "coro-unawaited",
          "coro-lock-across-suspend"]
# A stock check whose matcher is narrow (namespace aliases): what clang-tidy
# costs with one trivial check enabled.
TRIVIAL_CHECK = "misc-unused-alias-decls"
HOSTILE_RAII = "misc-coroutine-hostile-raii"

CLANG = "clang++ -fsyntax-only"
PROJECT = "unblock, project mode (all coro-*)"
ONE_FILE = "unblock, one file (all coro-*)"
PLUGIN = "clang-tidy + plugin (all coro-*)"
TRIVIAL = "clang-tidy, one trivial check (%s)" % TRIVIAL_CHECK
RAII = "clang-tidy, %s" % HOSTILE_RAII

# Where the plugin's instructions go (callgrind, inclusive counts).
PROFILE_ENTRIES = [
    ("the whole AST matching pass (all checks' matchers and callbacks)",
     "clang::ast_matchers::MatchFinder::matchAST("),
    ("the shared walk and classification (Analysis)",
     "unblock::Analysis::Analysis("),
    ("six category checks: reporting from the shared analysis",
     "unblock::BlockingCallCheck::run("),
    ("coro-blocking-indirect: call graph and chains",
     "unblock::IndirectBlockingCheck::run("),
    ("coro-unawaited: callbacks", "unblock::UnawaitedCheck::check("),
    ("coro-lock-across-suspend: callbacks",
     "unblock::LockAcrossSuspendCheck::check("),
    ("include insertion bookkeeping (six IncludeInserters)",
     "clang::tidy::utils::IncludeSorter::addInclude("),
    ("printing the findings (clang-tidy's handleErrors)",
     "clang::tidy::handleErrors("),
]


def cache_value(build, name):
    with open(os.path.join(build, "CMakeCache.txt")) as f:
        for line in f:
            m = re.match(r"%s:[A-Z]+=(.*)$" % re.escape(name), line.strip())
            if m:
                return m.group(1)
    sys.exit("run.py: %s not found in %s/CMakeCache.txt" % (name, build))


def loadavg():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def machine():
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem = ", %.0f GiB RAM" % (int(line.split()[1]) / 1024 / 1024)
    return "%d cores (%s)%s, Linux %s" % (os.cpu_count(), cpu, mem,
                                         platform.release())


def measure(cmd, cwd):
    """Runs cmd; returns (cpu seconds incl. children, wall seconds, exit)."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime, wall, proc.returncode


def callgrind(cmd, cwd, out_prefix):
    """Instructions executed by cmd and every process it starts, and the
    profile file of the process that executed the most."""
    for old in glob.glob(out_prefix + ".*"):
        os.unlink(old)
    vg = ["valgrind", "--tool=callgrind", "--trace-children=yes",
          "--callgrind-out-file=" + out_prefix + ".%p"]
    subprocess.run(vg + cmd, cwd=cwd, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    total, biggest, biggest_file = 0, -1, None
    for name in glob.glob(out_prefix + ".*"):
        with open(name, errors="replace") as f:
            for line in f:
                if line.startswith("summary:") or line.startswith("totals:"):
                    n = int(line.split()[1])
                    total += n
                    if n > biggest:
                        biggest, biggest_file = n, name
                    break
    return total, biggest_file


def breakdown(profile):
    """Inclusive instruction counts of PROFILE_ENTRIES in a callgrind file."""
    text = subprocess.run(["callgrind_annotate", "--inclusive=yes",
                           "--threshold=100", profile],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          universal_newlines=True).stdout
    found = {}
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+)\s", line)
        if not m:
            continue
        n = int(m.group(1).replace(",", ""))
        for _, fn in PROFILE_ENTRIES:
            # The outermost frame of a recursive function has no "'2".
            if fn in line and "'" not in line.split(fn, 1)[1].split(")")[0]:
                found[fn] = max(found.get(fn, 0), n)
    return found


class Unit:
    def __init__(self, work, n, tools):
        self.n = n
        self.dir = os.path.join(work, "n%d" % n)
        os.makedirs(os.path.join(self.dir, "build"))
        self.src = os.path.join(self.dir, "unit.cpp")
        self.profiles = os.path.join(self.dir, "check-profile")
        subprocess.run([sys.executable, os.path.join(HERE, "make-tu.py"),
                        str(n), self.src], check=True)
        flags = ["-std=c++20"]
        with open(os.path.join(self.dir, "build", "compile_commands.json"),
                  "w") as f:
            json.dump([{"directory": self.dir, "file": self.src,
                        "arguments": [tools["clangxx"], "-c"] + flags +
                        [self.src, "-o", "/dev/null"]}], f)
        tidy = [tools["tidy"], "--quiet"]
        plugin = tidy + ["-load", tools["plugin"], "--checks=-*,coro-*"]
        self.configs = {
            CLANG: [tools["clangxx"], "-fsyntax-only"] + flags + [self.src],
            PROJECT: [tools["unblock"], "-p", os.path.join(self.dir, "build"),
                      "--project-root=" + self.dir, "--quiet", "-j", "1",
                      "--index-dir=none"],
            ONE_FILE: [tools["unblock"], "--quiet", "--checks=-*,coro-*",
                       self.src, "--"] + flags,
            PLUGIN: plugin + [self.src, "--"] + flags,
            TRIVIAL: tidy + ["--checks=-*," + TRIVIAL_CHECK, self.src,
                             "--"] + flags,
            RAII: tidy + ["--checks=-*," + HOSTILE_RAII, self.src, "--"] +
                  flags,
        }
        self.profiled = plugin + ["--enable-check-profile",
                                  "--store-check-profile=" + self.profiles,
                                  self.src, "--"] + flags


def run_rounds(unit, runs):
    cpu = {k: [] for k in unit.configs}
    wall = {k: [] for k in unit.configs}
    codes = {}
    for r in range(runs):
        for name, cmd in unit.configs.items():
            c, w, code = measure(cmd, unit.dir)
            cpu[name].append(c)
            wall[name].append(w)
            codes[name] = code
        measure(unit.profiled, unit.dir)
        print("  N = %d: round %d/%d" % (unit.n, r + 1, runs),
              file=sys.stderr)
    per_check = {c: [] for c in CHECKS}
    for name in glob.glob(os.path.join(unit.profiles, "*.json")):
        with open(name) as f:
            prof = json.load(f)["profile"]
        for c in CHECKS:
            per_check[c].append(
                prof.get("time.clang-tidy.%s.user" % c, 0.0) +
                prof.get("time.clang-tidy.%s.sys" % c, 0.0))
    return ({k: statistics.median(v) for k, v in cpu.items()},
            {k: statistics.median(v) for k, v in wall.items()}, codes,
            {c: statistics.median(v) if v else 0.0
             for c, v in per_check.items()})


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--build", required=True)
    ap.add_argument("--sizes", default="100,400,1600")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--callgrind-size", type=int, default=0,
                    help="N at which instructions are counted (0: skip)")
    ap.add_argument("--out")
    a = ap.parse_args()

    build = os.path.abspath(a.build)
    root = cache_value(build, "UNBLOCK_LLVM_ROOT")
    tools = {
        "unblock": os.path.join(build, "bin", "unblock"),
        "plugin": os.path.join(build, "lib", "unblock",
                               "UnblockTidyModule.so"),
        "tidy": os.path.join(root, "bin", "clang-tidy"),
        "clangxx": os.path.join(root, "bin", "clang++"),
    }
    for k, v in tools.items():
        if not os.path.exists(v):
            sys.exit("run.py: %s not found: %s" % (k, v))
    if a.callgrind_size and not shutil.which("valgrind"):
        sys.exit("run.py: --callgrind-size needs valgrind")
    major = cache_value(build, "UNBLOCK_LLVM_MAJOR")
    sizes = [int(s) for s in a.sizes.split(",") if s]
    version = subprocess.run([tools["clangxx"], "--version"],
                             stdout=subprocess.PIPE,
                             universal_newlines=True).stdout.splitlines()[0]

    lines = []
    emit = lines.append
    work = tempfile.mkdtemp(prefix="unblock-bench-")
    started = time.monotonic()
    try:
        load_before = loadavg()
        units = {n: Unit(work, n, tools) for n in sizes}
        results = {n: run_rounds(units[n], a.runs) for n in sizes}

        emit("LLVM %s (%s); unblock built %s (%s). Machine: %s; load "
             "average %s before, %s after the timed runs." % (
                 major, version, cache_value(build, "CMAKE_BUILD_TYPE"),
                 build, machine(), load_before, loadavg()))
        emit("")
        emit("CPU seconds (user + system, children included), median of %d "
             "interleaved runs; wall-clock medians in parentheses." % a.runs)
        emit("")
        emit("| configuration | " +
             " | ".join("N = %d" % n for n in sizes) + " |")
        emit("| --- |" + " ---: |" * len(sizes))
        for name in units[sizes[0]].configs:
            cells = []
            for n in sizes:
                cpu, wall, codes, _ = results[n]
                bad = "" if codes[name] in (0, 1) else " (exit %d)" % codes[name]
                cells.append("%.2f (%.2f)%s" % (cpu[name], wall[name], bad))
            emit("| %s | %s |" % (name, " | ".join(cells)))
        emit("")
        emit("| ratio of CPU times | " +
             " | ".join("N = %d" % n for n in sizes) + " | target |")
        emit("| --- |" + " ---: |" * len(sizes) + " --- |")
        ratios = [
            ("unblock project mode / clang++ -fsyntax-only", PROJECT, CLANG,
             "<= 1.10x"),
            ("unblock one file / clang++ -fsyntax-only", ONE_FILE, CLANG, "-"),
            ("plugin / clang-tidy with one trivial check", PLUGIN, TRIVIAL,
             "<= 1.05x"),
            ("plugin / clang-tidy with %s" % HOSTILE_RAII, PLUGIN, RAII,
             "reference"),
        ]
        for label, num, den, target in ratios:
            emit("| %s | %s | %s |" % (label, " | ".join(
                "%.3fx" % (results[n][0][num] / results[n][0][den])
                for n in sizes), target))
        emit("")
        emit("Per check (clang-tidy --enable-check-profile of the plugin "
             "run: CPU milliseconds in each check's matchers and callbacks, "
             "median of %d; the shared walk is paid by the first category "
             "check to run):" % a.runs)
        emit("")
        emit("| check | " + " | ".join("N = %d" % n for n in sizes) +
             " | per coroutine at N = %d |" % sizes[-1])
        emit("| --- |" + " ---: |" * (len(sizes) + 1))
        totals = {n: 0.0 for n in sizes}
        for c in CHECKS:
            for n in sizes:
                totals[n] += results[n][3][c]
            emit("| %s | %s | %.1f us |" % (c, " | ".join(
                "%.1f" % (1000 * results[n][3][c]) for n in sizes),
                1e6 * results[sizes[-1]][3][c] / sizes[-1]))
        emit("| all coro-* | %s | %.1f us |" % (" | ".join(
            "%.1f" % (1000 * totals[n]) for n in sizes),
            1e6 * totals[sizes[-1]] / sizes[-1]))
        emit("")
        emit("Growth: the checks' time per coroutine (all coro-*, check "
             "profile) at N = %s: %s microseconds." % (
                 ", ".join(str(n) for n in sizes),
                 ", ".join("%.1f" % (1e6 * totals[n] / n) for n in sizes)))

        if a.callgrind_size:
            n = a.callgrind_size
            u = units.get(n) or Unit(work, n, tools)
            counts, files = {}, {}
            for name, cmd in u.configs.items():
                if name == ONE_FILE:
                    continue
                print("  callgrind, N = %d: %s" % (n, name), file=sys.stderr)
                prefix = os.path.join(work, "cg-%d" % len(counts))
                counts[name], files[name] = callgrind(cmd, u.dir, prefix)
            emit("")
            emit("Instructions executed (callgrind, all processes) at "
                 "N = %d:" % n)
            emit("")
            emit("| configuration | instructions | ratio |")
            emit("| --- | ---: | --- |")
            for name, c in counts.items():
                emit("| %s | %.3f G | %s |" % (name, c / 1e9, "; ".join([
                    "%.3fx clang++" % (c / counts[CLANG]),
                    "%.3fx trivial check" % (c / counts[TRIVIAL])])))
            parts = breakdown(files[PLUGIN])
            emit("")
            emit("Where the plugin run's instructions go at N = %d "
                 "(inclusive counts; the plugin run executes %.1f M more "
                 "than the trivial-check run):" % (
                     n, (counts[PLUGIN] - counts[TRIVIAL]) / 1e6))
            emit("")
            emit("| part | instructions | share of the run |")
            emit("| --- | ---: | ---: |")
            for label, fn in PROFILE_ENTRIES:
                v = parts.get(fn, 0)
                emit("| %s | %.1f M | %.2f%% |" % (
                    label, v / 1e6, 100.0 * v / counts[PLUGIN]))
        emit("")
        emit("(Run took %.0f minutes.)" % ((time.monotonic() - started) / 60))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
