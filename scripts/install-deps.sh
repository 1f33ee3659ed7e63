#!/usr/bin/env bash
# Installs the Debian packages unblock needs to build and test.
# Usage: scripts/install-deps.sh [MAJOR...]   (default: 19 22)
# Safe to run twice: packages already present are left alone.
set -euo pipefail

majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(19 22)

pkgs=(cmake ninja-build g++ make git libgtest-dev libgmock-dev libbenchmark-dev libasio-dev
      libboost1.81-dev liburing-dev)
for n in "${majors[@]}"; do
  pkgs+=("llvm-$n-dev" "libclang-$n-dev" "clang-$n" "clang-tidy-$n" "llvm-$n-tools")
done

# unblock-clangd links clangd's libraries (in libclang-N-dev), which need
# gRPC and protobuf for clangd's remote index.
pkgs+=(libgrpc++-dev libprotobuf-dev libabsl-dev protobuf-compiler-grpc)

# clang's sanitizer and libFuzzer runtimes: the sanitized unblock and the
# fuzz target that scripts/test.sh builds (fuzz/README.md).
for n in "${majors[@]}"; do
  pkgs+=("libclang-rt-$n-dev")
done

# clang-apply-replacements, which the project-mode tests run on exported fixes.
for n in "${majors[@]}"; do
  pkgs+=("clang-tools-$n")
done

# The SARIF validators that the project-mode tests run, from the npm registry,
# pinned, into build/npm-tools: the SARIF multitool (its `validate` verb) and
# ajv with the SARIF 2.1.0 schema that the multitool's package ships.
command -v npm >/dev/null 2>&1 || pkgs+=(nodejs npm)
install_npm_tools() {
  local root dir stamp want
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  dir="$root/build/npm-tools"
  want="@microsoft/sarif-multitool@5.7.0 @microsoft/sarif-multitool-linux@5.7.0 ajv@8.20.0 ajv-formats@3.0.1"
  stamp="$dir/installed.txt"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "install-deps: SARIF validators present"
    return
  fi
  echo "install-deps: installing the SARIF validators into $dir"
  mkdir -p "$dir"
  # shellcheck disable=SC2086
  npm install --prefix "$dir" --no-audit --no-fund --no-save $want >/dev/null
  chmod u+x "$dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
  echo "$want" > "$stamp"
}

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  install_npm_tools
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
install_npm_tools
