import { ParameterError } from '@speechsr/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { bessel, butter, cheby1, type FilterCoefficients, lfilter, type Sos, sosfilt } from '../src/index.js';

/** |H(e^{iω})| of b/a by direct evaluation. */
function gainBa({ b, a }: FilterCoefficients, w: number): number {
  const ev = (c: Float64Array): [number, number] => {
    let re = 0;
    let im = 0;
    for (let k = 0; k < c.length; k++) {
      re += c[k]! * Math.cos(w * k);
      im -= c[k]! * Math.sin(w * k);
    }
    return [re, im];
  };
  const [nr, ni] = ev(b);
  const [dr, di] = ev(a);
  return Math.hypot(nr, ni) / Math.hypot(dr, di);
}

function gainSos(sos: Sos, w: number): number {
  return sos.reduce((g, r) => g * gainBa({ b: r.slice(0, 3), a: r.slice(3) }, w), 1);
}

describe('IIR design', () => {
  test('cheby1: gain at the cutoff is exactly -rp dB and DC gain is -rp dB for even N, 0 dB for odd N', () => {
    for (const N of [3, 4, 7, 8]) {
      const f = cheby1(N, 1, 0.3);
      expect(20 * Math.log10(gainBa(f, Math.PI * 0.3))).toBeCloseTo(-1, 9);
      expect(20 * Math.log10(gainBa(f, 0))).toBeCloseTo(N % 2 ? 0 : -1, 9);
    }
  });

  test('butter: -3.01 dB (1/sqrt 2) at Wn, unit DC gain, monotone', () => {
    const f = butter(5, 0.37);
    expect(gainBa(f, Math.PI * 0.37)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(gainBa(f, 0)).toBeCloseTo(1, 12);
    expect(gainBa(f, 0.5)).toBeGreaterThan(gainBa(f, 1));
  });

  test('bessel: unit DC gain and zeros at Nyquist', () => {
    const f = bessel(6, 0.4);
    expect(gainBa(f, 0)).toBeCloseTo(1, 12);
    expect(gainBa(f, Math.PI)).toBeLessThan(1e-12);
  });

  // 1e-8: scipy's own ba and sos forms of cheby1(9, 0.5, 0.15) differ by 3.4e-10 at DC.
  // Wn >= 0.15: below that the 'ba' polynomial of a high-order design is itself ill-conditioned (why scipy filters with SOS).
  test("'sos' and 'ba' describe the same filter (odd and even orders, all three designs)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.double({ min: 0.15, max: 0.9, noNaN: true }),
        (N, wn) => {
          const designs: [FilterCoefficients, Sos][] = [
            [cheby1(N, 0.5, wn), cheby1(N, 0.5, wn, { output: 'sos' })],
            [butter(N, wn), butter(N, wn, { output: 'sos' })],
            [bessel(N, wn), bessel(N, wn, { output: 'sos' })],
          ];
          for (const [ba, sos] of designs) {
            expect(sos).toHaveLength(Math.ceil(N / 2));
            for (const row of sos) expect(row[3]).toBe(1);
            for (const w of [0, 0.3, 1.1, 2.5]) {
              const g = gainBa(ba, w);
              expect(Math.abs(gainSos(sos, w) - g)).toBeLessThanOrEqual(1e-8 * Math.max(1, g));
            }
          }
        },
      ),
      { seed: 42, numRuns: 40 },
    );
  });

  test('sosfilt of the sos form equals lfilter of the ba form on an impulse', () => {
    const x = new Float64Array(200);
    x[0] = 1;
    const y1 = lfilter(cheby1(6, 1, 0.4).b, cheby1(6, 1, 0.4).a, x);
    const y2 = sosfilt(cheby1(6, 1, 0.4, { output: 'sos' }), x);
    for (let i = 0; i < 200; i++) expect(Math.abs(y1[i]! - y2[i]!)).toBeLessThan(1e-12);
  });

  test('bad parameters throw ParameterError naming the argument and range', () => {
    expect(() => cheby1(0, 1, 0.5)).toThrow(ParameterError);
    expect(() => cheby1(0, 1, 0.5)).toThrow(/cheby1: N must be an integer >= 1, got 0/);
    expect(() => cheby1(8.5, 1, 0.5)).toThrow(/cheby1: N must be an integer >= 1, got 8.5/);
    expect(() => cheby1(8, 0, 0.5)).toThrow(/cheby1: rp must be a finite number > 0, got 0/);
    expect(() => cheby1(8, 1, 1)).toThrow(
      /cheby1: Wn must be a finite number > 0 and < 1, got 1\. Wn is the cutoff/,
    );
    expect(() => butter(8, 0)).toThrow(/butter: Wn must be a finite number > 0 and < 1, got 0/);
    expect(() => butter(4, Number.NaN)).toThrow(ParameterError);
    expect(() => bessel(30, 0.5)).toThrow(/bessel: N must be an integer >= 1 and <= 25, got 30/);
    // @ts-expect-error invalid output on purpose
    expect(() => butter(4, 0.5, { output: 'zpk' })).toThrow(
      /butter: output must be one of "ba", "sos", got "zpk"/,
    );
  });
});
