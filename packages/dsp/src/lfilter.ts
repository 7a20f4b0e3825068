import { assertSignal, describeValue, ParameterError, type Signal } from '@speechsr/core';

/** Filter coefficients or a state vector: any array of numbers (Float64Array, number[] …). */
export type Coefficients = ArrayLike<number>;

/** Options of {@link lfilter}. */
export interface LfilterOptions {
  /**
   * Initial state of the delays, length `max(len(a), len(b)) − 1` (scipy's `zi`). When given, the
   * result is `{ y, zf }`. @defaultValue undefined (initial rest, result is the output array only)
   */
  zi?: Coefficients;
}

/** Result of {@link lfilter} / `sosfilt` with an initial state: the output and the final state. */
export interface FilterResult {
  /** Filtered signal, Float64Array of the input's length. */
  y: Float64Array;
  /** Final delay state (same layout as `zi`). */
  zf: Float64Array;
}

/** Validates a coefficient vector (internal). */
export function checkCoefficients(v: unknown, fn: string, name: string): Float64Array {
  if (!(Array.isArray(v) || ArrayBuffer.isView(v)) || (v as ArrayLike<number>).length === 0) {
    throw new ParameterError(`${fn}: ${name} must be a non-empty array of numbers, got ${describeValue(v)}.`);
  }
  const arr = v as ArrayLike<number>;
  const out = new Float64Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const c = arr[i]!;
    if (typeof c !== 'number' || !Number.isFinite(c)) {
      throw new ParameterError(`${fn}: ${name} must hold finite numbers, got ${String(c)} at index ${i}.`);
    }
    out[i] = c;
  }
  return out;
}

/**
 * Normalised, equal-length copies of b and a (divided by a[0], shorter one zero-padded), as scipy does
 * before filtering (internal).
 */
export function normalizeBa(
  bIn: Coefficients,
  aIn: Coefficients,
  fn: string,
): { b: Float64Array; a: Float64Array } {
  const b0 = checkCoefficients(bIn, fn, 'b');
  const a0 = checkCoefficients(aIn, fn, 'a');
  if (a0[0] === 0) {
    throw new ParameterError(
      `${fn}: a[0] must be non-zero, got 0. The leading denominator coefficient normalises the filter.`,
    );
  }
  const n = Math.max(b0.length, a0.length);
  const b = new Float64Array(n);
  const a = new Float64Array(n);
  const g = a0[0]!;
  for (let i = 0; i < b0.length; i++) b[i] = g === 1 ? b0[i]! : b0[i]! / g;
  for (let i = 0; i < a0.length; i++) a[i] = g === 1 ? a0[i]! : a0[i]! / g;
  return { b, a };
}

/**
 * Runs the direct-form-II-transposed recursion over `x[start], x[start+step], …` (`count` samples) into
 * `y` at the same indices; `z` (length n−1) is the state, updated in place. `b`, `a` normalised, equal
 * length n. Arithmetic order follows scipy's C loop: `y = z0 + b0·x`, `zᵢ = zᵢ₊₁ + x·bᵢ − y·aᵢ`.
 * `x` and `y` may be the same array (internal).
 */
export function df2t(
  b: Float64Array,
  a: Float64Array,
  z: Float64Array,
  x: Float64Array,
  y: Float64Array,
  start: number,
  step: number,
  count: number,
): void {
  const n = b.length;
  if (n === 1) {
    const b0 = b[0]!;
    for (let k = 0, i = start; k < count; k++, i += step) y[i] = x[i]! * b0;
    return;
  }
  if (n === 9) {
    df2t9(b, a, z, x, y, start, step, count);
    return;
  }
  const b0 = b[0]!;
  const m = n - 1;
  for (let k = 0, i = start; k < count; k++, i += step) {
    const xn = x[i]!;
    const yn = z[0]! + b0 * xn;
    for (let j = 1; j < m; j++) z[j - 1] = z[j]! + xn * b[j]! - yn * a[j]!;
    z[m - 1] = xn * b[m]! - yn * a[m]!;
    y[i] = yn;
  }
}

/** Order-8 (9-coefficient) DF2T with the state in locals: the seed's and decimate's filter order. */
function df2t9(
  b: Float64Array,
  a: Float64Array,
  z: Float64Array,
  x: Float64Array,
  y: Float64Array,
  start: number,
  step: number,
  count: number,
): void {
  const b0 = b[0]!;
  const b1 = b[1]!;
  const b2 = b[2]!;
  const b3 = b[3]!;
  const b4 = b[4]!;
  const b5 = b[5]!;
  const b6 = b[6]!;
  const b7 = b[7]!;
  const b8 = b[8]!;
  const a1 = a[1]!;
  const a2 = a[2]!;
  const a3 = a[3]!;
  const a4 = a[4]!;
  const a5 = a[5]!;
  const a6 = a[6]!;
  const a7 = a[7]!;
  const a8 = a[8]!;
  let z0 = z[0]!;
  let z1 = z[1]!;
  let z2 = z[2]!;
  let z3 = z[3]!;
  let z4 = z[4]!;
  let z5 = z[5]!;
  let z6 = z[6]!;
  let z7 = z[7]!;
  for (let k = 0, i = start; k < count; k++, i += step) {
    const xn = x[i]!;
    const yn = z0 + b0 * xn;
    z0 = z1 + xn * b1 - yn * a1;
    z1 = z2 + xn * b2 - yn * a2;
    z2 = z3 + xn * b3 - yn * a3;
    z3 = z4 + xn * b4 - yn * a4;
    z4 = z5 + xn * b5 - yn * a5;
    z5 = z6 + xn * b6 - yn * a6;
    z6 = z7 + xn * b7 - yn * a7;
    z7 = xn * b8 - yn * a8;
    y[i] = yn;
  }
  z[0] = z0;
  z[1] = z1;
  z[2] = z2;
  z[3] = z3;
  z[4] = z4;
  z[5] = z5;
  z[6] = z6;
  z[7] = z7;
}

/**
 * {@link df2t9} over x[0 … count−1] from rest state `z`, storing only outputs 0, keep, 2·keep, … packed
 * into `y` (internal: subsample's filter-then-keep without a full-length output).
 */
export function df2t9Keep(
  b: Float64Array,
  a: Float64Array,
  z: Float64Array,
  x: Float64Array,
  y: Float64Array,
  count: number,
  keep: number,
): void {
  const b0 = b[0]!;
  const b1 = b[1]!;
  const b2 = b[2]!;
  const b3 = b[3]!;
  const b4 = b[4]!;
  const b5 = b[5]!;
  const b6 = b[6]!;
  const b7 = b[7]!;
  const b8 = b[8]!;
  const a1 = a[1]!;
  const a2 = a[2]!;
  const a3 = a[3]!;
  const a4 = a[4]!;
  const a5 = a[5]!;
  const a6 = a[6]!;
  const a7 = a[7]!;
  const a8 = a[8]!;
  let z0 = z[0]!;
  let z1 = z[1]!;
  let z2 = z[2]!;
  let z3 = z[3]!;
  let z4 = z[4]!;
  let z5 = z[5]!;
  let z6 = z[6]!;
  let z7 = z[7]!;
  let o = 0;
  let cnt = 1;
  for (let i = 0; i < count; i++) {
    const xn = x[i]!;
    const yn = z0 + b0 * xn;
    z0 = z1 + xn * b1 - yn * a1;
    z1 = z2 + xn * b2 - yn * a2;
    z2 = z3 + xn * b3 - yn * a3;
    z3 = z4 + xn * b4 - yn * a4;
    z4 = z5 + xn * b5 - yn * a5;
    z5 = z6 + xn * b6 - yn * a6;
    z6 = z7 + xn * b7 - yn * a7;
    z7 = xn * b8 - yn * a8;
    if (--cnt === 0) {
      y[o++] = yn;
      cnt = keep;
    }
  }
  z[0] = z0;
  z[1] = z1;
  z[2] = z2;
  z[3] = z3;
  z[4] = z4;
  z[5] = z5;
  z[6] = z6;
  z[7] = z7;
}

/**
 * Filters `x` with the rational transfer function `b(z)/a(z)` (direct form II transposed).
 *
 * Mirrors: `scipy.signal.lfilter(b, a, x, zi=zi)` for 1-D input (b and a divided by a[0]).
 * Float32 input is accepted and computed in float64.
 * @param b - numerator coefficients (non-empty, finite)
 * @param a - denominator coefficients (non-empty, finite, a[0] ≠ 0)
 * @param x - signal (not modified)
 * @param options - `zi`: initial state of length max(len(a), len(b)) − 1
 * @returns a new Float64Array of x's length; `{ y, zf }` when `zi` is given
 * @throws {@link @speechsr/core!ParameterError} for empty/non-finite coefficients, a[0] = 0 or a `zi` of the wrong length
 * @throws {@link @speechsr/core!SignalError} when x is empty or holds a non-finite sample
 * @example const y = lfilter(b, a, x); // b, a from cheby1(8, 1, 0.5)
 */
export function lfilter(
  b: Coefficients,
  a: Coefficients,
  x: Signal,
  options?: { zi?: undefined },
): Float64Array;
export function lfilter(
  b: Coefficients,
  a: Coefficients,
  x: Signal,
  options: { zi: Coefficients },
): FilterResult;
export function lfilter(
  b: Coefficients,
  a: Coefficients,
  x: Signal,
  options?: LfilterOptions,
): Float64Array | FilterResult;
export function lfilter(
  b: Coefficients,
  a: Coefficients,
  x: Signal,
  options: LfilterOptions = {},
): Float64Array | FilterResult {
  const nb = normalizeBa(b, a, 'lfilter');
  assertSignal(x, 'lfilter', 'x');
  const { zi } = options;
  const n = nb.b.length;
  const z = new Float64Array(Math.max(n - 1, 0));
  if (zi !== undefined) {
    const zc = zi.length === 0 ? new Float64Array(0) : checkCoefficients(zi, 'lfilter', 'zi');
    if (zc.length !== n - 1) {
      throw new ParameterError(
        `lfilter: zi must have length max(len(a), len(b)) - 1 = ${n - 1}, got ${zc.length}. Use lfilterZi(b, a) for a steady-state start.`,
      );
    }
    z.set(zc);
  }
  const y = Float64Array.from(x);
  df2t(nb.b, nb.a, z, y, y, 0, 1, y.length);
  return zi === undefined ? y : { y, zf: z };
}

/**
 * Solves `A·v = rhs` in place by Gaussian elimination with partial pivoting (LAPACK gesv's method) (internal).
 */
function solve(A: Float64Array[], rhs: Float64Array): Float64Array {
  const n = rhs.length;
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(A[r]![col]!) > Math.abs(A[piv]![col]!)) piv = r;
    if (A[piv]![col] === 0) {
      throw new ParameterError('lfilterZi: the filter has a pole at z = 1, so no steady state exists.');
    }
    if (piv !== col) {
      [A[piv], A[col]] = [A[col]!, A[piv]!];
      const t = rhs[piv]!;
      rhs[piv] = rhs[col]!;
      rhs[col] = t;
    }
    const rowC = A[col]!;
    for (let r = col + 1; r < n; r++) {
      const row = A[r]!;
      const f = row[col]! / rowC[col]!;
      if (f === 0) continue;
      for (let c = col; c < n; c++) row[c] = row[c]! - f * rowC[c]!;
      rhs[r] = rhs[r]! - f * rhs[col]!;
    }
  }
  const v = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = rhs[r]!;
    for (let c = r + 1; c < n; c++) s -= A[r]![c]! * v[c]!;
    v[r] = s / A[r]![r]!;
  }
  return v;
}

/** lfilter_zi on already-normalised, equal-length b and a (internal). */
export function lfilterZiNormalized(b: Float64Array, a: Float64Array): Float64Array {
  const n = b.length;
  const m = n - 1;
  if (m === 0) return new Float64Array(0);
  // (I − companion(a)ᵀ)·zi = b[1:] − a[1:]·b[0]; companion(a)ᵀ has −a[1:] in its first column and ones above the diagonal.
  const A: Float64Array[] = [];
  for (let r = 0; r < m; r++) {
    const row = new Float64Array(m);
    row[r] = 1;
    row[0] = row[0]! + a[r + 1]!;
    if (r + 1 < m) row[r + 1] = row[r + 1]! - 1;
    A.push(row);
  }
  const rhs = new Float64Array(m);
  for (let i = 0; i < m; i++) rhs[i] = b[i + 1]! - a[i + 1]! * b[0]!;
  return solve(A, rhs);
}

/**
 * Initial state of {@link lfilter} for a steady-state step response: with `zi·x[0]` a constant input
 * gives a constant output from the first sample.
 *
 * Mirrors: `scipy.signal.lfilter_zi(b, a)`.
 * @param b - numerator coefficients
 * @param a - denominator coefficients (a[0] ≠ 0)
 * @returns a new Float64Array of length max(len(a), len(b)) − 1
 * @throws {@link @speechsr/core!ParameterError} for empty/non-finite coefficients, a[0] = 0, or a pole at z = 1
 * @example const zi = lfilterZi(b, a); const { y } = lfilter(b, a, x, { zi: zi.map((v) => v * x[0]) });
 */
export function lfilterZi(b: Coefficients, a: Coefficients): Float64Array {
  const nb = normalizeBa(b, a, 'lfilterZi');
  return lfilterZiNormalized(nb.b, nb.a);
}
