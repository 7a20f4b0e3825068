import { assertInt, assertOneOf } from '@speechsr/core';

/** Window names understood by {@link getWindow}. */
export type WindowName = 'hann' | 'hamming';

/** Options of {@link getWindow}. */
export interface WindowOptions {
  /**
   * Periodic window (for spectral analysis: the length-(n+1) symmetric window without its last
   * sample) when true, symmetric (filter design) when false.
   * @defaultValue true (scipy `get_window`'s default, what librosa and TF use)
   */
  fftbins?: boolean;
}

/**
 * A Hann or Hamming window of `n` samples: `α − (1 − α)·cos(2πk/D)` with α = 0.5 (hann) or 0.54
 * (hamming), D = n for the periodic window and n − 1 for the symmetric one. n = 1 gives `[1]`.
 *
 * Mirrors: `scipy.signal.get_window('hann' | 'hamming', n, fftbins=True)`.
 * @param name - 'hann' or 'hamming'
 * @param n - window length, integer ≥ 1
 * @returns a new Float64Array of length n
 * @throws {@link @speechsr/core!ParameterError} for an unknown name or n not an integer ≥ 1
 * @example const w = getWindow('hann', 512); // periodic, as librosa.stft uses
 */
export function getWindow(name: WindowName, n: number, options: WindowOptions = {}): Float64Array {
  assertOneOf(name, 'getWindow', 'name', ['hann', 'hamming'] as const);
  assertInt(n, 'getWindow', 'n', { min: 1 });
  const { fftbins = true } = options;
  const w = new Float64Array(n);
  if (n === 1) {
    w[0] = 1;
    return w;
  }
  const alpha = name === 'hann' ? 0.5 : 0.54;
  const denom = fftbins ? n : n - 1;
  for (let k = 0; k < n; k++) w[k] = alpha - (1 - alpha) * Math.cos((2 * Math.PI * k) / denom);
  return w;
}
