#!/usr/bin/env python3
"""Writes docs/catalog.md from checks/catalog/blocking-functions.def.

usage: scripts/catalog-doc.py [--check]   (--check: fail if the page is stale)
"""
import os
import sys

from catalog_def import CATEGORIES, ROOT, rows as catalog_rows

DOC = os.path.join(ROOT, "docs", "catalog.md")

REWRITES = {
    "None": "none (manual change)",
    "Awaitable": "`co_await unblock::NAME(same arguments)`",
    "SleepFor": "`co_await unblock::sleep_for(d)`",
    "SleepUntil": "`co_await unblock::sleep_until(t)`",
    "SleepSeconds": "`co_await unblock::sleep_for(std::chrono::seconds(n))`",
    "SleepMicros": "`co_await unblock::sleep_for(std::chrono::microseconds(n))`",
    "Offload": "`co_await unblock::offload([&] { ... })`",
    "Async": "Asio profiles: `co_await ...async_LAST(..., use_awaitable)`; "
             "others: `co_await unblock::offload([&] { ... })`",
}


def ordinal(i):
    i = int(i)
    return "the object" if i < 0 else "argument %d" % (i + 1)


def unless_text(row):
    form, index, flag = row.unless
    if form == "ALWAYS_BLOCKS":
        return ""
    if form == "FLAG":
        return "not with `%s` in %s" % (flag, ordinal(index))
    if form == "ZERO":
        return "not with a zero timeout in %s" % ordinal(index)
    if form == "ZERO_PTR":
        return "not when %s points to a zero timeout" % ordinal(index)
    return "not with a literal path under `/proc/` or `/sys/` in %s" % ordinal(index)


def only_text(row):
    form, index = row.only_if
    if form == "ANY":
        return ""
    if form == "WITH_ARGS":
        return "it opens something (has arguments)"
    where = ordinal(index)
    return {
        "STDIN": "%s is the terminal (stdin, std::cin, descriptor 0)" % where,
        "FILE_STREAM": "%s is a file stream" % where,
        "NOT_STD": "%s is not stdin/stdout/stderr" % where,
    }[form]


def render():
    rows = {c: [] for c in CATEGORIES}
    for row in catalog_rows():
        notes = []
        if row.fd >= 0:
            notes.append("not when the descriptor is non-blocking or awaited for readiness")
        u = unless_text(row)
        if u:
            notes.append(u)
        o = only_text(row)
        if o:
            notes.append("only when " + o)
        if row.kind == "MUTEX_LOCK":
            notes.append("only with `ReportMutexLock: true`")
        fix = REWRITES[row.rewrite].replace("NAME", row.name).replace(
            "LAST", row.name.split("::")[-1])
        rows[row.category].append((row.name, fix, "; ".join(notes)))
    out = ["# The catalog of blocking functions", "",
           "Generated from `checks/catalog/blocking-functions.def` by",
           "`scripts/catalog-doc.py`; do not edit by hand. Each check reports the",
           "rows of its category. Extend or trim the catalog with the",
           "`ExtraFunctions` and `IgnoredFunctions` options of each check, or",
           "with `[[clang::annotate(\"unblock::blocking\")]]` in code.", "",
           "The fix-it column spells each rewrite in the `unblock` profile; which",
           "profile a coroutine's fix-its use (its own runtime's, by default) and",
           "how the Asio profiles spell them is in [the fix-its](fixits.md).", "",
           "Kernel pseudo-files are not disk I/O: a call whose path is a string",
           "literal under `/proc/` or `/sys/` (`std::ifstream(\"/proc/self/status\")`)",
           "is not reported, and neither is reading, writing or closing a stream,",
           "`FILE*` or descriptor that the same function opened from such a path.", "",
           "A call that runs on a thread pool meant for blocking work (after",
           "`co_await tp.schedule()`, `co_await resume_on(background)`, ...) is",
           "not reported, whatever its row: see",
           "[coroutines on a thread pool](thread-pools.md) and the",
           "`BlockingExecutors` option, common to all the coro-blocking-* checks.",
           ""]
    for cat in CATEGORIES:
        check = "coro-blocking-" + cat.lower()
        out += ["## %s" % check, "",
                "| function | fix-it | conditions |", "| --- | --- | --- |"]
        for name, fix, notes in rows[cat]:
            out.append("| `%s` | %s | %s |" % (name, fix, notes))
        out.append("")
    return "\n".join(out)


def main():
    text = render()
    if "--check" in sys.argv:
        with open(DOC, encoding="utf-8") as f:
            if f.read() != text:
                sys.stderr.write("docs/catalog.md is stale: run scripts/catalog-doc.py\n")
                return 1
        return 0
    with open(DOC, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
