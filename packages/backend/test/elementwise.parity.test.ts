import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { pickBackend } from '../src/index.js';
import { onBackend, randn, relNormError } from './helpers.js';

/** The memory-bound kernels replaced on wasm give the stock cpu backend's results. */
beforeAll(async () => {
  await pickBackend('cpu', { log: () => {} });
  await pickBackend('wasm', { log: () => {} });
});

const SHAPES: number[][] = [
  [3, 257, 5],
  [2, 1024, 64],
  [1, 7, 1],
  [4, 33, 130],
];

async function both(fn: () => tf.Tensor[]): Promise<[Float32Array[], Float32Array[]]> {
  return [await onBackend('cpu', fn), await onBackend('wasm', fn)];
}

describe('elementwise kernels on wasm match the stock cpu backend', () => {
  for (const shape of SHAPES) {
    const n = shape.reduce((a, b) => a * b, 1);
    test(`Prelu, Greater, Select, Identity on ${JSON.stringify(shape)}`, async () => {
      const x = randn(n, 11);
      const d = randn(n, 12);
      const [ref, got] = await both(() => {
        const xt = tf.tensor(x, shape);
        const dt = tf.tensor(d, shape);
        const alpha = tf.tensor([0.2], [1, 1]);
        const mask = tf.greater(xt, 0);
        return [
          tf.prelu(xt, alpha),
          tf.cast(mask, 'float32'),
          tf.where(mask, dt, tf.mul(dt, 0.2)),
          tf.cast(tf.greater(xt, dt), 'float32'),
          tf.add(tf.clone(xt), 1),
        ];
      });
      for (let i = 0; i < ref.length; i++)
        expect(Array.from(got[i] as Float32Array)).toEqual(Array.from(ref[i] as Float32Array));
    });

    test(`Sum over leading, trailing and all axes, Concat and SplitV on ${JSON.stringify(shape)}`, async () => {
      const x = randn(n, 21);
      const [ref, got] = await both(() => {
        const xt = tf.tensor(x, shape);
        const last = shape.length - 1;
        const parts = tf.split(
          xt,
          [1, (shape[last] as number) - 1].filter((s) => s > 0),
          last,
        );
        const mid = tf.split(xt, shape[1] === 1 ? 1 : [1, (shape[1] as number) - 1], 1);
        return [
          tf.sum(xt),
          tf.sum(xt, [0, 1]),
          tf.sum(xt, [0]),
          tf.sum(xt, [1, 2]),
          tf.sum(xt, [0, 1], true),
          tf.sum(xt, 1),
          ...parts,
          ...mid,
          tf.concat([xt, tf.mul(xt, 2)], last),
          tf.concat([xt, xt, tf.neg(xt)], 1),
          tf.concat([xt, xt], 0),
        ];
      });
      expect(got.length).toBe(ref.length);
      for (let i = 0; i < ref.length; i++) {
        expect(got[i]?.length).toBe(ref[i]?.length);
        expect(relNormError(got[i] as Float32Array, ref[i] as Float32Array)).toBeLessThanOrEqual(1e-6);
      }
    });
  }
});
