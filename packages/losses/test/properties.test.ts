import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { ParameterError } from '@speechsr/core';
import { expectAllClose } from '@speechsr/test-utils';
import { expectNoLeak } from '@speechsr/test-utils/leak';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  fLoss,
  mae,
  maeLoss,
  mse,
  mseLoss,
  pcmLoss,
  riLoss,
  riMagLoss,
  tfLoss,
  tpcmLoss,
} from '../src/index.js';
import type { InputLoss, TfLoss } from '../src/index.js';
import { randomCase } from './cases.js';
import { ENTRIES } from './entries.js';
import { randn } from './reference.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SEED_ENTRIES: [string, TfLoss | InputLoss][] = [
  ['MAE seed', maeLoss({ seedCompat: true })],
  ['F seed', fLoss({ seedCompat: true })],
  ['RI seed', riLoss({ seedCompat: true })],
  ['RI-MAG seed', riMagLoss({ seedCompat: true })],
  ['TF seed', tfLoss({ seedCompat: true })],
  ['PCM seed', pcmLoss({ seedCompat: true })],
  ['T-PCM seed', tpcmLoss({ seedCompat: true })],
];

function values(
  loss: TfLoss | InputLoss,
  y: Float32Array,
  p: Float32Array,
  x: Float32Array,
  b: number,
  t: number,
): Float32Array {
  return tf.tidy(() => {
    const v = (loss as InputLoss)(
      tf.tensor3d(y, [b, t, 1]),
      tf.tensor3d(p, [b, t, 1]),
      tf.tensor3d(x, [b, t, 1]),
    );
    return v.dataSync() as Float32Array;
  });
}

describe('properties', () => {
  test('every loss is ≥ 0, and 0 at equality (canonical losses)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 512, max: 1300 }),
        fc.integer(),
        (b, t, seed) => {
          const y = randn(b * t, seed);
          const p = randn(b * t, seed + 1, 0.3);
          const x = randn(b * t, seed + 2);
          for (const e of ENTRIES) {
            for (const v of values(e.loss, y, p, x, b, t)) expect(v, e.name).toBeGreaterThanOrEqual(0);
            for (const v of values(e.loss, y, y, x, b, t)) expect(v, `${e.name} at equality`).toBe(0);
          }
        },
      ),
      { seed: 42, numRuns: 4 },
    );
  });

  test('seed variants are ≥ 0, and 0 at equality except the seed MAE/MSE ε offsets', () => {
    const c = randomCase(2, 2048, 3);
    for (const [name, loss] of SEED_ENTRIES) {
      for (const v of values(loss, c.y, c.p, c.x, c.b, c.t)) expect(v, name).toBeGreaterThanOrEqual(0);
      const eq = values(loss, c.y, c.y, c.x, c.b, c.t);
      // seed "MAE" = sqrt(mean d² + 1e-6) → 1e-3 at equality; everything else is exactly 0
      for (const v of eq) expect(v, `${name} at equality`).toBeCloseTo(name === 'MAE seed' ? 1e-3 : 0, 9);
    }
    for (const v of values(mseLoss({ seedCompat: true }), c.y, c.y, c.x, c.b, c.t))
      expect(v).toBeCloseTo(1e-6, 12);
  });

  test('PCM with x = 0 equals F; α, β at 0 and 1 reduce TF and T-PCM to their parts', () => {
    const c = randomCase(2, 2048, 9);
    const zero = new Float32Array(c.b * c.t);
    expectAllClose(values(pcmLoss(), c.y, c.p, zero, c.b, c.t), values(fLoss(), c.y, c.p, zero, c.b, c.t), {
      atol: 0,
      rtol: 1e-6,
    });
    // T-PCM with β = 1 is MAE, with β = 0 it is PCM; TF with α = 1 is MAE, α = 0 is F
    const maeV = values(mae, c.y, c.p, c.x, c.b, c.t);
    expectAllClose(values(tpcmLoss({ beta: 1 }), c.y, c.p, c.x, c.b, c.t), maeV, { atol: 0, rtol: 1e-6 });
    expectAllClose(values(tfLoss({ alpha: 1 }), c.y, c.p, c.x, c.b, c.t), maeV, { atol: 0, rtol: 1e-6 });
    expectAllClose(
      values(tpcmLoss({ beta: 0 }), c.y, c.p, c.x, c.b, c.t),
      values(pcmLoss(), c.y, c.p, c.x, c.b, c.t),
      {
        atol: 0,
        rtol: 1e-6,
      },
    );
    expectAllClose(
      values(tfLoss({ alpha: 0 }), c.y, c.p, c.x, c.b, c.t),
      values(fLoss(), c.y, c.p, c.x, c.b, c.t),
      {
        atol: 0,
        rtol: 1e-6,
      },
    );
  });

  test('batch consistency: per-example values equal the per-item loop', () => {
    const c = randomCase(2, 2048, 12);
    for (const [name, loss] of [...ENTRIES.map((e) => [e.name, e.loss] as const), ...SEED_ENTRIES]) {
      if (name === 'RI-MAG seed') continue; // couples the batch by design (sign of the batch mean)
      const all = values(loss, c.y, c.p, c.x, c.b, c.t);
      for (let i = 0; i < c.b; i++) {
        const s = (a: Float32Array) => a.subarray(i * c.t, (i + 1) * c.t);
        const one = values(loss, s(c.y), s(c.p), s(c.x), 1, c.t);
        expect(Math.abs(one[0]! - all[i]!), name).toBeLessThanOrEqual(1e-6 * Math.abs(all[i]!));
      }
    }
  });

  test('[batch, time] inputs give the same values as [batch, time, 1]', () => {
    const c = randomCase(2, 1024, 13);
    const loss = tpcmLoss();
    const a = values(loss, c.y, c.p, c.x, c.b, c.t);
    const b = tf.tidy(() =>
      loss(
        tf.tensor2d(c.y, [c.b, c.t]),
        tf.tensor2d(c.p, [c.b, c.t]),
        tf.tensor2d(c.x, [c.b, c.t]),
      ).dataSync(),
    );
    expectAllClose(b, a, { atol: 0, rtol: 0 });
  });
});

describe('errors', () => {
  test('factories reject bad options with the parameter and the value', () => {
    expect(() => tfLoss({ alpha: 1.5 })).toThrow(ParameterError);
    expect(() => tfLoss({ alpha: 1.5 })).toThrow(
      /tfLoss: alpha must be a finite number >= 0 and <= 1, got 1.5/,
    );
    expect(() => tpcmLoss({ beta: -0.1 })).toThrow(
      /tpcmLoss: beta must be a finite number >= 0 and <= 1, got -0.1/,
    );
    expect(() => tpcmLoss({ beta: Number.NaN })).toThrow(/tpcmLoss: beta must be a finite number/);
    expect(() => fLoss({ magnitude: 'l2' as 'l1' })).toThrow(
      /fLoss: magnitude must be one of "l1", "complex", got "l2"/,
    );
    expect(() => tfLoss({ timeTerm: 'l2' as 'l1' })).toThrow(
      /tfLoss: timeTerm must be one of "l1", "rmse", got "l2"/,
    );
    expect(() => riLoss({ seedCompat: 'yes' as unknown as boolean })).toThrow(
      /riLoss: seedCompat must be a boolean/,
    );
  });

  test('losses reject mismatched or malformed tensors', () => {
    const a = tf.zeros([2, 2048, 1]);
    const b = tf.zeros([2, 1024, 1]);
    const c = tf.zeros([2, 300, 1]);
    const d = tf.zeros([2, 2048, 2]);
    expect(() => mae(a, b)).toThrow(ParameterError);
    expect(() => mae(a, b)).toThrow(
      /mae: yPred must have the shape of yTrue \[2, 2048, 1\], got \[2, 1024, 1\]/,
    );
    expect(() => mse(d, d)).toThrow(
      /mse: yTrue must have shape \[batch, time, 1\] or \[batch, time\], got \[2, 2048, 2\]/,
    );
    expect(() => fLoss()(c, c)).toThrow(/fLoss: patches must have at least 512 samples, got 300/);
    expect(() => tpcmLoss()(a, a, b)).toThrow(
      /tpcmLoss: x \(the network input\) must have the shape of yTrue/,
    );
    expect(() => pcmLoss()(a, a, undefined as unknown as tf.Tensor)).toThrow(
      /pcmLoss: x must be a tf.Tensor/,
    );
    tf.dispose([a, b, c, d]);
  });
});

describe('no tensor leaks', () => {
  const c = randomCase(1, 1024, 5);
  const losses: [string, TfLoss | InputLoss][] = [
    ...ENTRIES.map((e) => [e.name, e.loss] as [string, TfLoss]),
    ...SEED_ENTRIES,
  ];
  test('forward and gradient of every loss', async () => {
    const y = tf.tensor3d(c.y, [c.b, c.t, 1]);
    const p = tf.tensor3d(c.p, [c.b, c.t, 1]);
    const x = tf.tensor3d(c.x, [c.b, c.t, 1]);
    for (const [name, loss] of losses) {
      await expectNoLeak(() => tf.dispose((loss as InputLoss)(y, p, x)));
      await expectNoLeak(() => {
        const { value, grads } = tf.valueAndGrads(
          (v: tf.Tensor) => tf.mean((loss as InputLoss)(y, v, x)) as tf.Scalar,
        )([p]);
        tf.dispose([value, ...grads]);
      });
      expect(name).toBeTruthy();
    }
    tf.dispose([y, p, x]);
  });
  test('errors thrown inside a loss leave no tensors behind', async () => {
    const a = tf.zeros([1, 300, 1]);
    await expectNoLeak(() => {
      try {
        tpcmLoss()(a, a, a);
      } catch {
        /* expected */
      }
    });
    a.dispose();
  });
});
