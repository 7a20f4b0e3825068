import * as tf from '@tensorflow/tfjs-core';
import { assertInt, ParameterError } from '@speechsr/core';
import type { InputLoss, TfLoss } from './types.js';

/** The part of a `tfl.LayersModel` that {@link trainStep} uses. */
export interface TrainableModel {
  /** Runs the model on `inputs` (with `training: true` for dropout and the like), as `LayersModel.apply`. */
  apply(inputs: tf.Tensor, kwargs?: { training?: boolean }): unknown;
  /** The variables the optimizer updates, as `LayersModel.trainableWeights`. */
  readonly trainableWeights: ReadonlyArray<{
    /** The variable's current value. */
    read(): tf.Tensor;
  }>;
}

/**
 * One optimisation step of a custom loop with any loss, input-aware (PCM, T-PCM) or not:
 * `loss = mean_b L(y, model(x, training), x)`, gradients for the model's trainable weights only,
 * applied by `optimizer`. All intermediate tensors are freed; `x`/`y` stay owned by the caller.
 * @param model - the network (`tfl.LayersModel`), called with `training: true` (dropout on)
 * @param optimizer - a tfjs optimizer, e.g. `tf.train.adam(3e-4)`
 * @param loss - a `TfLoss` or `InputLoss` returning `[batch]`
 * @param x - network input `[batch, time, 1]`
 * @param y - targets `[batch, time, 1]`
 * @returns the batch-mean loss before the update, a scalar tensor (caller disposes)
 * @throws {@link @speechsr/core!ParameterError} when the model output is not a single tensor
 * @example
 * const l = trainStep(net, opt, tpcmLoss(), x, y);
 * console.log(l.dataSync()[0]); l.dispose();
 */
export function trainStep(
  model: TrainableModel,
  optimizer: tf.Optimizer,
  loss: InputLoss | TfLoss,
  x: tf.Tensor,
  y: tf.Tensor,
): tf.Scalar {
  // tfjs-layers types LayerVariable.read() as Tensor; the object is the underlying tf.Variable
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const value = optimizer.minimize(
    () => {
      const out = model.apply(x, { training: true });
      if (!(out instanceof tf.Tensor)) {
        throw new ParameterError(
          'trainStep: model must return one tensor; for multi-output models write the step yourself.',
        );
      }
      return tf.mean((loss as InputLoss)(y, out, x)) as tf.Scalar;
    },
    true,
    vars,
  );
  return value as tf.Scalar;
}

/** Options of {@link evaluateLoss}. */
export interface EvaluateLossOptions {
  /** Patches per batch: the training batch size. @defaultValue 32 */
  batchSize?: number;
}

/**
 * Validation loss as the seed computes it (spec/losses.md §5, seed `eval_err`): the loss evaluated
 * with dropout off (`training: false`) over `x`/`y` in consecutive batches of `batchSize`, **dropping
 * the last incomplete batch**, averaged over batches (each batch value is the mean over its examples).
 * @param model - the network (`tfl.LayersModel`)
 * @param loss - a `TfLoss` or `InputLoss`
 * @param x - network inputs `[n, time, 1]`
 * @param y - targets `[n, time, 1]`
 * @param options - `{ batchSize = 32 }`
 * @returns the mean over the `floor(n / batchSize)` complete batches (a number; no tensors kept)
 * @throws {@link @speechsr/core!ParameterError} when batchSize is not an integer ≥ 1, x and y differ in length, or
 *   there are fewer than batchSize patches (no complete batch)
 * @example const val = await evaluateLoss(net, tpcmLoss(), xVal, yVal, { batchSize: 32 });
 */
export async function evaluateLoss(
  model: TrainableModel,
  loss: InputLoss | TfLoss,
  x: tf.Tensor,
  y: tf.Tensor,
  options: EvaluateLossOptions = {},
): Promise<number> {
  const { batchSize = 32 } = options;
  assertInt(batchSize, 'evaluateLoss', 'batchSize', { min: 1 });
  const n = x.shape[0] ?? 0;
  if ((y.shape[0] ?? 0) !== n) {
    throw new ParameterError(`evaluateLoss: y must have as many patches as x (${n}), got ${y.shape[0]}.`);
  }
  const batches = Math.floor(n / batchSize);
  if (batches < 1) {
    throw new ParameterError(
      `evaluateLoss: x must hold at least batchSize (${batchSize}) patches, got ${n}. The last incomplete batch is dropped, as in the seed.`,
    );
  }
  let sum = 0;
  for (let i = 0; i < batches; i++) {
    const v = tf.tidy(() => {
      const xb = tf.slice(x, i * batchSize, batchSize);
      const yb = tf.slice(y, i * batchSize, batchSize);
      const out = model.apply(xb, { training: false });
      if (!(out instanceof tf.Tensor)) {
        throw new ParameterError('evaluateLoss: model must return one tensor.');
      }
      return tf.mean((loss as InputLoss)(yb, out, xb));
    });
    try {
      sum += (await v.data())[0]!;
    } finally {
      v.dispose();
    }
  }
  return sum / batches;
}
