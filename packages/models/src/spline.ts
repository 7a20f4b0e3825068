import * as tf from '@tensorflow/tfjs-core';

/**
 * The Spline baseline (models.md §5) in the shape of a model: the network input is already
 * `splineUpsample(xLr, r)`, so its `predict` is the identity and {@link superResolve} returns the
 * cubic-spline interpolation itself (from `@speechsr/dsp`). No weights, no training.
 * Mirrors: the seed's `Spline` model (`upsample()` / `spline_up()`).
 * @example const y = await superResolve(spline(), xLr, { scale: 2 });
 */
export interface SplineModel {
  /** Discriminant: `'spline'`. */
  readonly kind: 'spline';
  /** Model name. */
  readonly name: 'spline';
  /** Inputs are cropped/padded to a multiple of this (the seed crops to 2^(4+1) = 32). */
  readonly totalStride: number;
  /**
   * Identity on the interpolated input.
   * @param x - `[B, T, 1]` float32 interpolated signal
   * @returns a new tensor equal to `x`
   */
  predict(x: tf.Tensor): tf.Tensor;
  /** @returns 0 (no parameters) */
  countParams(): number;
  /** Nothing to release; present so every zoo model can be disposed the same way. */
  dispose(): void;
}

/** Config of {@link spline}. */
export interface SplineConfig {
  /** Scale factor (metadata only). @defaultValue null */
  scale?: number | null;
}

/**
 * Creates the Spline baseline.
 * @returns a {@link SplineModel}
 * @example const base = spline(); base.countParams(); // 0
 */
export function spline(_config: SplineConfig = {}): SplineModel {
  return {
    kind: 'spline',
    name: 'spline',
    totalStride: 32,
    predict: (x) => tf.clone(x),
    countParams: () => 0,
    dispose: () => {},
  };
}

/** Type guard for {@link SplineModel}. */
export function isSplineModel(m: unknown): m is SplineModel {
  return typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === 'spline';
}
