import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { ParameterError, assertInt, assertOneOf, assertSignal, type Signal } from '@speechsr/core';
import { resample, splineUpsample } from '@speechsr/dsp';
import { roundUp } from './geometry.js';
import { getModelMetadata } from './metadata.js';
import { isSplineModel, type SplineModel } from './spline.js';

/** Inference modes of {@link superResolve}. */
export type InferenceMode = 'whole' | 'chunked' | 'ola';

/** Options of {@link superResolve}. */
export interface SuperResolveOptions {
  /** Scale factor r: `lowRes` is at 16000/r Hz. Required unless the model's metadata fixes it. */
  scale?: number;
  /**
   * How the LR signal is brought to 16 kHz before the network: `'spline'` (not-a-knot cubic
   * spline, what every model here is trained on, dsp.md §6) or `'fft'` (FFT resampling, TFNet's
   * front end). @defaultValue the model's metadata (`'spline'`)
   */
  scheme?: 'spline' | 'fft';
  /**
   * `'whole'`: one forward pass over the whole file (the published numbers).
   * `'chunked'`: memory-bounded overlap-save; equals `'whole'` up to float32 rounding.
   * `'ola'`: the seed's 2048/1024 patch overlap-add (models.md §10), differs from `'whole'`.
   * @defaultValue 'whole'
   */
  mode?: InferenceMode;
  /** `'chunked'`: samples kept per chunk (rounded up to the total stride). @defaultValue 65536 */
  chunkLength?: number;
  /**
   * `'chunked'`: context discarded on each side of a chunk, a multiple of the total stride.
   * @defaultValue the network's receptive field from its config, rounded up to the total stride
   */
  margin?: number;
  /** `'ola'`: patches per forward pass. @defaultValue 32 */
  batchSize?: number;
}

/** A zoo model: a LayersModel built (or loaded) by this package, or the Spline baseline. */
export type SrModel = tfl.LayersModel | SplineModel;

const FN = 'superResolve';

/**
 * Super-resolves a whole low-resolution file to 16 kHz (training.md §6, models.md §2.3, §10).
 * The LR signal is interpolated to 16 kHz (`splineUpsample(lowRes, scale)` from `@speechsr/dsp`),
 * zero-padded at the end to the multiple of the network's total stride (512 for Proposed, 32 for
 * AudioUNet), run through the network, and cropped back.
 * Mirrors: the seed's `eval` forward pass (which crops instead of padding, so its output is up to
 * 511 samples shorter).
 * @param model - a model from this package (metadata gives stride/receptive field) or `spline()`
 * @param lowRes - LR signal at 16000/scale Hz (not modified)
 * @param options - see {@link SuperResolveOptions}
 * @returns a new Float32Array of exactly `lowRes.length · scale` samples at 16 kHz
 * @throws {@link @speechsr/core!ParameterError} for a bad option or a LayersModel without speechsr metadata
 * @throws {@link @speechsr/core!SignalError} for an empty, too short or non-finite signal
 * @example const y16k = await superResolve(model, x8k, { scale: 2, mode: 'chunked' });
 */
export async function superResolve(
  model: SrModel,
  lowRes: Signal,
  options: SuperResolveOptions = {},
): Promise<Float32Array> {
  assertSignal(lowRes, FN, 'lowRes', { minLength: 4 });
  const meta = isSplineModel(model) ? undefined : getModelMetadata(model);
  if (!isSplineModel(model) && meta === undefined) {
    throw new ParameterError(
      `${FN}: model must be built by @speechsr/models (createModel/proposed/audioUNet) or loaded from a file it saved, got a LayersModel without speechsr metadata.`,
    );
  }
  const scale = options.scale ?? meta?.scale ?? undefined;
  assertInt(
    scale,
    FN,
    'options.scale',
    { min: 1 },
    'Pass the factor between 16 kHz and the input rate (2 for 8 kHz, 4 for 4 kHz).',
  );
  const {
    scheme = meta?.interpolation ?? 'spline',
    mode = 'whole',
    chunkLength = 65536,
    batchSize = 32,
  } = options;
  assertOneOf(scheme, FN, 'options.scheme', ['spline', 'fft'] as const);
  assertOneOf(mode, FN, 'options.mode', ['whole', 'chunked', 'ola'] as const);
  assertInt(chunkLength, FN, 'options.chunkLength', { min: 1 });
  assertInt(batchSize, FN, 'options.batchSize', { min: 1 });
  const stride = isSplineModel(model) ? model.totalStride : meta!.totalStride;
  if (options.margin !== undefined) {
    assertInt(options.margin, FN, 'options.margin', { min: 0 });
    if (options.margin % stride !== 0) {
      throw new ParameterError(
        `${FN}: options.margin must be a multiple of the total stride ${stride}, got ${options.margin}.`,
      );
    }
  }

  const n = lowRes.length * scale;
  const up = scheme === 'spline' ? splineUpsample(lowRes, scale) : resample(lowRes, n);
  if (isSplineModel(model)) return Float32Array.from(up);

  const net = model;
  if (mode === 'ola') return olaPredict(net, up, n, batchSize);

  const padded = new Float32Array(roundUp(n, stride));
  padded.set(up);
  let y: Float32Array;
  if (mode === 'whole') {
    y = await forward(net, padded, 0, padded.length);
  } else {
    const margin = options.margin ?? roundUp(meta!.receptiveField, stride);
    const core = roundUp(chunkLength, stride);
    y = new Float32Array(padded.length);
    for (let s = 0; s < padded.length; s += core) {
      const e = Math.min(s + core, padded.length);
      const ws = Math.max(0, s - margin);
      const we = Math.min(padded.length, e + margin);
      const out = await forward(net, padded, ws, we);
      y.set(out.subarray(s - ws, e - ws), s);
    }
  }
  return y.length === n ? y : y.slice(0, n);
}

/** One forward pass on `x[start:end]` as a `[1, end − start, 1]` batch. */
async function forward(
  net: tfl.LayersModel,
  x: Float32Array,
  start: number,
  end: number,
): Promise<Float32Array> {
  const out = tf.tidy(
    () => net.predict(tf.tensor3d(x.subarray(start, end), [1, end - start, 1])) as tf.Tensor,
  );
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}

const PATCH = 2048;
const HOP = 1024;

/**
 * The optional patch mode of models.md §10: zero-pad the interpolated signal to 1024·(k+1) with
 * k = ceil(n/1024), predict the k 2048-sample patches at hop 1024, overlap-add with weight 1 where
 * one patch covers a sample and 0.5 where two do, crop to n.
 */
async function olaPredict(
  net: tfl.LayersModel,
  up: Float64Array,
  n: number,
  batchSize: number,
): Promise<Float32Array> {
  const k = Math.ceil(n / HOP);
  const total = HOP * (k + 1);
  const x = new Float32Array(total);
  x.set(up);
  const acc = new Float64Array(total);
  for (let p0 = 0; p0 < k; p0 += batchSize) {
    const nb = Math.min(batchSize, k - p0);
    const batch = new Float32Array(nb * PATCH);
    for (let b = 0; b < nb; b++) batch.set(x.subarray((p0 + b) * HOP, (p0 + b) * HOP + PATCH), b * PATCH);
    const out = tf.tidy(() => net.predict(tf.tensor3d(batch, [nb, PATCH, 1])) as tf.Tensor);
    let data: Float32Array;
    try {
      data = (await out.data()) as Float32Array;
    } finally {
      out.dispose();
    }
    for (let b = 0; b < nb; b++) {
      const off = (p0 + b) * HOP;
      for (let i = 0; i < PATCH; i++) acc[off + i] = acc[off + i]! + data[b * PATCH + i]!;
    }
  }
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const covered = i < HOP || i >= total - HOP ? 1 : 2;
    y[i] = acc[i]! / covered;
  }
  return y;
}
