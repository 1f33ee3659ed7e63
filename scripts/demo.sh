#!/usr/bin/env bash
# unblock on the bundled demo, examples/tutorial/tutorial.cpp (the C++ form
# of the classic Python coroutine tutorial and its two mistakes: a blocking
# sleep inside coroutines, an awaitable created and never awaited).
#
#   1. installs what it needs and builds the unblock tool and the runtime
#      (only those two targets) against one LLVM major;
#   2. shows unblock's diagnostics on the demo;
#   3. applies the fix-its to a copy (build/demo/tutorial.fixed.cpp) and
#      shows the change;
#   4. builds both versions, runs them, and prints their output and elapsed
#      times side by side.
#
# Usage: scripts/demo.sh [MAJOR]   (default: 22). Safe to run twice: the copy
# is made afresh from the original every time. UNBLOCK_BUILD_DIR picks
# another build directory (default: build/llvm-MAJOR, as scripts/build.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
major="${1:-22}"
build="${UNBLOCK_BUILD_DIR:-$root/build/llvm-$major}"
work="$root/build/demo"
cxx="/usr/lib/llvm-$major/bin/clang++"

"$root/scripts/install-deps.sh" "$major"

# The configuration is scripts/build.sh's; the build is limited to the tool
# and the runtime the fixed program links against.
if [ ! -f "$build/CMakeCache.txt" ]; then
  generator=()
  command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
  cmake -S "$root" -B "$build" "${generator[@]}" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_COMPILER="$cxx" \
    -DUNBLOCK_LLVM_MAJOR="$major" >/dev/null
fi
echo "=== building unblock and its runtime (${build#"$root"/})"
mkdir -p "$work"
if ! cmake --build "$build" -j "$(nproc)" --target unblock unblock_runtime \
    >"$work/build.log" 2>&1; then
  cat "$work/build.log"
  exit 1
fi

tool="$build/bin/unblock"
runtime_lib="$(find "$build/runtime" -name 'libunblock_runtime.a' | head -n 1)"
demo="$root/examples/tutorial/tutorial.cpp"
flags=(-std=c++20 -I"$root/runtime/include")
cp "$demo" "$work/tutorial.cpp"
cp "$demo" "$work/tutorial.fixed.cpp"

# Three independent steps run side by side: the fix-its applied to the copy,
# the original's build, and the diagnostics printed below.
(cd "$work" && "$tool" --checks='-*,coro-*' --quiet --fix tutorial.fixed.cpp -- "${flags[@]}" \
  >"$work/fix.log" 2>&1) &
fix_pid=$!
# The original ignores a [[nodiscard]] result: that is its second mistake.
"$cxx" "${flags[@]}" -O2 -Wno-unused-result "$work/tutorial.cpp" "$runtime_lib" -pthread \
  -o "$work/tutorial" &
before_pid=$!

echo
echo "=== unblock --checks='-*,coro-*' examples/tutorial/tutorial.cpp"
(cd "$root" && "$tool" --checks='-*,coro-*' --quiet examples/tutorial/tutorial.cpp -- \
  "${flags[@]}" 2>/dev/null) || true

echo
echo "=== unblock --checks='-*,coro-*' --fix, on a copy"
wait "$fix_pid" || true
(cd "$work" && diff -u tutorial.cpp tutorial.fixed.cpp) || true

echo
echo "=== building both with clang++-$major -O2"
"$cxx" "${flags[@]}" -O2 -Wall -Werror "$work/tutorial.fixed.cpp" "$runtime_lib" -pthread \
  -o "$work/tutorial.fixed"
wait "$before_pid"

run_timed() {
  local start end
  start=$(date +%s%N)
  "$1" > "$2"
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}
before_ms=$(run_timed "$work/tutorial" "$work/before.txt")
after_ms=$(run_timed "$work/tutorial.fixed" "$work/after.txt")

echo
echo "=== running both"
{
  echo "before (blocking)|after unblock --fix"
  echo "-----------------|-------------------"
  paste -d '|' "$work/before.txt" "$work/after.txt"
} | column -t -s '|'
echo
printf 'elapsed: before %d ms   after %d ms\n' "$before_ms" "$after_ms"
