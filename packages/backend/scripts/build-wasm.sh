#!/bin/sh
# Builds wasm/kernels.wasm from wasm/kernels.c with Debian 12's clang 14 + lld (wasm-ld).
# Deterministic: fixed flags, no debug info, no producers section, paths not embedded.
#   scripts/build-wasm.sh [out.wasm]   (default: wasm/kernels.wasm beside this package)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/wasm/kernels.wasm}
CLANG=${CLANG:-clang}
expected_major=14
major=$($CLANG --version | sed -n 's/.*clang version \([0-9]*\)\..*/\1/p' | head -1)
if [ "$major" != "$expected_major" ]; then
  echo "build-wasm.sh: needs clang $expected_major (Debian 12 bookworm), got: $($CLANG --version | head -1)" >&2
  exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$here/wasm/kernels.c" "$tmp/kernels.c"
cd "$tmp"
$CLANG --target=wasm32-unknown-unknown -msimd128 -O3 -ffreestanding -nostdlib -fno-builtin \
  -ffp-contract=off -g0 -fno-ident \
  -Wl,--no-entry -Wl,--export-dynamic -Wl,--export=__heap_base -Wl,--strip-all \
  -Wl,--initial-memory=1048576 -Wl,--max-memory=4294967296 \
  -o kernels.wasm kernels.c
cp kernels.wasm "$out"
