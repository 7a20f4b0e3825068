#!/bin/sh
# CI check: rebuilds wasm/kernels.wasm into a temp dir and fails when its bytes differ from the
# committed binary. Installs Debian's clang + lld (the pinned toolchain) with apt-get when missing.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v clang >/dev/null 2>&1 || ! command -v wasm-ld >/dev/null 2>&1; then
  echo "check-wasm.sh: installing clang and lld (Debian 12: clang 14)" >&2
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq clang lld
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh "$here/scripts/build-wasm.sh" "$tmp/kernels.wasm"
if cmp -s "$tmp/kernels.wasm" "$here/wasm/kernels.wasm"; then
  echo "check-wasm.sh: wasm/kernels.wasm matches a fresh build ($(wc -c < "$tmp/kernels.wasm") bytes, $(clang --version | head -1))"
else
  echo "check-wasm.sh: wasm/kernels.wasm differs from a fresh build of wasm/kernels.c; run scripts/build-wasm.sh and commit the result" >&2
  exit 1
fi
