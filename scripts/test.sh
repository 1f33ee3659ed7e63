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
exit $status
