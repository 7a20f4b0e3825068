import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { expectAllClose } from '@speechsr/test-utils';
import { beforeAll, describe, test } from 'vitest';
import { randomCase, speechCase } from './cases.js';
import { ENTRIES, lossValues, refValues } from './entries.js';

// Issue #13 acceptance: "Loss values equal a float64 JavaScript reference computed with @speechsr/dsp's
// STFT on random and speech patches (rel. error ≤ 1e-5 on cpu, ≤ 1e-4 on wasm)".
const CPU_RTOL = 1e-5;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const worst: Record<string, number> = {};

describe('loss values equal the float64 reference (cpu)', () => {
  const cases = [randomCase(3, 2048, 1), speechCase(import.meta.url, 3), randomCase(2, 1500, 40)];
  for (const e of ENTRIES) {
    for (const c of cases) {
      test(`${e.name}, ${c.label}`, async () => {
        const got = await lossValues(e.loss, c);
        const want = refValues(e.ref, c);
        expectAllClose(got, want, { atol: 0, rtol: CPU_RTOL, label: e.name });
        let m = 0;
        for (let i = 0; i < c.b; i++) m = Math.max(m, Math.abs(got[i]! - want[i]!) / Math.abs(want[i]!));
        worst[e.name] = Math.max(worst[e.name] ?? 0, m);
      });
    }
  }
  test('report', () => {
    console.log(`max relative error per loss (cpu): ${JSON.stringify(worst)}`);
  });
});
