import { ParameterError, SignalError } from '@speechsr/core';
import { expectAllClose } from '@speechsr/test-utils';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { splineUpsample } from '../src/index.js';

describe('splineUpsample', () => {
  test('interpolates the samples and has length n·r (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 4, maxLength: 60 }),
        fc.integer({ min: 1, max: 6 }),
        (vals, r) => {
          const x = Float64Array.from(vals);
          const y = splineUpsample(x, r);
          if (y.length !== x.length * r) return false;
          return x.every((v, j) => Math.abs(y[j * r]! - v) <= 1e-12);
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });

  test('reproduces a cubic exactly, including the extrapolated tail', () => {
    const p = (t: number) => 0.3 - 0.2 * t + 0.05 * t * t - 0.001 * t * t * t;
    for (const n of [4, 5, 6, 40]) {
      for (const r of [2, 3, 4]) {
        const x = Float64Array.from({ length: n }, (_, j) => p(j * r));
        const ref = Float64Array.from({ length: n * r }, (_, i) => p(i));
        expectAllClose(splineUpsample(x, r), ref, { atol: 1e-9, rtol: 1e-12, label: `n=${n} r=${r}` });
      }
    }
  });

  test('r = 1 returns a copy; float32 input is accepted', () => {
    const x = Float32Array.of(1, 2, 0, -1, 3);
    expectAllClose(splineUpsample(x, 1), Float64Array.from(x), { atol: 1e-15, rtol: 0 });
  });

  test('bad input throws typed errors', () => {
    expect(() => splineUpsample(Float64Array.of(1, 2, 3), 2)).toThrow(SignalError);
    expect(() => splineUpsample(Float64Array.of(1, 2, 3), 2)).toThrow(
      /xLr must have at least 4 samples, got 3/,
    );
    expect(() => splineUpsample(new Float64Array(8), 0)).toThrow(ParameterError);
    expect(() => splineUpsample(new Float64Array(8), 1.5)).toThrow(/r must be an integer >= 1, got 1.5/);
    expect(() => splineUpsample(Float64Array.of(1, 2, Number.NaN, 4), 2)).toThrow(/xLr must be finite/);
  });
});
