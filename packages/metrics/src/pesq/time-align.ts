import { PesqError } from './errors.js';
import { crossCorrelate, inverseRealDft, realDft } from './fft.js';
import { nextPow2, type PesqRate } from './rate.js';

/** Largest number of utterances accepted (the reference holds 50 slots, the last one is scratch). */
export const PESQ_MAX_UTTERANCES = 49;

/**
 * Spec §8: lag (in windows) of the first strict positive maximum of the linear cross-correlation
 * Y[c] = Σ_i r[i]·d[i + c − (nr − 1)] of two log-envelope ranges; 0 when none is positive or a range
 * has ≤ 1 window.
 */
export function envelopeLag(
  logRef: Float64Array,
  refStart: number,
  nr: number,
  logDeg: Float64Array,
  degStart: number,
  nd: number,
): number {
  if (!(nr > 1 && nd > 1)) return 0;
  const n = 2 * nextPow2(Math.max(nr, nd));
  const c = crossCorrelate(
    logRef.subarray(refStart, refStart + nr),
    logDeg.subarray(degStart, degStart + nd),
    n,
  );
  let best = 0;
  let lag = 0;
  // c index ascending from 0 .. nr + nd − 2 ↔ lag k = c − (nr − 1); negative lags wrap to n + k.
  for (let ci = 0; ci <= nr + nd - 2; ci++) {
    const k = ci - (nr - 1);
    const y = c[k >= 0 ? k : n + k]!;
    if (y > best) {
      best = y;
      lag = k;
    }
  }
  return lag;
}

/**
 * Spec §8: whole-file crude delay in samples (a multiple of D; positive = degraded lags reference).
 * @param logRef - reference log-envelope ({@link pesqVad})
 * @param logDeg - degraded log-envelope
 * @param rate - constants of the sample rate
 * @returns the delay in samples
 * @example const dc = pesqCrudeDelay(vr.logVad, vd.logVad, rate);
 */
export function pesqCrudeDelay(logRef: Float64Array, logDeg: Float64Array, rate: PesqRate): number {
  return envelopeLag(logRef, 0, logRef.length, logDeg, 0, logDeg.length) * rate.d;
}

/** Crude delay of a sub-range (spec §9.2 / §11.1): `est` = current estimate (multiple of D), window range [from, to). */
function subRangeCrude(
  logRef: Float64Array,
  logDeg: Float64Array,
  from: number,
  to: number,
  est: number,
  rate: PesqRate,
): number {
  const ed = est / rate.d;
  let ar = from;
  let ad = ar + ed;
  if (ad < 0) {
    ar = -ed;
    ad = 0;
  }
  const nr = to - ar;
  let nd = nr;
  if (ad + nd > logDeg.length) nd = logDeg.length - ad;
  if (!(nr > 1 && nd > 1)) return est;
  return envelopeLag(logRef, ar, nr, logDeg, ad, nd) * rate.d + est;
}

/** Periodic Hann windows by length. */
const hannCache = new Map<number, Float64Array>();
export function hann(n: number): Float64Array {
  let h = hannCache.get(n);
  if (!h) {
    h = new Float64Array(n);
    for (let j = 0; j < n; j++) h[j] = 0.5 * (1 - Math.cos((2 * Math.PI * j) / n));
    hannCache.set(n, h);
  }
  return h;
}

const F099 = Math.fround(0.99);

/** Reusable work arrays by block length. */
interface Scratch {
  u: Float64Array;
  x: Float64Array;
  c: Float64Array;
  U: Float64Array;
  V: Float64Array;
  lags: Int32Array;
}
const scratch = new Map<number, Scratch>();
function scratchOf(a: number): Scratch {
  let b = scratch.get(a);
  if (!b) {
    b = {
      u: new Float64Array(a),
      x: new Float64Array(2 * a),
      c: new Float64Array(a),
      U: new Float64Array(2 * a),
      V: new Float64Array(2 * a),
      lags: new Int32Array(a),
    };
    scratch.set(a, b);
  }
  return b;
}

/** One histogram frame: the lags τ whose correlation magnitude exceeds 0.99·max, and the weight amax^0.125. */
interface HistogramFrame {
  readonly lags: Int32Array;
  readonly weight: number;
}

/**
 * Histogram frames by reference then degraded start sample, per set of alignment inputs: the searches
 * of spec §9.3 and §11 revisit the same block pairs.
 */
const frameCache = new WeakMap<PesqAlignInputs, Map<number, Map<number, HistogramFrame>>>();

/**
 * One histogram frame of spec §9.3 / §11.2: correlate the Hann-windowed blocks of the two alignment
 * signals at r0, d0 and keep every lag whose magnitude exceeds 0.99·max (amax = max / A), with the
 * frame weight amax^0.125. Cached per `x`.
 */
function histogramFrame(x: PesqAlignInputs, r0: number, d0: number, rate: PesqRate): HistogramFrame {
  let byDeg = frameCache.get(x);
  if (!byDeg) {
    byDeg = new Map();
    frameCache.set(x, byDeg);
  }
  let frames = byDeg.get(r0);
  if (!frames) {
    frames = new Map();
    byDeg.set(r0, frames);
  }
  const hit = frames.get(d0);
  if (hit) return hit;
  const a = rate.a;
  const h = hann(a);
  const { u, x: X, c, U, V, lags } = scratchOf(a);
  const refAlign = x.alignRef;
  const degAlign = x.alignDeg;
  for (let j = 0; j < a; j++) u[j] = refAlign[r0 + j]! * h[j]!;
  realDft(u, a, U);
  for (let j = 0; j < a; j++) u[j] = degAlign[d0 + j]! * h[j]!;
  realDft(u, a, V);
  for (let k = 0; k <= a / 2; k++) {
    const ur = U[2 * k]!;
    const ui = U[2 * k + 1]!;
    const vr = V[2 * k]!;
    const vi = V[2 * k + 1]!;
    X[2 * k] = ur * vr + ui * vi;
    X[2 * k + 1] = ur * vi - ui * vr;
  }
  inverseRealDft(X, a, c);
  let mx = 0;
  for (let t = 0; t < a; t++) {
    const v = Math.abs(c[t]!);
    c[t] = v;
    if (v > mx) mx = v;
  }
  const amaxScaled = F099 * mx;
  let n = 0;
  for (let t = 0; t < a; t++) if (c[t]! > amaxScaled) lags[n++] = t;
  const frame = { lags: lags.slice(0, n), weight: amaxScaled ** 0.125 };
  frames.set(d0, frame);
  return frame;
}

/** First strict positive maximum of g; returns [τ (wrapped to negative above A/2), value]. */
function histPeak(g: Float64Array): [number, number] {
  let best = 0;
  let tau = 0;
  for (let t = 0; t < g.length; t++) {
    if (g[t]! > best) {
      best = g[t]!;
      tau = t;
    }
  }
  if (tau >= g.length / 2) tau -= g.length;
  return [tau, best];
}

/** Spec §9.3: fine delay and confidence of one utterance from its search window and coarse delay e. */
function fineDelay(
  x: PesqAlignInputs,
  winLo: number,
  winHi: number,
  e: number,
  rate: PesqRate,
): [number, number] {
  const a = rate.a;
  const kappa = rate.kappa;
  let r0 = winLo * rate.d;
  let d0 = r0 + e;
  if (d0 < 0) {
    r0 = -e;
    d0 = 0;
  }
  const g = new Float64Array(a);
  while (d0 + a <= x.lenDeg && r0 + a <= winHi * rate.d) {
    const { lags, weight } = histogramFrame(x, r0, d0, rate);
    for (const t of lags) g[t] = g[t]! + weight;
    r0 += a / 4;
    d0 += a / 4;
  }
  let gtot = 0;
  for (let t = 0; t < a; t++) gtot += g[t]!;
  const sm = new Float64Array(a);
  if (gtot > 0) {
    for (let t = 0; t < a; t++) {
      let s = 0;
      for (let m = -(kappa - 1); m <= kappa - 1; m++)
        s += g[(t - m + a) & (a - 1)]! * (1 - Math.abs(m) / kappa);
      sm[t] = Math.abs(s) / gtot;
    }
  }
  const [tau, conf] = histPeak(sm);
  return [e + tau, conf];
}

/** Per-utterance time-alignment state (spec §9–11). Window indices in the padded reference. */
export interface PesqUtterances {
  /** Number of utterances K. */
  count: number;
  /** Search-window start winLo per utterance, reference windows (spec §9.1). */
  searchStart: number[];
  /** Search-window end winHi per utterance, reference windows (exclusive end of the §9.2–9.3 ranges). */
  searchEnd: number[];
  /** Coarse (envelope) delay per utterance, samples. */
  delayEst: number[];
  /** Fine delay per utterance, samples. */
  delay: number[];
  /** Confidence of the fine delay, [0, 1]. */
  conf: number[];
  /** Utterance bounds, windows [start, end). */
  start: number[];
  /** End window of each utterance (exclusive; see `start`). */
  end: number[];
}

/** Inputs of the time-alignment stages. */
export interface PesqAlignInputs {
  /** Reference VAD array V_r, one value per envelope window (> 0 = speech; {@link PesqVad}). */
  readonly vadRef: Float64Array;
  /** Reference log-envelope Λ_r, one value per window. */
  readonly logVadRef: Float64Array;
  /** Degraded log-envelope Λ_d, one value per window. */
  readonly logVadDeg: Float64Array;
  /** Reference alignment signal (spec §6), padded buffer of length L_r + P. */
  readonly alignRef: Float64Array;
  /** Degraded alignment signal (spec §6), padded buffer of length L_d + P. */
  readonly alignDeg: Float64Array;
  /** Padded reference length L_r, samples. */
  readonly lenRef: number;
  /** Padded degraded length L_d, samples. */
  readonly lenDeg: number;
  /** Whole-file crude delay Dc, samples (multiple of D; positive = degraded lags reference). */
  readonly crudeDelay: number;
}

/**
 * Accepted utterance slots of the VAD scan of spec §9.1 / §10: [onset, offset, winLo, winHi] each.
 * @throws {@link PesqError} `'too-many-utterances'` as soon as more than {@link PESQ_MAX_UTTERANCES} are accepted
 */
export function scanUtterances(
  x: Pick<PesqAlignInputs, 'vadRef' | 'lenDeg' | 'crudeDelay'>,
  rate: PesqRate,
  limit = PESQ_MAX_UTTERANCES,
): number[][] {
  const v = x.vadRef;
  const nw = v.length;
  const dc = x.crudeDelay;
  const lo = 50 - Math.trunc(dc / rate.d);
  const hi = Math.trunc((x.lenDeg - dc) / rate.d) - 50;
  const out: number[][] = [];
  let on = false;
  let s = 0;
  let wl = 0;
  for (let w = 0; w < nw; w++) {
    if (v[w]! > 0 && !on) {
      on = true;
      s = w;
      wl = Math.max(w - 75, 0);
    }
    if ((v[w]! <= 0 || w === nw - 1) && on) {
      on = false;
      if (w - s >= 50 && s < hi && w > lo) {
        out.push([s, w, wl, Math.min(w + 75, nw - 1)]);
        if (out.length > limit) {
          throw new PesqError(
            'too-many-utterances',
            `pesq: reference must hold at most ${PESQ_MAX_UTTERANCES} utterances, got at least ${out.length} (the P.862 reference has a fixed capacity of 50). Score shorter segments (e.g. split the file at pauses, under about 30 s each) and average them.`,
          );
        }
      }
    }
  }
  return out;
}

/**
 * Spec §9: search windows from the reference VAD, per-utterance crude delays and fine delays
 * (histograms of correlation peaks). Then spec §10: utterance boundaries.
 * @throws {@link PesqError} `too-many-utterances` when more than {@link PESQ_MAX_UTTERANCES} utterances are found
 * @param x - VADs, log-envelopes, alignment signals, lengths and crude delay
 * @param rate - constants of the sample rate
 * @returns {@link PesqUtterances} (count 0 when none is found)
 * @example const utt = pesqUtteranceSearch(inputs, rate);
 */
export function pesqUtteranceSearch(x: PesqAlignInputs, rate: PesqRate): PesqUtterances {
  const slots = scanUtterances(x, rate);
  const k = slots.length;
  const u: PesqUtterances = {
    count: k,
    searchStart: slots.map((s) => s[2]!),
    searchEnd: slots.map((s) => s[3]!),
    delayEst: [],
    delay: [],
    conf: [],
    start: slots.map((s) => s[0]!),
    end: slots.map((s) => s[1]!),
  };
  for (let i = 0; i < k; i++) {
    const est = subRangeCrude(
      x.logVadRef,
      x.logVadDeg,
      u.searchStart[i]!,
      u.searchEnd[i]!,
      x.crudeDelay,
      rate,
    );
    u.delayEst.push(est);
    const [dl, cf] = fineDelay(x, u.searchStart[i]!, u.searchEnd[i]!, est, rate);
    u.delay.push(dl);
    u.conf.push(cf);
  }
  if (k === 0) return u;
  // Spec §10: boundaries.
  const d = rate.d;
  const nw = x.vadRef.length;
  const { start, end, delay } = u;
  start[0] = 75;
  end[k - 1] = nw - 75;
  for (let i = 1; i < k; i++) {
    const m = Math.trunc((start[i]! + end[i - 1]!) / 2);
    start[i] = m;
    end[i - 1] = m;
  }
  if (start[0]! * d + delay[0]! < rate.sd) start[0] = 75 + Math.trunc((d - 1 - delay[0]!) / d);
  if (end[k - 1]! * d + delay[k - 1]! > x.lenDeg - rate.sd) {
    end[k - 1] = Math.trunc((x.lenDeg - delay[k - 1]!) / d) - 75;
  }
  for (let i = 1; i < k; i++) {
    const ts = start[i]! * d + delay[i]!;
    const te = end[i - 1]! * d + delay[i - 1]!;
    if (ts < te) {
      const m = Math.trunc((ts + te) / 2);
      start[i] = Math.trunc((d - 1 + m - delay[i]!) / d);
      end[i - 1] = Math.trunc((m - delay[i - 1]!) / d);
    }
  }
  return u;
}

/** Record of one split search (spec §11), for tests. */
export interface PesqSplitSearch {
  /** Start window `us` of the utterance searched. */
  utteranceStart: number;
  /** Candidate breakpoints bp[0..N−1], reference windows (1 to 40 of them). */
  breakpoints: number[];
  /** Spacing of the breakpoints, windows (a multiple of Δ = A/(4D)). */
  step: number;
  /** Margin kept from both speech ends, max(trunc(len/10), 75) windows. */
  pad: number;
  /** Crude delay crs1 of the part before each breakpoint, samples (index = candidate). */
  coarse1: number[];
  /** Crude delay crs2 of the part after each breakpoint, samples (index = candidate). */
  coarse2: number[];
  /** Fine delay dly1 of the first part, samples (index = candidate). */
  delay1: number[];
  /** Fine delay dly2 of the second part, samples (index = candidate). */
  delay2: number[];
  /** Confidence cnf1 of `delay1`, in [0, 1] (index = candidate). */
  conf1: number[];
  /** Confidence cnf2 of `delay2`, in [0, 1]; 0 where cnf1 did not beat the utterance's confidence. */
  conf2: number[];
  /** Index of the chosen candidate, or −1 when the utterance is not split. */
  best: number;
}

/**
 * Spec §11: split utterances whose delay changes inside them. Mutates and returns `utt`;
 * `searches` receives one record per split search.
 * @param x - the inputs given to {@link pesqUtteranceSearch}
 * @param utt - utterances from {@link pesqUtteranceSearch} (modified)
 * @param rate - constants of the sample rate
 * @param searches - receives one record per split search (tests)
 * @returns `utt`
 * @example pesqSplitUtterances(inputs, utt, rate);
 */
export function pesqSplitUtterances(
  x: PesqAlignInputs,
  utt: PesqUtterances,
  rate: PesqRate,
  searches: PesqSplitSearch[] = [],
): PesqUtterances {
  const d = rate.d;
  const a = rate.a;
  const kappa = rate.kappa;
  const v = x.vadRef;
  const nw = v.length;
  let u = 0;
  while (u < utt.count && utt.count < 50) {
    const e = utt.delayEst[u]!;
    const c0 = utt.conf[u]!;
    const us = utt.start[u]!;
    const ue = utt.end[u]!;
    let ss = us;
    while (ss < ue && !(v[ss]! > 0)) ss++;
    let w = ue;
    while (w > us && v[Math.min(w, nw - 1)]! <= 0) w--;
    const se = w + 1;
    const len = se - ss;
    if (len < 200) {
      u++;
      continue;
    }
    const delta = a / (4 * d);
    const step = delta * Math.trunc((0.801 * len + 40 * delta - 1) / (40 * delta));
    const pad = Math.max(Math.trunc(len / 10), 75);
    const bp: number[] = [ss + pad];
    let n = 0;
    for (;;) {
      n++;
      const next = bp[n - 1]! + step;
      bp.push(next);
      if (!(next <= se - pad && n < 40)) break;
    }
    bp.length = n;
    const crs1 = bp.map((b) => subRangeCrude(x.logVadRef, x.logVadDeg, us, b, e, rate));
    const crs2 = bp.map((b) => subRangeCrude(x.logVadRef, x.logVadDeg, b, ue, e, rate));
    const dly1 = new Array<number>(n).fill(0);
    const dly2 = new Array<number>(n).fill(0);
    const cnf1 = new Array<number>(n).fill(-2);
    const cnf2 = new Array<number>(n).fill(0);
    const g = new Float64Array(a);
    let gtot = 0;
    const addFrame = (r0: number, d0: number) => {
      const { lags, weight: q } = histogramFrame(x, r0, d0, rate);
      for (const t of lags) {
        gtot += q;
        for (let m = -(kappa - 1); m <= kappa - 1; m++) {
          const idx = (t + m + a) & (a - 1);
          g[idx] = g[idx]! + (q * (kappa - Math.abs(m))) / kappa;
        }
      }
    };
    const peak = (): [number, number] => {
      const [tau, mx] = histPeak(g);
      return [tau, gtot > 0 ? mx / gtot : 0];
    };
    // 11.2: forward.
    for (;;) {
      const i = cnf1.indexOf(-2);
      if (i < 0) break;
      const est = crs1[i]!;
      g.fill(0);
      gtot = 0;
      let r0 = us * d;
      let d0 = r0 + est;
      if (d0 < 0) {
        r0 = -est;
        d0 = 0;
      }
      for (let j = i; j < n; j++) {
        if (j > i && !(crs1[j] === est && cnf1[j] === -2)) continue;
        while (d0 + a <= x.lenDeg && r0 + a <= bp[j]! * d) {
          addFrame(r0, d0);
          r0 += a / 4;
          d0 += a / 4;
        }
        const [tau, cf] = peak();
        dly1[j] = est + tau;
        cnf1[j] = cf;
      }
    }
    // 11.3: backward.
    for (let i = 0; i < n; i++) cnf2[i] = cnf1[i]! > c0 ? -2 : 0;
    for (;;) {
      const i = cnf2.lastIndexOf(-2);
      if (i < 0) break;
      const est = crs2[i]!;
      g.fill(0);
      gtot = 0;
      let r0 = ue * d - a;
      let d0 = r0 + est;
      if (d0 + a > x.lenDeg) {
        d0 = x.lenDeg - a;
        r0 = d0 - est;
      }
      for (let j = i; j >= 0; j--) {
        if (j < i && !(crs2[j] === est && cnf2[j] === -2)) continue;
        while (d0 >= 0 && r0 >= bp[j]! * d) {
          addFrame(r0, d0);
          r0 -= a / 4;
          d0 -= a / 4;
        }
        const [tau, cf] = peak();
        dly2[j] = est + tau;
        cnf2[j] = cf;
      }
    }
    // 11.4: choose.
    let best = -1;
    let bq = 0;
    for (let i = 0; i < n; i++) {
      if (Math.abs(dly2[i]! - dly1[i]!) >= d && cnf1[i]! + cnf2[i]! > bq && cnf1[i]! > c0 && cnf2[i]! > c0) {
        best = i;
        bq = cnf1[i]! + cnf2[i]!;
      }
    }
    searches.push({
      utteranceStart: us,
      breakpoints: bp,
      step,
      pad,
      coarse1: crs1,
      coarse2: crs2,
      delay1: dly1,
      delay2: dly2,
      conf1: cnf1,
      conf2: cnf2,
      best,
    });
    if (best < 0) {
      u++;
      continue;
    }
    const b = bp[best]!;
    const d1 = dly1[best]!;
    const d2 = dly2[best]!;
    // Shift u+1..K−1 up by one; their search windows become their utterance bounds.
    const ins = <T>(arr: T[], at: number, val: T) => arr.splice(at, 0, val);
    for (let j = u + 1; j < utt.count; j++) {
      utt.searchStart[j] = utt.start[j]!;
      utt.searchEnd[j] = utt.end[j]!;
    }
    ins(utt.delayEst, u + 1, crs2[best]!);
    ins(utt.delay, u + 1, d2);
    ins(utt.conf, u + 1, cnf2[best]!);
    ins(utt.searchStart, u + 1, utt.searchStart[u]!);
    ins(utt.searchEnd, u + 1, utt.searchEnd[u]!);
    ins(utt.start, u + 1, 0);
    ins(utt.end, u + 1, 0);
    utt.count++;
    utt.delayEst[u] = crs1[best]!;
    utt.delay[u] = d1;
    utt.conf[u] = cnf1[best]!;
    if (d2 < d1) {
      utt.start[u] = us;
      utt.end[u] = b;
      utt.start[u + 1] = b;
      utt.end[u + 1] = ue;
    } else {
      const hh = Math.trunc((d2 - d1) / (2 * d));
      utt.start[u] = us;
      utt.end[u] = b + hh;
      utt.start[u + 1] = b - hh;
      utt.end[u + 1] = ue;
    }
    if ((utt.start[u]! - 75) * d + d1 < 0) utt.start[u] = 75 + Math.trunc((d - 1 - d1) / d);
    if (utt.end[u + 1]! * d + d2 > x.lenDeg - rate.sd) {
      utt.end[u + 1] = Math.trunc((x.lenDeg - d2) / d) - 75;
    }
  }
  return utt;
}
