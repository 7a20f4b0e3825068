import { assertInt, assertNumber, assertSignal, type Signal } from '@speechsr/core';
import { cheby1 } from './iir-design.js';
import { df2t, df2t9Keep } from './lfilter.js';

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
  const src = x instanceof Float64Array ? x : Float64Array.from(x); // read only
  const z = new Float64Array(order);
  if (order === 8) df2t9Keep(b, a, z, src, y, len, q);
  else {
    const full = Float64Array.from(src);
    df2t(b, a, z, full, full, 0, 1, len);
    for (let i = 0, j = 0; i < y.length; i++, j += q) y[i] = full[j]!;
  }
  let check = 0;
  for (let i = 0; i < order; i++) check += z[i]! * 0;
  if (check !== 0) assertSignal(x, 'subsample', 'x'); // throws when x holds NaN/±Infinity
  return y;
}
