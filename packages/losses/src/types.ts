import type * as tf from '@tensorflow/tfjs-core';

/**
 * A loss usable in `model.compile({ loss })` and in custom loops: `(yTrue, yPred) → [batch]`.
 * Inputs are `[batch, time, 1]` (or `[batch, time]`) float32; the result holds one value per example
 * (the trainer, or tfjs-layers, averages over the batch).
 */
export type TfLoss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor1D;

/**
 * A loss that also needs the network input `x` (PCM, T-PCM): `(yTrue, yPred, x) → [batch]`.
 * Use it directly in a custom loop (see `trainStep`), or wrap it with `packedLoss` for `model.compile`.
 */
export type InputLoss = (yTrue: tf.Tensor, yPred: tf.Tensor, x: tf.Tensor) => tf.Tensor1D;

/** How a complex STFT value Z becomes a magnitude: `|Re Z| + |Im Z|` (`'l1'`) or `sqrt(Re² + Im² + 1e-12)` (`'complex'`). */
export type Magnitude = 'l1' | 'complex';

/** Time-domain term of TF and T-PCM: mean absolute error (`'l1'`) or per-patch RMSE (`'rmse'`). */
export type TimeTerm = 'l1' | 'rmse';

/** Option shared by every loss factory. */
export interface SeedCompatOption {
  /**
   * Compute what the seed's training graph computed (losses.md §3–§4: per-patch RMSE for "MAE",
   * the degenerate overlap-add STFT as its exact closed form, weights 1/1 in PCM, the RI-MAG bug).
   * For parity with seed checkpoints only; not recommended for training. @defaultValue false
   */
  seedCompat?: boolean;
}

/** Options of `fLoss` and `pcmLoss`. */
export interface SpectralOptions extends SeedCompatOption {
  /** Magnitude used for the spectral distance. @defaultValue 'l1' (Pandey & Wang's `|Re|+|Im|`; the seed used 'complex') */
  magnitude?: Magnitude;
}

/** Options of `tfLoss`. */
export interface TfLossOptions extends SpectralOptions {
  /** Weight of the time term: `α·time + (1 − α)·F`. @defaultValue 0.85 (the seed's `CFA`) */
  alpha?: number;
  /** Time term. @defaultValue 'l1' */
  timeTerm?: TimeTerm;
}

/** Options of `tpcmLoss`. */
export interface TpcmLossOptions extends SpectralOptions {
  /** Weight of the time term: `β·time + (1 − β)·PCM`. @defaultValue 0.6 (the seed's `CFB`) */
  beta?: number;
  /** Time term. @defaultValue 'l1' */
  timeTerm?: TimeTerm;
}
