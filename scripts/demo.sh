#!/usr/bin/env bash
# unblock's main job on the bundled demo: installs what it needs, builds the
# tool, and reports the blocking calls in examples/tutorial/tutorial.cpp (the
# C++ form of the classic Python asyncio tutorial mistakes).
# Usage: scripts/demo.sh [MAJOR]   (default: 22)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
major="${1:-22}"

"$root/scripts/install-deps.sh" "$major"
"$root/scripts/build.sh" "$major" >/dev/null

tool="$root/build/llvm-$major/bin/unblock"
demo="$root/examples/tutorial/tutorial.cpp"
echo "=== unblock --checks='-*,coro-*' examples/tutorial/tutorial.cpp"
"$tool" --checks='-*,coro-*' "$demo" -- -std=c++20 -I"$root/runtime/include" || true
