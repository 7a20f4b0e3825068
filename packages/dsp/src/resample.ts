import { type Signal, assertInt, assertSignal } from '@speechsr/core';
import { type FftPlan, createFft } from './fft.js';

/** Plans are cached per length (the 60 s case builds 960000- and 480000-point plans once). */
const plans = new Map<number, FftPlan>();
function plan(n: number): FftPlan {
  let p = plans.get(n);
  if (!p) {
    p = createFft(n);
    if (plans.size >= 8) plans.delete(plans.keys().next().value as number);
    plans.set(n, p);
  }
  return p;
}

/** Reused spectrum of the output length (only the output signal is a fresh array). */
let spectrum = { re: new Float64Array(0), im: new Float64Array(0) };
function spectrumOf(nBins: number): { re: Float64Array; im: Float64Array } {
  if (spectrum.re.length !== nBins) spectrum = { re: new Float64Array(nBins), im: new Float64Array(nBins) };
  return spectrum;
}

/**
 * Resample `x` to `num` samples with the FFT method (periodic band-limited interpolation).
 *
 * `X = rfft(x)`, keep bins 0 … floor(N/2) with N = min(num, len); when N is even the kept Nyquist
 * bin is doubled on downsampling (it folds in the −N/2 component) and halved on upsampling (it is
 * split between ±N/2), then `y = irfft(Y, num) · num/len`. Exact DFTs for every length (mixed radix
 * or Bluestein), so odd and non-power-of-two lengths (999, 960000) match scipy to ~1e-15.
 *
 * Mirrors: `scipy.signal.resample(x, num)` (window=None, real input; the seed's `fft` low-pass scheme
 * with `num = floor(len/r)`).
 * @param x - signal (not modified)
 * @param num - output length, integer ≥ 1
 * @returns a new Float64Array of length num
 * @throws {@link @speechsr/core!ParameterError} when num is not an integer ≥ 1
 * @throws {@link @speechsr/core!SignalError} when x is empty or holds a non-finite sample
 * @example const y8k = resample(y16k, Math.floor(y16k.length / 2));
 */
export function resample(x: Signal, num: number): Float64Array {
  assertSignal(x, 'resample', 'x');
  assertInt(num, 'resample', 'num', { min: 1 }, 'num is the output length in samples.');
  const len = x.length;
  const N = Math.min(num, len);
  const keep = (N >> 1) + 1;
  const dst = plan(num);
  const { re, im } = spectrumOf(dst.nBins);
  // only the kept bins of x's spectrum are computed, straight into the output spectrum
  plan(len).rfftAt(x, 0, re, im, 0, undefined, keep);
  re.fill(0, keep);
  im.fill(0, keep);
  if (N % 2 === 0) {
    const k = N >> 1;
    const f = num < len ? 2 : num > len ? 0.5 : 1;
    re[k] = re[k]! * f;
    im[k] = im[k]! * f;
  }
  const y = dst.irfft(re, im);
  const scale = num / len;
  for (let i = 0; i < num; i++) y[i] = y[i]! * scale;
  return y;
}
