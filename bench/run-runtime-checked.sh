#!/usr/bin/env bash
# The run-time checks' cost: the runtime benchmarks' post+resume and loopback
# echo scenarios, built once on unblock::runtime and once on
# unblock::runtime_checked (same compiler, same flags otherwise), and the
# plain build again with the stall watchdog on (UNBLOCK_STALL_MS=1000), run
# alternately in one go; prints a markdown table of the ratios to the plain
# build.
#   bench/run-runtime-checked.sh [build-dir] [echo-seconds] [llvm-major]
# Needs a clang with -fsanitize=realtime (LLVM 20 or later).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-/tmp/unblock-bench-checked-build}
secs=${2:-2}
major=${3:-22}
cxx=/usr/lib/llvm-$major/bin/clang++
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$cxx" \
      -DUNBLOCK_BUILD_CHECKS=OFF -DUNBLOCK_BUILD_TESTS=OFF -DUNBLOCK_BUILD_BENCH=ON \
      -DUNBLOCK_SANITIZE= >/dev/null
if ! grep -q '^UNBLOCK_COMPILER_HAS_RTSAN:INTERNAL=1$' "$build/CMakeCache.txt"; then
  echo "$cxx has no -fsanitize=realtime: nothing to measure" >&2
  exit 2
fi
cmake --build "$build" --target unblock_runtime_bench unblock_runtime_bench_checked -j"$(nproc)" >/dev/null
plain="$build/bench/runtime/unblock_runtime_bench"
checked="$build/bench/runtime/unblock_runtime_bench_checked"
# Any report would stop the checked program (halt_on_error=1): a number here
# also says the run was clean.
export RTSAN_OPTIONS="halt_on_error=1:suppressions=$here/runtime/rtsan.supp"

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),"\
     "$("$cxx" --version | head -1), Linux $(uname -r)"
echo
echo "| benchmark | unblock::runtime | + stall watchdog | unblock::runtime_checked |"
echo "| --- | ---: | ---: | ---: |"
# One scenario, three variants, three alternating runs each; the median (of
# the first number a scenario prints: the echo ones add CPU shares).
median() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
measure() {
  local scenario=$1 n=$2 p=() w=() c=()
  for _ in 1 2 3; do
    p+=("$(env -u UNBLOCK_STALL_MS "$plain" "$scenario" "$n" "$secs" | cut -d' ' -f1)")
    w+=("$(UNBLOCK_STALL_MS=1000 "$plain" "$scenario" "$n" "$secs" | cut -d' ' -f1)")
    c+=("$(env -u UNBLOCK_STALL_MS "$checked" "$scenario" "$n" "$secs" | cut -d' ' -f1)")
  done
  echo "$(median "${p[@]}") $(median "${w[@]}") $(median "${c[@]}")"
}
read -r p w c < <(measure post_unblock 5000000)
awk -v p="$p" -v w="$w" -v c="$c" 'BEGIN { printf "| post + resume (yield through the loop), ns per op | %.1f ns | %.1f ns (%.2fx) | %.1f ns (%.2fx) |\n", p, w, w / p, c, c / p }'
for conns in 1 50; do
  read -r p w c < <(measure echo_free_epoll "$conns")
  awk -v p="$p" -v w="$w" -v c="$c" -v n="$conns" 'BEGIN { printf "| loopback echo (free functions, epoll), %d connection(s), 64 B round trips/s | %.0f rt/s | %.0f rt/s (%.2fx) | %.0f rt/s (%.2fx) |\n", n, p, w, w / p, c, c / p }'
done
