#!/usr/bin/env bash
# Builds the runtime benchmarks (Release) and prints a markdown table of
# unblock against Asio, with the machine described. Loopback only; bounded.
#   bench/run-runtime.sh [build-dir] [echo-seconds]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-/tmp/unblock-bench-build}
secs=${2:-2}
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DUNBLOCK_BUILD_CHECKS=OFF \
      -DUNBLOCK_BUILD_TESTS=OFF -DUNBLOCK_BUILD_BENCH=ON -DUNBLOCK_SANITIZE= >/dev/null
cmake --build "$build" --target unblock_runtime_bench -j"$(nproc)" >/dev/null
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),"\
     "$(${CXX:-c++} --version | head -1), Linux $(uname -r)"
echo
"$build/bench/runtime/unblock_runtime_bench" all "$secs"
