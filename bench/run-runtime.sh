#!/usr/bin/env bash
# Builds the runtime benchmarks (Release) and prints markdown tables of
# unblock against Asio, with the machine described: general costs, loopback
# echo (free functions and owned sockets, epoll and io_uring), a 1 ms
# timer's tail latency under echo load, and file read throughput. Loopback
# and one temporary 256 MiB file ($TMPDIR or /tmp) only; bounded: each echo
# run lasts echo-seconds, every echo row is the median of `repeats` runs
# (about 4 minutes in all at 2 s x 3 on 2 cores).
#   bench/run-runtime.sh [build-dir] [echo-seconds] [repeats]
# UNBLOCK_BENCH_CLIENT=epoll uses the epoll load client instead of io_uring.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-/tmp/unblock-bench-build}
secs=${2:-2}
repeats=${3:-3}
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DUNBLOCK_BUILD_CHECKS=OFF \
      -DUNBLOCK_BUILD_TESTS=OFF -DUNBLOCK_BUILD_BENCH=ON -DUNBLOCK_SANITIZE= >/dev/null
cmake --build "$build" --target unblock_runtime_bench -j"$(nproc)" >/dev/null
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),"\
     "$(${CXX:-c++} --version | head -1), Linux $(uname -r)"
echo "Load average (1, 5, 15 min) before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
"$build/bench/runtime/unblock_runtime_bench" all "$secs" "$repeats"
echo
echo "Load average (1, 5, 15 min) after: $(cut -d' ' -f1-3 /proc/loadavg)"
