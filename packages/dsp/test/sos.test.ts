import { ParameterError, SignalError } from '@speechsr/core';
import { expectAllClose } from '@speechsr/test-utils';
import { describe, expect, test } from 'vitest';
import {
  butter,
  cheby1,
  filtfilt,
  lfilter,
  lfilterZi,
  sosfilt,
  sosfiltfilt,
  sosfiltZi,
} from '../src/index.js';

describe('second-order sections', () => {
  const x = Float64Array.from(
    { length: 400 },
    (_, i) => Math.sin(i * 0.13) + 0.5 * Math.sin(i * 2.1) + ((i * 37) % 11) / 11,
  );

  test('sosfilt equals lfilter section by section (1 to 6 sections: groups of four and a remainder)', () => {
    for (const N of [1, 2, 5, 8, 9, 12]) {
      const sos = butter(N, 0.3, { output: 'sos' });
      let ref: Float64Array = x;
      for (const row of sos) ref = lfilter(row.slice(0, 3), row.slice(3), ref);
      expectAllClose(sosfilt(sos, x), ref, { atol: 1e-13, rtol: 0, label: `N=${N}` });
    }
  });

  test('zi: carrying zf across two calls equals one call; rows or flat zi accepted', () => {
    const sos = cheby1(8, 0.05, 0.4, { output: 'sos' });
    const whole = sosfilt(sos, x);
    const first = sosfilt(sos, x.subarray(0, 150), { zi: sos.map(() => [0, 0]) });
    const second = sosfilt(sos, x.subarray(150), { zi: first.zf });
    expect(first.zf).toHaveLength(8);
    expectAllClose([...first.y, ...second.y], whole, { atol: 1e-13, rtol: 0 });
  });

  test('sosfiltZi: a step started from zi is constant at the cascade DC gain', () => {
    const sos = cheby1(6, 1, 0.25, { output: 'sos' });
    const zi = sosfiltZi(sos);
    expect(zi).toHaveLength(3);
    const { y } = sosfilt(sos, new Float64Array(80).fill(1), { zi });
    const { b, a } = cheby1(6, 1, 0.25);
    const dc = b.reduce((s, v) => s + v, 0) / a.reduce((s, v) => s + v, 0);
    for (const v of y) expect(v).toBeCloseTo(dc, 10);
    // one section: the same as lfilterZi
    const one = [Float64Array.from([0.2, 0.4, 0.2, 1, -0.5, 0.3])];
    expectAllClose(sosfiltZi(one)[0]!, lfilterZi([0.2, 0.4, 0.2], [1, -0.5, 0.3]), { atol: 1e-15, rtol: 0 });
  });

  test('sosfiltfilt agrees with filtfilt of the same filter and uses padlen 3·(2·nsec + 1)', () => {
    const sos = cheby1(8, 0.05, 0.4, { output: 'sos' });
    const { b, a } = cheby1(8, 0.05, 0.4);
    expectAllClose(sosfiltfilt(sos, x), filtfilt(b, a, x), { atol: 1e-10, rtol: 0 });
    expect(() => sosfiltfilt(sos, new Float64Array(27))).toThrow(
      /sosfiltfilt: x must be longer than padlen = 27, got a signal of length 27/,
    );
    // odd order: scipy's pairing leaves one section with a2 = 0 and one with b2 = 0, so padlen = 3·(2·3 + 1 − 1) = 18
    const sos5 = butter(5, 0.3, { output: 'sos' });
    expect(sos5.filter((r) => r[2] === 0)).toHaveLength(1);
    expect(sos5.filter((r) => r[5] === 0)).toHaveLength(1);
    expect(() => sosfiltfilt(sos5, new Float64Array(18))).toThrow(/padlen = 18/);
    expect(sosfiltfilt(sos5, new Float64Array(19))).toHaveLength(19);
    for (const padtype of ['even', 'constant', null] as const) {
      expectAllClose(sosfiltfilt(sos, x, { padtype }), filtfilt(b, a, x, { padtype }), {
        atol: 1e-10,
        rtol: 0,
        label: String(padtype),
      });
    }
  });

  test('malformed sos and bad signals throw typed errors', () => {
    expect(() => sosfilt([], x)).toThrow(ParameterError);
    expect(() => sosfilt([Float64Array.from([1, 0, 0, 2, 0, 0])], x)).toThrow(
      /sosfilt: sos\[0\]\[3\] \(a0\) must be 1, got 2/,
    );
    expect(() => sosfilt([Float64Array.from([1, 0, 0, 1, 0])], x)).toThrow(
      /sosfilt: sos\[0\] must have 6 coefficients/,
    );
    expect(() => sosfilt(butter(4, 0.3, { output: 'sos' }), x, { zi: [0, 0] })).toThrow(
      /sosfilt: zi must hold 2 values per section \(4 in all\), got 2/,
    );
    expect(() =>
      sosfiltfilt(butter(4, 0.3, { output: 'sos' }), Float64Array.from([1, Number.POSITIVE_INFINITY])),
    ).toThrow(SignalError);
  });
});
