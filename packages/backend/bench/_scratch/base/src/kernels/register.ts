import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { captureStockKernels, type KernelFn, type WasmBackendLike, WasmOps } from '../wasm-internals.js';
import { batchMatMulWasm } from './batch-mat-mul.js';
import { conv2dBackpropFilterWasm } from './conv2d-backprop-filter.js';
import { convWithExplicitPad } from './conv2d-same-pad.js';
import {
  concatWasm,
  greaterWasm,
  identityWasm,
  preluWasm,
  selectWasm,
  splitVWasm,
  sumWasm,
} from './elementwise.js';
import { backpropInputFastPath, conv2dBackpropInputWasm } from './conv2d-backprop-input.js';

/** Stock wasm kernels the overrides compose (captured before anything is replaced). */
const STOCK = [
  'BatchMatMul',
  'Concat',
  'Conv2D',
  'FusedConv2D',
  'Conv2DBackpropInput',
  'Greater',
  'Identity',
  'Prelu',
  'Reshape',
  'Reverse',
  'Select',
  'Slice',
  'SplitV',
  'StridedSlice',
  'Sum',
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

type Impl = (
  ops: WasmOps,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap,
) => TensorInfo | TensorInfo[];

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
  {
    name: 'Identity',
    note: 'shares the data (refcount) instead of copying it: the tape clones every tensor it saves',
    impl: (ops, i) => identityWasm(ops, i.x as TensorInfo),
  },
  {
    name: 'Prelu',
    note: 'one shared alpha: a plain loop (stock XNNPACK PReLU runs one-channel rows, 30-70 ns per element)',
    impl: (ops, i) => preluWasm(ops, i.x as TensorInfo, i.alpha as TensorInfo),
  },
  {
    name: 'Greater',
    note: 'float32 against a scalar or an equal shape: a plain loop; other cases: stock',
    impl: (ops, i) => greaterWasm(ops, i.a as TensorInfo, i.b as TensorInfo),
  },
  {
    name: 'Select',
    note: 'condition, t and e of one shape (float32): a plain loop; other cases: stock',
    impl: (ops, i) => selectWasm(ops, i.condition as TensorInfo, i.t as TensorInfo, i.e as TensorInfo),
  },
  {
    name: 'Sum',
    note: 'float32 over leading or trailing axes, float64 accumulation, no transpose; other cases: stock',
    impl: (ops, i, a) => sumWasm(ops, i.x as TensorInfo, a),
  },
  {
    name: 'Concat',
    note: 'float32 along any axis by block copies; other dtypes: stock',
    impl: (ops, i, a) => concatWasm(ops, Object.values(i), a),
  },
  {
    name: 'SplitV',
    note: 'float32 along any axis by block copies (stock slices row by row); other dtypes: stock',
    impl: (ops, i, a) => splitVWasm(ops, i.x as TensorInfo, a),
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
