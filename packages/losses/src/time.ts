import * as tf from '@tensorflow/tfjs-core';
import { absSg, checkPair, named } from './ops.js';
import type { SeedCompatOption, TfLoss, TimeTerm } from './types.js';

/** Offset inside the canonical RMSE's square root: keeps the gradient finite at equality, cancelled exactly in the value. */
const RMSE_EPS = 1e-20;
const RMSE_EPS_SQRT = Math.sqrt(RMSE_EPS);

/** Per-example mean absolute error of `[B, T]` tensors. */
export function maePerExample(y2: tf.Tensor, p2: tf.Tensor): tf.Tensor1D {
  return tf.mean(absSg(tf.sub(p2, y2)), 1) as tf.Tensor1D;
}

/** Per-example mean squared error of `[B, T]` tensors. */
export function msePerExample(y2: tf.Tensor, p2: tf.Tensor): tf.Tensor1D {
  return tf.mean(tf.square(tf.sub(p2, y2)), 1) as tf.Tensor1D;
}

/**
 * Per-example RMSE `sqrt(mean_t d² + ε) − sqrt(ε)` with ε = 1e-20: exactly 0 at equality with a finite
 * (zero) gradient there, and equal to `sqrt(mean_t d²)` to float32 precision whenever mean d² ≫ 1e-20.
 */
export function rmsePerExample(y2: tf.Tensor, p2: tf.Tensor): tf.Tensor1D {
  return tf.sub(tf.sqrt(tf.add(msePerExample(y2, p2), RMSE_EPS)), RMSE_EPS_SQRT) as tf.Tensor1D;
}

/** Canonical time term of TF / T-PCM. */
export function timeTermPerExample(term: TimeTerm, y2: tf.Tensor, p2: tf.Tensor): tf.Tensor1D {
  return term === 'l1' ? maePerExample(y2, p2) : rmsePerExample(y2, p2);
}

/**
 * Mean absolute error per example: `L_MAE = mean_t |ŷ − y|`, shape `[batch]`.
 * Gradient `sign(ŷ − y)/T` with `sign(0) = 0`.
 * Mirrors: `tf.keras.losses.mean_absolute_error` (per example; losses.md §2).
 * @param yTrue - targets `[batch, time, 1]` float32
 * @param yPred - predictions, same shape
 * @returns per-example losses `[batch]` float32
 * @throws {@link @speechsr/core!ParameterError} on shapes other than `[batch, time(, 1)]` or mismatched shapes
 * @example model.compile({ optimizer: 'adam', loss: mae });
 */
export const mae: TfLoss = named('mae', (yTrue: tf.Tensor, yPred: tf.Tensor) => {
  const [b, t] = checkPair('mae', yTrue, yPred);
  return tf.tidy(() => maePerExample(tf.reshape(yTrue, [b, t]), tf.reshape(yPred, [b, t])));
});

/**
 * Mean squared error per example: `L_MSE = mean_t (ŷ − y)²`, shape `[batch]`.
 * Mirrors: `tf.keras.losses.mean_squared_error` (per example; losses.md §2).
 * @param yTrue - targets `[batch, time, 1]` float32
 * @param yPred - predictions, same shape
 * @returns per-example losses `[batch]` float32
 * @throws {@link @speechsr/core!ParameterError} on shapes other than `[batch, time(, 1)]` or mismatched shapes
 * @example const l = tf.mean(mse(y, model.predict(x) as tf.Tensor));
 */
export const mse: TfLoss = named('mse', (yTrue: tf.Tensor, yPred: tf.Tensor) => {
  const [b, t] = checkPair('mse', yTrue, yPred);
  return tf.tidy(() => msePerExample(tf.reshape(yTrue, [b, t]), tf.reshape(yPred, [b, t])));
});

/**
 * The MAE loss as a factory: canonical {@link mae}, or with `seedCompat: true` the seed's `--loss_func MAE`,
 * which is per-patch RMSE `sqrt(mean_t (ŷ − y)² + 1e−6)` (Kuleshov's "L2"; losses.md §3).
 * @param options - `{ seedCompat }`
 * @returns a named loss function `(yTrue, yPred) → [batch]`
 * @example const seedMae = maeLoss({ seedCompat: true });
 */
export function maeLoss(options: SeedCompatOption = {}): TfLoss {
  const { seedCompat = false } = options;
  if (!seedCompat) return mae;
  return named('mae_seed', (yTrue: tf.Tensor, yPred: tf.Tensor) => {
    const [b, t] = checkPair('maeLoss', yTrue, yPred);
    return tf.tidy(
      () =>
        tf.sqrt(
          tf.add(msePerExample(tf.reshape(yTrue, [b, t]), tf.reshape(yPred, [b, t])), 1e-6),
        ) as tf.Tensor1D,
    );
  });
}

/**
 * The MSE loss as a factory: canonical {@link mse}, or with `seedCompat: true` the seed's
 * `mean_t ((ŷ − y)² + 1e−6)` (a constant offset of 1e−6; same gradient; losses.md §3).
 * @param options - `{ seedCompat }`
 * @returns a named loss function `(yTrue, yPred) → [batch]`
 * @example const l = mseLoss({ seedCompat: true })(y, yHat);
 */
export function mseLoss(options: SeedCompatOption = {}): TfLoss {
  const { seedCompat = false } = options;
  if (!seedCompat) return mse;
  return named('mse_seed', (yTrue: tf.Tensor, yPred: tf.Tensor) => {
    const [b, t] = checkPair('mseLoss', yTrue, yPred);
    return tf.tidy(
      () => tf.add(msePerExample(tf.reshape(yTrue, [b, t]), tf.reshape(yPred, [b, t])), 1e-6) as tf.Tensor1D,
    );
  });
}
