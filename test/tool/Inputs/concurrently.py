#!/usr/bin/env python3
"""Starts several commands at once and waits for all of them.

usage: concurrently.py OUT_PREFIX -- CMD... [--- CMD...]...

Each command (an argument list; `---` separates them) runs with its
standard output in OUT_PREFIX.N.out and its standard error in
OUT_PREFIX.N.err (N from 1). Prints `N: exit status S` for each, in order,
and exits with 0 (the caller checks the statuses and outputs).
"""
import subprocess
import sys


def main():
    prefix = sys.argv[1]
    if sys.argv[2] != "--":
        sys.exit("usage: concurrently.py OUT_PREFIX -- CMD... [--- CMD...]")
    commands, current = [], []
    for arg in sys.argv[3:]:
        if arg == "---":
            commands.append(current)
            current = []
        else:
            current.append(arg)
    commands.append(current)
    procs = []
    for n, cmd in enumerate(commands, 1):
        out = open("%s.%d.out" % (prefix, n), "w")
        err = open("%s.%d.err" % (prefix, n), "w")
        procs.append(subprocess.Popen(cmd, stdout=out, stderr=err))
    for n, p in enumerate(procs, 1):
        print("%d: exit status %d" % (n, p.wait()))


if __name__ == "__main__":
    main()
