import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import type { InputLoss } from '../src/index.js';
import { type Case, randomCase, speechCase } from './cases.js';
import { ENTRIES } from './entries.js';
import { lossGrad } from './grad.js';
import { relNormError, row } from './reference.js';

// The losses are piecewise linear, so the test compares with the analytic (sub)gradient of the float64
// reference (sign(0) = 0), not with finite differences. Float32 forward/backward passes agree with it to
// about 1e-6 norm-wise; 1e-5 leaves room for an occasional sign flip of a near-zero spectral difference.
const GRAD_REL_TOL = 1e-5;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const worst: Record<string, number> = {};

describe('gradients equal the analytic subgradient of the float64 reference (cpu)', () => {
  const cases = [randomCase(2, 1024, 21), speechCase(import.meta.url, 1)];
  for (const e of ENTRIES) {
    for (const c of cases) {
      test(`${e.name}, ${c.label}`, () => {
        const g = lossGrad(e.loss as InputLoss, c);
        for (let i = 0; i < c.b; i++) {
          const want = e.ref(row(c.y, i, c.t), row(c.p, i, c.t), row(c.x, i, c.t)).grad;
          const err = relNormError(row(g, i, c.t), want);
          worst[e.name] = Math.max(worst[e.name] ?? 0, err);
          expect(err, `${e.name} example ${i}`).toBeLessThanOrEqual(GRAD_REL_TOL);
        }
      });
    }
  }

  test('every loss has a zero gradient at equality (sign(0) = 0)', () => {
    const c = randomCase(2, 1024, 5);
    const eq: Case = { ...c, p: c.y };
    for (const e of ENTRIES) {
      const g = lossGrad(e.loss as InputLoss, eq);
      let m = 0;
      for (const v of g) m = Math.max(m, Math.abs(v));
      expect(m, e.name).toBe(0);
    }
  });

  test('report', () => {
    console.log(`max norm-wise gradient error per loss (cpu): ${JSON.stringify(worst)}`);
  });
});
