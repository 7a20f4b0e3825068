import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { pickBackend } from '../src/index.js';
import { randn, relNormError } from './helpers.js';
import { proposedNet } from './proposed-net.js';

/** Acceptance bound of issue #12: ‖g − g_cpu‖ / ‖g_cpu‖ ≤ 1e-4 per gradient tensor. */
const REL_TOL = 1e-4;

beforeAll(async () => {
  await pickBackend('cpu', { log: () => {} });
  await pickBackend('wasm', { log: () => {} });
});

/** MAE gradients of every trainable weight (dropout off, so both backends see the same graph). */
async function maeGrads(
  model: tfl.LayersModel,
  x: Float32Array,
  y: Float32Array,
  batch: number,
  length: number,
  backend: string,
) {
  await tf.setBackend(backend);
  const { value, grads } = tf.tidy(() => {
    const xt = tf.tensor3d(x, [batch, length, 1]);
    const yt = tf.tensor3d(y, [batch, length, 1]);
    return tf.variableGrads(
      () => tf.mean(tf.abs(tf.sub(model.apply(xt, { training: false }) as tf.Tensor, yt))) as tf.Scalar,
    );
  });
  const out = new Map<string, Float32Array>();
  for (const [name, g] of Object.entries(grads)) out.set(name, (await g.data()) as Float32Array);
  const loss = (await value.data())[0] as number;
  tf.dispose([value, ...Object.values(grads)]);
  return { loss, grads: out };
}

describe('Proposed network (10.28 M parameters) on wasm vs the stock cpu backend', () => {
  test('MAE gradients of all 53 weight tensors at batch 2 x 2048', { tags: ['slow'] }, async () => {
    await tf.setBackend('cpu');
    const model = proposedNet(2048, 0.2, 0); // fixed weights: the same check on every run
    expect(model.countParams()).toBe(10_279_315);
    const x = randn(2 * 2048, 5).map((v) => 0.3 * v);
    const y = x.map((v, i) => v + 0.05 * Math.sin(i / 3));
    const ref = await maeGrads(model, x, y, 2, 2048, 'cpu');
    const got = await maeGrads(model, x, y, 2, 2048, 'wasm');
    expect(got.grads.size).toBe(ref.grads.size);
    expect(Math.abs(got.loss - ref.loss) / ref.loss).toBeLessThan(1e-5);
    let worst = 0;
    for (const [name, g] of ref.grads) {
      const e = relNormError(got.grads.get(name) as Float32Array, g);
      worst = Math.max(worst, e);
      expect(e, name).toBeLessThanOrEqual(REL_TOL);
    }
    console.info(
      `Proposed batch 2 gradient parity: worst relative error ${worst.toExponential(2)} over ${ref.grads.size} tensors`,
    );
    model.dispose();
  });
});
