#!/usr/bin/env python3
"""Project-mode speed-up: the same 20-unit project analysed with -j 1 and
-j 2, alternately, RUNS times each (default 3).

usage: bench/project/run.py UNBLOCK [RUNS]

For each run it prints the wall time and the CPU time of the child
processes (user + sys), then the medians and the speed-up (median wall -j 1 /
median wall -j 2). The CPU time shows how much work there was: when it is
the same for both, the only serial part is the driver itself, and the load
average (printed before and after) tells whether other work on the machine
took the second core. Results are reported in docs/performance.md.
"""
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run(unblock, project, jobs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.run(
        [unblock, "-p", os.path.join(project, "build"),
         "--project-root=" + project, "--quiet", "-j", str(jobs),
         "--index-dir=none"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        universal_newlines=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if "20 translation units analysed" not in proc.stderr or \
            "20 findings" not in proc.stderr:
        sys.exit("unexpected result:\n" + proc.stderr)
    return wall, cpu


def main():
    unblock = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    work = tempfile.mkdtemp()
    try:
        project = os.path.join(work, "proj")
        subprocess.run([sys.executable, os.path.join(HERE, "make-project.py"),
                        project, "20"], check=True)
        print("cores: %d  load before: %s" % (
            os.cpu_count(), " ".join(open("/proc/loadavg").read().split()[:3])))
        times = {1: [], 2: []}
        for i in range(runs):
            for jobs in (1, 2):
                wall, cpu = run(unblock, project, jobs)
                times[jobs].append((wall, cpu))
                print("run %d: -j %d  wall %6.2f s  cpu %6.2f s" %
                      (i + 1, jobs, wall, cpu), flush=True)
        med = {j: (statistics.median(w for w, _ in t),
                   statistics.median(c for _, c in t)) for j, t in times.items()}
        for j in (1, 2):
            print("median -j %d: wall %.2f s, cpu %.2f s" % (j, *med[j]))
        print("speed-up (wall, -j 1 / -j 2): %.2fx" % (med[1][0] / med[2][0]))
        print("load after: %s" %
              " ".join(open("/proc/loadavg").read().split()[:3]))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
