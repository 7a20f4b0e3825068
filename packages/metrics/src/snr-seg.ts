import { assertNumber, ParameterError, type Signal } from '@speechsr/core';
import { assertFinitePair, assertPair, EPS } from './snr.js';

/** Options of {@link snrSeg} / {@link snrSegFrames}. */
export interface SnrSegOptions {
  /**
   * Sample rate in Hz (pysepm's `fs`); converts `frameLength` to samples.
   * @defaultValue 16000 (the seed evaluates at 16 kHz)
   */
  sampleRate?: number;
  /**
   * Frame length in seconds (pysepm's `frameLen`); `L = round(frameLength·sampleRate)` samples,
   * Python's round-half-to-even.
   * @defaultValue 0.128 (the seed's call; pysepm's own default is 0.03)
   */
  frameLength?: number;
  /**
   * Fraction of a frame shared with the next (pysepm's `overlap`), in [0, 1);
   * hop `skip = floor((1 − overlap)·frameLength·sampleRate)`.
   * @defaultValue 0.5 (the seed's call; pysepm's own default is 0.75)
   */
  overlap?: number;
}

/** The seed's SNRseg parameters: `pysepm.SNRseg(x, y, 16000, 0.128, 0.5)`. */
export const SNRSEG_SEED = Object.freeze({
  /** Sample rate, Hz (pysepm's `fs`). */
  sampleRate: 16000,
  /** Frame length, seconds (pysepm's `frameLen`). */
  frameLength: 0.128,
  /** Overlap, fraction of a frame (pysepm's `overlap`). */
  overlap: 0.5,
});
/** pysepm's own defaults (`frameLen = 0.03`, `overlap = 0.75`), not used by the seed. */
export const SNRSEG_PYSEPM_DEFAULTS = Object.freeze({
  /** Sample rate, Hz (pysepm's `fs`). */
  sampleRate: 16000,
  /** Frame length, seconds (pysepm's `frameLen`). */
  frameLength: 0.03,
  /** Overlap, fraction of a frame (pysepm's `overlap`). */
  overlap: 0.75,
});

/** Per-frame clamp of pysepm's SNRseg, dB. */
export const SNRSEG_MIN_DB = -10;
/** Per-frame clamp of pysepm's SNRseg, dB. */
export const SNRSEG_MAX_DB = 35;

/** Python's `round()` for the non-negative values used here: round half to even. */
function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

interface FramePlan {
  winLength: number;
  skip: number;
  window: Float64Array;
}

const windowCache = new Map<number, Float64Array>();

function plan(fn: string, options: SnrSegOptions): FramePlan {
  const { sampleRate = 16000, frameLength = 0.128, overlap = 0.5 } = options;
  assertNumber(sampleRate, fn, 'sampleRate', { min: 0, minExclusive: true });
  assertNumber(
    frameLength,
    fn,
    'frameLength',
    { min: 0, minExclusive: true },
    'It is in seconds (pysepm frameLen).',
  );
  assertNumber(overlap, fn, 'overlap', { min: 0, max: 1, maxExclusive: true });
  const winLength = roundHalfEven(frameLength * sampleRate);
  const skip = Math.floor((1 - overlap) * frameLength * sampleRate);
  if (winLength < 1 || skip < 1) {
    throw new ParameterError(
      `${fn}: frameLength·sampleRate·(1 − overlap) must give a hop of at least 1 sample, got frame ${winLength}, hop ${skip} ` +
        `(frameLength ${frameLength} s, sampleRate ${sampleRate} Hz, overlap ${overlap}). frameLength is in seconds.`,
    );
  }
  let window = windowCache.get(winLength);
  if (!window) {
    // pysepm: 0.5·(1 − cos(2π·n/(L+1))), n = 1…L — no zero end points (MATLAB hanning()).
    window = new Float64Array(winLength);
    for (let n = 1; n <= winLength; n++)
      window[n - 1] = 0.5 * (1 - Math.cos((2 * Math.PI * n) / (winLength + 1)));
    if (windowCache.size > 16) windowCache.clear();
    windowCache.set(winLength, window);
  }
  return { winLength, skip, window };
}

/**
 * Per-frame segmental SNR values in dB, as pysepm computes them before averaging: clamped to
 * [−10, 35], **last frame already dropped** (pysepm discards it as "not valid").
 *
 * Frames of `L = round(frameLength·sampleRate)` samples start at `i·skip`,
 * `skip = floor((1 − overlap)·frameLength·sampleRate)`, `i = 0 … F−1`,
 * `F = floor((n − (L − skip)) / skip)`; both signals are multiplied by
 * `w[k] = 0.5·(1 − cos(2π·k/(L+1)))`, `k = 1…L`, then
 * `seg_i = 10·log10( Σ(w·x)² / (Σ(w·x − w·x̂)² + eps) + eps )`, `eps = 2^−52`.
 * Samples after the last full frame are ignored (no padding).
 *
 * Mirrors: the per-frame array inside `pysepm.SNRseg(x, x̂, fs, frameLen, overlap)` (`segmental_snr[:-1]`).
 * @param reference - clean reference (not modified)
 * @param estimate - estimate of the same length (not modified)
 * @param options - {@link SnrSegOptions}; defaults are the seed's 16 kHz, 0.128 s, 0.5
 * @returns a new Float64Array of `max(F − 1, 0)` values in dB (empty when the signal holds fewer than two frames)
 * @throws {@link @speechsr/core!ParameterError} on mismatched lengths, a non-array argument or bad options
 * @throws {@link @speechsr/core!SignalError} when a signal is empty or holds NaN/±Infinity
 * @example const perFrame = snrSegFrames(x, y); // 44 values for 47216 samples at the seed's settings
 */
export function snrSegFrames(reference: Signal, estimate: Signal, options: SnrSegOptions = {}): Float64Array {
  assertPair(reference, estimate, 'snrSegFrames');
  return frames(reference, estimate, plan('snrSegFrames', options), 'snrSegFrames');
}

function frames(reference: Signal, estimate: Signal, p: FramePlan, fn: string): Float64Array {
  const { winLength: L, skip, window: w } = p;
  const n = reference.length;
  const count = n >= L - skip ? Math.floor((n - (L - skip)) / skip) : 0;
  const kept = Math.max(count - 1, 0);
  const out = new Float64Array(kept);
  let finite = true;
  for (let f = 0; f < kept; f++) {
    const start = f * skip;
    let s0 = 0;
    let s1 = 0;
    let d0 = 0;
    let d1 = 0;
    // odd sample first (runs, or at least tests its bound, before the hot loop is optimised)
    for (let k = 0; k < (L & 1); k++) {
      const a0 = w[k]! * reference[start + k]!;
      const e0 = a0 - w[k]! * estimate[start + k]!;
      s0 += a0 * a0;
      d0 += e0 * e0;
    }
    for (let k = L & 1; k < L; k += 2) {
      const a0 = w[k]! * reference[start + k]!;
      const a1 = w[k + 1]! * reference[start + k + 1]!;
      const e0 = a0 - w[k]! * estimate[start + k]!;
      const e1 = a1 - w[k + 1]! * estimate[start + k + 1]!;
      s0 += a0 * a0;
      s1 += a1 * a1;
      d0 += e0 * e0;
      d1 += e1 * e1;
    }
    const signal = s0 + s1;
    const noise = d0 + d1;
    if (!(Number.isFinite(signal) && Number.isFinite(noise))) finite = false;
    const seg = 10 * Math.log10(signal / (noise + EPS) + EPS);
    out[f] = Math.min(Math.max(seg, SNRSEG_MIN_DB), SNRSEG_MAX_DB);
  }
  // A NaN/±Infinity sample anywhere (also in the unused tail) is an input error, as in every metric here.
  if (!finite || kept === 0 || !tailFinite(reference, estimate, kept * skip))
    assertFinitePair(reference, estimate, fn);
  return out;
}

/** True when every sample from `from` on is finite (the part no kept frame's sum covered). */
function tailFinite(reference: Signal, estimate: Signal, from: number): boolean {
  for (let i = from; i < reference.length; i++) {
    if (!Number.isFinite(reference[i]!) || !Number.isFinite(estimate[i]!)) return false;
  }
  return true;
}

/**
 * Segmental SNR in dB (pysepm semantics): the mean of {@link snrSegFrames}, i.e. of the per-frame
 * SNRs clamped to [−10, 35] dB with the last frame dropped. Range [−10, 35]; higher is better;
 * identical signals give exactly 35. Units dB.
 *
 * With the seed's defaults (16 kHz, 0.128 s, 0.5) a frame is 2048 samples with a 1024 hop.
 * **Too short:** a signal shorter than two frames (`n < L + skip`, 3072 samples = 0.192 s at the
 * seed's settings) has no frame left after the drop; the result is then **NaN** (pysepm's mean of an
 * empty array), which {@link evaluateFiles} counts and excludes from its means (spec metrics.md §3).
 *
 * Mirrors: `pysepm.SNRseg(clean_speech, processed_speech, fs, frameLen=0.128, overlap=0.5)` as the
 * seed's `compute_snr2` calls it. Accepted sample rates: any positive rate (the seed uses 16000).
 * @param reference - clean reference (not modified)
 * @param estimate - estimate of the same length (not modified)
 * @param options - {@link SnrSegOptions}; defaults are the seed's 16 kHz, 0.128 s, 0.5
 * @returns mean segmental SNR in dB, or NaN when fewer than two frames fit
 * @throws {@link @speechsr/core!ParameterError} on mismatched lengths, a non-array argument or bad options
 * @throws {@link @speechsr/core!SignalError} when a signal is empty or holds NaN/±Infinity
 * @example
 * snrSeg(x, y);                                              // seed: 2048-sample frames, hop 1024
 * snrSeg(x, y, { frameLength: 0.03, overlap: 0.75 });        // pysepm's own defaults
 */
export function snrSeg(reference: Signal, estimate: Signal, options: SnrSegOptions = {}): number {
  assertPair(reference, estimate, 'snrSeg');
  const segs = frames(reference, estimate, plan('snrSeg', options), 'snrSeg');
  if (segs.length === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < segs.length; i++) s += segs[i]!;
  return s / segs.length;
}
