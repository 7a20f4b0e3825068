import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pickBackend, secondCoreActive, startSecondCore, stopSecondCore } from '../src/index.js';
import { randn, relNormError } from './helpers.js';
import { proposedNet } from './proposed-net.js';

beforeAll(async () => {
  await pickBackend('wasm', { log: () => {}, secondCore: false });
});
afterAll(async () => {
  await stopSecondCore();
});

async function forwardAndGrads(
  model: tfl.LayersModel,
  x: Float32Array,
  y: Float32Array,
): Promise<Float32Array[]> {
  const { out, grads } = tf.tidy(() => {
    const xt = tf.tensor3d(x, [4, 512, 1]);
    const yt = tf.tensor3d(y, [4, 512, 1]);
    const o = model.apply(xt, { training: false }) as tf.Tensor;
    const g = tf.variableGrads(
      () => tf.mean(tf.abs(tf.sub(model.apply(xt, { training: false }) as tf.Tensor, yt))) as tf.Scalar,
    );
    return { out: o, grads: [g.value, ...Object.values(g.grads)] };
  });
  const res = [(await out.data()) as Float32Array];
  for (const g of grads) res.push((await g.data()) as Float32Array);
  tf.dispose([out, ...grads]);
  return res;
}

describe('second core (worker thread splitting each large conv batch)', () => {
  test('starts on this 2-core machine', async () => {
    expect(await startSecondCore()).toBe(true);
    expect(secondCoreActive()).toBe(true);
  });

  test('forward and all gradients of the Proposed network equal the one-core results (batch 4 x 512)', async () => {
    const model = proposedNet(512);
    const x = randn(4 * 512, 11).map((v) => 0.3 * v);
    const y = randn(4 * 512, 12).map((v) => 0.3 * v);
    await stopSecondCore();
    const one = await forwardAndGrads(model, x, y);
    expect(await startSecondCore()).toBe(true);
    const two = await forwardAndGrads(model, x, y);
    expect(two).toHaveLength(one.length);
    let worst = 0;
    one.forEach((ref, i) => {
      worst = Math.max(worst, relNormError(two[i] as Float32Array, ref));
    });
    // Same XNNPACK kernel per output row on both threads: equal up to float32 rounding.
    expect(worst).toBeLessThanOrEqual(1e-6);
    console.info(
      `two cores vs one: worst relative error ${worst.toExponential(2)} over ${one.length} tensors`,
    );
    model.dispose();
  });
});
