import { backend_util } from '@tensorflow/tfjs-core';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmOps } from '../wasm-internals.js';
import { transposeFast } from './transpose.js';

interface BackpropInputAttrs {
  strides: [number, number] | number;
  pad: backend_util.ExplicitPadding | 'same' | 'valid' | number;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

/**
 * True when the fast path applies: NHWC, filter height 1, stride height 1 and no vertical padding
 * (the conv1d case, `x: [B, 1, W, C]`). Other shapes go to the stock wasm kernel.
 */
export function backpropInputFastPath(filter: TensorInfo, attrs: NamedAttrMap): boolean {
  const a = attrs as unknown as BackpropInputAttrs;
  const info = backend_util.computeConv2DInfo(
    a.inputShape,
    filter.shape as [number, number, number, number],
    a.strides,
    1,
    a.pad,
    a.dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(a.dataFormat),
  );
  return (
    info.dataFormat === 'channelsLast' &&
    info.filterHeight === 1 &&
    info.strideHeight === 1 &&
    info.padInfo.top === 0 &&
    info.padInfo.bottom === 0
  );
}

/**
 * `Conv2DBackpropInput` for wasm, conv1d case, built from stock XNNPACK `Conv2D` calls.
 *
 * `dx_pad[j] = Σ_{t, k : t·s + k = j} dy[t] · W[k]ᵀ`. Split by phase `r = j mod s`: the taps
 * `k = r + s·m` form a stride-1 correlation of `dy` with the flipped sub-filter `W[r + s·m]ᵀ`, so each
 * phase is one stride-1 XNNPACK conv with no wasted multiply-adds (zero insertion would waste `s − 1`
 * of every `s`). The `s` phase outputs are interleaved and cropped to `x` by block copies on the heap.
 */
export function conv2dBackpropInputWasm(
  ops: WasmOps,
  dy: TensorInfo,
  filter: TensorInfo,
  attrs: NamedAttrMap,
): TensorInfo {
  const a = attrs as unknown as BackpropInputAttrs;
  const info = backend_util.computeConv2DInfo(
    a.inputShape,
    filter.shape as [number, number, number, number],
    a.strides,
    1,
    a.pad,
    a.dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(a.dataFormat),
  );
  const [B, H, W, ci] = a.inputShape;
  const wo = dy.shape[2] as number;
  const co = dy.shape[3] as number;
  const K = info.filterWidth;
  const s = info.strideWidth;
  const pl = info.padInfo.left;
  const qLo = Math.floor(pl / s);
  const qHi = Math.ceil((pl + W) / s);
  const Q = qHi - qLo;
  // [1, K, Ci, Co] -> [1, K, Co, Ci] (cache-blocked loop); taps are then gathered per phase by block copies
  // on the heap (stock Reverse / StridedSlice run at ~10 M elements/s, far too slow for 2.9 M weights).
  const wT = transposeFast(ops, filter, [0, 1, 3, 2]);
  const tap = co * ci;
  const phases: TensorInfo[] = [];
  for (let r = 0; r < s; r++) {
    const M = r < K ? Math.ceil((K - r) / s) : 0;
    const lo = qLo - (M - 1);
    const start = Math.max(0, lo);
    const end = Math.min(wo, qHi);
    if (M === 0 || end - start <= 0) {
      phases.push(ops.zeros([B, H, Q, ci]));
      continue;
    }
    // Wr_flip[m] = W[r + s·(M − 1 − m)]ᵀ
    const wr = ops.backend.makeOutput([1, M, co, ci], 'float32');
    const heap = ops.heap();
    const src0 = ops.offset(wT);
    const dst0 = ops.offset(wr);
    for (let m = 0; m < M; m++) {
      const k = r + s * (M - 1 - m);
      heap.copyWithin(dst0 + m * tap, src0 + k * tap, src0 + (k + 1) * tap);
    }
    let src = dy;
    if (start > 0 || end < wo) src = ops.slice(dy, [0, 0, start, 0], [B, H, end - start, co]);
    const padL = Math.max(0, -lo);
    const padR = Math.max(0, qHi - wo);
    phases.push(ops.conv2d(src, wr, [1, 1], [1, 1], [0, 0, padL, padR]));
    if (src !== dy) ops.dispose(src);
    ops.dispose(wr);
  }
  ops.dispose(wT);
  const off = pl - qLo * s;
  if (s === 1 && off === 0 && Q === W) return phases[0] as TensorInfo;
  // Interleave the phases and crop: dx[b, h, j] = phase[(j + off) mod s][b, h, ⌊(j + off) / s⌋].
  const out = ops.backend.makeOutput([B, H, W, ci], 'float32');
  const heap = ops.heap();
  const dst = ops.offset(out);
  const srcs = phases.map((p) => ops.offset(p));
  for (let bh = 0; bh < B * H; bh++) {
    const rowOut = dst + bh * W * ci;
    const rowIn = bh * Q * ci;
    for (let j = 0; j < W; j++) {
      const jj = j + off;
      const q = Math.floor(jj / s);
      const from = (srcs[jj - q * s] as number) + rowIn + q * ci;
      const to = rowOut + j * ci;
      if (ci >= 16) heap.copyWithin(to, from, from + ci);
      else for (let c = 0; c < ci; c++) heap[to + c] = heap[from + c] as number;
    }
  }
  ops.dispose(...phases);
  return out;
}
