import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { ownKernelsLoaded, pickBackend } from '../src/index.js';
import { conv1dGrads, convOutLength, onBackend, randn, relNormError } from './helpers.js';

/** Acceptance bound of issue #12: ‖g − g_cpu‖ / ‖g_cpu‖ ≤ 1e-4 per gradient tensor. */
const REL_TOL = 1e-4;
/** Multiply-adds per case (forward); the stock cpu reference is slow, large shapes live in the bench. */
const MAC_CAP = 1_500_000;

beforeAll(async () => {
  await pickBackend('cpu', { log: () => {} });
  await pickBackend('wasm', { log: () => {} });
});

const worst = { y: 0, dx: 0, dw: 0 };

describe('conv1d gradients on wasm match the stock cpu backend', () => {
  const config = fc
    .record({
      kernel: fc.integer({ min: 1, max: 65 }),
      stride: fc.integer({ min: 1, max: 4 }),
      pad: fc.constantFrom<'same' | 'valid'>('same', 'valid'),
      cin: fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 512 })),
      cout: fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 512 })),
      batch: fc.integer({ min: 1, max: 32 }),
      extra: fc.integer({ min: 0, max: 300 }),
      seed: fc.integer({ min: 1, max: 2 ** 30 }),
    })
    .map(({ kernel, stride, pad, cin, cout, batch, extra, seed }) => {
      // Odd length ≥ kernel; shrink batch, then length, until the case fits the multiply-add cap.
      let length = kernel + extra;
      if (length % 2 === 0) length += 1;
      const macs = (b: number, l: number) => b * convOutLength(l, kernel, stride, pad) * kernel * cin * cout;
      while (batch > 1 && macs(batch, length) > MAC_CAP) batch = Math.ceil(batch / 2);
      while (length > kernel + 2 && macs(batch, length) > MAC_CAP)
        length = Math.max(kernel, Math.floor(length / 2)) | 1;
      return { kernel, stride, pad, cin, cout, batch, length, seed };
    })
    .filter(
      (c) =>
        c.batch * convOutLength(c.length, c.kernel, c.stride, c.pad) * c.kernel * c.cin * c.cout <=
        4 * MAC_CAP,
    );

  test('random configurations (kernel 1-65, stride 1-4, same/valid, channels 1-512, batch 1-32, odd lengths)', async () => {
    await fc.assert(
      fc.asyncProperty(config, async (c) => {
        const wo = convOutLength(c.length, c.kernel, c.stride, c.pad);
        const x = randn(c.batch * c.length * c.cin, c.seed);
        const w = randn(c.kernel * c.cin * c.cout, c.seed + 1).map((v) => v / Math.sqrt(c.kernel * c.cin));
        const r = randn(c.batch * wo * c.cout, c.seed + 2);
        const ref = await onBackend('cpu', () => conv1dGrads(x, w, r, c));
        const got = await onBackend('wasm', () => conv1dGrads(x, w, r, c));
        const e = ['y', 'dx', 'dw'].map((_, i) =>
          relNormError(got[i] as Float32Array, ref[i] as Float32Array),
        );
        worst.y = Math.max(worst.y, e[0] as number);
        worst.dx = Math.max(worst.dx, e[1] as number);
        worst.dw = Math.max(worst.dw, e[2] as number);
        expect(e[0], `y ${JSON.stringify(c)}`).toBeLessThanOrEqual(REL_TOL);
        expect(e[1], `dx ${JSON.stringify(c)}`).toBeLessThanOrEqual(REL_TOL);
        expect(e[2], `dw ${JSON.stringify(c)}`).toBeLessThanOrEqual(REL_TOL);
      }),
      { seed: 12, numRuns: 60 },
    );
    console.info(
      `conv1d parity, worst relative error: y ${worst.y.toExponential(2)}, dx ${worst.dx.toExponential(2)}, dw ${worst.dw.toExponential(2)}`,
    );
  });
});

describe('own SIMD kernel (wasm/kernels.wasm): filter gradient with 1-4 output channels', () => {
  test('is loaded by pickBackend("wasm")', () => {
    expect(ownKernelsLoaded()).toBe(true);
  });

  for (const c of [
    { kernel: 9, stride: 1, pad: 'same' as const, cin: 128, cout: 2, batch: 3, length: 257 },
    { kernel: 11, stride: 2, pad: 'same' as const, cin: 7, cout: 1, batch: 2, length: 101 },
    { kernel: 5, stride: 3, pad: 'valid' as const, cin: 33, cout: 3, batch: 5, length: 64 },
    { kernel: 1, stride: 4, pad: 'same' as const, cin: 4, cout: 4, batch: 1, length: 9 },
  ]) {
    test(`matches cpu: ${JSON.stringify(c)}`, async () => {
      const wo = convOutLength(c.length, c.kernel, c.stride, c.pad);
      const x = randn(c.batch * c.length * c.cin, 51);
      const w = randn(c.kernel * c.cin * c.cout, 52);
      const r = randn(c.batch * wo * c.cout, 53);
      const ref = await onBackend('cpu', () => conv1dGrads(x, w, r, c));
      const got = await onBackend('wasm', () => conv1dGrads(x, w, r, c));
      expect(relNormError(got[2] as Float32Array, ref[2] as Float32Array)).toBeLessThanOrEqual(REL_TOL);
    });
  }
});

describe('kernels beyond the conv1d fast path', () => {
  test('Conv2DBackpropFilter and Conv2DBackpropInput on 2-D shapes (stock fallback / general path)', async () => {
    const x = randn(2 * 9 * 7 * 3, 21);
    const w = randn(3 * 4 * 3 * 5, 22);
    const run = () => {
      const xt = tf.tensor4d(x, [2, 9, 7, 3]);
      const wt = tf.tensor4d(w, [3, 4, 3, 5]);
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, [2, 1], 'same'))),
      );
      return g([xt, wt]) as tf.Tensor[];
    };
    const ref = await onBackend('cpu', run);
    const got = await onBackend('wasm', run);
    expect(relNormError(got[0] as Float32Array, ref[0] as Float32Array)).toBeLessThanOrEqual(REL_TOL);
    expect(relNormError(got[1] as Float32Array, ref[1] as Float32Array)).toBeLessThanOrEqual(REL_TOL);
  });

  test("#12 conv with 'same' padding and stride > kernel is not zeros (stock wasm/XNNPACK bug)", async () => {
    const c = { kernel: 2, stride: 3, pad: 'same' as const, cin: 5, cout: 4, batch: 1, length: 3 };
    const x = randn(15, 41);
    const w = randn(40, 42);
    const r = randn(4, 43);
    const ref = await onBackend('cpu', () => conv1dGrads(x, w, r, c));
    const got = await onBackend('wasm', () => conv1dGrads(x, w, r, c));
    expect(relNormError(got[0] as Float32Array, ref[0] as Float32Array)).toBeLessThanOrEqual(REL_TOL);
    expect(Math.max(...Array.from(got[0] as Float32Array, Math.abs))).toBeGreaterThan(0);
  });

  test('BatchMatMul with transposeA / transposeB', async () => {
    const a = randn(3 * 40 * 17, 31);
    const b = randn(3 * 40 * 23, 32);
    for (const [ta, tb] of [
      [true, false],
      [false, true],
      [true, true],
      [false, false],
    ] as const) {
      const run = () => {
        const at = tf.tensor3d(a, ta ? [3, 40, 17] : [3, 17, 40]);
        const bt = tf.tensor3d(b, tb ? [3, 23, 40] : [3, 40, 23]);
        return [tf.matMul(at, bt, ta, tb)];
      };
      const ref = await onBackend('cpu', run);
      const got = await onBackend('wasm', run);
      expect(
        relNormError(got[0] as Float32Array, ref[0] as Float32Array),
        `transposeA ${ta} transposeB ${tb}`,
      ).toBeLessThanOrEqual(1e-6);
    }
  });
});
