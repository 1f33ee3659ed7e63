#!/usr/bin/env python3
"""Runs a command with its stderr on a pseudo-terminal and prints what it
wrote there, with carriage returns shown as <CR> and escapes as <ESC>.

usage: run-in-terminal.py CMD [ARGS...]
"""
import os
import pty
import subprocess
import sys

controller, terminal = pty.openpty()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL,
                        stderr=terminal)
os.close(terminal)
chunks = []
while True:
    try:
        data = os.read(controller, 4096)
    except OSError:
        break
    if not data:
        break
    chunks.append(data)
proc.wait()
text = b"".join(chunks).decode("utf-8", "replace")
text = text.replace("\r\n", "\n").replace("\r", "<CR>").replace("\x1b", "<ESC>")
sys.stdout.write(text)
