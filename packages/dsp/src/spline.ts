import { type Signal, SignalError, assertInt, assertSignal } from '@speechsr/core';

/**
 * Cubic-spline up-sampling by an integer factor: the interpolating not-a-knot cubic spline through
 * `(j·r, xLr[j])`, j = 0 … n−1, evaluated at every high-rate index 0 … n·r − 1. The last r − 1
 * outputs lie beyond the last sample and are extrapolated with the last cubic piece.
 *
 * Solved in O(n) on the uniform grid: with second derivatives M_j, the interior equations
 * `M_{j−1} + 4M_j + M_{j+1} = 6(v_{j−1} − 2v_j + v_{j+1})/r²` and the not-a-knot conditions give
 * M_1 and M_{n−2} directly; the rest is one tridiagonal (Thomas) solve. No dense system is formed.
 *
 * Mirrors: the seed's `upsample(x_lr, r)`: `splev(arange(n·r), splrep(arange(0, n·r, r), x_lr))`
 * (scipy `splrep` k=3, s=0; equivalent to `CubicSpline(bc_type='not-a-knot')`).
 * @param xLr - low-rate signal, at least 4 samples (not modified)
 * @param r - integer up-sampling factor ≥ 1 (1 returns a copy)
 * @returns a new Float64Array of length xLr.length · r
 * @throws {@link @speechsr/core!ParameterError} when r is not an integer ≥ 1
 * @throws {@link @speechsr/core!SignalError} when xLr has fewer than 4 samples (splrep needs more points than the
 *   degree 3) or a non-finite sample
 * @example const xUp = splineUpsample(xLr, 2); // same length as the 16 kHz label
 */
export function splineUpsample(xLr: Signal, r: number): Float64Array {
  assertSignal(xLr, 'splineUpsample', 'xLr', { finite: false });
  assertInt(r, 'splineUpsample', 'r', { min: 1 });
  const n = xLr.length;
  if (n < 4) {
    throw new SignalError(
      `splineUpsample: xLr must have at least 4 samples, got ${n}. scipy's splrep (k=3) needs more points than the spline degree.`,
    );
  }
  assertSignal(xLr, 'splineUpsample', 'xLr');
  const v = xLr;
  const h2 = r * r;
  // d_j = 6(v_{j−1} − 2v_j + v_{j+1})/h² for j = 1 … n−2; M holds the second derivatives.
  const M = new Float64Array(n);
  const d = (j: number): number => (6 * (v[j - 1]! - 2 * v[j]! + v[j + 1]!)) / h2;
  M[1] = d(1) / 6;
  M[n - 2] = d(n - 2) / 6;
  // Tridiagonal system for M_2 … M_{n−3}: M_{j−1} + 4M_j + M_{j+1} = d_j (known M_1, M_{n−2} moved right).
  const lo = 2;
  const hi = n - 3;
  if (hi >= lo) {
    const cp = new Float64Array(n);
    // forward sweep (diag 4, off-diagonals 1)
    let rhs = d(lo) - M[1]!;
    if (lo === hi) rhs -= M[n - 2]!;
    let denom = 4;
    cp[lo] = 1 / denom;
    M[lo] = rhs / denom;
    for (let j = lo + 1; j <= hi; j++) {
      let rj = d(j);
      if (j === hi) rj -= M[n - 2]!;
      denom = 4 - cp[j - 1]!;
      cp[j] = 1 / denom;
      M[j] = (rj - M[j - 1]!) / denom;
    }
    for (let j = hi - 1; j >= lo; j--) M[j] = M[j]! - cp[j]! * M[j + 1]!;
  }
  // not-a-knot: third derivative continuous at x_1 and x_{n−2}.
  M[0] = 2 * M[1]! - M[2]!;
  M[n - 1] = 2 * M[n - 2]! - M[n - 3]!;

  // Evaluate: per sub-sample offset s the four weights are the same on every interval.
  const last = n - 2;
  const nW = 2 * r; // the last interval also covers the r − 1 extrapolated samples (t up to (2r−1)/r)
  const a0 = new Float64Array(nW);
  const a1 = new Float64Array(nW);
  const c0 = new Float64Array(nW);
  const c1 = new Float64Array(nW);
  for (let s = 0; s < nW; s++) {
    const t = s / r;
    const u = 1 - t;
    a0[s] = u;
    a1[s] = t;
    c0[s] = (h2 / 6) * (u * u * u - u);
    c1[s] = (h2 / 6) * (t * t * t - t);
  }
  const y = new Float64Array(n * r);
  let o = 0;
  for (let j = 0; j < last; j++) {
    const vj = v[j]!;
    const vk = v[j + 1]!;
    const mj = M[j]!;
    const mk = M[j + 1]!;
    for (let s = 0; s < r; s++) y[o++] = a0[s]! * vj + a1[s]! * vk + c0[s]! * mj + c1[s]! * mk;
  }
  {
    const vj = v[last]!;
    const vk = v[last + 1]!;
    const mj = M[last]!;
    const mk = M[last + 1]!;
    for (let s = 0; s < nW; s++) y[o++] = a0[s]! * vj + a1[s]! * vk + c0[s]! * mj + c1[s]! * mk;
  }
  return y;
}
