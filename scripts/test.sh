#!/usr/bin/env bash
# The whole test suite: installs what it needs, then builds and tests unblock
# against every supported LLVM major (default: 19 and 22).
# Usage: scripts/test.sh [MAJOR...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(19 22)

"$root/scripts/install-deps.sh" "${majors[@]}"

status=0
for major in "${majors[@]}"; do
  echo "=== LLVM $major: build"
  "$root/scripts/build.sh" "$major"
  echo "=== LLVM $major: test"
  if ! ctest --test-dir "$root/build/llvm-$major" --output-on-failure -j "$(nproc)"; then
    status=1
  fi
done

# The runtime alone, under ASan+UBSan and under TSan (built with the system
# compiler, which also keeps the runtime honest about GCC).
for sanitize in address,undefined thread; do
  build="$root/build/runtime-${sanitize//,/-}"
  echo "=== runtime under -fsanitize=$sanitize"
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DUNBLOCK_BUILD_CHECKS=OFF -DUNBLOCK_SANITIZE="$sanitize" >/dev/null
  fi
  cmake --build "$build" -j "$(nproc)"
  if ! UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
       ctest --test-dir "$build" --output-on-failure -j "$(nproc)" -E install; then
    status=1
  fi
done

# The checks under ASan+UBSan with our assertions on (UNBLOCK_TOOL_SANITIZE):
# the hostile corpus (test/robustness) through the sanitized unblock, then a
# 200-input smoke run of the fuzz target from its seed corpus (fuzz/).
for major in "${majors[@]}"; do
  build="$root/build/llvm-$major-sanitize"
  echo "=== LLVM $major: hostile corpus and fuzz smoke run under ASan+UBSan"
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_CXX_COMPILER="/usr/lib/llvm-$major/bin/clang++" \
      -DUNBLOCK_LLVM_MAJOR="$major" -DUNBLOCK_BUILD_RUNTIME=OFF \
      -DUNBLOCK_BUILD_CLANGD=OFF -DUNBLOCK_TOOL_SANITIZE=address,undefined \
      -DUNBLOCK_BUILD_FUZZER=ON >/dev/null
  fi
  cmake --build "$build" -j "$(nproc)" --target unblock unblock-fuzz-checks
  # The sanitized build's lit test runs test/robustness only.
  if ! ctest --test-dir "$build" --output-on-failure -R '^lit$'; then
    status=1
  fi
  fuzz_out="$(mktemp -d)"
  mkdir "$fuzz_out/new"
  if ! (cd "$fuzz_out" && "$build/bin/unblock-fuzz-checks" -runs=200 -seed=1 \
          -max_len=4096 -timeout=120 new "$root/fuzz/corpus" \
          > fuzz.log 2>&1); then
    tail -n 60 "$fuzz_out/fuzz.log"
    echo "fuzz smoke run failed; inputs and log in $fuzz_out"
    status=1
  else
    rm -rf "$fuzz_out"
  fi
done
exit $status
