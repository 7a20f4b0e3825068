import { assertOneOf, assertSignal, ParameterError } from '@speechsr/core';
import { type PesqAggregate, pesqAggregate, pesqMapScore } from './aggregate.js';
import { PesqError } from './errors.js';
import {
  type PesqBuffers,
  type PesqLevelAlignment,
  pesqAlignmentSignal,
  pesqInputFilter,
  pesqLevelAlign,
  pesqLoadBuffers,
} from './filters.js';
import { type PesqPerceptual, pesqPerceptualModel } from './perceptual.js';
import { type PesqMode, type PesqRate, type PesqSampleRate, pesqRate } from './rate.js';
import type { Signal } from '@speechsr/core';
import {
  type PesqAlignInputs,
  type PesqSplitSearch,
  type PesqUtterances,
  pesqCrudeDelay,
  pesqSplitUtterances,
  PESQ_MAX_UTTERANCES,
  pesqUtteranceSearch,
  scanUtterances,
} from './time-align.js';
import { type PesqVad, pesqVad } from './vad.js';

export { PesqError, type PesqErrorCode } from './errors.js';
export { pesqAggregate, pesqMapScore, type PesqAggregate } from './aggregate.js';
export {
  curveDb,
  pesqAlignmentSignal,
  pesqInputFilter,
  pesqLevelAlign,
  pesqLoadBuffers,
  type PesqBuffers,
  type PesqLevelAlignment,
  type PesqLevelAlignOptions,
} from './filters.js';
export {
  pesqFrameRange,
  pesqPerceptualModel,
  type PesqBadInterval,
  type PesqFrameRange,
  type PesqModelSignals,
  type PesqFrameDetail,
  type PesqPerceptual,
} from './perceptual.js';
export { pesqRate, type PesqMode, type PesqRate, type PesqSampleRate } from './rate.js';
export {
  PESQ_MAX_UTTERANCES,
  pesqCrudeDelay,
  pesqSplitUtterances,
  pesqUtteranceSearch,
  type PesqAlignInputs,
  type PesqSplitSearch,
  type PesqUtterances,
} from './time-align.js';
export { pesqVad, type PesqVad } from './vad.js';

/** Options of {@link pesq}. */
export interface PesqOptions {
  /** Sample rate of both signals in Hz (the python package's `fs`): 8000 or 16000. */
  sampleRate: PesqSampleRate;
  /**
   * `'wb'`: P.862.2 wide-band (16 kHz only); `'nb'`: P.862 narrow-band with the P.862.1 mapping.
   * @defaultValue `'wb'` at 16 kHz, `'nb'` at 8 kHz
   */
  mode?: PesqMode;
}

/** Options of {@link pesqDetailed}. */
export interface PesqDetailedOptions extends PesqOptions {
  /** Frames whose per-band loudness and disturbance to keep (first pass). @defaultValue [] */
  detailFrames?: readonly number[];
  /** Keep the level-alignment band-passed copies in `level`. @defaultValue false */
  keepBandpassed?: boolean;
}

/** Result of {@link pesq}. */
export interface PesqResult {
  /** MOS-LQO (P.862.1 for nb, P.862.2 for wb), a float32 value widened to double, in [1.0, 4.64]. */
  mosLqo: number;
  /** Raw P.862 score (PESQ MOS) in nb mode; NaN in wb mode, where P.862.2 defines none (the reference reports −1). */
  raw: number;
}

/** Every intermediate of one PESQ run (for stage tests and diagnosis). */
export interface PesqDetails extends PesqResult {
  /** Mode actually used (the default resolved from the sample rate when `options.mode` was omitted). */
  readonly mode: PesqMode;
  /** Peak-normalised, padded input buffers and their lengths (spec §1–2). */
  readonly buffers: PesqBuffers;
  /** Level alignment: scaled buffers, band powers Pw and scale factors (spec §4). */
  readonly level: PesqLevelAlignment;
  /** Reference model signal (spec §5), padded buffer of length L_r + P. */
  readonly modelRef: Float64Array;
  /** Degraded model signal (spec §5), padded buffer of length L_d + P. */
  readonly modelDeg: Float64Array;
  /** Reference alignment signal (spec §6), length L_r + P. */
  readonly alignRef: Float64Array;
  /** Degraded alignment signal (spec §6), length L_d + P. */
  readonly alignDeg: Float64Array;
  /** Reference VAD and log-envelope, one value per envelope window (spec §7). */
  readonly vadRef: PesqVad;
  /** Degraded VAD and log-envelope, one value per envelope window (spec §7). */
  readonly vadDeg: PesqVad;
  /** Whole-file crude delay Dc, samples (multiple of D; positive = degraded lags reference; spec §8). */
  readonly crudeDelay: number;
  /** Utterances after §9–10 (before splitting). */
  readonly utterancesBeforeSplit: PesqUtterances;
  /** Utterances after §11. */
  readonly utterances: PesqUtterances;
  /** One record per utterance split search of spec §11, in the order they ran. */
  readonly splitSearches: PesqSplitSearch[];
  /** Per-frame arrays of the perceptual model (spec §12–17). */
  readonly perceptual: PesqPerceptual;
  /** Time weights, final frame disturbances, indicators d and a, and the raw score (spec §19–20). */
  readonly aggregate: PesqAggregate;
  /** Raw P.862 score in both modes (before the reference's wb overwrite). */
  readonly rawP862: number;
}

/** Inputs longer than this (seconds) get the cheap utterance-count pre-check first. */
const LONG_INPUT_S = 60;

/**
 * Cheap early test for long inputs: the VAD, the crude delay and the utterance scan (spec §6–9.1) are
 * invariant to the level-alignment gain, so they are run on the unscaled model signals, one signal at a
 * time, before any of the full pipeline's buffers exist. Throws the too-many-utterances error early; the
 * full pipeline repeats the same test on the level-aligned signals.
 */
function utteranceCountPrecheck(reference: Signal, degraded: Signal, rate: PesqRate, mode: PesqMode): void {
  const one = (x: Signal) => {
    const b = pesqLoadBuffers(x, [], rate);
    const len = x.length + 2 * rate.sd;
    const model = pesqInputFilter(b.ref, len, rate, mode, { float64: true });
    return { vad: pesqVad(pesqAlignmentSignal(model, len, rate), len, rate), len };
  };
  const r = one(reference);
  const d = one(degraded);
  const crudeDelay = pesqCrudeDelay(r.vad.logVad, d.vad.logVad, rate);
  // A small margin keeps float rounding in this approximate pass from rejecting a borderline file
  // that the full pipeline (which applies the exact limit) would accept.
  scanUtterances({ vadRef: r.vad.vad, lenDeg: d.len, crudeDelay }, rate, PESQ_MAX_UTTERANCES + 3);
}

/** Band-passed mean square (peak-normalised input) at or below which a signal counts as silent. */
const SILENT_POWER = 1e-20;

function cloneUtt(u: PesqUtterances): PesqUtterances {
  return {
    count: u.count,
    searchStart: [...u.searchStart],
    searchEnd: [...u.searchEnd],
    delayEst: [...u.delayEst],
    delay: [...u.delay],
    conf: [...u.conf],
    start: [...u.start],
    end: [...u.end],
  };
}

/**
 * Like {@link pesq}, returning every stage's intermediate values as well.
 * @throws as {@link pesq}
 * @param reference - clean reference speech (not modified)
 * @param degraded - degraded speech (not modified)
 * @param options - {@link PesqDetailedOptions}
 * @returns {@link PesqDetails}
 * @example const d = pesqDetailed(ref, deg, { sampleRate: 16000 }); d.utterances.count;
 */
export function pesqDetailed(
  reference: Float32Array | Float64Array,
  degraded: Float32Array | Float64Array,
  options: PesqDetailedOptions,
): PesqDetails {
  const fn = 'pesq';
  assertSignal(reference, fn, 'reference');
  assertSignal(degraded, fn, 'degraded');
  const opts = options ?? ({} as PesqDetailedOptions);
  assertOneOf(opts.sampleRate, fn, 'options.sampleRate', [8000, 16000] as const);
  const fs = opts.sampleRate;
  const mode = opts.mode ?? (fs === 16000 ? 'wb' : 'nb');
  assertOneOf(mode, fn, 'options.mode', ['nb', 'wb'] as const);
  if (mode === 'wb' && fs !== 16000) {
    throw new ParameterError(
      `pesq: options.mode 'wb' needs sampleRate 16000, got ${fs}. Use mode 'nb' at 8 kHz, or resample both signals to 16 kHz.`,
    );
  }
  const minLen = fs / 4;
  for (const [name, x] of [
    ['reference', reference],
    ['degraded', degraded],
  ] as const) {
    if (x.length < minLen) {
      throw new PesqError(
        'too-short',
        `pesq: ${name} must have at least ${minLen} samples (0.25 s at ${fs} Hz), got ${x.length}. Score longer signals (P.862 needs a few seconds of speech).`,
      );
    }
  }
  const rate = pesqRate(fs);
  if (Math.max(reference.length, degraded.length) > LONG_INPUT_S * fs)
    utteranceCountPrecheck(reference, degraded, rate, mode);
  const buffers = pesqLoadBuffers(reference, degraded, rate);
  const level = pesqLevelAlign(buffers, rate, {
    keepSpectra: mode === 'nb',
    keepBandpassed: opts.keepBandpassed ?? false,
  });
  if (!(level.powerRef > SILENT_POWER)) {
    throw new PesqError(
      'silent-reference',
      'pesq: reference must contain energy between 350 and 3250 Hz, got a silent signal (all zero or no energy in that band). The P.862 reference fails here (level scale = 1/0, "no utterances"); check the file.',
    );
  }
  if (!(level.powerDeg > SILENT_POWER)) {
    throw new PesqError(
      'silent-degraded',
      'pesq: degraded must contain energy between 350 and 3250 Hz, got a silent signal (all zero or no energy in that band). The P.862 reference returns NaN here (0/0 in its level alignment); check the file.',
    );
  }
  const modelRef = pesqInputFilter(level.ref, buffers.lenRef, rate, mode, {
    spectrum: level.spectrumRef,
    spectrumScale: Math.fround(level.scaleRef),
  });
  const modelDeg = pesqInputFilter(level.deg, buffers.lenDeg, rate, mode, {
    spectrum: level.spectrumDeg,
    spectrumScale: Math.fround(level.scaleDeg),
  });
  const alignRef = pesqAlignmentSignal(modelRef, buffers.lenRef, rate);
  const alignDeg = pesqAlignmentSignal(modelDeg, buffers.lenDeg, rate);
  const vadRef = pesqVad(alignRef, buffers.lenRef, rate);
  const vadDeg = pesqVad(alignDeg, buffers.lenDeg, rate);
  const crudeDelay = pesqCrudeDelay(vadRef.logVad, vadDeg.logVad, rate);
  const ai: PesqAlignInputs = {
    vadRef: vadRef.vad,
    logVadRef: vadRef.logVad,
    logVadDeg: vadDeg.logVad,
    alignRef,
    alignDeg,
    lenRef: buffers.lenRef,
    lenDeg: buffers.lenDeg,
    crudeDelay,
  };
  const before = pesqUtteranceSearch(ai, rate);
  if (before.count === 0) {
    throw new PesqError(
      'no-utterances',
      'pesq: reference must contain detectable speech, got no utterances (P.862 error -7 "no utterances detected"). The reference is too short, too quiet or not speech-like; score a longer speech segment.',
    );
  }
  const splitSearches: PesqSplitSearch[] = [];
  const utterances = pesqSplitUtterances(ai, cloneUtt(before), rate, splitSearches);
  const perceptual = pesqPerceptualModel(
    { ref: modelRef, deg: modelDeg, maxLen: buffers.maxLen },
    utterances,
    rate,
    opts.detailFrames ?? [],
  );
  const aggregate = pesqAggregate(
    perceptual.dFrame,
    perceptual.aFrame,
    perceptual.audibleRef,
    perceptual.range.startFrame,
    perceptual.range.stopFrame,
    buffers.maxLen,
    rate,
  );
  const rawP862 = aggregate.raw;
  return {
    mosLqo: pesqMapScore(rawP862, mode),
    raw: mode === 'nb' ? rawP862 : Number.NaN,
    mode,
    buffers,
    level,
    modelRef,
    modelDeg,
    alignRef,
    alignDeg,
    vadRef,
    vadDeg,
    crudeDelay,
    utterancesBeforeSplit: before,
    utterances,
    splitSearches,
    perceptual,
    aggregate,
    rawP862,
  };
}

/**
 * PESQ (ITU-T P.862) perceptual speech quality of `degraded` against `reference`, in pure TypeScript.
 * Narrow-band mode gives the P.862 raw score and its P.862.1 MOS-LQO; wide-band mode (16 kHz) gives
 * the P.862.2 MOS-LQO. Both signals are first divided by their joint absolute peak and rounded to
 * float32, as the python `pesq` package does, so scores match it (within about 1e-4 MOS).
 * Mirrors: `pesq.pesq(fs, ref, deg, mode)` (python `pesq` package, ITU-T P.862 reference v2.0).
 * @param reference - clean reference speech (not modified), at least 0.25 s
 * @param degraded - degraded speech, same rate (lengths may differ; delays are aligned)
 * @param options - `sampleRate` (8000 | 16000) and `mode` ('nb' | 'wb')
 * @returns `{ mosLqo, raw }`: MOS-LQO (float32 value as a double) and the raw P.862 score (NaN in wb mode)
 * @throws {@link @speechsr/core!ParameterError} for a sample rate other than 8000/16000, or `'wb'` at 8 kHz
 * @throws {@link PesqError} (a {@link @speechsr/core!SignalError}) with `code` `'too-short'` (< 0.25 s),
 *   `'silent-reference'`, `'silent-degraded'` (all zero or no 350–3250 Hz energy), `'no-utterances'`
 *   (reference VAD finds no utterance, P.862 error −7) or `'too-many-utterances'` (more than 49; score
 *   shorter segments)
 * @throws {@link @speechsr/core!SignalError} when a signal is empty or holds NaN/±Infinity
 * @example
 * const { mosLqo } = pesq(clean16k, enhanced16k, { sampleRate: 16000, mode: 'wb' });
 */
export function pesq(
  reference: Float32Array | Float64Array,
  degraded: Float32Array | Float64Array,
  options: PesqOptions,
): PesqResult {
  const r = pesqDetailed(reference, degraded, options);
  return { mosLqo: r.mosLqo, raw: r.raw };
}
