import {
  assertInt,
  assertOneOf,
  assertSignal,
  ParameterError,
  SignalError,
  type Signal,
} from '@speechsr/core';
import {
  decimate,
  mvn,
  resample,
  splineUpsample,
  subsample,
  TRIM_SEED,
  trim,
  type TrimOptions,
} from '@speechsr/dsp';

/** The low-resolution schemes of dsp.md §5. */
export const LOW_PASS_SCHEMES = ['subsampling', 'decimating', 'fft', 'random'] as const;
/** A low-resolution scheme name (the seed's `--low-pass`). */
export type LowPass = (typeof LOW_PASS_SCHEMES)[number];
/** A deterministic scheme (what `random` resolves to per file). */
export type DeterministicLowPass = Exclude<LowPass, 'random'>;
/** Scheme codes stored in the optional HDF5 `scheme` dataset (uint8): the seed's `randint(1, 3)` values. */
export const SCHEME_CODES: Readonly<Record<DeterministicLowPass, number>> = Object.freeze({
  subsampling: 1,
  decimating: 2,
  fft: 3,
});

/**
 * Makes the low-resolution signal of `x` (length a multiple of r) with one deterministic scheme.
 * `subsampling` = `subsample(x, r, { sampleRate })`; `decimating` = `decimate(x, r)`;
 * `fft` = `resample(x, floor(len/r))` (dsp.md §5.1–5.3).
 * Mirrors: the seed's `prep_dataset.py` low-pass branch.
 * @param x - HR signal (not modified)
 * @param r - scale, integer ≥ 1
 * @param scheme - deterministic scheme
 * @param sampleRate - HR rate in Hz (scipy's `fs`) for the subsampling cutoff @defaultValue 16000
 * @returns Float64Array of length len(x)/r
 * @throws {@link @speechsr/core!ParameterError} for a bad scheme or scale
 * @example const xLr = lowRes(x, 2, 'decimating');
 */
export function lowRes(x: Signal, r: number, scheme: DeterministicLowPass, sampleRate = 16000): Float64Array {
  assertInt(r, 'lowRes', 'r', { min: 1 });
  assertOneOf(scheme, 'lowRes', 'scheme', ['subsampling', 'decimating', 'fft'] as const);
  if (scheme === 'subsampling') return subsample(x, r, { sampleRate });
  if (scheme === 'decimating') return decimate(x, r);
  return resample(x, Math.floor(x.length / r));
}

/** Options of the per-file pipeline ({@link preprocess}); every default is the seed's. */
export interface PreprocessOptions {
  /** Scale r (HR rate / LR rate). @defaultValue 2 */
  scale?: number;
  /**
   * Low-resolution scheme; `random` must be resolved per file by the caller (pass `scheme`).
   * @defaultValue 'subsampling' (prep_dataset.py's default)
   */
  lowPass?: DeterministicLowPass;
  /** Silence trim options, or `false` to skip. @defaultValue TRIM_SEED (13.0103 dB, 2048, 1024, constant pad) */
  trim?: TrimOptions | false;
  /** Mean/variance normalisation. @defaultValue true */
  mvn?: boolean;
  /** HR sample rate in Hz (librosa's `sr`). @defaultValue 16000 */
  sampleRate?: number;
}

/** Output of {@link preprocess}: the aligned HR signal and its spline-interpolated LR version. */
export interface Preprocessed {
  /** HR signal after trim → MVN → crop to a multiple of r (float64). */
  hr: Float64Array;
  /** LR signal before up-sampling, length hr.length / r (float64). */
  lr: Float64Array;
  /** Spline-upsampled LR signal, same length as `hr` (float64). */
  lrUp: Float64Array;
  /** Start of the kept range in the input, in samples (0 when trimming is off). */
  trimStart: number;
  /** End of the kept range in the input, in samples, exclusive (x.length when trimming is off). */
  trimEnd: number;
}

/**
 * The seed's per-file chain up to the patches (dsp.md §0): trim → MVN → crop to a multiple of r →
 * low-res scheme → cubic-spline upsampling.
 * Mirrors: `prep_dataset.py` `add_data` (silence_filter, mvn, crop, low-pass, `upsample`).
 * @param x - signal at `sampleRate` (not modified)
 * @param options - {@link PreprocessOptions}
 * @returns {@link Preprocessed}
 * @throws {@link @speechsr/core!SignalError} when the signal is constant after trimming (all-silent: MVN would divide by 0)
 *   or shorter than 4·r samples (the spline needs 4 LR points)
 * @example const { hr, lrUp } = preprocess(samples, { scale: 2, lowPass: 'decimating' });
 */
export function preprocess(x: Signal, options: PreprocessOptions = {}): Preprocessed {
  const {
    scale = 2,
    lowPass = 'subsampling',
    trim: trimOpt = TRIM_SEED,
    mvn: doMvn = true,
    sampleRate = 16000,
  } = options;
  assertSignal(x, 'preprocess', 'x');
  assertInt(scale, 'preprocess', 'options.scale', { min: 1 });
  assertOneOf(lowPass, 'preprocess', 'options.lowPass', ['subsampling', 'decimating', 'fft'] as const);
  let y: Float64Array;
  let trimStart = 0;
  let trimEnd = x.length;
  if (trimOpt === false) y = Float64Array.from(x);
  else {
    const t = trim(x, trimOpt);
    y = t.y;
    trimStart = t.start;
    trimEnd = t.end;
  }
  if (doMvn) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < y.length; i++) {
      lo = Math.min(lo, y[i]!);
      hi = Math.max(hi, y[i]!);
    }
    if (y.length === 0 || lo === hi) {
      throw new SignalError(
        `preprocess: x must not be constant after trimming, got ${y.length} samples all equal to ${y.length ? lo : 'nothing'}. An all-silent file has no variance to normalise; skip it.`,
      );
    }
    y = mvn(y);
  }
  const n = y.length - (y.length % scale);
  if (n < 4 * scale) {
    throw new SignalError(
      `preprocess: x must have at least ${4 * scale} samples after trimming for scale ${scale}, got ${n}. The spline needs 4 low-resolution points.`,
    );
  }
  const hr = n === y.length ? y : y.slice(0, n);
  const lr = lowRes(hr, scale, lowPass, sampleRate);
  const lrUp = splineUpsample(lr, scale);
  return { hr, lr, lrUp, trimStart, trimEnd };
}

/** Patches cut from one signal pair: contiguous `[count, dimension, 1]` float32 stacks. */
export interface Patches {
  /** LR input patches, row-major `[count, dimension, 1]` (float32). */
  data: Float32Array;
  /** HR target patches, same layout. */
  label: Float32Array;
  /** Number of patches. */
  count: number;
  /** Patch length. */
  dimension: number;
}

/**
 * Cuts aligned patches: for i = 0, stride, 2·stride, … while i + dimension ≤ len:
 * `label ← hr[i : i+dimension]`, `data ← lrUp[i : i+dimension]` (dsp.md §7; the tail is dropped).
 * Mirrors: `prep_dataset.py` patch loop with `interpolate=True`.
 * @param hr - HR signal
 * @param lrUp - upsampled LR signal, same length
 * @param dimension - patch length @defaultValue 2048
 * @param stride - hop between patches @defaultValue 1024
 * @returns {@link Patches} (float32, as the seed's HDF5)
 * @throws {@link @speechsr/core!ParameterError} for unequal lengths or non-positive sizes
 * @example const p = extractPatches(hr, lrUp); p.count;
 */
export function extractPatches(hr: Signal, lrUp: Signal, dimension = 2048, stride = 1024): Patches {
  assertInt(dimension, 'extractPatches', 'dimension', { min: 1 });
  assertInt(stride, 'extractPatches', 'stride', { min: 1 });
  if (hr.length !== lrUp.length)
    throw new ParameterError(`extractPatches: lrUp must have hr's length ${hr.length}, got ${lrUp.length}.`);
  const count = hr.length >= dimension ? Math.floor((hr.length - dimension) / stride) + 1 : 0;
  const data = new Float32Array(count * dimension);
  const label = new Float32Array(count * dimension);
  for (let p = 0; p < count; p++) {
    const i = p * stride;
    data.set(lrUp.subarray(i, i + dimension), p * dimension);
    label.set(hr.subarray(i, i + dimension), p * dimension);
  }
  return { data, label, count, dimension };
}

/**
 * Full (unpatched) mode, dsp.md §7 [decision]: the whole utterance, both signals cut to a multiple
 * of `multiple` samples.
 * @param pre - output of {@link preprocess}
 * @param multiple - length granularity @defaultValue 512 (2^(L+1) for the Proposed model's 8 stride-2 layers)
 * @returns `{ data, label }` float32 of equal length (possibly 0)
 * @throws {@link @speechsr/core!ParameterError} when `multiple` is not a positive integer
 * @example const { data, label } = fullUtterance(preprocess(x));
 */
export function fullUtterance(
  pre: Preprocessed,
  multiple = 512,
): {
  /** LR input: the spline-upsampled signal `lrUp[0 : n]`, float32. */
  data: Float32Array;
  /** HR target: `hr[0 : n]`, float32, same length as `data`. */
  label: Float32Array;
} {
  assertInt(multiple, 'fullUtterance', 'multiple', { min: 1 });
  const n = pre.hr.length - (pre.hr.length % multiple);
  return {
    data: Float32Array.from(pre.lrUp.subarray(0, n)),
    label: Float32Array.from(pre.hr.subarray(0, n)),
  };
}
