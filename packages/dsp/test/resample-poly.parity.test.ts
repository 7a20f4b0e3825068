import { expectAllClose, fixtures } from '@speechsr/test-utils';
import { describe, expect, test } from 'vitest';
import { firwin, resamplePoly } from '../src/index.js';

const fx = fixtures(import.meta.url);
const rs = fx.json('dsp/resample.json');
// resample.json tolerance: "poly: <= 1e-12; firwin taps <= 1e-15"
const POLY_ATOL = 1e-12;
const TAPS_ATOL = 1e-15;

describe('resamplePoly / firwin parity with scipy (resample.json poly_* cases)', () => {
  for (const q of [2, 4]) {
    test(`firwin(${20 * q + 1}, 1/${q}, window=('kaiser', 5.0))`, () => {
      expectAllClose(firwin(20 * q + 1, 1 / q, { window: ['kaiser', 5.0] }), rs.firwin_taps[`q${q}`], {
        atol: TAPS_ATOL,
        rtol: 0,
      });
    });
  }
  for (const c of rs.cases as { n: string; x: number[]; [k: string]: unknown }[]) {
    for (const q of [2, 4]) {
      test(`resample_poly(x, 1, ${q}), len ${c.n}`, () => {
        const ref = c[`poly_q${q}`] as { length: number; y: number[] };
        const y = resamplePoly(Float64Array.from(c.x), 1, q);
        expect(y).toHaveLength(ref.length);
        expectAllClose(y, ref.y, { atol: POLY_ATOL, rtol: 0, label: `n=${c.n} q=${q}` });
      });
    }
  }
});
