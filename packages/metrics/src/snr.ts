import { assertSignal, ParameterError, type Signal } from '@speechsr/core';

/**
 * The seed's epsilon: float64 machine epsilon, 2^−52 = 2.220446049250313e−16
 * (`np.finfo(np.float64).eps`). Used by {@link snr}, {@link snrSeg} and the `'seed'` LSD.
 */
export const EPS = 2 ** -52;

/**
 * Checks a (reference, estimate) pair: both float typed arrays, non-empty, same length.
 * Finiteness is checked by the callers after their sums (a non-finite sample makes a sum
 * non-finite), so valid input is read once.
 * @internal
 */
export function assertPair(reference: unknown, estimate: unknown, fn: string): asserts reference is Signal {
  assertSignal(reference, fn, 'reference', { finite: false });
  assertSignal(estimate, fn, 'estimate', { finite: false });
  if (reference.length !== (estimate as Signal).length) {
    throw new ParameterError(
      `${fn}: estimate must have the same length as reference (${reference.length}), got ${(estimate as Signal).length}. ` +
        'Align first, e.g. truncate both to the shorter length as evaluatePair does.',
    );
  }
}

/**
 * Throws the {@link @speechsr/core!SignalError} `assertSignal` would have thrown for the first non-finite
 * sample of `reference` or `estimate`; returns normally when every sample is finite.
 * @internal
 */
export function assertFinitePair(reference: Signal, estimate: Signal, fn: string): void {
  assertSignal(reference, fn, 'reference');
  assertSignal(estimate, fn, 'estimate');
}

/**
 * Global signal-to-noise ratio of an estimate against its reference, in dB:
 *
 * `SNR = 10·log10( ‖x‖² / (‖x̂ − x‖² + eps) + eps )`, `eps = 2^−52`, x = reference, x̂ = estimate,
 * ‖·‖ the Euclidean norm over the whole signal.
 *
 * Units dB; higher is better. Identical signals give the eps-limited maximum
 * `10·log10(‖x‖²/eps + eps)` (≈ 181 dB for speech at 0.5 peak), never Infinity; a silent
 * reference gives `10·log10(eps)` ≈ −156.5 dB. Not scale invariant in the estimate (a gain
 * error counts as noise); invariant to a common gain g ≠ 0 on both signals up to the eps terms.
 * This is the "SNR" column of every results table (spec metrics.md §2).
 *
 * Mirrors: the seed's `compute_snr1(x, x̂)` (`src/metrics.py`).
 * @param reference - clean reference x (not modified)
 * @param estimate - estimate x̂ of the same length (not modified)
 * @returns SNR in dB (a finite number for finite input)
 * @throws {@link @speechsr/core!ParameterError} when an argument is not a Float32Array/Float64Array or the lengths differ
 * @throws {@link @speechsr/core!SignalError} when a signal is empty or holds NaN/±Infinity
 * @example
 * const db = snr(reference, estimate); // e.g. 15.9 for a spline-upsampled r = 2 decimation
 */
export function snr(reference: Signal, estimate: Signal): number {
  assertPair(reference, estimate, 'snr');
  energies(reference, estimate, scratch);
  let signal = scratch[0]!;
  let noise = scratch[1]!;
  if (!Number.isFinite(signal) || !Number.isFinite(noise)) {
    assertFinitePair(reference, estimate, 'snr'); // throws SignalError on a NaN/±Infinity sample
    // Finite samples whose squares overflow: rescale by the joint peak (the ratio is unchanged).
    [signal, noise] = scaledEnergies(reference, estimate);
  }
  return 10 * Math.log10(signal / (noise + EPS) + EPS);
}

const scratch = new Float64Array(2);

/**
 * out[0] = ‖x‖², out[1] = ‖x̂ − x‖². Four independent accumulators per sum break the add dependency
 * chain (≈2× faster than one) and are closer to numpy's pairwise summation. The n mod 4 leading
 * samples are done first, so every branch has run before the hot loop is optimised (a never-run
 * branch after an on-stack-replaced loop made V8 deoptimise at every call: 4× slower).
 */
function energies(reference: Signal, estimate: Signal, out: Float64Array): void {
  const n = reference.length;
  const head = n & 3;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  for (let i = 0; i < head; i++) {
    const x = reference[i]!;
    const e = estimate[i]! - x;
    s0 += x * x;
    d0 += e * e;
  }
  for (let i = head; i < n; i += 4) {
    const x0 = reference[i]!;
    const x1 = reference[i + 1]!;
    const x2 = reference[i + 2]!;
    const x3 = reference[i + 3]!;
    const e0 = estimate[i]! - x0;
    const e1 = estimate[i + 1]! - x1;
    const e2 = estimate[i + 2]! - x2;
    const e3 = estimate[i + 3]! - x3;
    s0 += x0 * x0;
    s1 += x1 * x1;
    s2 += x2 * x2;
    s3 += x3 * x3;
    d0 += e0 * e0;
    d1 += e1 * e1;
    d2 += e2 * e2;
    d3 += e3 * e3;
  }
  out[0] = s0 + s1 + s2 + s3;
  out[1] = d0 + d1 + d2 + d3;
}
// Run every path of the kernel once at load (all-Float64Array feedback), see energies().
energies(new Float64Array(7), new Float64Array(7), scratch);

/** ‖x‖² and ‖x̂ − x‖² computed on signals divided by their joint peak (overflow-safe). */
function scaledEnergies(reference: Signal, estimate: Signal): [number, number] {
  let peak = 0;
  for (let i = 0; i < reference.length; i++) {
    peak = Math.max(peak, Math.abs(reference[i]!), Math.abs(estimate[i]!));
  }
  const inv = 1 / peak;
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < reference.length; i++) {
    const x = reference[i]! * inv;
    const e = estimate[i]! * inv - x;
    signal += x * x;
    noise += e * e;
  }
  // Undo the scale on the energies only as far as the ratio needs: both scale by peak².
  // (The eps term is then relative to the scaled energies; for such huge signals it is negligible.)
  return [signal, noise];
}
