import * as tf from '@tensorflow/tfjs-core';
import { ParameterError } from '@speechsr/core';
import { hammingPeriodic, LOSS_FRAME_LENGTH, LOSS_HOP_LENGTH } from './stft.js';

/** The seed's `overlap_and_add(X, 1024)` frame step (losses.md §4). */
const SEED_OLA_STEP = 1024;

/** Geometry of the seed's degenerate overlap-add STFT for patches of `length` samples (losses.md §4). */
export interface SeedOlaGeometry {
  /** Length of the zero-stuffed signal: `1024·(T − 1) + 1` (2 096 129 for T = 2048). */
  olaLength: number;
  /** STFT frames of that signal: `1 + floor((olaLength − 512) / 256)` (8187 for T = 2048). */
  frames: number;
  /** Per-sample weight `c_t`: the sum of the window values at which sample t appears in a frame. */
  weights: Float64Array;
}

/**
 * Closed form of the seed's spectral bookkeeping: sample t sits at position 1024·t of the
 * zero-stuffed signal; frame k covers `[256k, 256k + 512)`, so the sample appears in frame 4t at
 * window offset 0 (weight `w[0] = 0.08`) and in frame 4t − 1 at offset 256 (`w[256] = 1`), when
 * those frames exist. For T = 2048: `c_t = 0.08·[t ≤ 2046] + 1·[1 ≤ t ≤ 2046]`.
 * @param length - patch length T (integer ≥ 2)
 * @returns the geometry (fresh arrays)
 * @throws {@link @speechsr/core!ParameterError} when T < 2 (the zero-stuffed signal would be shorter than a frame)
 * @example seedOlaGeometry(2048).frames; // 8187
 */
export function seedOlaGeometry(length: number): SeedOlaGeometry {
  if (!Number.isInteger(length) || length < 2) {
    throw new ParameterError(
      `seedOlaGeometry: length must be an integer >= 2, got ${length}. The seed's overlap-add STFT needs at least one 512-sample frame.`,
    );
  }
  const olaLength = SEED_OLA_STEP * (length - 1) + 1;
  const frames = 1 + Math.floor((olaLength - LOSS_FRAME_LENGTH) / LOSS_HOP_LENGTH);
  const w = hammingPeriodic(LOSS_FRAME_LENGTH);
  const weights = new Float64Array(length);
  for (let t = 0; t < length; t++) {
    const pos = SEED_OLA_STEP * t;
    // every frame k with 256k <= pos < 256k + 512 and k <= frames − 1
    const kMin = Math.max(0, Math.floor((pos - LOSS_FRAME_LENGTH) / LOSS_HOP_LENGTH) + 1);
    const kMax = Math.min(frames - 1, Math.floor(pos / LOSS_HOP_LENGTH));
    let c = 0;
    for (let k = kMin; k <= kMax; k++) c += w[pos - LOSS_HOP_LENGTH * k]!;
    weights[t] = c;
  }
  return { olaLength, frames, weights };
}

const geometryCache = new Map<number, SeedOlaGeometry>();

function geometry(length: number): SeedOlaGeometry {
  let g = geometryCache.get(length);
  if (!g) {
    g = seedOlaGeometry(length);
    geometryCache.set(length, g);
  }
  return g;
}

/**
 * Per-example `(1/F')·Σ_t c_t·v[b, t]` for a `[B, T]` tensor `v` (the closed form of
 * "mean over the seed's degenerate STFT" of a per-sample quantity).
 */
export function seedSpectralMean(v: tf.Tensor, t: number): tf.Tensor1D {
  const g = geometry(t);
  const c = tf.tensor1d(Float32Array.from(g.weights, (x) => x / g.frames));
  return tf.sum(tf.mul(v, c), 1) as tf.Tensor1D;
}

/** The seed's T-PCM time term per example: `(1/olaLength)·Σ_t |v[b, t]|`. */
export function seedOlaTimeScale(t: number): number {
  return 1 / geometry(t).olaLength;
}
