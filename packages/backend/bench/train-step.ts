import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * One training step of `model` (MAE + Adam 3e-4) on a fixed random batch of `batch` × `length` samples,
 * as the benchmarks time it: `step()` runs it and waits for the loss; `dispose()` frees the batch and
 * the optimizer.
 */
export function makeStep(model: tfl.LayersModel, batch: number, length: number) {
  const opt = tf.train.adam(3e-4);
  const x = tf.randomNormal([batch, length, 1]);
  const y = tf.tidy(() => tf.add(x, tf.mul(0.1, tf.randomNormal([batch, length, 1]))));
  const step = async () => {
    const loss = opt.minimize(
      () => tf.mean(tf.abs(tf.sub(model.apply(x, { training: true }) as tf.Tensor, y))) as tf.Scalar,
      true,
    );
    await (loss as tf.Scalar).data();
    tf.dispose(loss as tf.Scalar);
  };
  const dispose = () => {
    tf.dispose([x, y]);
    opt.dispose();
  };
  return { step, dispose };
}
