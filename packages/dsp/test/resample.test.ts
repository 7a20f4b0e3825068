import { ParameterError, SignalError } from '@speechsr/core';
import { expectAllClose } from '@speechsr/test-utils';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { resample } from '../src/index.js';

describe('resample', () => {
  test('output length is num (property) and input is not modified', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 700 }), fc.integer({ min: 1, max: 700 }), (n, num) => {
        const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) + 0.1 * (i % 7));
        const copy = x.slice();
        const y = resample(x, num);
        return y.length === num && x.every((v, i) => v === copy[i]);
      }),
      { seed: 42, numRuns: 80 },
    );
  });

  test('num = len returns the signal; up-then-down recovers a band-limited signal', () => {
    const n = 96;
    const x = Float64Array.from(
      { length: n },
      (_, i) => Math.cos((2 * Math.PI * 5 * i) / n) + 0.5 * Math.sin((2 * Math.PI * 11 * i) / n),
    );
    expectAllClose(resample(x, n), x, { atol: 1e-14, rtol: 0 });
    expectAllClose(resample(resample(x, 3 * n + 1), n), x, { atol: 1e-13, rtol: 0 });
  });

  test('a sinusoid below the new Nyquist is resampled exactly', () => {
    const n = 1000;
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * 37 * i) / n));
    const y = resample(x, 333);
    const ref = Float64Array.from({ length: 333 }, (_, i) => Math.sin((2 * Math.PI * 37 * i) / 333));
    expectAllClose(y, ref, { atol: 1e-12, rtol: 0 });
  });

  test('bad input throws typed errors', () => {
    const x = new Float64Array(10);
    expect(() => resample(x, 0)).toThrow(ParameterError);
    expect(() => resample(x, 0)).toThrow(/resample: num must be an integer >= 1, got 0/);
    expect(() => resample(x, 2.5)).toThrow(/num must be an integer/);
    expect(() => resample(new Float64Array(0), 2)).toThrow(SignalError);
    expect(() => resample(Float64Array.of(1, Number.POSITIVE_INFINITY), 1)).toThrow(/x must be finite/);
  });
});
