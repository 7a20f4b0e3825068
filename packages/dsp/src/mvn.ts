import { type Signal, SignalError, assertSignal } from '@speechsr/core';

/**
 * Mean and variance normalisation: `(x − mean(x)) / std(x)` with the population std (ddof 0),
 * computed in float64 (two passes).
 *
 * Mirrors: the seed's `mvn()` in `data/prep_dataset.py`, i.e. numpy `(x - x.mean()) / x.std()`.
 * @param x - signal (not modified)
 * @returns a new Float64Array of x.length samples with mean 0 and std 1
 * @throws {@link @speechsr/core!SignalError} when x is empty, non-finite, or constant (std 0: the seed would
 *   produce NaN; trim silence first or drop the file)
 * @example const y = mvn(trim(x, TRIM_SEED).y);
 */
export function mvn(x: Signal): Float64Array {
  // Type and length here; finiteness is checked on the sum (a non-finite sample makes it non-finite).
  assertSignal(x, 'mvn', 'x', { finite: false });
  const n = x.length;
  // four partial sums: independent dependency chains
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n4 = n - (n % 4);
  let i = 0;
  for (; i < n4; i += 4) {
    s0 += x[i]!;
    s1 += x[i + 1]!;
    s2 += x[i + 2]!;
    s3 += x[i + 3]!;
  }
  for (; i < n; i++) s0 += x[i]!;
  const sum = s0 + s1 + s2 + s3;
  if (!Number.isFinite(sum)) assertSignal(x, 'mvn', 'x'); // throws the precise error for NaN/±Infinity
  const mean = sum / n;
  let q0 = 0;
  let q1 = 0;
  let q2 = 0;
  let q3 = 0;
  for (i = 0; i < n4; i += 4) {
    const d0 = x[i]! - mean;
    const d1 = x[i + 1]! - mean;
    const d2 = x[i + 2]! - mean;
    const d3 = x[i + 3]! - mean;
    q0 += d0 * d0;
    q1 += d1 * d1;
    q2 += d2 * d2;
    q3 += d3 * d3;
  }
  for (; i < n; i++) {
    const d = x[i]! - mean;
    q0 += d * d;
  }
  const std = Math.sqrt((q0 + q1 + q2 + q3) / n);
  if (!(std > 0) || !Number.isFinite(std)) {
    throw new SignalError(
      `mvn: x must not be constant, got std ${std} (${n} samples, first ${x[0]}). The seed would produce NaN; skip this signal.`,
    );
  }
  const inv = 1 / std;
  const y = new Float64Array(n);
  for (i = 0; i < n; i++) y[i] = (x[i]! - mean) * inv;
  return y;
}
