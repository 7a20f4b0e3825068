import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeak } from '@speechsr/test-utils/leak';
import { beforeAll, describe, expect, test } from 'vitest';
import { pickBackend } from '../src/index.js';
import { randn } from './helpers.js';
import { proposedNet } from './proposed-net.js';

beforeAll(async () => {
  await pickBackend('wasm', { log: () => {} });
});

/** Tensors the wasm backend holds, including intermediates a kernel might forget to free. */
function backendDataIds(): number {
  return tf.engine().backend.numDataIds();
}

describe('training a plain tfjs-layers model on wasm', () => {
  test('model.compile + trainOnBatch (MAE, Adam 3e-4) runs unchanged and the loss falls', async () => {
    expect(tf.getBackend()).toBe('wasm');
    const model = proposedNet(512, 0.2);
    model.compile({ optimizer: tf.train.adam(3e-4), loss: 'meanAbsoluteError' });
    const x = tf.tensor3d(
      randn(4 * 512, 3).map((v) => 0.3 * v),
      [4, 512, 1],
    );
    const y = tf.tidy(() => tf.add(x, tf.mul(0.1, tf.sin(tf.mul(x, 5)))));
    const losses: number[] = [];
    for (let i = 0; i < 6; i++) losses.push((await model.trainOnBatch(x, y)) as number);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[5] as number).toBeLessThan(losses[0] as number);
    tf.dispose([x, y]);
    model.dispose();
  });

  test('no leak: numTensors and wasm data ids constant across optimizer steps', async () => {
    const model = proposedNet(512, 0.2);
    const opt = tf.train.adam(3e-4);
    const x = tf.tensor3d(randn(2 * 512, 4), [2, 512, 1]);
    const y = tf.tensor3d(randn(2 * 512, 5), [2, 512, 1]);
    const step = () => {
      const loss = opt.minimize(
        () => tf.mean(tf.abs(tf.sub(model.apply(x, { training: true }) as tf.Tensor, y))) as tf.Scalar,
        true,
      );
      tf.dispose(loss as tf.Scalar);
    };
    step();
    const ids = backendDataIds();
    await expectNoLeak(step, 2);
    expect(backendDataIds()).toBe(ids);
    tf.dispose([x, y]);
    opt.dispose();
    model.dispose();
  });
});
