#!/usr/bin/env python3
"""Prints the fenced code block of a Markdown file that contains a marker.

usage: doc-block.py DOC MARKER
The first block (```lang ... ```) whose text contains MARKER is printed as
it stands in the document; exit status 1 when there is none.
"""
import re
import sys


def main():
    doc, marker = sys.argv[1], sys.argv[2]
    with open(doc, encoding="utf-8") as f:
        text = f.read()
    for block in re.findall(r"^```[a-z]*\n(.*?)^```$", text, re.M | re.S):
        if marker in block:
            sys.stdout.write(block)
            return 0
    sys.stderr.write("doc-block: no block with %r in %s\n" % (marker, doc))
    return 1


if __name__ == "__main__":
    sys.exit(main())
