import { assertNumber, assertOneOf, ParameterError, type Signal, SignalError } from '@speechsr/core';
import { createFft, createStft, type FftPlan, type Spectrogram, type StftPlan } from '@speechsr/dsp';
import { assertFinitePair, assertPair, EPS } from './snr.js';

/** The named LSD conventions; see {@link LSD_CONVENTIONS} for their exact definitions. */
export type LsdConvention = 'seed' | 'kuleshov' | 'tfnet' | 'apbwe';
/** Frequency band the LSD mean runs over: all bins, or those above / at-or-below the LR Nyquist. */
export type LsdBand = 'full' | 'hf' | 'lf';
/** Centre padding of the STFT (librosa `pad_mode`). */
export type LsdPadMode = 'constant' | 'reflect';

/** Machine-readable description of one LSD convention (also written into results files). */
export interface LsdConventionSpec {
  /** Convention name. */
  readonly name: LsdConvention;
  /** STFT frame / FFT size; `null` for the whole-segment FFT of `'tfnet'`. */
  readonly nFft: number | null;
  /** STFT hop in samples; `null` for `'tfnet'`. */
  readonly hopLength: number | null;
  /** Analysis window: periodic Hann (`scipy.signal.get_window('hann', nFft)`), or none. */
  readonly window: 'hann' | 'none';
  /** Default centre padding (`null`: no STFT). */
  readonly padMode: LsdPadMode | null;
  /** Logarithm applied to the power spectrum. */
  readonly log: 'log10' | 'ln';
  /** How the log avoids −∞: `add` eps (`log(P + eps)`), `max` (`log(max(P, eps))`) or `none`. */
  readonly floor: {
    /** `'add'`: log(P + eps); `'max'`: log(max(P, eps)); `'none'`: plain log. */
    readonly kind: 'add' | 'max' | 'none';
    /** The floor value (unused for `'none'`). */
    readonly eps: number;
  };
  /**
   * Order of the two means: `'bins-then-frames'` = mean over frames of sqrt(mean over bins);
   * `'frames-then-bins'` = mean over bins of sqrt(mean over frames + 1e−8) (Kuleshov's transpose);
   * `'segment'` = sqrt(mean over the bins of one whole-signal FFT).
   */
  readonly averaging: 'bins-then-frames' | 'frames-then-bins' | 'segment';
  /** Upper clamp of the result, or `null`. */
  readonly clamp: number | null;
  /** Where the convention is used. */
  readonly usedBy: string;
}

/**
 * The LSD conventions, frozen. Units: `log10` conventions are in bels of power (no factor 10,
 * i.e. 1 = 10 dB); `'kuleshov'` is in nepers of power (natural log, ≈ 2.3× a log10 value).
 * Never put values of two conventions in one table.
 *
 * * `'seed'` (default) — the seed's `compute_lsd`: `librosa.stft(x, n_fft=512, hop_length=256,
 *   win_length=512, window='hann')` (centred, periodic Hann; `padMode` `'constant'` as librosa ≥ 0.9,
 *   `'reflect'` as librosa ≤ 0.8), `L = log10(|S|² + 2^−52)`,
 *   `LSD = mean_frames sqrt(mean_bins (Lx − Ly)²)`, 257 bins. Used for every table of the seed and of
 *   this project (spec metrics.md §4).
 * * `'kuleshov'` — `compute_log_distortion` of Kuleshov et al. 2017 (AudioUNet) and the seed's
 *   `spline.py`: `librosa.stft(x, 2048)` (hop 512, Hann, centred, reflect padding of the librosa of
 *   the time), `P = ln(|S|² + 1e−8)`, `LSD = min(10, mean_bins sqrt(mean_frames (Px − Py)² + 1e−8))`.
 *   Identical signals give `1e−4` (the `+1e−8` inside the root), not 0. Used by AudioUNet-style papers.
 * * `'tfnet'` — TFNet (Lim et al. 2018) `ops.lsd`: one FFT of the whole segment (any length),
 *   `P = log10(|X|²)` with **no floor** over all n FFT bins (negative frequencies included, by Hermitian
 *   symmetry), `LSD = sqrt(mean_bins (Px − Py)²)`. A bin that is exactly 0 in one signal gives
 *   Infinity, in both signals NaN (documented, not hidden). A training-time summary in TFNet.
 * * `'apbwe'` — NVSR / AP-BWE style: STFT 2048/512, periodic Hann, centred with reflect padding
 *   (`torch.stft` default), `P = log10(max(|S|², 1e−8))`, `LSD = mean_frames sqrt(mean_bins (Px − Py)²)`
 *   over all 1025 bins. Used by NU-Wave 1/2, NVSR, AERO, AP-BWE (with `band: 'hf'` for LSD-HF).
 */
export const LSD_CONVENTIONS: Readonly<Record<LsdConvention, LsdConventionSpec>> = Object.freeze({
  seed: Object.freeze({
    name: 'seed',
    nFft: 512,
    hopLength: 256,
    window: 'hann',
    padMode: 'constant',
    log: 'log10',
    floor: Object.freeze({ kind: 'add', eps: EPS }),
    averaging: 'bins-then-frames',
    clamp: null,
    usedBy: 'the seed compute_lsd (src/metrics.py); every LSD in this project’s results tables',
  }),
  kuleshov: Object.freeze({
    name: 'kuleshov',
    nFft: 2048,
    hopLength: 512,
    window: 'hann',
    padMode: 'reflect',
    log: 'ln',
    floor: Object.freeze({ kind: 'add', eps: 1e-8 }),
    averaging: 'frames-then-bins',
    clamp: 10,
    usedBy: 'Kuleshov et al. 2017 (AudioUNet) compute_log_distortion; the seed spline.py',
  }),
  tfnet: Object.freeze({
    name: 'tfnet',
    nFft: null,
    hopLength: null,
    window: 'none',
    padMode: null,
    log: 'log10',
    floor: Object.freeze({ kind: 'none', eps: 0 }),
    averaging: 'segment',
    clamp: null,
    usedBy: 'TFNet (Lim et al. 2018) ops.lsd, a training-time summary',
  }),
  apbwe: Object.freeze({
    name: 'apbwe',
    nFft: 2048,
    hopLength: 512,
    window: 'hann',
    padMode: 'reflect',
    log: 'log10',
    floor: Object.freeze({ kind: 'max', eps: 1e-8 }),
    averaging: 'bins-then-frames',
    clamp: null,
    usedBy: 'NU-Wave 1/2, NVSR, AERO, AP-BWE (2048/512 STFT; LSD-HF with band "hf")',
  }),
});

const CONVENTIONS = Object.keys(LSD_CONVENTIONS) as LsdConvention[];
const BANDS: readonly LsdBand[] = ['full', 'hf', 'lf'];
const PAD_MODES: readonly LsdPadMode[] = ['constant', 'reflect'];

/** Options of {@link lsd}. */
export interface LsdOptions {
  /** Which definition; see {@link LSD_CONVENTIONS}. @defaultValue 'seed' (the seed's compute_lsd) */
  convention?: LsdConvention;
  /**
   * STFT centre padding (librosa `pad_mode`); ignored by `'tfnet'`.
   * @defaultValue the convention's: `'constant'` for `'seed'` (librosa ≥ 0.9), `'reflect'` for
   * `'kuleshov'` (librosa of 2017) and `'apbwe'` (torch.stft)
   */
  padMode?: LsdPadMode;
  /**
   * Bins the mean over frequency runs over: `'full'` all; `'hf'` only bins k with centre frequency
   * `k·sampleRate/nFft` **above** the low-resolution Nyquist `sampleRate/(2r)` (LSD-HF); `'lf'` the bins
   * at or below it (LSD-LF). The sample rate cancels out: bin k is in the high band iff `2·r·k > nFft`.
   * @defaultValue 'full'
   */
  band?: LsdBand;
  /** Upsampling ratio r (> 1) that defines the band split; required for `'hf'` and `'lf'`. */
  r?: number;
}

/** Resolved parameters of one {@link lsd} call (what a results file records). */
export interface LsdProtocol extends LsdConventionSpec {
  /** Padding actually used (`null` for `'tfnet'`). */
  readonly padMode: LsdPadMode | null;
  /** Frequency band the distance is computed over (`'full'`, or the low/high part split at 1/r). */
  readonly band: LsdBand;
  /** Ratio defining the band split, `null` for `'full'`. */
  readonly r: number | null;
}

/**
 * Validates LSD options and returns the resolved protocol (convention parameters, padding, band).
 * @param options - {@link LsdOptions}
 * @returns the frozen {@link LsdProtocol}
 * @throws {@link @speechsr/core!ParameterError} for an unknown convention, band or pad mode, or a missing/invalid `r`
 * @example lsdProtocol({ convention: 'apbwe', band: 'hf', r: 2 }).nFft; // 2048
 */
export function lsdProtocol(options: LsdOptions = {}, fn = 'lsdProtocol'): LsdProtocol {
  const { convention = 'seed', band = 'full' } = options;
  assertOneOf(convention, fn, 'convention', CONVENTIONS);
  assertOneOf(band, fn, 'band', BANDS);
  const spec = LSD_CONVENTIONS[convention];
  let padMode: LsdPadMode | null = spec.padMode;
  if (options.padMode !== undefined) {
    assertOneOf(options.padMode, fn, 'padMode', PAD_MODES);
    if (spec.nFft !== null) padMode = options.padMode;
  }
  let r: number | null = null;
  if (band !== 'full') {
    if (options.r === undefined) {
      throw new ParameterError(
        `${fn}: r must be given for band '${band}', got undefined. Pass the upsampling ratio, e.g. { band: '${band}', r: 2 }.`,
      );
    }
    assertNumber(options.r, fn, 'r', { min: 1, minExclusive: true });
    r = options.r;
  }
  return Object.freeze({ ...spec, padMode, band, r });
}

const stftPlans = new Map<string, StftPlan>();
function stftPlan(nFft: number, hopLength: number, padMode: LsdPadMode): StftPlan {
  const key = `${nFft}/${hopLength}/${padMode}`;
  let p = stftPlans.get(key);
  if (!p) {
    p = createStft({ nFft, hopLength, winLength: nFft, window: 'hann', center: true, padMode });
    stftPlans.set(key, p);
  }
  return p;
}
const fftPlans = new Map<number, FftPlan>();
function fftPlan(n: number): FftPlan {
  let p = fftPlans.get(n);
  if (!p) {
    p = createFft(n);
    if (fftPlans.size >= 8) fftPlans.delete(fftPlans.keys().next().value as number);
    fftPlans.set(n, p);
  }
  return p;
}

/** Bin range [lo, hi) of a band for an FFT of `n` points with `nBins` output bins. */
function bandRange(p: LsdProtocol, n: number, nBins: number, fn: string): [number, number] {
  let lo = 0;
  let hi = nBins;
  if (p.band !== 'full') {
    // first bin strictly above the LR Nyquist: smallest k with 2·r·k > n
    const r = p.r!;
    let split = Math.floor(n / (2 * r)) + 1;
    while (split > 0 && 2 * r * (split - 1) > n) split--;
    while (2 * r * split <= n) split++;
    if (p.band === 'hf') lo = Math.min(split, nBins);
    else hi = Math.min(split, nBins);
  }
  if (hi <= lo) {
    throw new ParameterError(
      `${fn}: band '${p.band}' must contain at least one bin, got none for r = ${p.r} and ${n}-point FFT. Use a larger r or band 'full'.`,
    );
  }
  return [lo, hi];
}

/**
 * Log-spectral distance between a reference and an estimate, under one named convention
 * (see {@link LSD_CONVENTIONS} for formulas, units and the papers using each).
 *
 * Default `'seed'`: `L = log10(|STFT|² + 2^−52)` with a 512-point periodic-Hann STFT, hop 256, centred
 * with zero padding; `LSD = mean over frames of sqrt(mean over the 257 bins of (Lx − Ly)²)`.
 * Units: bels of power (log10, no factor 10); range [0, ∞); lower is better; `lsd(x, x) = 0`
 * (`1e−4` under `'kuleshov'`, by its definition). Symmetric in its two arguments (except for
 * Kuleshov's clamp, which is symmetric too). **Not** invariant to a common gain g on both signals:
 * the floor (eps) is absolute, so quiet bins move relative to it; as g → 0 both spectra sink
 * under the floor and LSD → 0. Works at any sample rate (the STFT sizes are in samples, as in the seed).
 * Any length ≥ 1 works: the centred STFT pads nFft/2 on each side, so even a signal shorter than one
 * frame has frames (librosa semantics; reflect padding of a very short signal reflects repeatedly, as
 * `numpy.pad` does).
 *
 * Mirrors: seed `compute_lsd(x, x̂)` (librosa 0.11 `stft` semantics; `padMode: 'reflect'` for
 * librosa ≤ 0.8); `'kuleshov'`: `compute_log_distortion`; `'tfnet'`: TFNet `ops.lsd`;
 * `'apbwe'`: the AP-BWE / NVSR LSD.
 * @param reference - clean reference (not modified)
 * @param estimate - estimate of the same length (not modified)
 * @param options - {@link LsdOptions}: convention, padMode, band, r
 * @returns the LSD (a number; NaN/Infinity only under `'tfnet'` when an FFT bin is exactly zero)
 * @throws {@link @speechsr/core!ParameterError} on mismatched lengths, an unknown convention/band/padMode, a missing `r`, an empty band
 * @throws {@link @speechsr/core!SignalError} when a signal is empty or holds NaN/±Infinity
 * @example
 * lsd(x, y);                                              // seed convention (tables)
 * lsd(x, y, { padMode: 'reflect' });                      // seed with librosa ≤ 0.8 padding
 * lsd(x, y, { convention: 'apbwe', band: 'hf', r: 2 });   // LSD-HF as NU-Wave-style papers report
 */
export function lsd(reference: Signal, estimate: Signal, options: LsdOptions = {}): number {
  assertPair(reference, estimate, 'lsd');
  const p = lsdProtocol(options, 'lsd');
  // With hop ≤ nFft/2 every sample is read by some centred frame, and the STFT throws on a non-finite
  // sample it reads (checked from the frames' DC bins, nearly free); its error is replaced by ours below.
  // Otherwise scan both signals first.
  const covered = p.averaging !== 'segment' && p.hopLength! <= p.nFft! / 2;
  if (!covered) assertFinitePair(reference, estimate, 'lsd');
  if (p.averaging === 'segment') return segmentLsd(reference, estimate, p);
  try {
    return framedLsd(reference, estimate, p);
  } catch (e) {
    if (e instanceof SignalError) assertFinitePair(reference, estimate, 'lsd');
    throw e;
  }
}

/** {@link lsd} of the STFT-based conventions (inputs checked by the caller). */
function framedLsd(reference: Signal, estimate: Signal, p: LsdProtocol): number {
  const plan = stftPlan(p.nFft!, p.hopLength!, p.padMode!);
  const nBins = plan.nBins;
  const nFrames = plan.frameCount(reference.length);
  const [lo, hi] = bandRange(p, p.nFft!, nBins, 'lsd');
  const width = hi - lo;
  // The two STFTs run a block of frames at a time into one reused scratch (no full spectrograms):
  // the same values and the same summation order as whole-signal STFTs, in bounded memory.
  const block = Math.max(1, Math.floor(BLOCK_BINS / nBins));
  const s = scratch(block * nBins);
  const eps = p.floor.eps;
  const bins = p.averaging === 'bins-then-frames';
  const useMax = p.floor.kind === 'max';
  const toBase2 = p.log === 'log10' ? Math.LOG10E * Math.LOG10E : 1;
  const perBin = new Float64Array(bins ? 0 : width);
  let total = 0;
  for (let f0 = 0; f0 < nFrames; f0 += block) {
    const f1 = Math.min(nFrames, f0 + block);
    const size = (f1 - f0) * nBins;
    const out = (re: Float64Array, im: Float64Array): Spectrogram => ({
      re: re.subarray(0, size),
      im: im.subarray(0, size),
      nBins,
      nFrames: f1 - f0,
    });
    const { re: xr, im: xi } = plan.runFrames(reference, f0, f1, { out: out(s.xr, s.xi) });
    const { re: yr, im: yi } = plan.runFrames(estimate, f0, f1, { out: out(s.yr, s.yi) });
    if (bins) {
      for (let base = 0; base < size; base += nBins) {
        let acc = 0;
        for (let k = base + lo, end = base + hi; k < end; k++) {
          const a = xr[k]!;
          const b = xi[k]!;
          const c = yr[k]!;
          const d = yi[k]!;
          let px = a * a + b * b;
          let py = c * c + d * d;
          if (useMax) {
            px = Math.max(px, eps);
            py = Math.max(py, eps);
          } else {
            px += eps;
            py += eps;
          }
          // ln(px) − ln(py) as one logarithm of the ratio (one libm call per bin pair; Math.log is
          // ~2× faster than Math.log10 in V8), converted to log10 once per frame below
          const diff = Math.log(px / py);
          acc += diff * diff;
        }
        total += Math.sqrt((acc * toBase2) / width);
      }
      continue;
    }
    // 'frames-then-bins' (Kuleshov): per bin, mean over frames; natural log; +1e−8 inside the root; clamp
    for (let base = lo; base < size; base += nBins) {
      for (let j = 0; j < width; j++) {
        const k = base + j;
        const a = xr[k]!;
        const b = xi[k]!;
        const c = yr[k]!;
        const d = yi[k]!;
        const diff = Math.log((a * a + b * b + eps) / (c * c + d * d + eps));
        perBin[j] = perBin[j]! + diff * diff;
      }
    }
  }
  if (bins) return total / nFrames;
  let sum = 0;
  for (let j = 0; j < width; j++) sum += Math.sqrt(perBin[j]! / nFrames + 1e-8);
  const v = sum / width;
  return Math.min(v, p.clamp!);
}

/** Bins per STFT block of {@link lsd} (≈ 256 frames of a 512-point STFT; 4 arrays of 512 KiB). */
const BLOCK_BINS = 65536;
let scratchBuf: { xr: Float64Array; xi: Float64Array; yr: Float64Array; yi: Float64Array } | undefined;
/** The reused STFT block buffers of {@link lsd}, at least `n` values each (grown on demand). */
function scratch(n: number): { xr: Float64Array; xi: Float64Array; yr: Float64Array; yi: Float64Array } {
  if (scratchBuf === undefined || scratchBuf.xr.length < n) {
    const buf = new ArrayBuffer(32 * n);
    scratchBuf = {
      xr: new Float64Array(buf, 0, n),
      xi: new Float64Array(buf, 8 * n, n),
      yr: new Float64Array(buf, 16 * n, n),
      yi: new Float64Array(buf, 24 * n, n),
    };
  }
  return scratchBuf;
}

/** TFNet: whole-segment FFT, log10 power without floor, RMS over all n bins (Hermitian weights). */
function segmentLsd(reference: Signal, estimate: Signal, p: LsdProtocol): number {
  const n = reference.length;
  const plan = fftPlan(n);
  const X = plan.rfft(reference);
  const Y = plan.rfft(estimate);
  const [lo, hi] = bandRange(p, n, plan.nBins, 'lsd');
  let acc = 0;
  let weight = 0;
  for (let k = lo; k < hi; k++) {
    // bins 1 … ceil(n/2)−1 stand for two FFT bins (k and n − k); DC and (even n) Nyquist for one
    const w = k === 0 || 2 * k === n ? 1 : 2;
    const px = X.re[k]! * X.re[k]! + X.im[k]! * X.im[k]!;
    const py = Y.re[k]! * Y.re[k]! + Y.im[k]! * Y.im[k]!;
    const diff = Math.log10(px) - Math.log10(py);
    acc += w * diff * diff;
    weight += w;
  }
  return Math.sqrt(acc / weight);
}

/**
 * Kuleshov et al.'s LSD: `lsd(x, y, { ...options, convention: 'kuleshov' })` (natural log, 2048/512
 * STFT, transposed averaging, clamp 10). Kept as a name for parity with AudioUNet-style papers; never
 * mix its values with the seed convention in one table.
 * Mirrors: `compute_log_distortion(x_hr, x_pr)` (kuleshov/audio-super-res).
 * @param reference - clean reference (not modified)
 * @param estimate - estimate of the same length (not modified)
 * @param options - padMode, band and r as in {@link LsdOptions}
 * @returns LSD in nepers of power, in [1e−4, 10]
 * @throws {@link @speechsr/core!ParameterError} / {@link @speechsr/core!SignalError} as {@link lsd}
 * @example const v = lsdKuleshov(x, y);
 */
export function lsdKuleshov(
  reference: Signal,
  estimate: Signal,
  options: Omit<LsdOptions, 'convention'> = {},
): number {
  return lsd(reference, estimate, { ...options, convention: 'kuleshov' });
}
