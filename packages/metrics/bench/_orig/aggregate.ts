import type { PesqMode, PesqRate } from './rate.js';

/** Result of {@link pesqAggregate} (spec §19–20). */
export interface PesqAggregate {
  /** Time weights per frame (all 1 unless stopFrame + 1 > 1000). */
  readonly timeWeight: Float64Array;
  /** Final symmetric disturbance per frame 0..stopFrame, after power weighting and the clip at 45. */
  readonly dFinal: Float64Array;
  /** Final asymmetric disturbance per frame 0..stopFrame, after power weighting and the clip at 45. */
  readonly aFinal: Float64Array;
  /** Symmetric disturbance indicator d (split-second p = 6, then file q = 2, over startFrame..stopFrame). */
  readonly d: number;
  /** Asymmetric disturbance indicator a (same aggregation as `d`, on the asymmetric frame values). */
  readonly a: number;
  /** Raw P.862 score 4.5 − 0.1·d − 0.0309·a. */
  readonly raw: number;
}

function lpTime(
  x: Float64Array,
  tw: Float64Array,
  start: number,
  stop: number,
  p: number,
  q: number,
): number {
  let num = 0;
  let den = 0;
  for (let s = start; s <= stop; s += 10) {
    let acc = 0;
    const end = Math.min(s + 19, stop);
    for (let f = s; f <= end; f++) acc += x[f]! ** p;
    const v = (acc / 20) ** (1 / p);
    const w = tw[s - start]!;
    num += (w * v) ** q;
    den += w ** q;
  }
  return (num / den) ** (1 / q);
}

/**
 * Spec §19–20: time weights, power normalisation with the clip at 45, split-second (p = 6, 20 frames
 * every 10) and file (q = 2) aggregation, and the raw score.
 * @param dFrame - per-frame symmetric disturbances after §16–17 (not modified)
 * @param audibleRef - per-frame audible reference power Pf
 * @param aFrame - per-frame asymmetric disturbances (not modified)
 * @param startFrame - first aggregated frame
 * @param stopFrame - last frame
 * @param maxLen - M, the larger padded length
 * @param rate - constants of the sample rate
 * @returns {@link PesqAggregate}: indicators d, a and the raw score (float32 value)
 * @example const { raw } = pesqAggregate(p.dFrame, p.aFrame, p.audibleRef, 7, 181, M, rate);
 */
export function pesqAggregate(
  dFrame: Float64Array,
  aFrame: Float64Array,
  audibleRef: Float64Array,
  startFrame: number,
  stopFrame: number,
  maxLen: number,
  rate: PesqRate,
): PesqAggregate {
  const n = stopFrame + 1;
  const tw = new Float64Array(n).fill(1);
  if (n > 1000) {
    const nT = Math.trunc((maxLen - 2 * rate.sd) / rate.h) - 1;
    const tau = Math.min((nT - 1000) / 5500, 0.5);
    for (let f = 0; f < n; f++) tw[f] = 1 - tau + (tau * f) / nT;
  }
  const dF = new Float64Array(n);
  const aF = new Float64Array(n);
  for (let f = 0; f < n; f++) {
    const h = ((audibleRef[f]! + 1e5) / 1e7) ** 0.04;
    dF[f] = Math.min(dFrame[f]! / h, 45);
    aF[f] = Math.min(aFrame[f]! / h, 45);
  }
  const d = lpTime(dF, tw, startFrame, stopFrame, 6, 2);
  const a = lpTime(aF, tw, startFrame, stopFrame, 6, 2);
  return { timeWeight: tw, dFinal: dF, aFinal: aF, d, a, raw: Math.fround(4.5 - 0.1 * d - 0.0309 * a) };
}

/**
 * Spec §20: map a raw P.862 score to MOS-LQO: P.862.1 (`'nb'`) or P.862.2 (`'wb'`), rounded through
 * float32 like the reference's output.
 * @param raw - raw P.862 score
 * @param mode - `'nb'` (P.862.1) or `'wb'` (P.862.2)
 * @returns MOS-LQO
 * @example pesqMapScore(4.5, 'wb'); // 4.643888473510742
 */
export function pesqMapScore(raw: number, mode: PesqMode): number {
  const f = Math.fround;
  const [a, b] = mode === 'nb' ? [-1.4945, 4.6607] : [-1.3669, 3.8224];
  // float32 arithmetic as the reference (exp in float64), so identical inputs give its exact maxima.
  const t = f(f(f(a) * f(raw)) + f(b));
  return f(f(0.999) + f(f(4) / f(1 + f(Math.exp(t)))));
}

export type { PesqRate };
