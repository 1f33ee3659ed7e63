#!/usr/bin/env python3
"""Round trip of unblock's fix-its on one program.

The program is the test source itself, with the test's directives (lines
whose comment starts with RUN, CHECK or FIXED) blanked out. The runner

  1. builds the program as written ("before") with -Werror,
  2. applies `unblock --fix` to a copy and prints the fixed source,
  3. builds the fixed copy ("after") with -Werror,
  4. runs unblock again on the fixed copy: no blocking call may be left,
  5. runs both programs, prints their output and elapsed times, and checks
     that the after program takes at most --max-ratio of the before
     program's time (its concurrent parts now overlap).

FileCheck then reads everything the runner prints: the fixed source between
`=== fixed source` and `=== end of fixed source`, each program's output
after `=== before output` / `=== after output`, and `=== overlap` lines.
The runner exits non-zero, with a reason, when a step fails.

usage: roundtrip.py --unblock U --cxx CXX [--cxxflags F]... [--lib L]...
                    [--before-cxxflags F]...
                    [--checks C] [--config YAML | --config-file F]
                    [--max-ratio R] SOURCE TMP
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time

DIRECTIVE = re.compile(r"^(\s*)//\s*(RUN|CHECK|FIXED)[A-Z0-9-]*:.*$", re.M)
# The runtime's headers and library come last; warnings are errors in both
# builds so that a fix-it that compiles with a warning fails the test.
WARNINGS = ["-Wall", "-Wextra", "-Werror"]


def fail(msg, out=""):
    sys.stdout.write(out)
    sys.stdout.write("roundtrip: FAIL: %s\n" % msg)
    sys.stdout.flush()
    sys.exit(1)


def run(cmd, timeout=300):
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT,
                              universal_newlines=True, errors="replace",
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        fail("timed out after %d s: %s" % (timeout, " ".join(cmd)))
    return proc.returncode, proc.stdout


def build(a, source, exe, extra=()):
    cmd = ([a.cxx, "-std=c++20"] + WARNINGS + a.cxxflags + list(extra) +
           [source, "-o", exe] + a.lib + ["-pthread"])
    rc, out = run(cmd)
    if rc != 0:
        fail("%s does not compile:\n%s" % (os.path.basename(source),
                                           " ".join(cmd)), out)


def config_args(a):
    if a.config:
        return ["--config=" + a.config]
    if a.config_file:
        return ["--config-file=" + a.config_file]
    return []


def tidy(a, source, checks, extra):
    cmd = ([a.unblock, "--checks=-*," + checks] + extra + config_args(a) +
           [source, "--", "-std=c++20"] + a.cxxflags)
    return run(cmd)


def timed(exe):
    start = time.monotonic()
    rc, out = run([exe], timeout=120)
    elapsed = time.monotonic() - start
    if rc != 0:
        fail("%s exited with %d" % (os.path.basename(exe), rc), out)
    return elapsed, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--unblock", required=True)
    ap.add_argument("--cxx", required=True)
    ap.add_argument("--cxxflags", action="append", default=[])
    ap.add_argument("--lib", action="append", default=[])
    ap.add_argument("--before-cxxflags", action="append", default=[],
                    help="flags for the original program's build only")
    ap.add_argument("--checks", default="coro-*")
    ap.add_argument("--config", help="YAML for unblock --config")
    ap.add_argument("--config-file", help="a .clang-tidy for unblock")
    ap.add_argument("--max-ratio", type=float, default=0.7)
    ap.add_argument("source")
    ap.add_argument("tmp")
    a = ap.parse_args()

    if os.path.isdir(a.tmp):
        shutil.rmtree(a.tmp)
    elif os.path.exists(a.tmp):
        os.remove(a.tmp)
    os.makedirs(a.tmp)
    with open(a.source, encoding="utf-8") as f:
        program = DIRECTIVE.sub(r"\1//", f.read())
    before_src = os.path.join(a.tmp, "before.cpp")
    fixed_src = os.path.join(a.tmp, "fixed.cpp")
    for path in (before_src, fixed_src):
        with open(path, "w", encoding="utf-8") as f:
            f.write(program)

    build(a, before_src, os.path.join(a.tmp, "before"), a.before_cxxflags)

    rc, out = tidy(a, fixed_src, a.checks, ["--fix"])
    if not re.search(r"\bwarning:", out):
        fail("unblock reported nothing to fix", out)
    with open(fixed_src, encoding="utf-8") as f:
        fixed = f.read()
    if fixed == program:
        fail("unblock --fix changed nothing", out)
    print("=== fixed source")
    sys.stdout.write(fixed)
    print("=== end of fixed source")

    build(a, fixed_src, os.path.join(a.tmp, "after"))

    # After the fixes, the blocking checks have nothing left to say.
    rc, out = tidy(a, fixed_src, "coro-blocking-*", [])
    left = re.findall(r"^.*\bwarning:.*$", out, re.M)
    if left:
        fail("blocking calls remain after --fix:\n" + "\n".join(left))
    print("=== recheck: no blocking calls")

    before_s, before_out = timed(os.path.join(a.tmp, "before"))
    after_s, after_out = timed(os.path.join(a.tmp, "after"))
    if after_s > a.max_ratio * before_s:
        # One more measurement of each before failing: the machine may have
        # been busy. The faster run of each counts.
        b2, _ = timed(os.path.join(a.tmp, "before"))
        a2, _ = timed(os.path.join(a.tmp, "after"))
        before_s, after_s = min(before_s, b2), min(after_s, a2)
    print("=== before output")
    sys.stdout.write(before_out)
    print("=== after output")
    sys.stdout.write(after_out)
    ratio = after_s / before_s if before_s > 0 else 1.0
    print("=== overlap: before %.0f ms, after %.0f ms, ratio %.2f" %
          (before_s * 1000, after_s * 1000, ratio))
    if ratio > a.max_ratio:
        fail("the fixed program is not faster: ratio %.2f > %.2f" %
             (ratio, a.max_ratio))
    print("=== overlap: ok (ratio <= %.2f)" % a.max_ratio)
    return 0


if __name__ == "__main__":
    sys.exit(main())
