import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectNoLeak } from '@speechsr/test-utils/leak';
import { SubPixel1D } from '../src/index.js';
import { useCpu } from './setup.js';

beforeAll(useCpu);

describe('SubPixel1D', () => {
  test('spec example: W = 3, r = 2, C = 1 → [0 … 5]', () => {
    const layer = new SubPixel1D({ r: 2 });
    const y = layer.apply(
      tf.tensor3d([
        [
          [0, 1],
          [2, 3],
          [4, 5],
        ],
      ]),
    ) as tf.Tensor;
    expect(y.shape).toEqual([1, 6, 1]);
    expect(Array.from(y.dataSync())).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test('spec example: 4 channels [[0,1,2,3]] → [[0,1],[2,3]]', () => {
    const y = new SubPixel1D({ r: 2 }).apply(tf.tensor3d([[[0, 1, 2, 3]]])) as tf.Tensor;
    expect(y.shape).toEqual([1, 2, 2]);
    expect(y.arraySync()).toEqual([
      [
        [0, 1],
        [2, 3],
      ],
    ]);
  });

  test('out[b, r·i + j, k] = in[b, i, j·C + k] for random shapes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        (B, W, C, r) => {
          const data = Float32Array.from({ length: B * W * r * C }, (_, i) => i);
          const y = tf.tidy(() =>
            (new SubPixel1D({ r }).apply(tf.tensor3d(data, [B, W, r * C])) as tf.Tensor).dataSync(),
          );
          for (let b = 0; b < B; b++)
            for (let i = 0; i < W; i++)
              for (let j = 0; j < r; j++)
                for (let k = 0; k < C; k++) {
                  const got = y[(b * W * r + r * i + j) * C + k];
                  const want = data[(b * W + i) * r * C + j * C + k];
                  if (got !== want) return false;
                }
          return true;
        },
      ),
      { seed: 42, numRuns: 60 },
    );
  });

  test('computeOutputShape handles unknown length and rejects indivisible channels', () => {
    const layer = new SubPixel1D({ r: 2 });
    expect(layer.computeOutputShape([null, null, 8])).toEqual([null, null, 4]);
    expect(layer.computeOutputShape([null, 5, 8])).toEqual([null, 10, 4]);
    expect(() => layer.computeOutputShape([null, 5, 3])).toThrow(
      /channels must be divisible by r = 2, got 3/,
    );
    expect(() => new SubPixel1D({ r: 0 })).toThrow(/r must be an integer >= 1, got 0/);
  });

  test('serialises under a unique class name and round-trips its config', () => {
    const layer = new SubPixel1D({ r: 4, name: 'sp' });
    expect(layer.getClassName()).toBe('SpeechSrSubPixel1D');
    const input = tfl.input({ shape: [null, 8] });
    const m = tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
    const json = m.toJSON(null, false) as {
      config: { layers: { class_name: string; config: { r?: number } }[] };
    };
    const entry = json.config.layers.find((l) => l.class_name === 'SpeechSrSubPixel1D');
    expect(entry?.config.r).toBe(4);
  });

  test('gradient is the inverse permutation', () => {
    const x = tf.tensor3d([
      [
        [1, 2, 3, 4],
        [5, 6, 7, 8],
      ],
    ]);
    const w = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [1, 4, 2]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(new SubPixel1D({ r: 2 }).apply(t) as tf.Tensor, w)))(x);
    // out = reshape(x, [1,4,2]); d/dx sum(out·w) = reshape(w, x.shape)
    expect(Array.from(g.dataSync())).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  test('no tensor leak', async () => {
    const layer = new SubPixel1D({ r: 2 });
    const x = tf.ones([2, 16, 4]);
    await expectNoLeak(() => tf.dispose(layer.apply(x) as tf.Tensor));
    x.dispose();
  });
});
