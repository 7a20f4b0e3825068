import { assertInt, assertNumber, describeValue, ParameterError } from '@speechsr/core';

/**
 * FIR design window: a name (symmetric form) or `['kaiser', beta]`, as scipy's `get_window(window, n, fftbins=False)`.
 */
export type FirWindow = 'hamming' | 'hann' | 'boxcar' | readonly ['kaiser', number];

/** Options of {@link firwin}. */
export interface FirwinOptions {
  /** Window applied to the ideal (sinc) response. @defaultValue 'hamming' (scipy's default) */
  window?: FirWindow;
}

/** Modified Bessel function of the first kind, order 0, by its power series (relative error ~1e-16 for |x| ≤ 30). */
function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 500; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** numpy's pairwise summation (8 accumulators below 128 elements), so sums round like `np.sum` (internal). */
function npSum(v: Float64Array, lo = 0, n = v.length): number {
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s += v[lo + i]!;
    return s;
  }
  if (n <= 128) {
    const r = new Float64Array(8);
    for (let j = 0; j < 8; j++) r[j] = v[lo + j]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] = r[j]! + v[lo + i + j]!;
    let s = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) s += v[lo + i]!;
    return s;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return npSum(v, lo, n2) + npSum(v, lo + n2, n - n2);
}

/** Symmetric window of length m (internal; `fftbins=False`). */
export function firWindow(window: FirWindow, m: number, fn: string): Float64Array {
  const w = new Float64Array(m);
  if (m === 1) {
    w[0] = 1;
    return w;
  }
  if (Array.isArray(window) && window.length === 2 && window[0] === 'kaiser') {
    const beta = window[1] as number;
    assertNumber(beta, fn, "window ['kaiser', beta] beta", { min: 0 });
    const alpha = (m - 1) / 2;
    const d = besselI0(beta);
    for (let n = 0; n < m; n++) {
      const r = (n - alpha) / alpha;
      w[n] = besselI0(beta * Math.sqrt(1 - r * r)) / d;
    }
    return w;
  }
  if (window === 'boxcar') return w.fill(1);
  if (window === 'hamming' || window === 'hann') {
    const a0 = window === 'hamming' ? 0.54 : 0.5;
    const step = (2 * Math.PI) / (m - 1);
    for (let n = 0; n < m; n++) {
      const fac = n === m - 1 ? Math.PI : n * step - Math.PI;
      w[n] = a0 + (1 - a0) * Math.cos(fac);
    }
    return w;
  }
  throw new ParameterError(
    `${fn}: window must be 'hamming', 'hann', 'boxcar' or ['kaiser', beta], got ${Array.isArray(window) ? JSON.stringify(window) : describeValue(window)}.`,
  );
}

/**
 * Linear-phase lowpass FIR design by the window method, scaled to unit gain at DC.
 *
 * Mirrors: `scipy.signal.firwin(numtaps, cutoff, window=window, pass_zero=True, scale=True, fs=2)`
 * (lowpass only; cutoff relative to Nyquist).
 * @param numtaps - filter length (integer ≥ 1)
 * @param cutoff - cutoff as a fraction of Nyquist, 0 < cutoff < 1
 * @param options - `window` (default 'hamming'; `['kaiser', beta]` as resamplePoly uses)
 * @returns a new Float64Array of `numtaps` symmetric taps summing to 1
 * @throws {@link @speechsr/core!ParameterError} when numtaps < 1, cutoff outside (0, 1) or the window is unknown
 * @example const h = firwin(41, 0.5, { window: ['kaiser', 5] }); // resamplePoly's filter for 1/2
 */
export function firwin(numtaps: number, cutoff: number, options: FirwinOptions = {}): Float64Array {
  assertInt(numtaps, 'firwin', 'numtaps', { min: 1 });
  assertNumber(
    cutoff,
    'firwin',
    'cutoff',
    { min: 0, max: 1, minExclusive: true, maxExclusive: true },
    'cutoff is a fraction of Nyquist.',
  );
  const { window = 'hamming' } = options;
  const win = firWindow(window, numtaps, 'firwin');
  const alpha = 0.5 * (numtaps - 1);
  const h = new Float64Array(numtaps);
  for (let i = 0; i < numtaps; i++) {
    const m = i - alpha;
    // np.sinc(cutoff·m) = sin(π·t)/(π·t), with t = 1e-20 standing in for 0
    const t = cutoff * m;
    const y = Math.PI * (t === 0 ? 1e-20 : t);
    h[i] = cutoff * (Math.sin(y) / y) * win[i]!;
  }
  // scale: lowpass band starts at 0 → unit gain at frequency 0 (cos(0) = 1)
  const s = npSum(h);
  for (let i = 0; i < numtaps; i++) h[i] = h[i]! / s;
  return h;
}
