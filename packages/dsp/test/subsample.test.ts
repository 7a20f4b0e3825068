import { ParameterError } from '@speechsr/core';
import { expectAllClose } from '@speechsr/test-utils';
import { describe, expect, test } from 'vitest';
import { cheby1, decimate, lfilter, subsample } from '../src/index.js';

describe('subsample', () => {
  const x = Float64Array.from({ length: 999 }, (_, i) => Math.sin(i * 0.07) + 0.3 * Math.cos(i * 2.2));

  test('is lfilter(cheby1(order, rp, floor(sr/(2q))/(sr/2)), x)[::q]', () => {
    for (const [q, sampleRate, order, rp] of [
      [2, 16000, 8, 1],
      [3, 16000, 8, 1],
      [4, 48000, 6, 0.5],
    ] as const) {
      const wn = Math.floor(sampleRate / (2 * q)) / (sampleRate / 2);
      const { b, a } = cheby1(order, rp, wn);
      const ref = lfilter(b, a, x).filter((_, i) => i % q === 0);
      const y = subsample(x, q, { sampleRate, order, rp });
      expect(y).toHaveLength(Math.ceil(x.length / q));
      expectAllClose(y, ref, { atol: 0, rtol: 0 });
    }
    // scale 3 uses the seed's truncated cutoff 2666 Hz, Wn = 0.33325
    const { b, a } = cheby1(8, 1, 0.33325);
    expectAllClose(
      subsample(x, 3),
      lfilter(b, a, x).filter((_, i) => i % 3 === 0),
      { atol: 0, rtol: 0 },
    );
  });

  test('causal: unlike decimate, the output lags (group delay is not compensated)', () => {
    const n = 4000;
    const tone = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * 500 * i) / 16000));
    const lag = (y: Float64Array) => {
      // phase of the 500 Hz component relative to the input's (at 8 kHz)
      let re = 0;
      let im = 0;
      for (let i = 1000; i < 1800; i++) {
        re += y[i]! * Math.cos((2 * Math.PI * 500 * i) / 8000);
        im += y[i]! * Math.sin((2 * Math.PI * 500 * i) / 8000);
      }
      return Math.atan2(re, im);
    };
    expect(Math.abs(lag(decimate(tone, 2)))).toBeLessThan(1e-3);
    expect(Math.abs(lag(subsample(tone, 2)))).toBeGreaterThan(0.1);
  });

  test('bad parameters throw ParameterError naming the argument', () => {
    expect(() => subsample(x, 1)).toThrow(/subsample: q must be an integer >= 2, got 1/);
    expect(() => subsample(x, 2.5)).toThrow(ParameterError);
    expect(() => subsample(x, 2, { sampleRate: 0 })).toThrow(
      /subsample: sampleRate must be a finite number > 0, got 0/,
    );
    expect(() => subsample(x, 2, { rp: -1 })).toThrow(/subsample: rp must be a finite number > 0, got -1/);
    expect(() => subsample(x, 2, { order: 0 })).toThrow(/subsample: order must be an integer >= 1, got 0/);
    expect(() => subsample(x, 4, { sampleRate: 6 })).toThrow(/The sample rate 6 is too small for q = 4/);
    expect(() => subsample(new Float64Array(0), 2)).toThrow(/subsample: x must not be empty/);
  });

  test('Float32 input is computed in float64 and not modified', () => {
    const x32 = Float32Array.from(x);
    const copy = Float32Array.from(x32);
    for (const q of [2, 3, 4]) {
      expectAllClose(subsample(x32, q), subsample(Float64Array.from(x32), q), {
        atol: 0,
        rtol: 0,
        label: `q=${q}`,
      });
    }
    expect(x32).toEqual(copy);
  });
});
