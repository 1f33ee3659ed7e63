"""Reads the catalog of blocking functions (checks/catalog/blocking-functions.def).

One Row per BLOCKING or MUTEX_LOCK line, with its columns parsed:

    kind      "BLOCKING" or "MUTEX_LOCK"
    name      "std::this_thread::sleep_for"
    category  "Sleep", "Net", ...
    rewrite   "SleepFor", "Offload", "Async", ...
    fd        index of the descriptor argument, or -1
    unless    (form, index, flag): form is ALWAYS_BLOCKS, FLAG, ZERO,
              ZERO_PTR or KERNEL_PATH; index and flag are None when unused
    only_if   (form, index): form is ANY, WITH_ARGS, STDIN, FILE_STREAM or
              NOT_STD; index is None when unused

The documentation generator (scripts/catalog-doc.py) and the tests that
check every row is covered read the table through this module.
"""
import collections
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEF = os.path.join(ROOT, "checks", "catalog", "blocking-functions.def")

CATEGORIES = ["Sleep", "Net", "File", "Sync", "Process", "Console"]

Row = collections.namedtuple(
    "Row", "kind name category rewrite fd unless only_if")

_ROW = re.compile(
    r'^(BLOCKING|MUTEX_LOCK)\("([^"]+)",\s*(\w+),\s*(\w+),\s*(-?\d+),\s*'
    r'(ALWAYS_BLOCKS|(\w+)\((-?\d+)(?:,\s*"(\w+)")?\)),\s*'
    r'(ANY|WITH_ARGS|(\w+)\((-?\d+)\))\)')


def parse_line(line):
    """The Row of one line of the table, or None for any other line."""
    m = _ROW.match(line.strip())
    if not m:
        return None
    if m.group(6) == "ALWAYS_BLOCKS":
        unless = ("ALWAYS_BLOCKS", None, None)
    else:
        unless = (m.group(7), int(m.group(8)), m.group(9))
    if m.group(11):
        only_if = (m.group(11), int(m.group(12)))
    else:
        only_if = (m.group(10), None)
    return Row(m.group(1), m.group(2), m.group(3), m.group(4),
               int(m.group(5)), unless, only_if)


def rows(path=DEF):
    """Every row of the catalog at path, in order. A line that starts a row
    but does not parse is an error (ValueError), not a row left out."""
    out = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            row = parse_line(line)
            if row:
                out.append(row)
            elif re.match(r"\s*(BLOCKING|MUTEX_LOCK)\(", line):
                raise ValueError("%s:%d: a catalog row that does not parse: %s"
                                 % (path, number, line.strip()))
    return out
