import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { captureStockKernels, type KernelFn, type WasmBackendLike, WasmOps } from '../wasm-internals.js';
import { batchMatMulWasm } from './batch-mat-mul.js';
import { conv2dBackpropFilterWasm } from './conv2d-backprop-filter.js';
import { convWithExplicitPad } from './conv2d-same-pad.js';
import { backpropInputFastPath, conv2dBackpropInputWasm } from './conv2d-backprop-input.js';

/** Stock wasm kernels the overrides compose (captured before anything is replaced). */
const STOCK = [
  'BatchMatMul',
  'Concat',
  'Conv2D',
  'FusedConv2D',
  'Conv2DBackpropInput',
  'Reshape',
  'Reverse',
  'Slice',
  'StridedSlice',
  'Transpose',
] as const;

/** One entry per kernel this package registers for `wasm`: what it replaces and why. */
export interface KernelOverride {
  /** tfjs kernel name. */
  readonly kernelName: string;
  /** `'added'`: stock wasm has no such kernel; `'replaced'`: stock wasm's kernel is kept as a fallback. */
  readonly kind: 'added' | 'replaced';
  /** One line: what the override does. */
  readonly note: string;
}

let stock: Map<string, KernelFn> | undefined;
let installed: KernelOverride[] = [];

function opsFor(backend: unknown): WasmOps {
  if (stock === undefined) throw new Error('@speechsr/backend: training kernels used before registration');
  return new WasmOps(backend as WasmBackendLike, stock);
}

type Impl = (ops: WasmOps, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap) => TensorInfo;

const OVERRIDES: ReadonlyArray<{ name: string; note: string; impl: Impl }> = [
  {
    name: 'Conv2DBackpropFilter',
    note: 'filter gradient as one stock XNNPACK Conv2D (batch ↔ channels swapped, dy as a dilated filter)',
    impl: (ops, i, a) => conv2dBackpropFilterWasm(ops, i.x as TensorInfo, i.dy as TensorInfo, a),
  },
  {
    name: 'Conv2DBackpropInput',
    note: 'conv1d input gradient as stride-1 XNNPACK Conv2D per stride phase + interleave; other shapes: stock',
    impl: (ops, i, a) =>
      backpropInputFastPath(i.filter as TensorInfo, a)
        ? conv2dBackpropInputWasm(ops, i.dy as TensorInfo, i.filter as TensorInfo, a)
        : ops.run('Conv2DBackpropInput', i, a),
  },
  {
    name: 'Conv2D',
    note: "stock XNNPACK Conv2D with 'same' resolved to explicit pads (stock returns zeros when stride > kernel)",
    impl: (ops, i, a) => convWithExplicitPad(ops, 'Conv2D', i, a),
  },
  {
    name: 'FusedConv2D',
    note: "stock XNNPACK FusedConv2D with 'same' resolved to explicit pads (same stride > kernel bug)",
    impl: (ops, i, a) => convWithExplicitPad(ops, 'FusedConv2D', i, a),
  },
  {
    name: 'BatchMatMul',
    note: 'transposed operands transposed explicitly, then the untransposed XNNPACK path',
    impl: (ops, i, a) => batchMatMulWasm(ops, i.a as TensorInfo, i.b as TensorInfo, a),
  },
];

/**
 * Registers (unregistering first) the kernels that make the `wasm` backend trainable and fast.
 * Idempotent. Needs the wasm backend registered (import `@tensorflow/tfjs-backend-wasm`) and
 * initialised (`await tf.setBackend('wasm')`) first, because the overrides call the stock kernels.
 * @returns the list of kernels it installed (name, added/replaced, what it does)
 * @example
 * await tf.setBackend('wasm');
 * registerWasmTrainingKernels(); // now model.fit trains on wasm
 */
export function registerWasmTrainingKernels(): readonly KernelOverride[] {
  if (installed.length > 0) return installed;
  stock = captureStockKernels(STOCK);
  const out: KernelOverride[] = [];
  for (const o of OVERRIDES) {
    const existing = tf.getKernel(o.name, 'wasm');
    if (existing !== undefined) tf.unregisterKernel(o.name, 'wasm');
    const config: KernelConfig = {
      kernelName: o.name,
      backendName: 'wasm',
      kernelFunc: (({ inputs, backend, attrs }) =>
        o.impl(opsFor(backend), inputs as Record<string, TensorInfo>, attrs ?? {})) as KernelFunc,
    };
    tf.registerKernel(config);
    out.push({ kernelName: o.name, kind: existing === undefined ? 'added' : 'replaced', note: o.note });
  }
  installed = out;
  return out;
}

/**
 * The overrides currently installed.
 * @returns the list {@link registerWasmTrainingKernels} returned; empty before it ran
 * @example console.table(installedWasmOverrides());
 */
export function installedWasmOverrides(): readonly KernelOverride[] {
  return installed;
}
