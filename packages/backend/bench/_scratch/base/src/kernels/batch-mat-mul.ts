import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmOps } from '../wasm-internals.js';

/**
 * `BatchMatMul` for wasm with `transposeA` / `transposeB`: stock wasm runs the transposed cases in a
 * plain loop (< 1 GFLOP/s), its untransposed case in XNNPACK. Transposing the operand explicitly
 * (memory-bound, linear) and calling the untransposed kernel is much faster for all but tiny shapes.
 */
export function batchMatMulWasm(ops: WasmOps, a: TensorInfo, b: TensorInfo, attrs: NamedAttrMap): TensorInfo {
  const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
  if (!transposeA && !transposeB) return ops.run('BatchMatMul', { a, b }, attrs);
  const swapLast = (t: TensorInfo): TensorInfo => {
    const r = t.shape.length;
    const perm = [...Array(r).keys()];
    perm[r - 2] = r - 1;
    perm[r - 1] = r - 2;
    return ops.transpose(t, perm);
  };
  const aa = transposeA ? swapLast(a) : a;
  const bb = transposeB ? swapLast(b) : b;
  const out = ops.run('BatchMatMul', { a: aa, b: bb }, { ...attrs, transposeA: false, transposeB: false });
  if (aa !== a) ops.dispose(aa);
  if (bb !== b) ops.dispose(bb);
  return out;
}
