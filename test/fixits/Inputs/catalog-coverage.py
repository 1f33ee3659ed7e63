#!/usr/bin/env python3
"""Checks that every row of the catalog has a fix-it test.

usage: catalog-coverage.py CATALOG.def TESTDIR
Each row (name, category) must be reported in
TESTDIR/coro-blocking-fixits-catalog-<category>.cpp: a CHECK-MESSAGES line
`blocking call to '<name>'` ('*' in a name stands for any qualifier) followed
within three lines by the CHECK-FIXES line of its rewrite (or of the
unchanged call). Prints the number of rows covered, and each missing row.
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "..", "scripts"))
from catalog_def import rows as catalog_rows  # noqa: E402


def main():
    catalog, testdir = sys.argv[1], sys.argv[2]
    rows = [(r.name, r.category) for r in catalog_rows(catalog)]
    missing = []
    texts = {}
    for name, category in rows:
        if category not in texts:
            path = "%s/coro-blocking-fixits-catalog-%s.cpp" % (testdir,
                                                              category.lower())
            with open(path, encoding="utf-8") as f:
                texts[category] = f.read()
        pattern = re.escape(name).replace(r"\*", r"[\w:]+")
        if not re.search(r"CHECK-MESSAGES: .*blocking call to '%s'.*\n"
                         r"(?:.*\n){0,2}.*CHECK-FIXES: " % pattern,
                         texts[category]):
            missing.append("%s (%s)" % (name, category))
    for m in missing:
        print("missing: " + m)
    print("covered %d of %d catalog rows" % (len(rows) - len(missing), len(rows)))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
