#!/usr/bin/env python3
"""Prints the findings of one file from unblock's output, in one form.

usage: findings-of.py FILE [OUTPUT...]

Reads each OUTPUT (stdin without one): clang-tidy's text (clang-tidy mode)
or project mode's text report. Keeps the warning and error lines whose
location is FILE (compared as absolute paths, relative ones taken from the
current directory), and prints each once, sorted, as
`LINE:COL: SEVERITY: MESSAGE [CHECK]`. Two runs report the same findings
for FILE exactly when the printed lists are equal.
"""
import os
import re
import sys

LINE = re.compile(r"^(.+?):(\d+):(\d+): (warning|error): (.*)$")


def main():
    target = os.path.realpath(sys.argv[1])
    found = set()
    streams = [open(p) for p in sys.argv[2:]] or [sys.stdin]
    for stream in streams:
        for line in stream:
            m = LINE.match(line.rstrip("\n"))
            if not m or os.path.realpath(m.group(1)) != target:
                continue
            found.add("%s:%s: %s: %s" % m.group(2, 3, 4, 5))
    for f in sorted(found, key=lambda s: [int(x) if x.isdigit() else x
                                          for x in re.split(r"(\d+)", s)]):
        print(f)


if __name__ == "__main__":
    main()
