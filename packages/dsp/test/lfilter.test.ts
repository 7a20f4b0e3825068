import { ParameterError, SignalError } from '@speechsr/core';
import { expectAllClose } from '@speechsr/test-utils';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { cheby1, lfilter, lfilterZi } from '../src/index.js';

/** Textbook difference equation a0·y[n] = Σ b[k]x[n−k] − Σ_{k≥1} a[k]y[n−k]: an independent reference. */
function directForm(b: number[], a: number[], x: Float64Array): Float64Array {
  const y = new Float64Array(x.length);
  for (let n = 0; n < x.length; n++) {
    let s = 0;
    for (let k = 0; k < b.length; k++) if (n - k >= 0) s += b[k]! * x[n - k]!;
    for (let k = 1; k < a.length; k++) if (n - k >= 0) s -= a[k]! * y[n - k]!;
    y[n] = s / a[0]!;
  }
  return y;
}

const arb = (len: number) =>
  fc.float64Array({
    minLength: len,
    maxLength: len,
    min: -10,
    max: 10,
    noNaN: true,
    noDefaultInfinity: true,
  });

describe('lfilter', () => {
  const { b, a } = cheby1(4, 1, 0.3);

  test('matches the direct difference equation, with a[0] != 1 and unequal lengths', () => {
    const x = Float64Array.from({ length: 300 }, (_, i) => Math.sin(i * 0.37) + ((i * 7919) % 13) / 13);
    expectAllClose(lfilter([0.5, -0.2, 0.1], [2, -0.4], x), directForm([0.5, -0.2, 0.1], [2, -0.4], x), {
      atol: 1e-13,
      rtol: 0,
    });
    expectAllClose(lfilter([0.3], [1, -0.5, 0.2, -0.05], x), directForm([0.3], [1, -0.5, 0.2, -0.05], x), {
      atol: 1e-13,
      rtol: 0,
    });
    expectAllClose(lfilter(b, a, x), directForm([...b], [...a], x), { atol: 1e-12, rtol: 0 });
    expectAllClose(
      lfilter([2], [4], x),
      x.map((v) => v / 2),
      { atol: 0, rtol: 0 },
    );
  });

  test('property: linearity, lfilter(αx + βy) = α·lfilter(x) + β·lfilter(y)', () => {
    fc.assert(
      fc.property(
        arb(64),
        arb(64),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        (x, y, al, be) => {
          const mix = x.map((v, i) => al * v + be * y[i]!);
          const lhs = lfilter(b, a, mix);
          const fx = lfilter(b, a, x);
          const fy = lfilter(b, a, y);
          for (let i = 0; i < 64; i++)
            expect(Math.abs(lhs[i]! - (al * fx[i]! + be * fy[i]!))).toBeLessThan(1e-9);
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });

  test('zi: splitting a signal and carrying zf gives the same output as one call', () => {
    const x = Float64Array.from({ length: 500 }, (_, i) => Math.cos(i * 0.1) * ((i % 7) - 3));
    const whole = lfilter(b, a, x);
    const first = lfilter(b, a, x.subarray(0, 200), { zi: new Float64Array(4) });
    const second = lfilter(b, a, x.subarray(200), { zi: first.zf });
    expectAllClose([...first.y, ...second.y], whole, { atol: 1e-13, rtol: 0 });
  });

  test('lfilterZi: a unit step started from zi gives a constant output equal to the DC gain', () => {
    const zi = lfilterZi(b, a);
    expect(zi).toHaveLength(4);
    const dc = b.reduce((s, v) => s + v, 0) / a.reduce((s, v) => s + v, 0);
    const { y } = lfilter(b, a, new Float64Array(100).fill(1), { zi });
    for (const v of y) expect(v).toBeCloseTo(dc, 12);
    // scaled: steady state for a constant 3.5
    const { y: y2 } = lfilter(b, a, new Float64Array(50).fill(3.5), { zi: zi.map((v) => v * 3.5) });
    for (const v of y2) expect(v).toBeCloseTo(3.5 * dc, 11);
  });

  test('inputs are not modified and the output is a fresh Float64Array', () => {
    const x = Float32Array.from([1, 2, 3, 4]);
    const bb = [0.5, 0.5];
    const y = lfilter(bb, [1], x);
    expect(y).toBeInstanceOf(Float64Array);
    expect([...x]).toEqual([1, 2, 3, 4]);
    expect(bb).toEqual([0.5, 0.5]);
    expect([...y]).toEqual([0.5, 1.5, 2.5, 3.5]);
    // a pure gain has an empty state
    const g = lfilter([3], [2], x, { zi: [] });
    expect([...g.y]).toEqual([1.5, 3, 4.5, 6]);
    expect(g.zf).toHaveLength(0);
  });

  test('bad input throws typed errors naming the argument', () => {
    const x = new Float64Array(10);
    expect(() => lfilter(b, a, new Float64Array(0))).toThrow(SignalError);
    expect(() => lfilter(b, a, new Float64Array(0))).toThrow(/lfilter: x must not be empty/);
    expect(() => lfilter(b, a, Float64Array.from([1, Number.NaN]))).toThrow(
      /lfilter: x must be finite, got NaN at sample 1/,
    );
    expect(() => lfilter(b, [0, 1], x)).toThrow(ParameterError);
    expect(() => lfilter(b, [0, 1], x)).toThrow(/lfilter: a\[0\] must be non-zero/);
    expect(() => lfilter([], a, x)).toThrow(/lfilter: b must be a non-empty array/);
    expect(() => lfilter(b, a, x, { zi: [0, 0] })).toThrow(
      /lfilter: zi must have length max\(len\(a\), len\(b\)\) - 1 = 4, got 2/,
    );
    // @ts-expect-error wrong type on purpose
    expect(() => lfilter(b, a, [1, 2, 3])).toThrow(
      /lfilter: x must be a Float32Array or Float64Array, got Array\(3\)/,
    );
    expect(() => lfilterZi([1], [1, -1])).toThrow(/lfilterZi: the filter has a pole at z = 1/);
  });
});
