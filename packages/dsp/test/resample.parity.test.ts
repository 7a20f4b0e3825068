import { expectAllClose, fixtures } from '@speechsr/test-utils';
import { describe, expect, test } from 'vitest';
import { resample } from '../src/index.js';

interface ResampleCase {
  n: number;
  x: number[];
  [key: `fft_q${number}`]: { num: number; y: number[] };
}
const fx = fixtures(import.meta.url);
const data = fx.json('dsp/resample.json');
// resample.json tolerance: "fft: max |y - y_ref| <= 1e-12 (any exact DFT; non-power-of-2 sizes)"
const ATOL_FFT = 1e-12;

describe('resample parity with scipy.signal.resample (resample.json fft_q*)', () => {
  for (const c of data.cases as ResampleCase[]) {
    for (const q of [2, 4]) {
      test(`n=${c.n}, q=${q} (num=${c[`fft_q${q}`]!.num})`, () => {
        const x = Float64Array.from(c.x as number[]);
        const ref = c[`fft_q${q}`]!;
        const y = resample(x, ref.num);
        expect(y).toHaveLength(ref.num);
        expectAllClose(y, ref.y, { atol: ATOL_FFT, rtol: 0, label: `n=${c.n} q=${q}` });
      });
    }
  }
  test('float32 input gives the float64 result of the same values', () => {
    const c = data.cases[3];
    const x32 = Float32Array.from(c.x as number[]);
    expectAllClose(resample(x32, 499), resample(Float64Array.from(x32), 499), { atol: 0, rtol: 0 });
  });
});
