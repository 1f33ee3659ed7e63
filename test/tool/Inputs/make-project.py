#!/usr/bin/env python3
"""Copies a fixture project and fills in its absolute paths.

usage: make-project.py SOURCE DEST

Copies the directory SOURCE to DEST (replacing DEST), then turns every
`NAME.in` file into `NAME`, with @ROOT@ replaced by the absolute path of
DEST. Fixture projects keep their compile_commands.json as such a template
so that the database holds correct absolute paths wherever the tests run.
DEST becomes a git repository with everything committed, so that it is its
own project root (and --changed-since has a history to compare with).
"""
import os
import shutil
import subprocess
import sys


def main():
    source, dest = sys.argv[1], os.path.abspath(sys.argv[2])
    if os.path.exists(dest):
        shutil.rmtree(dest)
    shutil.copytree(source, dest)
    for folder, _, files in os.walk(dest):
        for name in files:
            if not name.endswith(".in"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                text = f.read().replace("@ROOT@", dest)
            with open(path[:-3], "w", encoding="utf-8") as f:
                f.write(text)
            os.remove(path)
    git = ["git", "-C", dest, "-c", "user.name=fixture",
           "-c", "user.email=fixture@example.com"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "fixture"], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
