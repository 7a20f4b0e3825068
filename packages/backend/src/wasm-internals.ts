import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { conv2dSplit } from './second-core.js';

/** The parts of tfjs-backend-wasm's `BackendWasm` the kernels here use (not part of its public types). */
export interface WasmBackendLike {
  wasm: { HEAPF32: Float32Array; tfjs: { disposeData(id: number): void } };
  dataIdMap: {
    get(dataId: object): { id: number; memoryOffset: number } | undefined;
    delete(dataId: object): boolean;
  };
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
  incRef(dataId: object): void;
}

type KernelFn = (args: {
  inputs: Record<string, TensorInfo>;
  backend: WasmBackendLike;
  attrs?: NamedAttrMap;
}) => TensorInfo | TensorInfo[];

/**
 * Calls one of the stock wasm kernels (XNNPACK-backed where wasm has it) directly, at the TensorInfo
 * level: no engine bookkeeping, no tape. `stock` holds the kernel functions captured before any
 * override, so an override can always reach the original.
 */
export class WasmOps {
  constructor(
    readonly backend: WasmBackendLike,
    private readonly stock: ReadonlyMap<string, KernelFn>,
  ) {}

  run(name: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap = {}): TensorInfo {
    const fn = this.stock.get(name);
    if (fn === undefined) throw new Error(`@speechsr/backend: stock wasm kernel ${name} is missing`);
    return fn({ inputs, backend: this.backend, attrs }) as TensorInfo;
  }

  dispose(...infos: TensorInfo[]): void {
    for (const t of infos) this.backend.disposeData(t.dataId);
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  slice(x: TensorInfo, begin: number[], size: number[]): TensorInfo {
    return this.run('Slice', { x }, { begin, size });
  }

  stridedSlice(x: TensorInfo, begin: number[], end: number[], strides: number[]): TensorInfo {
    return this.run(
      'StridedSlice',
      { x },
      { begin, end, strides, beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0 },
    );
  }

  reverse(x: TensorInfo, dims: number[]): TensorInfo {
    return this.run('Reverse', { x }, { dims });
  }

  concat(xs: TensorInfo[], axis: number): TensorInfo {
    const fn = this.stock.get('Concat');
    if (fn === undefined) throw new Error('@speechsr/backend: stock wasm kernel Concat is missing');
    return fn({
      inputs: xs as unknown as Record<string, TensorInfo>,
      backend: this.backend,
      attrs: { axis },
    }) as TensorInfo;
  }

  /**
   * XNNPACK conv2d, NHWC, explicit padding `[top, bottom, left, right]`; large ones split their batch
   * with the second core when it runs ({@link conv2dSplit}).
   */
  conv2d(
    x: TensorInfo,
    filter: TensorInfo,
    strides: [number, number],
    dilations: [number, number],
    pad: [number, number, number, number],
  ): TensorInfo {
    const crop = this.cropPaddingTaps(x, filter, strides, dilations, pad);
    if (crop !== undefined) {
      const { filter: f, pad: p } = crop;
      try {
        return conv2dSplit(this, x, f, strides, dilations, p, () =>
          this.conv2dSingle(x, f, strides, dilations, p),
        );
      } finally {
        this.dispose(f);
      }
    }
    return conv2dSplit(this, x, filter, strides, dilations, pad, () =>
      this.conv2dSingle(x, filter, strides, dilations, pad),
    );
  }

  /**
   * 1-D convs on short inputs (`'same'`, kernel 11 over 4–8 steps in the bottleneck): filter taps that
   * only ever meet padding multiply zeros. Drops them (a contiguous block of the `[1, K, Ci, Co]` filter)
   * and the padding they covered; the sums lose only `0·w` terms. Returns undefined when nothing can go.
   */
  private cropPaddingTaps(
    x: TensorInfo,
    filter: TensorInfo,
    strides: [number, number],
    dilations: [number, number],
    pad: [number, number, number, number],
  ): { filter: TensorInfo; pad: [number, number, number, number] } | undefined {
    const [, h, w, c] = x.shape as [number, number, number, number];
    const [fh, fw, , co] = filter.shape as [number, number, number, number];
    const sw = strides[1];
    if (h !== 1 || fh !== 1 || pad[0] !== 0 || pad[1] !== 0 || dilations[0] !== 1 || dilations[1] !== 1)
      return;
    if (filter.dtype !== 'float32') return;
    const pl = pad[2];
    const ow = Math.floor((w + pl + pad[3] - fw) / sw) + 1;
    if (ow <= 0) return;
    // Tap k meets data for some output t iff 0 <= t·sw + k − pl < w.
    const kLo = Math.max(0, pl - (ow - 1) * sw);
    const kHi = Math.min(fw - 1, w - 1 + pl);
    if (kLo > kHi || (kLo === 0 && kHi === fw - 1)) return;
    const k2 = kHi - kLo + 1;
    const pl2 = pl - kLo;
    const pr2 = (ow - 1) * sw + k2 - w - pl2;
    if (pl2 < 0 || pr2 < 0) return;
    const f = this.backend.makeOutput([1, k2, c, co], 'float32');
    const heap = this.heap();
    const tap = c * co;
    const src = this.offset(filter) + kLo * tap;
    heap.copyWithin(this.offset(f), src, src + k2 * tap);
    return { filter: f, pad: [0, 0, pl2, pr2] };
  }

  /** Forgets a tensor made by `makeOutput(shape, dtype, offset)` over memory it does not own (no free). */
  disposeView(t: TensorInfo): void {
    const info = this.backend.dataIdMap.get(t.dataId);
    if (info === undefined) return;
    this.backend.wasm.tfjs.disposeData(info.id);
    this.backend.dataIdMap.delete(t.dataId);
  }

  /** Stock XNNPACK conv2d on this thread only. */
  conv2dSingle(
    x: TensorInfo,
    filter: TensorInfo,
    strides: [number, number],
    dilations: [number, number],
    pad: [number, number, number, number],
  ): TensorInfo {
    return this.run('Conv2D', { x, filter }, {
      strides,
      dilations,
      pad: [
        [0, 0],
        [pad[0], pad[1]],
        [pad[2], pad[3]],
        [0, 0],
      ],
      dataFormat: 'NHWC',
      dimRoundingMode: undefined as unknown as string,
    } as unknown as NamedAttrMap);
  }

  /** Element offset of a tensor's data in `HEAPF32` (read `heap()` again after any allocation). */
  offset(t: TensorInfo): number {
    const info = this.backend.dataIdMap.get(t.dataId);
    if (info === undefined) throw new Error('@speechsr/backend: tensor data is not on the wasm backend');
    return info.memoryOffset / 4;
  }

  /** Byte offset of a tensor's data in the wasm heap (for bool / uint8 views). */
  byteOffset(t: TensorInfo): number {
    const info = this.backend.dataIdMap.get(t.dataId);
    if (info === undefined) throw new Error('@speechsr/backend: tensor data is not on the wasm backend');
    return info.memoryOffset;
  }

  /** The wasm heap as float32 (the view changes when the heap grows). */
  heap(): Float32Array {
    return this.backend.wasm.HEAPF32;
  }

  /** A float32 tensor of zeros. */
  zeros(shape: number[]): TensorInfo {
    const out = this.backend.makeOutput(shape, 'float32');
    const info = this.backend.dataIdMap.get(out.dataId);
    const n = tf.util.sizeFromShape(shape);
    if (info !== undefined && n > 0)
      this.backend.wasm.HEAPF32.fill(0, info.memoryOffset / 4, info.memoryOffset / 4 + n);
    return out;
  }
}

/** Captures the kernel functions currently registered for `wasm` under the given names. */
export function captureStockKernels(names: readonly string[]): Map<string, KernelFn> {
  const out = new Map<string, KernelFn>();
  for (const name of names) {
    const k = tf.getKernel(name, 'wasm');
    if (k !== undefined) out.set(name, k.kernelFunc as unknown as KernelFn);
  }
  return out;
}

export type { KernelFn };
