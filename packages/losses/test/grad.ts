import * as tf from '@tensorflow/tfjs-core';
import type { InputLoss } from '../src/index.js';
import type { Case } from './cases.js';

/** d(Σ_b loss_b)/d yPred as a [B, T] Float32Array: row b is the gradient of loss_b. */
export function lossGrad(loss: InputLoss, c: Case): Float32Array {
  const y = tf.tensor3d(c.y, [c.b, c.t, 1]);
  const p = tf.tensor3d(c.p, [c.b, c.t, 1]);
  const x = tf.tensor3d(c.x, [c.b, c.t, 1]);
  const g = tf.grad((v: tf.Tensor) => tf.sum(loss(y, v, x)))(p);
  const d = g.dataSync() as Float32Array;
  tf.dispose([y, p, x, g]);
  return d;
}
