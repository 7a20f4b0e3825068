import * as tf from '@tensorflow/tfjs-core';
import { ParameterError } from '@speechsr/core';
import { patchShape } from './stft.js';

/**
 * `|x|` whose gradient is `sign(x)` with `sign(0) = 0` (the spec's subgradient). tfjs' own `Abs`
 * gradient is `step(x, −1)`, i.e. −1 at 0, which would give a non-zero gradient at equality.
 * The forward pass is the plain `Abs` kernel (cheaper than `x·sign(x)` on wasm).
 */
export const absSg: (x: tf.Tensor) => tf.Tensor = tf.customGrad((x, save) => {
  const input = x as tf.Tensor;
  (save as tf.GradSaveFunc)([input]);
  return {
    value: tf.abs(input),
    gradFunc: (dy, saved) => tf.mul(dy as tf.Tensor, tf.sign(saved[0]!)),
  };
}) as (x: tf.Tensor) => tf.Tensor;

/** Per-example mean over every axis but the first: `[B, …] → [B]`. */
export function meanPerExample(x: tf.Tensor): tf.Tensor1D {
  const axes: number[] = [];
  for (let i = 1; i < x.rank; i++) axes.push(i);
  return tf.mean(x, axes) as tf.Tensor1D;
}

/**
 * Validates `(yTrue, yPred[, x])` and returns `[batch, time]` plus the tensors reshaped to `[batch, time]`.
 * @throws {@link @speechsr/core!ParameterError} on a wrong rank, channel count, dtype or mismatched shapes
 */
export function checkPair(
  fn: string,
  yTrue: tf.Tensor,
  yPred: tf.Tensor,
  ...input: [x: tf.Tensor] | []
): [number, number] {
  // x is checked whenever it is passed (input-aware losses always pass it, even when undefined)
  const [b, t] = patchShape(yTrue, fn, 'yTrue');
  const [bp, tp] = patchShape(yPred, fn, 'yPred');
  if (bp !== b || tp !== t) {
    throw new ParameterError(
      `${fn}: yPred must have the shape of yTrue [${yTrue.shape.join(', ')}], got [${yPred.shape.join(', ')}].`,
    );
  }
  if (input.length > 0) {
    const x = input[0] as tf.Tensor;
    const [bx, tx] = patchShape(x, fn, 'x');
    if (bx !== b || tx !== t) {
      throw new ParameterError(
        `${fn}: x (the network input) must have the shape of yTrue [${yTrue.shape.join(', ')}], got [${x.shape.join(', ')}].`,
      );
    }
  }
  return [b, t];
}

/** Gives a loss function a stable `name` (tfjs-layers and logs show it). */
export function named<F extends (...args: never[]) => unknown>(name: string, fn: F): F {
  Object.defineProperty(fn, 'name', { value: name, configurable: true });
  return fn;
}
