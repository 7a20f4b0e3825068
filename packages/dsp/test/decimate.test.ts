import { ParameterError, SignalError } from '@speechsr/core';
import { expectAllClose } from '@speechsr/test-utils';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { cheby1, decimate, sosfilt, sosfiltfilt } from '../src/index.js';
import { setWasmKernelsDisabled } from '../src/wasm-kernels.js';

describe('decimate', () => {
  const x = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i * 0.05) + 0.2 * Math.sin(i * 2.9));

  test('is sosfiltfilt(cheby1(n, 0.05, 0.8/q, sos), x)[::q], and sosfilt when zeroPhase is false', () => {
    for (const [n, q] of [
      [8, 2],
      [5, 3],
      [3, 1],
    ] as const) {
      const sos = cheby1(n, 0.05, 0.8 / q, { output: 'sos' });
      const keep = (y: Float64Array) => y.filter((_, i) => i % q === 0);
      expectAllClose(decimate(x, q, { n }), keep(sosfiltfilt(sos, x)), { atol: 0, rtol: 0 });
      expectAllClose(decimate(x, q, { n, zeroPhase: false }), keep(sosfilt(sos, x)), { atol: 0, rtol: 0 });
    }
  });

  test('property: output length is ceil(len / q)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 28, max: 3000 }),
        fc.integer({ min: 1, max: 8 }),
        fc.boolean(),
        (n, q, zeroPhase) => {
          expect(decimate(new Float64Array(n).fill(1), q, { zeroPhase })).toHaveLength(Math.ceil(n / q));
        },
      ),
      { seed: 42, numRuns: 60 },
    );
  });

  test('a slow sine survives with its amplitude and without phase shift; a tone above the new Nyquist is removed', () => {
    const n = 4000;
    const slow = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * 200 * i) / 16000));
    const fast = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * 6000 * i) / 16000));
    const ys = decimate(slow, 2);
    for (let i = 200; i < 1800; i++) expect(Math.abs(ys[i]! - slow[2 * i]!)).toBeLessThan(0.01);
    const yf = decimate(fast, 2);
    for (let i = 200; i < 1800; i++) expect(Math.abs(yf[i]!)).toBeLessThan(1e-3);
  });

  test('Float32 input is accepted (computed in float64) and not modified', () => {
    const x32 = Float32Array.from(x);
    const copy = Float32Array.from(x32);
    expectAllClose(decimate(x32, 2), decimate(Float64Array.from(x32), 2), { atol: 0, rtol: 0 });
    expect(x32).toEqual(copy);
  });

  test('bad input throws typed errors naming the argument and range', () => {
    expect(() => decimate(x, 2.5)).toThrow(ParameterError);
    expect(() => decimate(x, 2.5)).toThrow(
      /decimate: q must be an integer >= 1, got 2.5\. For non-integer ratios/,
    );
    expect(() => decimate(x, 0)).toThrow(/decimate: q must be an integer >= 1, got 0/);
    expect(() => decimate(x, 2, { n: 0 })).toThrow(/decimate: n must be an integer >= 1, got 0/);
    expect(() => decimate(new Float64Array(0), 2)).toThrow(SignalError);
    expect(() => decimate(Float64Array.from([0, Number.NaN, 1]), 2)).toThrow(
      /decimate: x must be finite, got NaN at sample 1/,
    );
    expect(() => decimate(new Float64Array(27), 2)).toThrow(
      /decimate: x must be longer than padlen = 27, got a signal of length 27/,
    );
    expect(decimate(new Float64Array(27), 2, { zeroPhase: false })).toHaveLength(14);
  });

  test('the WebAssembly and JavaScript paths are bit-identical (orders 8, 5, 12: one, two and three section groups)', () => {
    try {
      for (const n of [8, 5, 12]) {
        for (const q of [2, 3]) {
          setWasmKernelsDisabled(true);
          const js = decimate(x, q, { n });
          setWasmKernelsDisabled(false);
          expectAllClose(decimate(x, q, { n }), js, { atol: 0, rtol: 0, label: `n=${n} q=${q}` });
        }
      }
    } finally {
      setWasmKernelsDisabled(false);
    }
  });
});
