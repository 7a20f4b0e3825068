import { assertInt, assertNumber, assertSignal, type Signal } from '@speechsr/core';
import { cheby1 } from './iir-design.js';
import { df2t, df2t9Keep } from './lfilter.js';
import { align16, ensureMemory, wasmKernels } from './wasm-kernels.js';

/** Options of {@link subsample}. */
export interface SubsampleOptions {
  /** Sample rate of `x` in Hz (scipy's `fs`, librosa's `sr`). @defaultValue 16000 (the seed's rate) */
  sampleRate?: number;
  /** Order of the Chebyshev I lowpass. @defaultValue 8 (the seed's `Filter()`) */
  order?: number;
  /** Passband ripple in dB. @defaultValue 1 (the seed's `Filter()`) */
  rp?: number;
}

/**
 * The seed's `subsampling` low-resolution scheme: a causal Chebyshev I lowpass, then every q-th sample
 * from index 0. Unlike {@link decimate}, the filter's phase delay is **not** compensated, which is why
 * this has its own name.
 *
 * Mirrors: the seed's `prep_dataset.py` `subsample()`:
 * `b, a = cheby1(order, rp, floor(sampleRate / (2q)) / (sampleRate / 2)); lfilter(b, a, x)[::q]`.
 * Float32 input is computed in float64.
 * @param x - signal (not modified)
 * @param q - integer factor ≥ 2 (q = 1 would put the cutoff at Nyquist)
 * @param options - `sampleRate` (default 16000), `order` (default 8), `rp` (default 1 dB)
 * @returns a new Float64Array of length ceil(x.length / q)
 * @throws {@link @speechsr/core!ParameterError} when q is not an integer ≥ 2, sampleRate ≤ 0 or too small for q,
 *   order < 1 or rp ≤ 0
 * @throws {@link @speechsr/core!SignalError} when x is empty or non-finite
 * @example const lr = subsample(hr, 2); // 4 kHz cutoff at 16 kHz, then every 2nd sample
 */
export function subsample(x: Signal, q: number, options: SubsampleOptions = {}): Float64Array {
  // finiteness is checked after filtering: a NaN/±Infinity sample leaves the final state non-finite
  assertSignal(x, 'subsample', 'x', { finite: false });
  assertInt(q, 'subsample', 'q', { min: 2 }, 'The cutoff floor(sampleRate / (2q)) must lie below Nyquist.');
  const { sampleRate = 16000, order = 8, rp = 1 } = options;
  assertNumber(sampleRate, 'subsample', 'sampleRate', { min: 0, minExclusive: true });
  assertInt(order, 'subsample', 'order', { min: 1 });
  assertNumber(rp, 'subsample', 'rp', { min: 0, minExclusive: true }, 'rp is the passband ripple in dB.');
  const wn = Math.floor(sampleRate / (2 * q)) / (sampleRate / 2);
  assertNumber(
    wn,
    'subsample',
    'floor(sampleRate / (2q)) / (sampleRate / 2)',
    { min: 0, minExclusive: true },
    `The sample rate ${sampleRate} is too small for q = ${q}.`,
  );
  const { b, a } = cheby1(order, rp, wn);
  const len = x.length;
  const y = new Float64Array(Math.ceil(len / q));
  const z = new Float64Array(order);
  if (order !== 8) {
    const full = Float64Array.from(x);
    df2t(b, a, z, full, full, 0, 1, len);
    for (let i = 0, j = 0; i < y.length; i++, j += q) y[i] = full[j]!;
  } else if (!keepWasm(b, a, z, x, y, q)) {
    // JavaScript fallback, bit-identical to the WebAssembly kernel
    df2t9Keep(b, a, z, x instanceof Float64Array ? x : Float64Array.from(x), y, len, q);
  }
  let check = 0;
  for (let i = 0; i < order; i++) check += z[i]! * 0;
  if (check !== 0) assertSignal(x, 'subsample', 'x'); // throws when x holds NaN/±Infinity
  return y;
}

/** Samples per call of the WebAssembly filter (512 KiB of input in the kernel's memory). */
const CHUNK = 65536;

/**
 * Order-8 filter-and-keep through the WebAssembly kernel, in chunks of a multiple of q samples (so
 * every chunk starts on a kept sample); false (nothing done) when the kernel is unavailable (internal).
 */
function keepWasm(
  b: Float64Array,
  a: Float64Array,
  z: Float64Array,
  x: Signal,
  y: Float64Array,
  q: number,
): boolean {
  const k = wasmKernels();
  if (!k) return false;
  const chunk = q * Math.max(1, Math.floor(CHUNK / q));
  const kept = Math.ceil(chunk / q);
  const cOff = align16(k.heapBase);
  const zOff = align16(cOff + 8 * 17);
  const xOff = align16(zOff + 8 * 8);
  const yOff = align16(xOff + 8 * chunk);
  if (!ensureMemory(k, yOff + 8 * kept)) return false;
  const buf = k.memory.buffer;
  const cw = new Float64Array(buf, cOff, 17);
  cw.set(b);
  cw.set(a.subarray(1), 9);
  const zw = new Float64Array(buf, zOff, 8);
  zw.set(z);
  const xw = new Float64Array(buf, xOff, chunk);
  const yw = new Float64Array(buf, yOff, kept);
  const n = x.length;
  for (let s = 0, o = 0; s < n; s += chunk) {
    const c = Math.min(chunk, n - s);
    xw.set(x.subarray(s, s + c)); // Float32 input is widened here
    k.df2t9Keep(cOff, zOff, xOff, yOff, c, q);
    const m = Math.ceil(c / q);
    y.set(yw.subarray(0, m), o);
    o += m;
  }
  z.set(zw);
  return true;
}
