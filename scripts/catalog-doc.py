#!/usr/bin/env python3
"""Writes docs/catalog.md from checks/catalog/blocking-functions.def.

usage: scripts/catalog-doc.py [--check]   (--check: fail if the page is stale)
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEF = os.path.join(ROOT, "checks", "catalog", "blocking-functions.def")
DOC = os.path.join(ROOT, "docs", "catalog.md")

ROW = re.compile(r'^(BLOCKING|MUTEX_LOCK)\("([^"]+)",\s*(\w+),\s*(\w+),\s*(-?\d+),\s*'
                 r'(ALWAYS_BLOCKS|FLAG\((\d+), "(\w+)"\)|ZERO\((\d+)\)|ZERO_PTR\((\d+)\)|KERNEL_PATH\((\d+)\)),\s*'
                 r'(ANY|WITH_ARGS|\w+\((-?\d+)\))\)')

CATEGORIES = ["Sleep", "Net", "File", "Sync", "Process", "Console"]
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


def unless_text(m):
    if m.group(6) == "ALWAYS_BLOCKS":
        return ""
    if m.group(7):
        return "`%s` in %s" % (m.group(8), ordinal(m.group(7)))
    if m.group(9):
        return "zero timeout in %s" % ordinal(m.group(9))
    if m.group(10):
        return "%s points to a zero timeout" % ordinal(m.group(10)).capitalize()
    return "a literal path under `/proc/` or `/sys/` in %s" % ordinal(m.group(11))


def only_text(m):
    kind = m.group(12)
    if kind == "ANY":
        return ""
    if kind == "WITH_ARGS":
        return "when it opens something (has arguments)"
    name = kind.split("(")[0]
    where = ordinal(m.group(13))
    return {
        "STDIN": "%s is the terminal (stdin, std::cin, descriptor 0)" % where,
        "FILE_STREAM": "%s is a file stream" % where,
        "NOT_STD": "%s is not stdin/stdout/stderr" % where,
    }[name]


def render():
    rows = {c: [] for c in CATEGORIES}
    with open(DEF, encoding="utf-8") as f:
        for line in f:
            m = ROW.match(line.strip())
            if not m:
                continue
            name, cat, fix, fd = m.group(2), m.group(3), m.group(4), int(m.group(5))
            notes = []
            if fd >= 0:
                notes.append("not when the descriptor is non-blocking or awaited for readiness")
            u = unless_text(m)
            if u:
                notes.append("not with " + u)
            o = only_text(m)
            if o:
                notes.append("only when " + o)
            if m.group(1) == "MUTEX_LOCK":
                notes.append("only with `ReportMutexLock: true`")
            rows[cat].append((name, REWRITES[fix].replace("NAME", name).replace("LAST", name.split("::")[-1]), "; ".join(notes)))
    out = ["# The catalog of blocking functions", "",
           "Generated from `checks/catalog/blocking-functions.def` by",
           "`scripts/catalog-doc.py`; do not edit by hand. Each check reports the",
           "rows of its category. Extend or trim the catalog with the",
           "`ExtraFunctions` and `IgnoredFunctions` options of each check, or",
           "with `[[clang::annotate(\"unblock::blocking\")]]` in code.", "",
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
