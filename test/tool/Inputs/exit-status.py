#!/usr/bin/env python3
"""Runs a command, passes its output through, then prints its exit status.

usage: exit-status.py CMD [ARGS...]

Prints `exit status: N` on stdout after the command's own output and exits
0, so that a lit test can FileCheck the exact status (lit's `not` only
tells zero from non-zero).
"""
import subprocess
import sys

proc = subprocess.run(sys.argv[1:])
sys.stdout.flush()
print("exit status: %d" % proc.returncode)
sys.exit(0)
