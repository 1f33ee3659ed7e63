#!/usr/bin/env bash
# Installs the Debian packages unblock needs to build and test.
# Usage: scripts/install-deps.sh [MAJOR...]   (default: 19 22)
# Safe to run twice: packages already present are left alone.
set -euo pipefail

majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(19 22)

pkgs=(cmake ninja-build g++ make git libgtest-dev libgmock-dev libbenchmark-dev libasio-dev)
for n in "${majors[@]}"; do
  pkgs+=("llvm-$n-dev" "libclang-$n-dev" "clang-$n" "clang-tidy-$n" "llvm-$n-tools")
done

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
