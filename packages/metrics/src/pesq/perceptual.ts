import { complexDft, crossCorrelate, realDft } from './fft.js';
import { nextPow2, type PesqRate } from './rate.js';
import { hann, type PesqUtterances } from './time-align.js';

/** Result of {@link pesqFrameRange} (spec §12). */
export interface PesqFrameRange {
  /** Leading silence s of the reference model signal, samples after SD (at most trunc(M/2)). */
  readonly skipStart: number;
  /** Trailing silence t, samples counted back from M − SD + P − 1 (includes the padding P). */
  readonly skipEnd: number;
  /** First frame that enters the aggregation, trunc(s / H). */
  readonly startFrame: number;
  /** Last computed frame (inclusive), trunc((M − 2·SD + P − t) / H) − 1; frames are 0..stopFrame. */
  readonly stopFrame: number;
}

/**
 * Spec §12: leading/trailing silence of the reference model signal (length-equalised to M + P) and the
 * frame range.
 * @param refModel - reference model signal (length ≥ M + P)
 * @param maxLen - M, the larger padded length
 * @param rate - constants of the sample rate
 * @returns {@link PesqFrameRange}
 * @example const { startFrame, stopFrame } = pesqFrameRange(ref, M, rate);
 */
export function pesqFrameRange(refModel: Float64Array, maxLen: number, rate: PesqRate): PesqFrameRange {
  const { sd, p, h } = rate;
  const cap = Math.trunc(maxLen / 2);
  const at = (i: number) => (i >= 0 && i < refModel.length ? Math.abs(refModel[i]!) : 0);
  let s = 0;
  for (; s < cap; s++) {
    let sum = 0;
    for (let i = 0; i < 5; i++) sum += at(sd + s + i);
    if (sum >= 500) break;
  }
  let t = 0;
  for (; t < cap; t++) {
    let sum = 0;
    for (let i = 0; i < 5; i++) sum += at(maxLen - sd + p - 1 - t - i);
    if (sum >= 500) break;
  }
  return {
    skipStart: s,
    skipEnd: t,
    startFrame: Math.trunc(s / h),
    stopFrame: Math.trunc((maxLen - 2 * sd + p - t) / h) - 1,
  };
}

/** Per-frame arrays of the perceptual model (spec §13–17). Bark arrays are [frame·Nb + band]. */
export interface PesqPerceptual {
  /** Silence trimming and frame range of the reference (spec §12). */
  readonly range: PesqFrameRange;
  /** Deg frame start sample d0 per frame (padded deg coordinates, utterance delay applied). */
  readonly degFrameStart: Int32Array;
  /** 1 where the reference frame is silent (Tr100 < 1e7), else 0; per frame 0..stopFrame. */
  readonly silent: Uint8Array;
  /** Audible reference power at 100× threshold. */
  readonly tr100: Float64Array;
  /** Reference Bark powers Br before frequency compensation, [frame·Nb + band]. */
  readonly barkRef: Float64Array;
  /** Degraded Bark powers Bd before gain scaling, [frame·Nb + band] (0 for frames outside the buffer). */
  readonly barkDeg: Float64Array;
  /** Average reference spectrum avgR per band over non-silent frames, divided by Ntot (spec §14). */
  readonly avgRef: Float64Array;
  /** Average degraded spectrum avgD per band (reference's silent flags, divisor Ntot; spec §14). */
  readonly avgDeg: Float64Array;
  /** Audible powers (compensated ref Pf, deg before gain). */
  readonly audibleRef: Float64Array;
  /** Audible degraded power Ad per frame, before the gain is applied (spec §15 step 1). */
  readonly audibleDeg: Float64Array;
  /** Smoothed and clipped gain applied to the degraded Bark powers, per frame, in [3e-4, 5]. */
  readonly gain: Float64Array;
  /** First-pass disturbances. */
  readonly dRaw: Float64Array;
  /** First-pass asymmetric frame disturbance Afr per frame (spec §15 step 7, p = 1). */
  readonly aRaw: Float64Array;
  /** Disturbances after §16 and §17 (min update). */
  readonly dFrame: Float64Array;
  /** Asymmetric frame disturbance Afr per frame after §16 zeroing and the §17 min update. */
  readonly aFrame: Float64Array;
  /** 1 where a frame was zeroed at a negative delay jump (spec §16), else 0. */
  readonly skipped: Uint8Array;
  /** Whether any first-pass symmetric disturbance exceeds 30 (triggers the §17 re-alignment). */
  readonly badFrame: boolean;
  /** The re-aligned bad intervals (spec §17.4–17.7), in frame order; empty when `badFrame` is false. */
  readonly badIntervals: PesqBadInterval[];
  /** Smeared bad-frame flags (spec §17.3; all 0 when no frame is bad). */
  readonly smeared: Uint8Array;
  /** Delay-compensated degraded signal T (spec §17.1), only when a bad frame exists. */
  readonly tweakedDeg: Float64Array | undefined;
  /** Compensated reference Bark powers (spec §14) and gain-scaled degraded ones of the first pass. */
  readonly barkRefCompensated: Float64Array;
  /** Degraded Bark powers after the first-pass gain of spec §15 step 2, [frame·Nb + band]. */
  readonly barkDegScaled: Float64Array;
  /** Per-band detail of the first pass for the frames asked for in `detailFrames`. */
  readonly frameDetails: Map<number, PesqFrameDetail>;
}

/** Per-band values of one frame (spec §15 steps 3, 4 and 6). */
export interface PesqFrameDetail {
  /** Reference loudness Lr per band (index = band 0..Nb−1; band 0 is computed but never used). */
  loudRef: Float64Array;
  /** Degraded loudness Ld per band (after the gain), index = band. */
  loudDeg: Float64Array;
  /** Signed loudness difference d_b after the dead zone (step 4), index = band. */
  dz: Float64Array;
  /** Asymmetry-weighted difference d_b·α_b (step 6), index = band. */
  asym: Float64Array;
}

/** One re-aligned bad interval (spec §17). */
export interface PesqBadInterval {
  /** First frame φ0 of the interval. */
  startFrame: number;
  /** End frame φ1 (exclusive): the interval is frames [φ0, φ1). */
  stopFrame: number;
  /** First sample s0 = φ0·H + SD (padded coordinates). */
  startSample: number;
  /** End sample s1 = φ1·H + Nf + SD (exclusive). */
  stopSample: number;
  /** Best normalised envelope correlation ρ found in the ±4·Nf search, in [0, 1]. */
  correlation: number;
  /** Lag τ (samples) of that best correlation, before the ρ ≥ 0.5 test. */
  rawDelay: number;
  /** Applied delay, samples: `rawDelay` if `correlation` ≥ 0.5, else 0. */
  delay: number;
  /** Recomputed per-frame values [frame, D, A, gain] of the re-aligned interval. */
  recomputed: [number, number, number, number][];
}

/** Work arrays of the frame transforms, by frame length Nf. */
interface FrameScratch {
  frame: Float64Array;
  spec: Float64Array;
  powRef: Float64Array;
  powDeg: Float64Array;
}
const frameBufs = new Map<number, FrameScratch>();
function frameScratch(nf: number): FrameScratch {
  let fb = frameBufs.get(nf);
  if (!fb) {
    fb = {
      frame: new Float64Array(2 * nf),
      spec: new Float64Array(2 * nf),
      powRef: new Float64Array(nf / 2),
      powDeg: new Float64Array(nf / 2),
    };
    frameBufs.set(nf, fb);
  }
  return fb;
}

/** Integrates a power spectrum (bins 0..Nf/2−1, bin 0 left out) into the Bark bands, scaled (spec §13). */
function barkBands(pw: Float64Array, rate: PesqRate, out: Float64Array, off: number): void {
  let k = 0;
  for (let b = 0; b < rate.nb; b++) {
    let s = 0;
    for (let c = 0; c < rate.nFftBins[b]!; c++, k++) {
      if (k === 0) continue;
      s += pw[k]!;
    }
    out[off + b] = rate.sp * rate.powerDensityCorrection[b]! * s;
  }
}

/** Bark powers of the Hann-windowed frame of `sig` at `start` into out[off ..] (spec §13). */
function barkFrame(sig: Float64Array, start: number, rate: PesqRate, out: Float64Array, off: number): void {
  const nf = rate.nf;
  const w = hann(nf);
  const { frame, spec, powRef } = frameScratch(nf);
  for (let j = 0; j < nf; j++) frame[j] = sig[start + j]! * w[j]!;
  const X = realDft(frame.subarray(0, nf), nf, spec);
  for (let k = 0; k < nf / 2; k++) powRef[k] = X[2 * k]! * X[2 * k]! + X[2 * k + 1]! * X[2 * k + 1]!;
  barkBands(powRef, rate, out, off);
}

/**
 * {@link barkFrame} of a reference frame and a degraded frame at once, from one complex DFT Z of
 * r + i·d: with P = Z[k], Q = Z[Nf−k], |R[k]|² = |P + conj Q|²/4 and |D[k]|² = |P − conj Q|²/4.
 */
function barkFramePair(
  ref: Float64Array,
  r0: number,
  deg: Float64Array,
  d0: number,
  rate: PesqRate,
  outRef: Float64Array,
  outDeg: Float64Array,
  off: number,
): void {
  const nf = rate.nf;
  const w = hann(nf);
  const { frame, spec, powRef, powDeg } = frameScratch(nf);
  for (let j = 0; j < nf; j++) {
    frame[2 * j] = ref[r0 + j]! * w[j]!;
    frame[2 * j + 1] = deg[d0 + j]! * w[j]!;
  }
  const Z = complexDft(frame, nf, spec);
  for (let k = 1; k < nf / 2; k++) {
    const pr = Z[2 * k]!;
    const pi = Z[2 * k + 1]!;
    const qr = Z[2 * (nf - k)]!;
    const qi = Z[2 * (nf - k) + 1]!;
    powRef[k] = 0.25 * ((pr + qr) * (pr + qr) + (pi - qi) * (pi - qi));
    powDeg[k] = 0.25 * ((pr - qr) * (pr - qr) + (pi + qi) * (pi + qi));
  }
  barkBands(powRef, rate, outRef, off);
  barkBands(powDeg, rate, outDeg, off);
}

/** Loudness exponents γ_b and prefactors Sl·(T/0.5)^γ_b. */
function loudnessConsts(rate: PesqRate): { gamma: Float64Array; pre: Float64Array } {
  const gamma = new Float64Array(rate.nb);
  const pre = new Float64Array(rate.nb);
  for (let b = 0; b < rate.nb; b++) {
    const z = rate.centreBark[b]!;
    let h = z < 4 ? 6 / (z + 2) : 1;
    h = Math.min(h, 2) ** 0.15;
    gamma[b] = 0.23 * h;
    pre[b] = rate.sl * (rate.absThresholdPower[b]! / 0.5) ** gamma[b]!;
  }
  return { gamma, pre };
}

const F_SMOOTH_OLD = Math.fround(0.2);
const F_SMOOTH_NEW = Math.fround(0.8);
const F_GAIN_MIN = Math.fround(3e-4);
const F_ASYM_POW = Math.fround(1.2);

/**
 * Spec §15 for one frame: audible powers, smoothed and clipped gain (Bd scaled in place), loudness,
 * dead-zone difference, symmetric (p = 2) and asymmetric (p = 1) frame norms.
 * @returns [Ar, Ad, gain, D, A, prev (unclipped gain)]
 */
export function frameDisturbance(
  br: Float64Array,
  bd: Float64Array,
  off: number,
  f: number,
  prev: number,
  rate: PesqRate,
  lc: { gamma: Float64Array; pre: Float64Array },
  detail?: { loudRef: Float64Array; loudDeg: Float64Array; dz: Float64Array; asym: Float64Array },
): [number, number, number, number, number, number] {
  const nb = rate.nb;
  const thr = rate.absThresholdPower;
  let ar = 0;
  let ad = 0;
  for (let b = 1; b < nb; b++) {
    if (br[off + b]! > thr[b]!) ar += br[off + b]!;
    if (bd[off + b]! > thr[b]!) ad += bd[off + b]!;
  }
  let g = (ar + 5000) / (ad + 5000);
  if (f > 0) g = F_SMOOTH_OLD * prev + F_SMOOTH_NEW * g;
  const nextPrev = g;
  g = Math.min(Math.max(g, F_GAIN_MIN), 5);
  for (let b = 0; b < nb; b++) bd[off + b] = bd[off + b]! * g;
  let wsum = 0;
  let s2 = 0;
  let s1 = 0;
  for (let b = 0; b < nb; b++) {
    const t = thr[b]!;
    const gm = lc.gamma[b]!;
    const xr = br[off + b]!;
    const xd = bd[off + b]!;
    const lr = xr > t ? lc.pre[b]! * ((0.5 + (0.5 * xr) / t) ** gm - 1) : 0;
    const ld = xd > t ? lc.pre[b]! * ((0.5 + (0.5 * xd) / t) ** gm - 1) : 0;
    let dd = ld - lr;
    const m = 0.25 * Math.min(ld, lr);
    if (dd > m) dd -= m;
    else if (dd < -m) dd += m;
    else dd = 0;
    // α only matters where the dead-zone difference is non-zero.
    let alpha = dd === 0 ? 0 : ((xd + 50) / (xr + 50)) ** F_ASYM_POW;
    if (alpha > 12) alpha = 12;
    else if (alpha < 3) alpha = 0;
    if (detail) {
      detail.loudRef[b] = lr;
      detail.loudDeg[b] = ld;
      detail.dz[b] = dd;
      detail.asym[b] = dd * alpha;
    }
    if (b === 0) continue;
    const wb = rate.widthBark[b]!;
    wsum += wb;
    s2 += (Math.abs(dd) * wb) ** 2;
    s1 += Math.abs(dd * alpha) * wb;
  }
  const dfr = wsum * Math.sqrt(s2 / wsum);
  const afr = wsum * (s1 / wsum);
  return [ar, ad, g, dfr, afr, nextPrev];
}

/**
 * Spec §13.2: the utterance of a sample position p = the largest u with start[u]·D ≤ p (0 if none).
 * Returns a lookup that is O(1) amortised for non-decreasing p when the starts are sorted.
 */
function uttLookup(utt: PesqUtterances, d: number): (p: number) => number {
  const k = utt.count;
  let sorted = true;
  for (let i = 1; i < k; i++) if (utt.start[i]! < utt.start[i - 1]!) sorted = false;
  if (!sorted) {
    return (p) => {
      let u = 0;
      for (let i = 0; i < k; i++) if (utt.start[i]! * d <= p) u = i;
      return u;
    };
  }
  let u = 0;
  let last = Number.NEGATIVE_INFINITY;
  return (p) => {
    if (p < last) u = 0;
    last = p;
    while (u + 1 < k && utt.start[u + 1]! * d <= p) u++;
    return u;
  };
}

/** Inputs of {@link pesqPerceptualModel}. */
export interface PesqModelSignals {
  /** Reference model signal (spec §5), any length ≤ M + P; it is zero-extended to M + P here. */
  readonly ref: Float64Array;
  /** Degraded model signal (spec §5), any length ≤ M + P; zero-extended likewise. */
  readonly deg: Float64Array;
  /** M = max(L_r, L_d), the larger padded length, samples. */
  readonly maxLen: number;
}

function extend(x: Float64Array, n: number): Float64Array {
  if (x.length === n) return x;
  const y = new Float64Array(n);
  y.set(x.subarray(0, Math.min(n, x.length)));
  return y;
}

/**
 * Spec §12–17: frame spectra, Bark powers, silent frames, frequency and gain compensation, loudness,
 * frame disturbances, frames zeroed at negative delay jumps, and re-alignment of bad intervals.
 * @param sig - model signals (not modified) and M
 * @param utt - final utterances ({@link pesqSplitUtterances})
 * @param rate - constants of the sample rate
 * @param detailFrames - frames whose per-band values to keep
 * @returns {@link PesqPerceptual}: per-frame arrays (Float64Array / Uint8Array), Bark arrays [frame·Nb + band]
 * @example const p = pesqPerceptualModel({ ref, deg, maxLen }, utt, rate);
 */
export function pesqPerceptualModel(
  sig: PesqModelSignals,
  utt: PesqUtterances,
  rate: PesqRate,
  detailFrames: readonly number[] = [],
): PesqPerceptual {
  const { sd, p, h, nf, nb, d } = rate;
  const M = sig.maxLen;
  const total = M + p;
  const ref = extend(sig.ref, total);
  const deg = extend(sig.deg, total);
  const range = pesqFrameRange(ref, M, rate);
  const stop = range.stopFrame;
  const nFrames = stop + 1;
  const thr = rate.absThresholdPower;

  const br = new Float64Array(nFrames * nb);
  const bd = new Float64Array(nFrames * nb);
  const degFrameStart = new Int32Array(nFrames);
  const silent = new Uint8Array(nFrames);
  const tr100 = new Float64Array(nFrames);
  const K = utt.count;
  const uttOf = uttLookup(utt, d);
  for (let f = 0; f < nFrames; f++) {
    const r0 = sd + f * h;
    const d0 = r0 + utt.delay[uttOf(r0)]!;
    degFrameStart[f] = d0;
    if (d0 > 0 && d0 + nf < total) barkFramePair(ref, r0, deg, d0, rate, br, bd, f * nb);
    else barkFrame(ref, r0, rate, br, f * nb);
    let s = 0;
    for (let b = 1; b < nb; b++) if (br[f * nb + b]! > 100 * thr[b]!) s += br[f * nb + b]!;
    tr100[f] = s;
    silent[f] = s < 1e7 ? 1 : 0;
  }
  const barkRef = br.slice();
  const barkDeg = bd.slice();

  // §14: frequency compensation.
  const ntot = Math.trunc((M - 2 * sd + p) / h) - 1;
  const avgRef = new Float64Array(nb);
  const avgDeg = new Float64Array(nb);
  for (let f = 0; f < nFrames; f++) {
    if (silent[f]) continue;
    for (let b = 0; b < nb; b++) {
      const xr = br[f * nb + b]!;
      const xd = bd[f * nb + b]!;
      if (xr > 100 * thr[b]!) avgRef[b] = avgRef[b]! + xr;
      if (xd > 100 * thr[b]!) avgDeg[b] = avgDeg[b]! + xd;
    }
  }
  const comp = new Float64Array(nb);
  for (let b = 0; b < nb; b++) {
    avgRef[b] = avgRef[b]! / ntot;
    avgDeg[b] = avgDeg[b]! / ntot;
    comp[b] = Math.min(Math.max((avgDeg[b]! + 1000) / (avgRef[b]! + 1000), 0.01), 100);
  }
  for (let f = 0; f < nFrames; f++) for (let b = 0; b < nb; b++) br[f * nb + b] = br[f * nb + b]! * comp[b]!;

  // §15.
  const lc = loudnessConsts(rate);
  const audibleRef = new Float64Array(nFrames);
  const audibleDeg = new Float64Array(nFrames);
  const gain = new Float64Array(nFrames);
  const dFrame = new Float64Array(nFrames);
  const aFrame = new Float64Array(nFrames);
  let prev = 1;
  let badFrame = false;
  const frameDetails = new Map<number, PesqFrameDetail>();
  for (const f of detailFrames) {
    frameDetails.set(f, {
      loudRef: new Float64Array(nb),
      loudDeg: new Float64Array(nb),
      dz: new Float64Array(nb),
      asym: new Float64Array(nb),
    });
  }
  const barkRefCompensated = br.slice();
  for (let f = 0; f < nFrames; f++) {
    const r = frameDisturbance(br, bd, f * nb, f, prev, rate, lc, frameDetails.get(f));
    audibleRef[f] = r[0];
    audibleDeg[f] = r[1];
    gain[f] = r[2];
    dFrame[f] = r[3];
    aFrame[f] = r[4];
    prev = r[5];
    if (r[3] > 30) badFrame = true;
  }
  const barkDegScaled = bd.slice();
  const dRaw = dFrame.slice();
  const aRaw = aFrame.slice();

  // §16: frames dropped at negative delay jumps.
  const skipped = new Uint8Array(nFrames);
  for (let u = 1; u < K; u++) {
    let f1 = Math.trunc(((utt.start[u]! - 75) * d + utt.delay[u]!) / h);
    const j = Math.trunc(((utt.end[u - 1]! - 75) * d + utt.delay[u - 1]!) / h);
    const jump = utt.delay[u]! - utt.delay[u - 1]!;
    f1 = Math.max(Math.min(f1, j), 0);
    if (jump < -h) {
      const f2 = Math.trunc(((utt.start[u]! - 75) * d + Math.abs(jump)) / h) + 1;
      for (let f = f1; f <= f2 && f < stop; f++) {
        dFrame[f] = 0;
        aFrame[f] = 0;
        skipped[f] = 1;
      }
    }
  }

  // §17: bad intervals.
  const badIntervals: PesqBadInterval[] = [];
  const sm = new Uint8Array(nFrames);
  let tweakedDeg: Float64Array | undefined;
  if (badFrame) {
    const tw = new Float64Array(total);
    const uttAt = uttLookup(utt, d);
    for (let i = sd; i < total - sd; i++) {
      let j = i + utt.delay[uttAt(i)]!;
      j = Math.min(Math.max(j, sd), total - sd - 1);
      tw[i] = deg[j]!;
    }
    const bad = new Uint8Array(nFrames);
    for (let f = 1; f < nFrames; f++) bad[f] = dFrame[f]! > 30 ? 1 : 0;
    tweakedDeg = tw;
    for (let f = 2; f < stop - 2; f++) {
      const l = Math.max(bad[f - 2]!, bad[f - 1]!, bad[f]!);
      const r = Math.max(bad[f]!, bad[f + 1]!, bad[f + 2]!);
      sm[f] = Math.min(l, r);
    }
    let f = 0;
    while (f <= stop && badIntervals.length < 1000) {
      if (!sm[f]) {
        f++;
        continue;
      }
      const f0 = f;
      while (f <= stop && sm[f]) f++;
      if (f - f0 >= 5) {
        badIntervals.push({
          startFrame: f0,
          stopFrame: f,
          startSample: f0 * h + sd,
          stopSample: f * h + nf + sd,
          correlation: 0,
          rawDelay: 0,
          delay: 0,
          recomputed: [],
        });
      }
    }
    const R = 4 * nf;
    for (const iv of badIntervals) {
      const s0 = iv.startSample;
      const len = iv.stopSample - s0;
      const n = 2 * R + len;
      const refseg = new Float64Array(n);
      const degseg = new Float64Array(n);
      for (let i = 0; i < len; i++) refseg[R + i] = Math.abs(ref[s0 + i]!);
      for (let i = 0; i < n; i++) {
        const idx = Math.min(Math.max(s0 - R + i, sd), M - sd + p - 1);
        degseg[i] = Math.abs(tw[idx]!);
      }
      const kc = nextPow2(2 * n);
      let p1 = 0;
      let p2 = 0;
      for (let i = 0; i < n; i++) {
        p1 += refseg[i]! * refseg[i]!;
        p2 += degseg[i]! * degseg[i]!;
      }
      p1 /= kc;
      p2 /= kc;
      let bestTau = 0;
      let best = 0;
      if (p1 > 1e-6 && p2 > 1e-6) {
        const y = crossCorrelate(refseg, degseg, kc);
        const norm = Math.sqrt(p1 * p2);
        const test = (tau: number) => {
          const rho = Math.abs(y[tau >= 0 ? tau : kc + tau]! / kc) / norm;
          if (rho > best) {
            best = rho;
            bestTau = tau;
          }
        };
        for (let tau = -R; tau < 0; tau++) test(tau);
        for (let tau = 0; tau < R; tau++) test(tau);
      }
      iv.correlation = best;
      iv.rawDelay = bestTau;
      iv.delay = best < 0.5 ? 0 : bestTau;
    }
    if (badIntervals.length > 0) {
      const t2 = tw.slice();
      for (const iv of badIntervals) {
        for (let i = iv.startSample; i < iv.stopSample; i++) {
          t2[i] = tw[Math.min(Math.max(i + iv.delay, 0), M - 1)]!;
        }
      }
      for (const iv of badIntervals) {
        for (let f = iv.startFrame; f < iv.stopFrame; f++) barkFrame(t2, sd + f * h, rate, bd, f * nb);
        let pv = 1;
        for (let f = iv.startFrame; f < iv.stopFrame; f++) {
          const r = frameDisturbance(br, bd, f * nb, f, pv, rate, lc);
          pv = r[5];
          iv.recomputed.push([f, r[3], r[4], r[2]]);
          dFrame[f] = Math.min(dFrame[f]!, r[3]);
          aFrame[f] = Math.min(aFrame[f]!, r[4]);
        }
      }
    }
  }
  return {
    range,
    degFrameStart,
    silent,
    tr100,
    barkRef,
    barkDeg,
    avgRef,
    avgDeg,
    audibleRef,
    audibleDeg,
    gain,
    dRaw,
    aRaw,
    dFrame,
    aFrame,
    skipped,
    badFrame,
    badIntervals,
    smeared: sm,
    tweakedDeg,
    barkRefCompensated,
    barkDegScaled,
    frameDetails,
  };
}
