import { ParameterError, SignalError } from '@speechsr/core';
import { expectAllClose } from '@speechsr/test-utils';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { butter, cheby1, filtfilt, lfilter, lfilterZi } from '../src/index.js';

/** filtfilt composed from the public lfilter/lfilterZi with an explicitly built extension. */
function composed(
  b: Float64Array,
  a: Float64Array,
  x: Float64Array,
  ext: Float64Array,
  edge: number,
): Float64Array {
  const zi = lfilterZi(b, a);
  const fwd = lfilter(b, a, ext, { zi: zi.map((v) => v * ext[0]!) }).y;
  const rev = fwd.slice().reverse();
  const bwd = lfilter(b, a, rev, { zi: zi.map((v) => v * rev[0]!) }).y.reverse();
  return bwd.slice(edge, edge + x.length);
}

describe('filtfilt', () => {
  const { b, a } = cheby1(4, 1, 0.3);
  const x = Float64Array.from(
    { length: 120 },
    (_, i) => Math.sin(i * 0.21) + 0.3 * Math.cos(i * 1.7) + i / 60,
  );

  test('padtypes odd / even / constant / null build the documented extensions', () => {
    const n = x.length;
    const E = 15;
    const build = (f: (i: number) => [number, number]): Float64Array => {
      const ext = new Float64Array(n + 2 * E);
      ext.set(x, E);
      for (let i = 1; i <= E; i++) [ext[E - i], ext[E + n - 1 + i]] = f(i);
      return ext;
    };
    const odd = build((i) => [2 * x[0]! - x[i]!, 2 * x[n - 1]! - x[n - 1 - i]!]);
    const even = build((i) => [x[i]!, x[n - 1 - i]!]);
    const cons = build(() => [x[0]!, x[n - 1]!]);
    expectAllClose(filtfilt(b, a, x), composed(b, a, x, odd, E), { atol: 1e-12, rtol: 0 });
    expectAllClose(filtfilt(b, a, x, { padtype: 'even' }), composed(b, a, x, even, E), {
      atol: 1e-12,
      rtol: 0,
    });
    expectAllClose(filtfilt(b, a, x, { padtype: 'constant' }), composed(b, a, x, cons, E), {
      atol: 1e-12,
      rtol: 0,
    });
    expectAllClose(filtfilt(b, a, x, { padtype: null }), composed(b, a, x, x, 0), { atol: 1e-12, rtol: 0 });
    expectAllClose(filtfilt(b, a, x, { padlen: 0 }), composed(b, a, x, x, 0), { atol: 1e-12, rtol: 0 });
  });

  test('property: zero phase, the response to a centred impulse is symmetric', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.double({ min: 0.15, max: 0.9, noNaN: true }),
        fc.integer({ min: 400, max: 600 }),
        (N, wn, half) => {
          const f = butter(N, wn);
          const imp = new Float64Array(2 * half + 1);
          imp[half] = 1;
          const y = filtfilt(f.b, f.a, imp, { padtype: null });
          // far from the ends the IIR tails have decayed: symmetry about the centre
          for (let k = 1; k < 200; k++) expect(Math.abs(y[half + k]! - y[half - k]!)).toBeLessThan(1e-9);
        },
      ),
      { seed: 7, numRuns: 40 },
    );
  });

  test('a constant signal passes through unchanged at the DC gain (steady-state initial conditions)', () => {
    const f = butter(6, 0.2);
    const y = filtfilt(f.b, f.a, new Float64Array(100).fill(2));
    for (const v of y) expect(v).toBeCloseTo(2, 10);
  });

  test('signal not longer than padlen: SignalError naming padlen', () => {
    expect(() => filtfilt(b, a, new Float64Array(15))).toThrow(SignalError);
    expect(() => filtfilt(b, a, new Float64Array(15))).toThrow(
      /filtfilt: x must be longer than padlen = 15, got a signal of length 15/,
    );
    expect(() => filtfilt(b, a, new Float64Array(10), { padlen: 12 })).toThrow(/padlen = 12/);
    expect(filtfilt(b, a, new Float64Array(10), { padlen: 9 })).toHaveLength(10);
    expect(filtfilt(b, a, new Float64Array(3), { padtype: null })).toHaveLength(3);
  });

  test('bad options throw ParameterError', () => {
    // @ts-expect-error invalid padtype on purpose
    expect(() => filtfilt(b, a, x, { padtype: 'reflect' })).toThrow(
      /filtfilt: padtype must be one of "odd", "even", "constant", "null", got "reflect"/,
    );
    expect(() => filtfilt(b, a, x, { padlen: -1 })).toThrow(ParameterError);
    expect(() => filtfilt(b, a, x, { padlen: 2.5 })).toThrow(
      /filtfilt: padlen must be an integer >= 0, got 2.5/,
    );
    expect(() => filtfilt(b, a, new Float64Array(0))).toThrow(/filtfilt: x must not be empty/);
  });
});
