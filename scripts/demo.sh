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
#      times side by side;
#   5. when the compiler has RealtimeSanitizer (LLVM 20 or later), runs both
#      versions on the checked runtime (unblock::runtime_checked) and shows
#      what it reports at run time next to the static report for each line.
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
targets=(unblock unblock_runtime)
checked=no
if grep -q '^UNBLOCK_COMPILER_HAS_RTSAN:INTERNAL=1$' "$build/CMakeCache.txt"; then
  checked=yes
  targets+=(unblock_runtime_checked)
fi
echo "=== building unblock and its runtime (${build#"$root"/})"
mkdir -p "$work"
if ! cmake --build "$build" -j "$(nproc)" --target "${targets[@]}" \
    >"$work/build.log" 2>&1; then
  cat "$work/build.log"
  exit 1
fi

tool="$build/bin/unblock"
runtime_lib="$(find "$build/runtime" -name 'libunblock_runtime.a' | head -n 1)"
# What the archive needs after it (liburing when the io_uring backend is
# built), as the runtime's CMake wrote it.
read -r -a link_deps < "$build/runtime/link-deps.txt"
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
"$cxx" "${flags[@]}" -O2 -Wno-unused-result "$work/tutorial.cpp" "$runtime_lib" "${link_deps[@]}" \
  -o "$work/tutorial" &
before_pid=$!

echo
echo "=== unblock --checks='-*,coro-*' examples/tutorial/tutorial.cpp"
(cd "$root" && "$tool" --checks='-*,coro-*' --quiet examples/tutorial/tutorial.cpp -- \
  "${flags[@]}" 2>/dev/null) | tee "$work/static.txt" || true

echo
echo "=== unblock --checks='-*,coro-*' --fix, on a copy"
wait "$fix_pid" || true
(cd "$work" && diff -u tutorial.cpp tutorial.fixed.cpp) || true

echo
echo "=== building both with clang++-$major -O2"
"$cxx" "${flags[@]}" -O2 -Wall -Werror "$work/tutorial.fixed.cpp" "$runtime_lib" "${link_deps[@]}" \
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

if [ "$checked" != yes ]; then
  echo
  echo "(checked mode skipped: clang++-$major has no -fsanitize=realtime; LLVM 20 or later has it)"
  exit 0
fi

# 5. The checked runtime: the same sources linked against
# unblock::runtime_checked and compiled with -fsanitize=realtime; every
# coroutine step runs in a RealtimeSanitizer non-blocking context.
checked_lib="$(find "$build/runtime" -name 'libunblock_runtime_checked.a' | head -n 1)"
# The suppressions shipped with the runtime, and LLVM's symbolizer for the
# function names and lines in the reports.
rtsan_options="suppressions=$root/runtime/rtsan.supp"
rtsan_options+=":external_symbolizer_path=/usr/lib/llvm-$major/bin/llvm-symbolizer"
"$cxx" "${flags[@]}" -O1 -g -fsanitize=realtime -Wno-unused-result "$work/tutorial.cpp" \
  "$checked_lib" "${link_deps[@]}" -o "$work/tutorial.checked"
"$cxx" "${flags[@]}" -O1 -g -fsanitize=realtime "$work/tutorial.fixed.cpp" \
  "$checked_lib" "${link_deps[@]}" -o "$work/tutorial.fixed.checked"
RTSAN_OPTIONS="halt_on_error=0:$rtsan_options" "$work/tutorial.checked" \
  >/dev/null 2>"$work/checked.txt" || true
RTSAN_OPTIONS="halt_on_error=0:$rtsan_options" "$work/tutorial.fixed.checked" \
  >/dev/null 2>"$work/fixed-checked.txt" || true

echo
echo "=== the blocking version on the checked runtime (unblock::runtime_checked)"
# Each distinct report, cut to its frames down to the first one in the demo's
# source, and the frame of the loop's checked step; then unblock's static
# report for the same line.
awk '
  function frame(l) { sub(/^ +#[0-9]+ 0x[0-9a-f]+ in /, "", l); sub(/ \(\/.*\)$/, "", l); sub(/ \/.*\//, " ", l); return l }
  /^==[0-9]+==ERROR: RealtimeSanitizer/ { on = 1; head = ""; user = ""; next }
  on && /Intercepted call/ { head = "  " $0; next }
  on && /^ +#[0-9]+ / {
    l = frame($0)
    if (user == "") head = head "\n    " l
    if (user == "" && l ~ /tutorial\.cpp:/) { user = l; sub(/.* /, "", user) }
    if (l ~ /unblock::resume_checked/) {
      on = 0
      split(user, at, ":")
      if (!(at[1] ":" at[2] in seen)) {
        seen[at[1] ":" at[2]] = 1
        print "run time (" at[1] ":" at[2] "):"; print head; print "    ..."; print "    " l; print ""
      }
    }
  }
' "$work/checked.txt" > "$work/checked-short.txt"
while read -r loc; do
  sed -n "/^run time ($loc):/,/^\$/p" "$work/checked-short.txt"
  echo "static report ($loc):"
  grep -F "$loc:" "$work/static.txt" | grep -E 'warning:|error:' | sed 's|^.*/|  |' || echo "  (none)"
  echo
done < <(sed -n 's/^run time (\(.*\)):$/\1/p' "$work/checked-short.txt")
reports=$(grep -c 'ERROR: RealtimeSanitizer' "$work/fixed-checked.txt" || true)
echo "the fixed version on the checked runtime: $reports report(s)"
