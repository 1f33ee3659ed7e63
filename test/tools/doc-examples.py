#!/usr/bin/env python3
"""Checks the before/after examples of docs/checks/examples.

Every example must compile against the runtime, and the check's docs page
(docs/checks/<check>.md) must show both files as they are. Where a "before" file says
`unblock --fix turns this into the "after" file.`, the tool's --fix output
must be exactly the "after" file.

usage: doc-examples.py UNBLOCK CLANGXX RUNTIME_INCLUDE EXAMPLES_DIR TMP
"""
import filecmp
import glob
import os
import shutil
import subprocess
import sys

MARKER = 'unblock --fix turns this into the "after" file.'


def main():
    tool, cxx, include, examples, tmp = sys.argv[1:6]
    os.makedirs(tmp, exist_ok=True)
    failures = []
    befores = sorted(glob.glob(os.path.join(examples, "*.before.cpp")))
    if not befores:
        failures.append("no examples found in " + examples)
    for before in befores:
        check = os.path.basename(before)[: -len(".before.cpp")]
        after = before.replace(".before.cpp", ".after.cpp")
        if not os.path.exists(after):
            failures.append("%s has no after file" % before)
            continue
        for src in (before, after):
            r = subprocess.run([cxx, "-std=c++20", "-fsyntax-only", "-I" + include, src],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               universal_newlines=True)
            if r.returncode != 0:
                failures.append("%s does not compile:\n%s" % (src, r.stdout))
        page = os.path.join(os.path.dirname(examples), check + ".md")
        if os.path.exists(page):
            with open(page, encoding="utf-8") as f:
                text = f.read()
            for src in (before, after):
                with open(src, encoding="utf-8") as f:
                    if f.read() not in text:
                        failures.append("%s does not show %s as it is" % (page, src))
        with open(before, encoding="utf-8") as f:
            wants_fix = MARKER in f.read()
        if wants_fix:
            copy = os.path.join(tmp, check + ".cpp")
            shutil.copy(before, copy)
            r = subprocess.run([tool, "--checks=-*," + check, "--fix", copy, "--",
                                "-std=c++20", "-I" + include],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               universal_newlines=True)
            if not filecmp.cmp(copy, after, shallow=False):
                d = subprocess.run(["diff", "-u", after, copy], stdout=subprocess.PIPE,
                                   universal_newlines=True).stdout
                failures.append("--fix of %s differs from the after file:\n%s\n%s" %
                                (before, d, r.stdout))
        print("checked %s" % check)
    for f in failures:
        print("FAIL " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
