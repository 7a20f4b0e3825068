import { backend_util, util } from '@tensorflow/tfjs-core';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { ownElementwise } from '../own-kernels.js';
import type { WasmOps } from '../wasm-internals.js';

/*
 * Memory-bound kernels of a training step that stock wasm runs far below memory speed (profiled at
 * batch 32: `Prelu` with one shared alpha 30–70 ns per element, because XNNPACK's PReLU treats every
 * element as a row of one channel; `Greater` against a scalar ~6 ns; `Sum` over leading axes and
 * `Concat` / `SplitV` along the last axis 6–11 ns, because they transpose or slice row by row; `Identity`
 * copies every tensor the tape saves). Each is a plain loop over the wasm heap here, with the stock
 * kernel kept for every shape or dtype not listed. Results equal the stock `cpu` backend's: the same
 * float32 operations element by element, sums accumulated in float64 in the cpu backend's order.
 */

const BLOCK_COPY_MIN = 32;

function sizeOf(t: TensorInfo): number {
  return util.sizeFromShape(t.shape);
}

/** `Identity` (the engine's `clone`, e.g. for every tensor the tape saves): share the data, as `Reshape` does. */
export function identityWasm(ops: WasmOps, x: TensorInfo): TensorInfo {
  if (x.dtype === 'string') return ops.run('Identity', { x });
  ops.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/** `Prelu` with a single shared alpha: `x < 0 ? alpha·x : x`. */
export function preluWasm(ops: WasmOps, x: TensorInfo, alpha: TensorInfo): TensorInfo {
  const n = sizeOf(x);
  if (x.dtype !== 'float32' || alpha.dtype !== 'float32' || sizeOf(alpha) !== 1 || n === 0)
    return ops.run('Prelu', { x, alpha });
  const out = ops.backend.makeOutput([...x.shape], 'float32');
  const h = ops.heap();
  const a = h[ops.offset(alpha)] as number;
  const xi = ops.offset(x);
  const oi = ops.offset(out);
  if (ownElementwise.prelu(h, xi, oi, n, a)) return out;
  for (let i = 0; i < n; i++) {
    const v = h[xi + i] as number;
    h[oi + i] = v < 0 ? a * v : v;
  }
  return out;
}

/** `Greater` of float32 tensors where `b` is one value or has `a`'s shape (Prelu's gradient: `x > 0`). */
export function greaterWasm(ops: WasmOps, a: TensorInfo, b: TensorInfo): TensorInfo {
  const n = sizeOf(a);
  const nb = sizeOf(b);
  const shape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  if (
    a.dtype !== 'float32' ||
    b.dtype !== 'float32' ||
    n === 0 ||
    util.sizeFromShape(shape) !== n ||
    (nb !== 1 && !util.arraysEqual(a.shape, b.shape))
  )
    return ops.run('Greater', { a, b });
  const out = ops.backend.makeOutput(shape, 'bool');
  const h = ops.heap();
  const u8 = new Uint8Array(h.buffer);
  const ai = ops.offset(a);
  const bi = ops.offset(b);
  const o = ops.byteOffset(out);
  if (nb === 1) {
    const s = h[bi] as number;
    if (ownElementwise.greaterScalar(h, ai, o, n, s)) return out;
    for (let i = 0; i < n; i++) u8[o + i] = (h[ai + i] as number) > s ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) u8[o + i] = (h[ai + i] as number) > (h[bi + i] as number) ? 1 : 0;
  }
  return out;
}

/** `Select` with a bool condition of the same size as float32 `t` and `e` (tfjs' `where` after broadcasting). */
export function selectWasm(ops: WasmOps, condition: TensorInfo, t: TensorInfo, e: TensorInfo): TensorInfo {
  const n = sizeOf(t);
  if (
    condition.dtype !== 'bool' ||
    t.dtype !== 'float32' ||
    e.dtype !== 'float32' ||
    n === 0 ||
    !util.arraysEqual(condition.shape, t.shape) ||
    !util.arraysEqual(e.shape, t.shape)
  )
    return ops.run('Select', { condition, t, e });
  const out = ops.backend.makeOutput([...t.shape], 'float32');
  const h = ops.heap();
  const u8 = new Uint8Array(h.buffer);
  const ci = ops.byteOffset(condition);
  const ti = ops.offset(t);
  const ei = ops.offset(e);
  const oi = ops.offset(out);
  if (ownElementwise.select(h, ci, ti, ei, oi, n)) return out;
  for (let i = 0; i < n; i++) h[oi + i] = u8[ci + i] !== 0 ? (h[ti + i] as number) : (h[ei + i] as number);
  return out;
}

/**
 * `Sum` of float32 over leading axes (bias and alpha gradients: `[B, T, C] → [C]`) or trailing axes,
 * accumulated in float64 in the cpu backend's order; stock wasm transposes for the leading case.
 */
export function sumWasm(ops: WasmOps, x: TensorInfo, attrs: NamedAttrMap): TensorInfo {
  const { axis, keepDims } = attrs as unknown as { axis: number | number[]; keepDims: boolean };
  const rank = x.shape.length;
  const axes = [...util.parseAxisParam(axis, x.shape)].sort((p, q) => p - q);
  const n = sizeOf(x);
  const leading = axes.every((ax, i) => ax === i);
  const trailing = axes.every((ax, i) => ax === rank - axes.length + i);
  if (x.dtype !== 'float32' || n === 0 || axes.length === 0 || (!leading && !trailing))
    return ops.run('Sum', { x }, attrs);
  const [outShape] = backend_util.computeOutAndReduceShapes(x.shape, axes);
  const shape = keepDims ? backend_util.expandShapeToKeepDim(outShape, axes) : outShape;
  const out = ops.backend.makeOutput(shape, 'float32');
  const h = ops.heap();
  const xi = ops.offset(x);
  const oi = ops.offset(out);
  if (trailing) {
    const m = util.sizeFromShape(outShape);
    const r = n / m;
    for (let o = 0; o < m; o++) {
      const own = r >= 1024 ? ownElementwise.sum(h, xi + o * r, r) : undefined;
      if (own !== undefined) {
        h[oi + o] = own;
        continue;
      }
      let s = 0;
      const base = xi + o * r;
      for (let j = 0; j < r; j++) s += h[base + j] as number;
      h[oi + o] = s;
    }
  } else {
    const c = util.sizeFromShape(outShape);
    const rows = n / c;
    if (ownElementwise.sumRows(h, xi, rows, c, oi)) return out;
    const acc = new Float64Array(c);
    for (let r = 0; r < rows; r++) {
      const base = xi + r * c;
      for (let j = 0; j < c; j++) (acc[j] as number) += h[base + j] as number;
    }
    h.set(acc, oi);
  }
  return out;
}

/** `Concat` of float32 tensors along any axis, by block copies (the up path's skip connections). */
export function concatWasm(ops: WasmOps, xs: TensorInfo[], attrs: NamedAttrMap): TensorInfo {
  const { axis } = attrs as unknown as { axis: number };
  const first = xs[0];
  if (first === undefined || xs.length < 2 || xs.some((t) => t.dtype !== 'float32' || sizeOf(t) === 0))
    return ops.concat(xs, axis);
  const ax = util.parseAxisParam(axis, first.shape)[0] as number;
  backend_util.assertParamsConsistent(
    xs.map((t) => t.shape),
    ax,
  );
  const outShape = backend_util.computeOutShape(
    xs.map((t) => t.shape),
    ax,
  );
  const outer = util.sizeFromShape(outShape.slice(0, ax));
  const inners = xs.map((t) => util.sizeFromShape(t.shape.slice(ax)));
  const row = inners.reduce((p, q) => p + q, 0);
  const out = ops.backend.makeOutput(outShape, 'float32');
  const h = ops.heap();
  const oi = ops.offset(out);
  let col = 0;
  xs.forEach((t, k) => {
    const inner = inners[k] as number;
    const si = ops.offset(t);
    for (let o = 0; o < outer; o++) copy(h, oi + o * row + col, si + o * inner, inner);
    col += inner;
  });
  return out;
}

/** `SplitV` of a float32 tensor along any axis (the gradient of `Concat`), by block copies. */
export function splitVWasm(ops: WasmOps, x: TensorInfo, attrs: NamedAttrMap): TensorInfo[] {
  const { numOrSizeSplits, axis } = attrs as unknown as { numOrSizeSplits: number | number[]; axis: number };
  const ax = util.parseAxisParam(axis, x.shape)[0] as number;
  const sizes = backend_util.prepareSplitSize(x as never, numOrSizeSplits, ax);
  if (x.dtype !== 'float32' || sizeOf(x) === 0 || sizes.some((s) => s <= 0))
    return ops.run('SplitV', { x }, attrs) as unknown as TensorInfo[];
  const outer = util.sizeFromShape(x.shape.slice(0, ax));
  const inner = util.sizeFromShape(x.shape.slice(ax + 1));
  const row = (x.shape[ax] as number) * inner;
  const outs = sizes.map((s) => {
    const shape = [...x.shape];
    shape[ax] = s;
    return ops.backend.makeOutput(shape, 'float32');
  });
  const h = ops.heap();
  const xi = ops.offset(x);
  let col = 0;
  outs.forEach((t, k) => {
    const block = (sizes[k] as number) * inner;
    const oi = ops.offset(t);
    for (let o = 0; o < outer; o++) copy(h, oi + o * block, xi + o * row + col, block);
    col += block;
  });
  return outs;
}

function copy(h: Float32Array, to: number, from: number, len: number): void {
  if (len >= BLOCK_COPY_MIN) h.copyWithin(to, from, from + len);
  else for (let i = 0; i < len; i++) h[to + i] = h[from + i] as number;
}
