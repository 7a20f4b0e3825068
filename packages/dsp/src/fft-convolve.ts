import { type Signal, assertOneOf, assertSignal } from '@speechsr/core';
import { createFft } from './fft.js';

/** Options of {@link fftConvolve}. */
export interface FftConvolveOptions {
  /**
   * 'full' (length la + lb − 1), 'same' (length la, centred on 'full') or 'valid'
   * (length |la − lb| + 1, only full overlaps). @defaultValue 'full'
   */
  mode?: 'full' | 'same' | 'valid';
}

/** Smallest 2^a·3^b·5^c ≥ n (fast lengths for the mixed-radix FFT). */
function fastLength(n: number): number {
  let best = Infinity;
  for (let p5 = 1; p5 < 2 * n; p5 *= 5) {
    for (let p35 = p5; p35 < 2 * n; p35 *= 3) {
      let v = p35;
      while (v < n) v *= 2;
      if (v < best) best = v;
    }
  }
  return best;
}

/**
 * Linear convolution through the FFT (one real transform per input, pointwise product, inverse).
 * Mirrors: `scipy.signal.fftconvolve(a, b, mode)` for 1-D real inputs (also `np.convolve(a, b, mode)`
 * for 'full' and 'valid'; 'same' here centres on the full result as scipy does).
 * @param a - first signal (not modified)
 * @param b - second signal (not modified)
 * @param options - {@link FftConvolveOptions}
 * @returns a new Float64Array (length by mode, see above)
 * @throws {@link @speechsr/core!ParameterError} for an unknown mode
 * @throws {@link @speechsr/core!SignalError} when a or b is empty or non-finite
 * @example const y = fftConvolve(x, h, { mode: 'same' });
 */
export function fftConvolve(a: Signal, b: Signal, options: FftConvolveOptions = {}): Float64Array {
  assertSignal(a, 'fftConvolve', 'a');
  assertSignal(b, 'fftConvolve', 'b');
  const { mode = 'full' } = options;
  assertOneOf(mode, 'fftConvolve', 'mode', ['full', 'same', 'valid'] as const);
  const la = a.length;
  const lb = b.length;
  const full = la + lb - 1;
  const n = fastLength(full);
  const plan = createFft(n);
  const bufA = new Float64Array(n);
  bufA.set(a);
  const A = plan.rfft(bufA);
  const bufB = new Float64Array(n);
  bufB.set(b);
  const B = plan.rfft(bufB);
  for (let k = 0; k < plan.nBins; k++) {
    const ar = A.re[k]!;
    const ai = A.im[k]!;
    const br = B.re[k]!;
    const bi = B.im[k]!;
    A.re[k] = ar * br - ai * bi;
    A.im[k] = ar * bi + ai * br;
  }
  const y = plan.irfft(A.re, A.im);
  const outLen = mode === 'full' ? full : mode === 'same' ? la : Math.abs(la - lb) + 1;
  const start = (full - outLen) >> 1;
  return y.slice(start, start + outLen);
}
