#!/usr/bin/env python3
"""Measure unblock's precision and recall on the precision corpus.

Every .cpp file under programs/ and include/ is a translation unit, compiled
with -std=c++20 and -I include. A line where a report is expected carries a
trailing comment naming the checks:

    sleep(1); // expect: coro-blocking-sleep
    f();      // expect: coro-blocking-sleep, coro-blocking-indirect

Any report on a line without that check in its annotation is a false report;
an annotated check without a report on that line is a miss. The script
writes a compilation database to a temporary directory, runs unblock in
project mode with --format=json, and prints per check: true, false and
missed reports, precision and recall, then every false and missed report.

It is a measurement, not a test: the exit status is 0 whatever the numbers,
and non-zero only when unblock itself fails (it could not run, a translation
unit did not parse, or its output was not JSON).
"""

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
EXPECT = re.compile(r"//\s*expect:\s*([A-Za-z0-9_,\s-]+?)\s*$")


def translation_units():
    units = []
    for sub in ("programs", "include"):
        for dirpath, _, files in os.walk(os.path.join(HERE, sub)):
            units += [os.path.join(dirpath, f) for f in files if f.endswith(".cpp")]
    return sorted(units)


def corpus_files():
    out = []
    for sub in ("programs", "include"):
        for dirpath, _, files in os.walk(os.path.join(HERE, sub)):
            out += [os.path.join(dirpath, f) for f in files
                    if f.endswith((".cpp", ".hpp", ".h"))]
    return sorted(out)


def expectations():
    """{(relative file, line, check): count} from the `// expect:` comments."""
    expected = collections.Counter()
    for path in corpus_files():
        rel = os.path.relpath(path, HERE)
        with open(path, encoding="utf-8") as f:
            for number, text in enumerate(f, 1):
                m = EXPECT.search(text.rstrip("\n"))
                if not m:
                    continue
                for check in m.group(1).split(","):
                    check = check.strip()
                    if check:
                        expected[(rel, number, check)] += 1
    return expected


def write_database(directory):
    include = os.path.join(HERE, "include")
    entries = [{
        "directory": HERE,
        "file": tu,
        "arguments": ["clang++", "-std=c++20", "-I" + include, "-c", tu,
                      "-o", os.devnull],
    } for tu in translation_units()]
    with open(os.path.join(directory, "compile_commands.json"), "w") as f:
        json.dump(entries, f, indent=1)


def run_unblock(binary, build_dir, jobs):
    header_filter = re.escape(HERE + os.sep) + ".*"
    cmd = [binary, "-p", build_dir, "--header-filter=" + header_filter,
           "--format=json", "--quiet", "--project-root=" + HERE,
           "--index-dir=none"]
    if jobs:
        cmd.append("-j%d" % jobs)
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr)
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        sys.stderr.write("run.py: unblock did not print JSON (exit %d)\n%s\n"
                         % (proc.returncode, proc.stderr))
        return None, proc.returncode
    return report, proc.returncode


def source_line(rel, line):
    try:
        with open(os.path.join(HERE, rel), encoding="utf-8") as f:
            for number, text in enumerate(f, 1):
                if number == line:
                    return text.strip()
    except OSError:
        pass
    return ""


def ratio(num, den):
    return "%.2f" % (num / den) if den else "-"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--unblock", default=os.path.join(REPO, "build", "llvm-22", "bin", "unblock"),
                        help="the unblock binary (default: build/llvm-22/bin/unblock of this checkout)")
    parser.add_argument("-j", "--jobs", type=int, default=0,
                        help="translation units analysed in parallel (default: unblock's)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary build directory and print its path")
    parser.add_argument("--json", metavar="FILE",
                        help="also write the per-check numbers and the lists as JSON to FILE")
    args = parser.parse_args()

    if not os.access(args.unblock, os.X_OK):
        sys.stderr.write("run.py: no unblock binary at %s (use --unblock PATH)\n" % args.unblock)
        return 2

    build_dir = tempfile.mkdtemp(prefix="unblock-precision-")
    try:
        write_database(build_dir)
        report, status = run_unblock(args.unblock, build_dir, args.jobs)
    finally:
        if args.keep:
            print("build directory: %s" % build_dir)
        else:
            shutil.rmtree(build_dir, ignore_errors=True)
    if report is None:
        return 2

    expected = expectations()
    reported = collections.Counter()
    messages = collections.defaultdict(list)
    for finding in report.get("findings", []):
        loc = finding.get("location") or {}
        key = (loc.get("file", "?"), loc.get("line", 0), finding.get("check", "?"))
        reported[key] += 1
        messages[key].append(finding.get("message", ""))

    per_check = collections.defaultdict(lambda: [0, 0, 0])  # true, false, missed
    false_reports, missed = [], []
    for key in sorted(set(expected) | set(reported)):
        hit = min(expected[key], reported[key])
        check = key[2]
        per_check[check][0] += hit
        if reported[key] > hit:
            per_check[check][1] += reported[key] - hit
            false_reports.append((key, messages[key][hit:]))
        if expected[key] > hit:
            per_check[check][2] += expected[key] - hit
            missed.append(key)

    built = time.strftime("%Y-%m-%d %H:%M", time.localtime(os.path.getmtime(args.unblock)))
    print("unblock: %s (built %s); %d translation units\n"
          % (args.unblock, built, len(translation_units())))
    width = max([len("check"), len("total")] + [len(c) for c in per_check])
    header = "%-*s %6s %6s %6s %9s %6s" % (width, "check", "true", "false", "missed",
                                            "precision", "recall")
    print(header)
    print("-" * len(header))
    totals = [0, 0, 0]
    for check in sorted(per_check):
        t, f, m = per_check[check]
        totals = [totals[0] + t, totals[1] + f, totals[2] + m]
        print("%-*s %6d %6d %6d %9s %6s" % (width, check, t, f, m, ratio(t, t + f), ratio(t, t + m)))
    print("-" * len(header))
    t, f, m = totals
    print("%-*s %6d %6d %6d %9s %6s" % (width, "total", t, f, m, ratio(t, t + f), ratio(t, t + m)))

    if false_reports:
        print("\nfalse reports (%d):" % sum(len(msgs) for _, msgs in false_reports))
        for (rel, line, check), msgs in false_reports:
            for message in msgs:
                print("  %s:%d: [%s] %s" % (rel, line, check, message))
                print("      %s" % source_line(rel, line))
    if missed:
        print("\nmissed (%d):" % sum(expected[k] - min(expected[k], reported[k]) for k in missed))
        for rel, line, check in missed:
            print("  %s:%d: [%s]" % (rel, line, check))
            print("      %s" % source_line(rel, line))

    failures = report.get("failures", [])
    if failures:
        print("\ntranslation units that could not be analysed (%d):" % len(failures))
        for failure in failures:
            print("  %s: %s" % (failure.get("file"), failure.get("message", "").splitlines()[0]
                                if failure.get("message") else ""))

    if args.json:
        with open(args.json, "w") as f:
            json.dump({
                "checks": {c: dict(zip(("true", "false", "missed"), v)) for c, v in per_check.items()},
                "false": [{"file": k[0], "line": k[1], "check": k[2], "messages": msgs}
                          for k, msgs in false_reports],
                "missed": [{"file": k[0], "line": k[1], "check": k[2]} for k in missed],
                "failures": failures,
            }, f, indent=1)

    if failures:
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
