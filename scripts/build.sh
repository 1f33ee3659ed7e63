#!/usr/bin/env bash
# Configures and builds unblock against one LLVM major.
# Usage: scripts/build.sh MAJOR [extra cmake args...]
# Builds into build/llvm-MAJOR with the clang++ of that LLVM (the checks must
# be compiled by the compiler that built clang-tidy's libraries).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
major="${1:?usage: scripts/build.sh MAJOR [cmake args...]}"
shift
build="$root/build/llvm-$major"
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" "${generator[@]}" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_COMPILER="/usr/lib/llvm-$major/bin/clang++" \
    -DUNBLOCK_LLVM_MAJOR="$major" "$@"
else
  cmake "$build" "$@" >/dev/null
fi
cmake --build "$build" -j "$(nproc)"
