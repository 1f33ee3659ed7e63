#!/usr/bin/env bash
# The costs of coro-blocking-indirect (docs/performance.md, "Transitive
# analysis"): the in-TU analysis on a 400-coroutine translation unit, the
# size of summaries against the number of functions, and a cross-TU project
# run against a plain one. Benchmarks never gate tests.
#
# usage: bench/indirect/run.sh [BUILD_DIR] [REPEATS]
#   BUILD_DIR must be configured with -DUNBLOCK_BUILD_BENCH=ON (for
#   bin/indirect_bench); REPEATS (default 3) runs of each project timing,
#   the fastest is kept. The project runs analyse their units one after the
#   other (-j 1), in project mode without an index (every run cold).
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
# Project mode without an index (every run cold): without and with the
# second pass for the chains across units.
run() {
  "$unblock" -p "$work/project" --checks="$checks" --index-dir=none -j 1 --quiet "$@"
}
for r in $(seq "$repeats"); do
  cpu run --no-cross-tu >> "$work/plain.times"
  cpu run >> "$work/cross.times"
  echo "  run $r: without the cross-TU pass $(tail -1 "$work/plain.times") s; with it $(tail -1 "$work/cross.times") s"
done
run > "$work/cross.out" 2> "$work/cross.err" || true
affected=$(sed -n 's/.*followed calls across translation units in \([0-9]*\) of them.*/\1/p' "$work/cross.err")
plain=$(best < "$work/plain.times")
cross=$(best < "$work/cross.times")
found=$(grep -c "warning: call to 'slow" "$work/cross.out" || true)
printf "plain run %.2f s, cross-TU run %.2f s: +%.1f%%; %d of %d files affected, %d cross-TU findings\n" \
  "$plain" "$cross" "$(echo "100 * ($cross - $plain) / $plain" | bc -l)" "${affected:-0}" "${#files[@]}" "$found"
