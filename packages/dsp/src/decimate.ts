import { assertInt, assertSignal, type Signal } from '@speechsr/core';
import { checkPadlen, type FiltfiltOptions, padSignal } from './filtfilt.js';
import { cheby1 } from './iir-design.js';
import { checkSos, sosFiltfiltInPlace, sosfiltZiFlat, sosPadlen, sosRun } from './sos.js';
import { align16, ensureMemory, wasmKernels } from './wasm-kernels.js';

/** Options of {@link decimate}. */
export interface DecimateOptions {
  /** Order of the Chebyshev I anti-aliasing filter. @defaultValue 8 (scipy's IIR default) */
  n?: number;
  /** Filter forward and backward (no phase shift); `false` filters causally once. @defaultValue true */
  zeroPhase?: boolean;
}

/**
 * Downsamples `x` by an integer factor after an anti-aliasing lowpass.
 *
 * Mirrors: `scipy.signal.decimate(x, q, n=None, ftype='iir', zero_phase=True)` as in scipy 1.10:
 * `sos = cheby1(n, 0.05, 0.8/q, output='sos')`, then `sosfiltfilt(sos, x)` (or `sosfilt` when
 * `zeroPhase` is false), then every q-th sample from index 0. Float32 input is computed in float64
 * (scipy would filter a float32 input in float32).
 * @param x - signal (not modified); with zeroPhase it must be longer than the padding (27 samples for n = 8)
 * @param q - integer factor ≥ 1
 * @param options - `n` (filter order, default 8), `zeroPhase` (default true)
 * @returns a new Float64Array of length ceil(x.length / q)
 * @throws {@link @speechsr/core!ParameterError} when q or n is not an integer ≥ 1
 * @throws {@link @speechsr/core!SignalError} when x is empty, non-finite, or too short for the filtfilt padding
 * @example const y8k = decimate(y16k, 2);
 */
export function decimate(x: Signal, q: number, options: DecimateOptions = {}): Float64Array {
  assertSignal(x, 'decimate', 'x');
  assertInt(
    q,
    'decimate',
    'q',
    { min: 1 },
    'For non-integer ratios use resample(x, num) or resamplePoly(x, up, down).',
  );
  const { n = 8, zeroPhase = true } = options;
  assertInt(n, 'decimate', 'n', { min: 1 }, 'n is the order of the Chebyshev I filter.');
  const c = checkSos(cheby1(n, 0.05, 0.8 / q, { output: 'sos' }), 'decimate');
  const len = x.length;
  const outLen = Math.ceil(len / q);
  const y = new Float64Array(outLen);
  if (zeroPhase) {
    if (!decimateWasm(c, x, q, y)) {
      const { ext, edge } = padSignal('decimate', x, {} satisfies FiltfiltOptions, sosPadlen(c));
      sosFiltfiltInPlace(c, sosfiltZiFlat(c), ext);
      for (let i = 0, j = edge; i < outLen; i++, j += q) y[i] = ext[j]!;
    }
  } else {
    const full = Float64Array.from(x);
    sosRun(c, new Float64Array((c.length / 6) * 2), full, full, 0, 1, len);
    for (let i = 0, j = 0; i < outLen; i++, j += q) y[i] = full[j]!;
  }
  return y;
}

/**
 * The zero-phase path on the WebAssembly kernel (bit-identical to the JavaScript one): the odd
 * extension is built in kernel memory, filtered forward and backward four sections at a time (groups
 * padded with identity sections), and every q-th sample gathered into `y`. False when the kernel is
 * unavailable or the signal too large for it (internal).
 */
function decimateWasm(c: Float64Array, x: Signal, q: number, y: Float64Array): boolean {
  const edge = sosPadlen(c);
  const n = x.length;
  checkPadlen('decimate', n, edge);
  const k = wasmKernels();
  if (!k) return false;
  const len = n + 2 * edge;
  const nSec = c.length / 6;
  const groups = Math.ceil(nSec / 4);
  const cOff = align16(k.heapBase);
  const zOff = align16(cOff + 8 * 24 * groups);
  const extOff = align16(zOff + 8 * 8 * groups);
  if (!ensureMemory(k, extOff + 8 * len)) return false;
  const buf = k.memory.buffer;
  const cw = new Float64Array(buf, cOff, 24 * groups);
  const zw = new Float64Array(buf, zOff, 8 * groups);
  const ext = new Float64Array(buf, extOff, len);
  for (let s = 0; s < 4 * groups; s++) {
    if (s < nSec) cw.set(c.subarray(6 * s, 6 * s + 6), 6 * s);
    else cw.set([1, 0, 0, 1, 0, 0], 6 * s);
  }
  ext.set(x, edge);
  const x0 = x[0]!;
  const xl = x[n - 1]!;
  for (let i = 1; i <= edge; i++) {
    ext[edge - i] = 2 * x0 - x[i]!;
    ext[edge + n - 1 + i] = 2 * xl - x[n - 1 - i]!;
  }
  const zi = sosfiltZiFlat(c);
  const start = (v: number): void => {
    zw.fill(0);
    for (let i = 0; i < zi.length; i++) zw[i] = zi[i]! * v;
  };
  start(ext[0]!);
  for (let g = 0; g < groups; g++) k.sos4Inplace(cOff + 8 * 24 * g, zOff + 8 * 8 * g, extOff, len, 0);
  start(ext[len - 1]!);
  for (let g = 0; g < groups; g++) k.sos4Inplace(cOff + 8 * 24 * g, zOff + 8 * 8 * g, extOff, len, 1);
  for (let i = 0, j = edge; i < y.length; i++, j += q) y[i] = ext[j]!;
  return true;
}
