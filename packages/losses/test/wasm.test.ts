import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { pickBackend } from '@speechsr/backend';
import { expectAllClose } from '@speechsr/test-utils';
import { expectNoLeak } from '@speechsr/test-utils/leak';
import { beforeAll, describe, expect, test } from 'vitest';
import { maeLoss, pcmLoss, tpcmLoss } from '../src/index.js';
import type { InputLoss, TfLoss } from '../src/index.js';
import { type Case, randomCase, speechCase } from './cases.js';
import { ENTRIES, lossValues, refValues } from './entries.js';
import { lossGrad } from './grad.js';
import { relNormError, row } from './reference.js';

// Issue #13 acceptance: loss values vs the float64 reference "≤ 1e-4 on wasm"; gradients "wasm equals
// cpu norm-wise within 1e-4".
const WASM_RTOL = 1e-4;
const WASM_GRAD_TOL = 1e-4;

beforeAll(async () => {
  // the trainable wasm backend of @speechsr/backend (stock wasm + its training kernels)
  const choice = await pickBackend('wasm', { log: () => {} });
  expect(choice.backend).toBe('wasm');
});

async function onBackend<T>(name: 'cpu' | 'wasm', fn: () => T | Promise<T>): Promise<T> {
  await tf.setBackend(name);
  try {
    return await fn();
  } finally {
    await tf.setBackend('wasm');
  }
}

const worstValue: Record<string, number> = {};
const worstGrad: Record<string, number> = {};
const SEED_ENTRIES: [string, TfLoss | InputLoss][] = [
  ['MAE seed', maeLoss({ seedCompat: true })],
  ['PCM seed', pcmLoss({ seedCompat: true })],
  ['T-PCM seed', tpcmLoss({ seedCompat: true })],
];

describe('wasm backend (@speechsr/backend pickBackend("wasm"))', () => {
  const cases: Case[] = [randomCase(3, 2048, 1), speechCase(import.meta.url, 3)];
  for (const e of ENTRIES) {
    test(`${e.name}: values equal the float64 reference, gradients equal cpu`, async () => {
      expect(tf.getBackend()).toBe('wasm');
      for (const c of cases) {
        const got = await lossValues(e.loss, c);
        const want = refValues(e.ref, c);
        expectAllClose(got, want, { atol: 0, rtol: WASM_RTOL, label: `${e.name} ${c.label}` });
        for (let i = 0; i < c.b; i++) {
          worstValue[e.name] = Math.max(
            worstValue[e.name] ?? 0,
            Math.abs(got[i]! - want[i]!) / Math.abs(want[i]!),
          );
        }
      }
      const g = randomCase(2, 1024, 21);
      const gw = lossGrad(e.loss as InputLoss, g);
      const gc = await onBackend('cpu', () => lossGrad(e.loss as InputLoss, g));
      for (let i = 0; i < g.b; i++) {
        const err = relNormError(row(gw, i, g.t), row(gc, i, g.t));
        const errRef = relNormError(
          row(gw, i, g.t),
          e.ref(row(g.y, i, g.t), row(g.p, i, g.t), row(g.x, i, g.t)).grad,
        );
        worstGrad[e.name] = Math.max(worstGrad[e.name] ?? 0, err);
        expect(err, `${e.name} wasm vs cpu gradient, example ${i}`).toBeLessThanOrEqual(WASM_GRAD_TOL);
        expect(errRef, `${e.name} wasm vs float64 analytic gradient, example ${i}`).toBeLessThanOrEqual(
          WASM_GRAD_TOL,
        );
      }
    });
  }

  test('seed variants: wasm equals cpu', async () => {
    const c = randomCase(2, 2048, 5);
    for (const [name, loss] of SEED_ENTRIES) {
      const w = await lossValues(loss, c);
      const cpu = await onBackend('cpu', () => lossValues(loss, c));
      expectAllClose(w, cpu, { atol: 0, rtol: WASM_RTOL, label: name });
      const gw = lossGrad(loss as InputLoss, c);
      const gc = await onBackend('cpu', () => lossGrad(loss as InputLoss, c));
      expect(relNormError(gw, gc), name).toBeLessThanOrEqual(WASM_GRAD_TOL);
    }
  });

  test('no tensor leaks on wasm (forward and gradient)', async () => {
    const c = randomCase(1, 1024, 9);
    const y = tf.tensor3d(c.y, [1, 1024, 1]);
    const p = tf.tensor3d(c.p, [1, 1024, 1]);
    const x = tf.tensor3d(c.x, [1, 1024, 1]);
    for (const e of ENTRIES) {
      await expectNoLeak(() => {
        const { value, grads } = tf.valueAndGrads(
          (v: tf.Tensor) => tf.mean((e.loss as InputLoss)(y, v, x)) as tf.Scalar,
        )([p]);
        tf.dispose([value, ...grads]);
      });
    }
    tf.dispose([y, p, x]);
  });

  test('report', () => {
    console.log(`wasm: max relative value error vs float64 ${JSON.stringify(worstValue)}`);
    console.log(`wasm: max norm-wise gradient error vs cpu ${JSON.stringify(worstGrad)}`);
  });
});
