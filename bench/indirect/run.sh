#!/usr/bin/env bash
# The costs of coro-blocking-indirect (docs/performance.md, "Transitive
# analysis"): the in-TU analysis on a 400-coroutine translation unit, the
# size of summaries against the number of functions, and a cross-TU project
# run against a plain one. Benchmarks never gate tests.
#
# usage: bench/indirect/run.sh [BUILD_DIR] [REPEATS]
#   BUILD_DIR must be configured with -DUNBLOCK_BUILD_BENCH=ON (for
#   bin/indirect_bench); REPEATS (default 3) runs of each project timing,
#   the fastest is kept. The project runs process their files one after the
#   other, in one process per phase.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../../build}" && pwd)
repeats=${2:-3}
bench=$build/bin/indirect_bench
unblock=$build/bin/unblock
for b in "$bench" "$unblock"; do
  [[ -x $b ]] || { echo "missing $b (build with -DUNBLOCK_BUILD_BENCH=ON)" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
checks='-*,coro-*'

echo "== in-TU analysis, 400 coroutines (median microseconds of 40 rounds)"
python3 "$here/gen.py" tu 400 "$work/tu400.cpp"
sed 's/usleep(1);//' "$work/tu400.cpp" > "$work/tu400-clean.cpp"
for f in tu400 tu400-clean; do
  "$bench" "$work/$f.cpp" 40 | awk -v f="$f" '
    /^analysis_us/ {a=$2} /^direct_us/ {d=$2} /^indirect_us/ {i=$2}
    /^indirect_diagnostics/ {n=$2} /^functions/ {fn=$2}
    END {printf "%-12s functions %5d  analysis %8.0f  direct %6.0f  indirect %6.0f  (%d notes)  indirect/(analysis+direct) %.1f%%\n",
         f, fn, a, d, i, n, 100*i/(a+d)}'
done

echo "== summary size against the number of functions"
for n in 100 200 400 800 1600; do
  python3 "$here/gen.py" functions "$n" "$work/f$n.cpp"
  "$bench" "$work/f$n.cpp" 3 | awk -v n="$n" '
    /^summary_bytes/ {b=$2} /^summary_functions/ {k=$2} /^summary_us/ {t=$2}
    END {printf "functions %5d  in summary %5d  bytes %8d  bytes/function %5.1f  time %7.0f us\n",
         n, k, b, b/k, t}'
done

echo "== project of 40 translation units, $repeats runs each, fastest kept (CPU seconds, user + system)"
python3 "$here/gen.py" project 40 "$work/project"
files=("$work"/project/tu*.cpp)
# CPU time of a command (user + system of its processes): steadier than
# wall time on a shared machine.
cpu() {
  local TIMEFORMAT='%3U %3S'
  { time "$@" >/dev/null 2>&1; } 2>&1 | awk '{print $1 + $2}'
}
best() { sort -g | head -1; }
: > "$work/plain.times"
: > "$work/cross.times"
for r in $(seq "$repeats"); do
  cpu "$unblock" -p "$work/project" --checks="$checks" "${files[@]}" >> "$work/plain.times"
  rm -rf "$work/sum"
  p1=$(cpu "$unblock" -p "$work/project" --checks="$checks" --summaries-out="$work/sum" "${files[@]}")
  p2=$(cpu "$unblock" --merge-summaries="$work/sum")
  mapfile -t affected < <("$unblock" --merge-summaries="$work/sum")
  p3=$(cpu "$unblock" -p "$work/project" --checks='-*,coro-blocking-indirect' \
    --summaries-in="$work/sum" --summaries-cross-tu-only "${affected[@]}")
  echo "$p1 + $p2 + $p3" | bc >> "$work/cross.times"
  echo "  run $r: plain $(tail -1 "$work/plain.times") s; phase 1 $p1 s, merge $p2 s, phase 3 $p3 s"
done
"$unblock" -p "$work/project" --checks='-*,coro-blocking-indirect' --summaries-in="$work/sum" \
  --summaries-cross-tu-only "${affected[@]}" > "$work/cross.out" 2>&1 || true
plain=$(best < "$work/plain.times")
cross=$(best < "$work/cross.times")
found=$(grep -c "warning: call to 'slow" "$work/cross.out" || true)
printf "plain run %.2f s, cross-TU run (3 phases) %.2f s: +%.1f%%; %d of %d files affected, %d cross-TU findings\n" \
  "$plain" "$cross" "$(echo "100 * ($cross - $plain) / $plain" | bc -l)" "${#affected[@]}" "${#files[@]}" "$found"
