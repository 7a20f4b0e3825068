import { assertInt, assertOneOf, assertSignal, SignalError, type Signal } from '@speechsr/core';
import { type Coefficients, df2t, lfilterZiNormalized, normalizeBa } from './lfilter.js';

/** How the signal is extended at both ends before forward-backward filtering (scipy's `padtype`). */
export type FiltfiltPadType = 'odd' | 'even' | 'constant' | null;

/** Options of {@link filtfilt} and `sosfiltfilt`. */
export interface FiltfiltOptions {
  /**
   * Extension at the ends: `'odd'` (point reflection about the end sample), `'even'` (mirror),
   * `'constant'` (repeat the end sample) or `null` (no extension). @defaultValue 'odd' (scipy's default)
   */
  padtype?: FiltfiltPadType;
  /**
   * Samples added at each end. @defaultValue 3·max(len(a), len(b)) for filtfilt,
   * 3·(2·nSections + 1 − min(#b2 = 0, #a2 = 0)) for sosfiltfilt (scipy's rules)
   */
  padlen?: number;
}

/** Throws the SignalError for a signal not longer than the padding (internal). */
export function checkPadlen(fn: string, n: number, edge: number): void {
  if (n <= edge) {
    throw new SignalError(
      `${fn}: x must be longer than padlen = ${edge}, got a signal of length ${n}. Pass a smaller padlen (or padtype: null) for short signals.`,
    );
  }
}

/**
 * Validates the padding options against the signal length and returns the extended copy
 * (scipy's `_validate_pad` + `odd_ext`/`even_ext`/`const_ext`) (internal).
 */
export function padSignal(
  fn: string,
  x: Signal,
  options: FiltfiltOptions,
  defaultPadlen: number,
): { ext: Float64Array; edge: number } {
  const { padtype = 'odd', padlen } = options;
  assertOneOf(padtype === null ? 'null' : padtype, fn, 'padtype', [
    'odd',
    'even',
    'constant',
    'null',
  ] as const);
  if (padlen !== undefined) assertInt(padlen, fn, 'padlen', { min: 0 });
  const edge = padtype === null ? 0 : (padlen ?? defaultPadlen);
  const n = x.length;
  checkPadlen(fn, n, edge);
  const ext = new Float64Array(n + 2 * edge);
  ext.set(x, edge);
  if (edge > 0) {
    const x0 = x[0]!;
    const xl = x[n - 1]!;
    for (let i = 1; i <= edge; i++) {
      const left = x[i]!;
      const right = x[n - 1 - i]!;
      let l: number;
      let r: number;
      if (padtype === 'odd') {
        l = 2 * x0 - left;
        r = 2 * xl - right;
      } else if (padtype === 'even') {
        l = left;
        r = right;
      } else {
        l = x0;
        r = xl;
      }
      ext[edge - i] = l;
      ext[edge + n - 1 + i] = r;
    }
  }
  return { ext, edge };
}

/**
 * Zero-phase forward-backward filtering with a transfer function (`method='pad'`).
 *
 * Mirrors: `scipy.signal.filtfilt(b, a, x, padtype='odd', padlen=None)`: the signal is extended by
 * `padlen` samples at each end, filtered forward from the steady state `lfilterZi(b, a)·ext[0]`, then
 * backward from `lfilterZi(b, a)·(last forward output)`, and the extension is dropped.
 * @param b - numerator coefficients
 * @param a - denominator coefficients (a[0] ≠ 0)
 * @param x - signal (not modified); must be longer than padlen
 * @param options - `padtype` ('odd' default, 'even', 'constant', null), `padlen` (default 3·max(len(a), len(b)))
 * @returns a new Float64Array of x's length
 * @throws {@link @speechsr/core!ParameterError} for bad coefficients, an unknown padtype or a negative/non-integer padlen
 * @throws {@link @speechsr/core!SignalError} when x is empty, non-finite, or not longer than padlen
 * @example const y = filtfilt(b, a, x); // no phase shift
 */
export function filtfilt(
  b: Coefficients,
  a: Coefficients,
  x: Signal,
  options: FiltfiltOptions = {},
): Float64Array {
  const nb = normalizeBa(b, a, 'filtfilt');
  assertSignal(x, 'filtfilt', 'x');
  const { ext, edge } = padSignal('filtfilt', x, options, 3 * nb.b.length);
  const zi = lfilterZiNormalized(nb.b, nb.a);
  const m = zi.length;
  const z = new Float64Array(m);
  const len = ext.length;
  const e0 = ext[0]!;
  for (let i = 0; i < m; i++) z[i] = zi[i]! * e0;
  df2t(nb.b, nb.a, z, ext, ext, 0, 1, len);
  const yl = ext[len - 1]!;
  for (let i = 0; i < m; i++) z[i] = zi[i]! * yl;
  df2t(nb.b, nb.a, z, ext, ext, len - 1, -1, len);
  return ext.slice(edge, edge + x.length);
}
