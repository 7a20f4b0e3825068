import { expect } from 'vitest';

export interface AllCloseOptions {
  /** Absolute tolerance. */
  atol: number;
  /** Relative tolerance (times |expected|). */
  rtol: number;
  /** Prefix for the failure message. */
  label?: string;
}

type Numeric = ArrayLike<number>;

/**
 * Elementwise `|a − e| ≤ atol + rtol·|e|` (numpy's `allclose` rule), same length required.
 * Fails with the worst index, both values and the maximum absolute error. NaN matches only NaN.
 * @returns the maximum absolute error (useful for reporting parity figures)
 */
export function expectAllClose(actual: Numeric, expected: Numeric, { atol, rtol, label = '' }: AllCloseOptions): number {
  const p = label ? `${label}: ` : '';
  if (actual.length !== expected.length) {
    expect.fail(`${p}length ${actual.length} != expected length ${expected.length}`);
  }
  let maxErr = 0;
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) || Number.isNaN(a)) {
      if (!(Number.isNaN(e) && Number.isNaN(a))) expect.fail(`${p}index ${i}: got ${a}, expected ${e}`);
      continue;
    }
    if (a === e) continue;
    const err = Math.abs(a - e);
    if (err > maxErr) maxErr = err;
    const excess = err - (atol + rtol * Math.abs(e));
    if (excess > 0 && (worst < 0 || excess > worstExcess)) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    expect.fail(
      `${p}not close at index ${worst}: got ${actual[worst]}, expected ${expected[worst]} ` +
        `(max |a-e| = ${maxErr.toExponential(3)}, atol ${atol}, rtol ${rtol})`,
    );
  }
  return maxErr;
}

/** Maximum of |x| over an array. */
export function maxAbs(x: Numeric): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}
