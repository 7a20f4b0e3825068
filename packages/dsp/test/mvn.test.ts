import { SignalError } from '@speechsr/core';
import { expectAllClose, fixtures } from '@speechsr/test-utils';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { mvn } from '../src/index.js';

interface MvnCase {
  x_source: string;
  x: number[];
  y: number[];
}
const fx = fixtures(import.meta.url);
const data = fx.json('dsp/mvn.json');
// mvn.json tolerance: "max |y - y_ref| <= 1e-12 (float64); <= 1e-5 for float32 pipelines"
const ATOL_F64 = 1e-12;
const ATOL_F32 = 1e-5;

describe('mvn', () => {
  for (const [i, c] of (data.cases as MvnCase[]).entries()) {
    test(`parity with the seed's mvn, case ${i} (${c.x_source})`, () => {
      expectAllClose(mvn(Float64Array.from(c.x as number[])), c.y, { atol: ATOL_F64, rtol: 0 });
      expectAllClose(mvn(Float32Array.from(c.x as number[])), c.y, { atol: ATOL_F32, rtol: 0 });
    });
  }

  test('mean 0 and std 1 (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 200 }),
        (vals) => {
          const x = Float64Array.from(vals);
          // (near-)constant inputs are the documented error case (std underflows to 0 for subnormal spreads)
          if (Math.max(...x) - Math.min(...x) < 1e-6) return true;
          const y = mvn(x);
          const mean = y.reduce((a, b) => a + b, 0) / y.length;
          const std = Math.sqrt(y.reduce((a, b) => a + (b - mean) ** 2, 0) / y.length);
          return Math.abs(mean) < 1e-9 && Math.abs(std - 1) < 1e-9;
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });

  test('constant or empty input throws SignalError', () => {
    expect(() => mvn(new Float64Array(5).fill(0.25))).toThrow(SignalError);
    expect(() => mvn(new Float64Array(5).fill(0.25))).toThrow(/mvn: x must not be constant, got std 0 /);
    expect(() => mvn(new Float64Array(0))).toThrow(/mvn: x must not be empty/);
    expect(() => mvn(Float64Array.of(1, Number.NaN))).toThrow(/x must be finite/);
  });
});
