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
exit $status
