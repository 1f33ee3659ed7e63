#!/usr/bin/env python3
"""Runs every coro-* check on one hostile input and fails on a crash.

The input may be invalid: compiler errors are an acceptable outcome, and so
are warnings. What is not: a crash (a signal, clang-tidy's "PLEASE submit a
bug report" and stack dump), a failed assertion, a sanitizer report, an exit
status other than 0 or 1, or running longer than the timeout. The combined
output is printed so that the test can FileCheck what was reported.

usage: run-hostile.py --tool UNBLOCK [--clang-tidy CT --plugin P] [--both]
                      [--timeout S] [--checks C] [--tidy-arg ARG]...
                      SOURCE [-- compiler args]

With --both the input also goes through the stock clang-tidy with the
plugin loaded (its output is checked for crashes, not printed). Without
compiler arguments the input is compiled as C++20. UNBLOCK_HOSTILE_TIMEOUT
overrides the timeout (a sanitized tool is several times slower).
"""
import argparse
import os
import subprocess
import sys

CRASH_MARKS = [
    "PLEASE submit a bug report",
    "Stack dump:",
    "Assertion `",
    "Assertion failed",
    "AddressSanitizer",
    "LeakSanitizer",
    "UndefinedBehaviorSanitizer",
    "runtime error:",
    "libc++abi: terminating",
    "terminate called",
    "UNREACHABLE executed",
]


def run(cmd, timeout):
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        out = (e.output or b"").decode("utf-8", "replace")
        return None, out
    return proc.returncode, proc.stdout.decode("utf-8", "replace")


def verdict(name, cmd, code, out, timeout):
    """An error message when the run was not acceptable, else None."""
    shown = " ".join(cmd)
    if code is None:
        return "%s: timed out after %s s: %s" % (name, timeout, shown)
    if code < 0:
        return "%s: killed by signal %d: %s" % (name, -code, shown)
    for mark in CRASH_MARKS:
        if mark in out:
            return "%s: output contains '%s': %s" % (name, mark, shown)
    if code not in (0, 1):
        return "%s: exit status %d: %s" % (name, code, shown)
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--clang-tidy")
    ap.add_argument("--plugin")
    ap.add_argument("--both", action="store_true")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--checks", default="-*,coro-*")
    ap.add_argument("--tidy-arg", action="append", default=[],
                    help="an extra clang-tidy argument (e.g. --fix)")
    ap.add_argument("source")
    ap.add_argument("compiler_args", nargs=argparse.REMAINDER)
    a = ap.parse_args()

    timeout = float(os.environ.get("UNBLOCK_HOSTILE_TIMEOUT", a.timeout))
    args = a.compiler_args
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        args = ["-std=c++20"]

    common = (["--checks=" + a.checks] + a.tidy_arg + [a.source, "--"] +
              args)
    runs = [("unblock", [a.tool] + common)]
    if a.both:
        if not (a.clang_tidy and a.plugin):
            sys.exit("run-hostile.py: --both needs --clang-tidy and --plugin")
        if os.path.exists(a.plugin):
            runs.append(("clang-tidy -load",
                         [a.clang_tidy, "-load", a.plugin] + common))
        else:
            # A sanitized build has no plugin: a sanitized module cannot be
            # loaded into the stock clang-tidy.
            sys.stderr.write("run-hostile.py: no plugin at %s; the tool "
                             "only\n" % a.plugin)

    failures = []
    printed = False
    for name, cmd in runs:
        code, out = run(cmd, timeout)
        if not printed:
            sys.stdout.write(out)
            printed = True
        problem = verdict(name, cmd, code, out, timeout)
        if problem:
            failures.append(problem)
            if name != runs[0][0]:
                sys.stdout.write(out)
    for f in failures:
        sys.stderr.write("run-hostile.py: " + f + "\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
