#!/usr/bin/env python3
"""Project index: what a warm or incremental project-mode run costs next to
a cold one, and next to clang-tidy, on one generated project.

usage: bench/index/run.py --unblock PATH --plugin PATH --clang-tidy PATH
           [--run-clang-tidy PATH] [--units 200] [--jobs 2] [--keep DIR]

It writes a project of --units translation units with make-project.py (into
a temporary directory, or into DIR with --keep, which must not exist or be
empty, and is kept with the output of every scenario under DIR/results),
then runs, in this order (each on the state the previous one left; no edit
is undone):

  a. unblock cold      rm -rf build/.unblock, then
                       unblock -p build --project-root=DEST --quiet -j JOBS
  b. unblock warm      the same command again, nothing changed
  c. one .cpp changed  unit K = max(10, N / 2) (it does not include
                       shared.h): the duration literal of its poll coroutine
                       (a direct sleep, not part of any cross-unit chain)
                       becomes another one, then the same command
  d. one header changed shared.h's inline function (units 0..9 include it)
                       gets another body, then the same command
  e. clang-tidy        clang-tidy -load PLUGIN -p build --checks=-*,coro-*
                       --quiet FILES... (all units in one process)
  f. run-clang-tidy    run-clang-tidy -clang-tidy-binary CLANG_TIDY
                       -load PLUGIN -p build -j JOBS -checks=-*,coro-*
                       -quiet; skipped, with the reason, when the script is
                       missing or its --help has no -load (by default the
                       run-clang-tidy next to CLANG_TIDY)

For each it measures the wall time and the CPU time of the child processes
(user + sys, resource.getrusage(RUSAGE_CHILDREN)). It prints the machine
(cores, /proc/loadavg before and after), a markdown table (scenario, wall,
children CPU, wall / unblock cold's wall, translation units analysed,
parsed ("K parsed, the rest read from the index"; all of them without an
index), the number an index should parse, findings) and the target lines:
warm / cold <= 0.10, one .cpp / cold <= 0.20, one header / cold (no
target). The project, the index and every scenario's stdout and stderr are
kept with --keep.

Sanity checks (any failure is reported and the exit status is 1): every
unblock run exits with 0 or 1 and its stderr has "N translation units
analysed" and "M findings"; cold finds 2 per unit (its sleep and its chain
into the next unit); warm prints exactly cold's findings (stdout compared
as text) and counts; c prints cold's findings with unit K's new literal
and d the same as c; unblock does not change from a to d, nor the plugin
during e and f (else the run stops there). Missing the speed targets does
not change the exit status.
"""
import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

SHARED_OLD = "x * 3;"
SHARED_NEW = "x * 37;"   # another size too, so a size + time check sees it


class Abort(Exception):
    """A scenario went wrong in a way that makes the rest meaningless."""


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def stamp(path):
    st = os.stat(path)
    return (st.st_size, st.st_mtime_ns)


def timed(cmd, cwd, stdout_path=None):
    """Runs cmd; returns (wall, children cpu, returncode, stdout, stderr).
    With stdout_path the output goes to that file and stdout is None."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    try:
        if stdout_path:
            with open(stdout_path, "w") as out:
                proc = subprocess.run(cmd, cwd=cwd, stdout=out,
                                      stderr=subprocess.PIPE,
                                      universal_newlines=True)
        else:
            proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE,
                                  universal_newlines=True)
    except OSError as e:
        raise Abort("cannot run %s: %s" % (cmd[0], e))
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.returncode, proc.stdout, proc.stderr


def head(text, lines=20):
    """The first lines of text, saying how many more there were."""
    all_lines = text.splitlines()
    more = len(all_lines) - lines
    return "\n".join(all_lines[:lines] +
                     (["... (%d more lines)" % more] if more > 0 else []))


def counts(stderr):
    """(translation units analysed, parsed, findings) from project mode's
    summary, None for what is missing. With an index, "N translation units
    analysed" counts every unit and a line "K parsed, the rest read from
    the index" follows; without one every unit is parsed."""
    units = re.search(r"(\d+) translation units? analysed", stderr)
    units = int(units.group(1)) if units else None
    parsed = re.search(r"(\d+) parsed\b", stderr)
    parsed = int(parsed.group(1)) if parsed else units
    found = re.search(r"(\d+) findings?\b", stderr)
    found = int(found.group(1)) if found else (
        0 if re.search(r"\bno findings\b", stderr) else None)
    return units, parsed, found


def edit(path, old, new):
    with open(path) as f:
        text = f.read()
    if text.count(old) != 1:
        sys.exit("%s: expected '%s' once" % (path, old))
    with open(path, "w") as f:
        f.write(text.replace(old, new))


def supports_load(script):
    """None when script can be used with -load, else why not."""
    if not script:
        return "no run-clang-tidy given or found next to clang-tidy"
    if not os.access(script, os.X_OK):
        return "%s is missing or not executable" % script
    try:
        proc = subprocess.run([script, "--help"], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT,
                              universal_newlines=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return "%s --help failed: %s" % (script, e)
    if proc.returncode != 0:
        return "%s --help exited with %d" % (script, proc.returncode)
    if not re.search(r"(^|\s|\[)-load\b", proc.stdout):
        return "%s has no -load option" % script
    return None


def warnings_in(path):
    """clang-tidy findings in an output file: lines with 'warning: ...
    [coro-...]'."""
    with open(path, errors="replace") as f:
        return sum(1 for line in f
                   if "warning:" in line and re.search(r"\[coro-[\w-]+", line))


class Bench:
    """The scenarios on one project; rows and outputs of those that ran."""

    def __init__(self, args, project):
        self.unblock = os.path.abspath(args.unblock)
        self.plugin = os.path.abspath(args.plugin)
        self.clang_tidy = os.path.abspath(args.clang_tidy)
        self.jobs = args.jobs
        self.n = args.units
        self.project = project
        self.build = os.path.join(project, "build")
        self.src = os.path.join(project, "src")
        self.results = os.path.join(project, "results")
        self.files = [os.path.join(self.src, "unit%03d.cpp" % i)
                      for i in range(self.n)]
        self.edited = max(10, self.n // 2)
        self.direct_old = "milliseconds(%d)" % (1000 + self.edited)
        self.direct_new = "milliseconds(%d)" % (20000 + self.edited)
        # The binaries that must not change: unblock from a to d (they
        # share the index), then the plugin during e and f.
        self.stamps = {self.unblock: stamp(self.unblock)}
        # (scenario, wall, cpu, units analysed, parsed, findings, target)
        self.rows = []
        self.outputs = {}   # key: (stdout, units analysed, findings)
        self.problems = []
        self.where = ("see " + self.results if args.keep else
                      "run with --keep to see the outputs")

    def check_binaries(self, label):
        for path, old in self.stamps.items():
            if not os.path.exists(path) or stamp(path) != old:
                raise Abort("%s changed during %s (being rebuilt?): the "
                            "timings would mix two builds" % (path, label))

    def save(self, key, text, suffix):
        with open(os.path.join(self.results, key + suffix), "w") as f:
            f.write(text)

    def run_unblock(self, key, label, target):
        cmd = [self.unblock, "-p", self.build,
               "--project-root=" + self.project, "--quiet",
               "-j", str(self.jobs)]
        wall, cpu, rc, out, err = timed(cmd, self.project)
        self.save(key, out, ".stdout")
        self.save(key, err, ".stderr")
        self.check_binaries(label)
        units, parsed, found = counts(err)
        if rc not in (0, 1):
            raise Abort("%s: unblock exited with %d:\n%s" %
                        (label, rc, head(err)))
        if units is None or found is None:
            self.problems.append("%s: no 'translation units analysed' or "
                                 "'findings' in stderr:\n%s" %
                                 (label, head(err)))
        self.outputs[key] = (out, units, found)
        self.rows.append((label, wall, cpu, units, parsed, found, target))
        print("%s: wall %.2f s, children cpu %.2f s, %s units analysed, "
              "%s parsed, %s findings" %
              (label, wall, cpu, units, parsed, found), flush=True)

    def run_tidy(self, key, label, cmd):
        out_path = os.path.join(self.results, key + ".stdout")
        wall, cpu, rc, _, err = timed(cmd, self.project, out_path)
        self.save(key, err, ".stderr")
        self.check_binaries(label)
        found = warnings_in(out_path)
        if rc != 0:
            self.problems.append("%s exited with %d (see %s)" %
                                 (label, rc, out_path))
        self.rows.append((label, wall, cpu, self.n, self.n, found, ""))
        print("%s: wall %.2f s, children cpu %.2f s, %d findings" %
              (label, wall, cpu, found), flush=True)

    def scenarios(self, rct):
        n, src = self.n, self.src
        # a. cold
        shutil.rmtree(os.path.join(self.build, ".unblock"), ignore_errors=True)
        self.run_unblock("a-cold", "a. unblock cold", "%d (all)" % n)
        # b. warm
        self.run_unblock("b-warm", "b. unblock warm", "0")
        # c. one .cpp changed (not part of a chain)
        edit(self.files[self.edited], self.direct_old, self.direct_new)
        self.run_unblock(
            "c-one-cpp", "c. unblock, one .cpp changed",
            "1-2: unit%03d (+ unit%03d, which calls into it)" %
            (self.edited, self.edited - 1))
        # d. one header changed
        edit(os.path.join(src, "shared.h"), SHARED_OLD, SHARED_NEW)
        self.run_unblock(
            "d-one-header", "d. unblock, one header changed",
            "10-11: units 000-009 (+ unit%03d, which calls into unit000)" %
            (n - 1))
        # e. clang-tidy, one process
        self.stamps = {self.plugin: stamp(self.plugin)}
        self.run_tidy("e-clang-tidy", "e. clang-tidy, one process",
                      [self.clang_tidy, "-load", self.plugin, "-p", self.build,
                       "--checks=-*,coro-*", "--quiet"] + self.files)
        # f. run-clang-tidy
        why_not = supports_load(rct)
        if why_not:
            print("f. run-clang-tidy skipped: " + why_not, flush=True)
        else:
            print("f. run-clang-tidy: %s" % rct, flush=True)
            self.run_tidy("f-run-clang-tidy",
                          "f. run-clang-tidy -j %d" % self.jobs,
                          [rct, "-clang-tidy-binary", self.clang_tidy,
                           "-load", self.plugin, "-p", self.build,
                           "-j", str(self.jobs), "-checks=-*,coro-*",
                           "-quiet"])

    def check_results(self):
        """The sanity checks on the unblock runs that took place."""
        n, problems = self.n, self.problems
        if "a-cold" not in self.outputs:
            return
        cold_out, cold_units, cold_found = self.outputs["a-cold"]
        if cold_units != n:
            problems.append("cold: %s translation units analysed, expected %d"
                            % (cold_units, n))
        if cold_found != 2 * n:
            problems.append("cold: %s findings, expected %d (a sleep and a "
                            "chain per unit)" % (cold_found, 2 * n))
        # What each run should print, and the run it is compared with.
        expected = {
            "b-warm": (cold_out, "cold's"),
            "c-one-cpp": (cold_out.replace(self.direct_old, self.direct_new),
                          "cold's with unit%03d's new literal" % self.edited),
        }
        if "c-one-cpp" in self.outputs:
            expected["d-one-header"] = (self.outputs["c-one-cpp"][0],
                                        "the previous run's")
        for key, (text, which) in expected.items():
            if key not in self.outputs:
                continue
            out, units, found = self.outputs[key]
            if out != text:
                problems.append("%s: the findings differ from %s (%s)" %
                                (key, which, self.where))
            if found != cold_found or units != cold_units:
                problems.append("%s: %s units analysed and %s findings, cold "
                                "%s and %s" % (key, units, found, cold_units,
                                               cold_found))

    def report(self):
        if not self.rows or not self.rows[0][0].startswith("a."):
            return
        cold_wall = self.rows[0][1]
        print()
        print("| scenario | wall s | children cpu s | ratio to unblock cold "
              "| units analysed | parsed | index target | findings |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |")
        for label, wall, cpu, units, parsed, found, target in self.rows:
            print("| %s | %.2f | %.2f | %.3f | %s | %s | %s | %s |" %
                  (label, wall, cpu, wall / cold_wall, units, parsed,
                   target, found))
        print()
        walls = {label[0]: wall for label, wall, *_ in self.rows}
        for key, name, target in (("b", "warm / cold", 0.10),
                                  ("c", "one .cpp / cold", 0.20),
                                  ("d", "one header / cold", None)):
            if key not in walls:
                continue
            ratio = walls[key] / cold_wall
            if target is None:
                print("%s: %.3f (no target)" % (name, ratio))
            else:
                print("%s: %.3f (target <= %.2f: %s)" % (
                    name, ratio, target,
                    "met" if ratio <= target else "NOT met"))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unblock", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--clang-tidy", required=True)
    parser.add_argument("--run-clang-tidy")
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", metavar="DIR")
    args = parser.parse_args()
    rct = args.run_clang_tidy
    if rct is None:
        guess = os.path.join(os.path.dirname(os.path.abspath(args.clang_tidy)),
                             "run-clang-tidy")
        rct = guess if os.path.exists(guess) else None
    rct = os.path.abspath(rct) if rct else None
    if args.units < 11:
        sys.exit("--units must be at least 11 (units 0..9 include shared.h "
                 "and the edited unit must not)")
    for path in (args.unblock, args.plugin, args.clang_tidy):
        if not os.path.isfile(path):
            sys.exit("%s: not found" % path)
    if not os.access(args.unblock, os.X_OK):
        sys.exit("%s: not executable" % args.unblock)

    if args.keep:
        work = os.path.abspath(args.keep)
        if os.path.exists(work) and os.listdir(work):
            sys.exit("--keep %s: the directory must not exist or be empty" %
                     work)
        project = work
    else:
        work = tempfile.mkdtemp(prefix="unblock-index-bench-")
        project = os.path.join(work, "proj")
    try:
        subprocess.run([sys.executable, os.path.join(HERE, "make-project.py"),
                        project, str(args.units)], check=True)
        os.makedirs(os.path.join(project, "results"), exist_ok=True)
        bench = Bench(args, project)
        print("machine: %d cores (%s)" % (os.cpu_count(), cpu_model()))
        print("load before: %s" % loadavg())
        print("project: %s, %d units, -j %d" % (project, args.units,
                                                args.jobs))
        print("order: a cold (rm -rf build/.unblock), b warm, c unit%03d.cpp "
              "edited, d shared.h edited, e clang-tidy, f run-clang-tidy" %
              bench.edited, flush=True)
        try:
            bench.scenarios(rct)
        except Abort as e:
            bench.problems.append(str(e))
        print("load after: %s" % loadavg())
        bench.check_results()
        bench.report()
        if args.keep:
            print("project and outputs kept in %s" % project)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if bench.problems:
        print()
        print("PROBLEMS:")
        for p in bench.problems:
            print("- " + p)
        sys.exit(1)


if __name__ == "__main__":
    main()
