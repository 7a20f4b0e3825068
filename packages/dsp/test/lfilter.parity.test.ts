import { expectAllClose, fixtures } from '@speechsr/test-utils';
import { describe, test } from 'vitest';
import { lfilter } from '../src/index.js';

const fx = fixtures(import.meta.url);
const lf = fx.json('dsp/lfilter.json');
// lfilter.json tolerance: "max |y - y_ref| <= 1e-9 (float64 direct-form-II-transposed)"
const ATOL = 1e-9;

describe('lfilter parity with scipy.signal.lfilter (lfilter.json)', () => {
  const x = Float64Array.from(lf.x as number[]);
  for (const [name, c] of Object.entries(
    lf.cases as Record<string, { b: number[]; a: number[]; y: number[] }>,
  )) {
    test(`${name}: 2000 samples of noise, initial rest`, () => {
      expectAllClose(lfilter(c.b, c.a, x), c.y, { atol: ATOL, rtol: 0, label: name });
    });
  }
  test('Float32 input is computed in float64 (same result as its float64 copy)', () => {
    const c = lf.cases.subsample_scale2;
    const x32 = Float32Array.from(lf.x as number[]);
    expectAllClose(lfilter(c.b, c.a, x32), lfilter(c.b, c.a, Float64Array.from(x32)), { atol: 0, rtol: 0 });
  });
});
