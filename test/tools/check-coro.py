#!/usr/bin/env python3
"""Runs one check test through unblock and through clang-tidy -load.

A test is a C++ source with its expectations beside the code:

  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to ... [coro-blocking-sleep]
  // CHECK-FIXES: co_await unblock::sleep_for(1s);

For each driver (the unblock tool and the stock clang-tidy with the plugin
loaded) the runner checks the printed diagnostics with FileCheck against the
CHECK-MESSAGES lines, with -implicit-check-not so that any other warning or
error fails the test; a file without CHECK-MESSAGES lines must produce no
warning at all. When the file has CHECK-FIXES lines, it then applies --fix to
a copy and checks the result.

usage: check-coro.py --tool T --clang-tidy CT --plugin P SOURCE CHECKS TMP
                     [--only tool|plugin] [--config YAML] [-- compiler args]
"""
import argparse
import os
import re
import subprocess
import sys

CHECK_LINE = re.compile(r"//\s*CHECK-[A-Z0-9-]+:[^\n]*")


def run(cmd):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, errors="replace")
    return proc.returncode, proc.stdout


def filecheck(prefix, check_file, text, extra=()):
    cmd = ["FileCheck", check_file, "--check-prefixes=" + prefix,
           "--dump-input=fail"] + list(extra)
    proc = subprocess.run(cmd, input=text, universal_newlines=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return proc.returncode, proc.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--clang-tidy", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--only", choices=["tool", "plugin"])
    ap.add_argument("--config", help="YAML for clang-tidy --config")
    ap.add_argument("--check-suffix", default="",
                    help="also check CHECK-MESSAGES-<S> and CHECK-FIXES-<S> lines")
    ap.add_argument("--expect-errors", action="store_true",
                    help="the source does not compile; errors are expected")
    ap.add_argument("source")
    ap.add_argument("checks")
    ap.add_argument("tmp")
    ap.add_argument("compiler_args", nargs=argparse.REMAINDER)
    a = ap.parse_args()

    compiler_args = a.compiler_args
    if compiler_args and compiler_args[0] == "--":
        compiler_args = compiler_args[1:]
    if not any(x.startswith("-std=") for x in compiler_args):
        compiler_args = ["-std=c++20"] + compiler_args

    with open(a.source, encoding="utf-8", errors="surrogateescape") as f:
        original = f.read()
    # Keep the line count so that [[@LINE]] expressions still hold, but drop
    # the expectations so that fixed files cannot match themselves.
    cleaned = CHECK_LINE.sub("//", original)
    def prefixes(base):
        if not a.check_suffix:
            return base
        return base + "," + base + "-" + a.check_suffix

    suffix = "-" + a.check_suffix if a.check_suffix else ""
    has_messages = ("CHECK-MESSAGES:" in original or
                    (suffix and "CHECK-MESSAGES" + suffix + ":" in original))
    has_fixes = ("CHECK-FIXES:" in original or
                 (suffix and "CHECK-FIXES" + suffix + ":" in original))

    os.makedirs(a.tmp, exist_ok=True)
    ext = os.path.splitext(a.source)[1] or ".cpp"
    drivers = {
        "tool": [a.tool],
        "plugin": [a.clang_tidy, "-load", a.plugin],
    }
    failures = []
    for name, base in drivers.items():
        if a.only and a.only != name:
            continue
        checks = "--checks=-*," + a.checks
        extra = ["--config=" + a.config] if a.config else []
        copy = os.path.join(a.tmp, "input-" + name + ext)
        with open(copy, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(cleaned)
        rc, out = run(base + [checks] + extra + [copy, "--"] + compiler_args)
        sys.stdout.write("### %s: exit %d\n%s\n" % (name, rc, out))
        if not a.expect_errors and re.search(r"\berror:", out):
            failures.append("%s: the test source does not compile" % name)
            continue
        if has_messages:
            frc, fout = filecheck(prefixes("CHECK-MESSAGES"), a.source, out,
                                  ["-implicit-check-not={{warning|error}}:"])
            if frc != 0:
                failures.append("%s: diagnostics differ\n%s" % (name, fout))
        elif re.search(r"\bwarning:", out):
            failures.append("%s: unexpected warnings" % name)

        if has_fixes:
            fixed = os.path.join(a.tmp, "fixed-" + name + ext)
            with open(fixed, "w", encoding="utf-8",
                      errors="surrogateescape") as f:
                f.write(cleaned)
            rc, out = run(base + [checks, "--fix"] + extra + [fixed, "--"] +
                          compiler_args)
            with open(fixed, encoding="utf-8", errors="surrogateescape") as f:
                text = f.read()
            frc, fout = filecheck(prefixes("CHECK-FIXES"), a.source, text,
                                  [])
            if frc != 0:
                failures.append("%s: fixed file differs\n%s\n--- fixed:\n%s" %
                                (name, fout, text))

    for f in failures:
        sys.stdout.write("FAIL " + f + "\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
