import { fixtures } from '@speechsr/test-utils';
import { describe, expect, test } from 'vitest';
import { bessel, butter, cheby1 } from '../src/index.js';

const fx = fixtures(import.meta.url);
const cheb = fx.json('dsp/cheby1.json');
// cheby1.json tolerance: "abs diff <= 1e-12 * max(|a|) for a, <= 1e-12 * max(|b|) + 1e-18 for b,
// for a float64 zpk->bilinear->poly implementation; sos rows same order as scipy (zpk2sos pairing='nearest')"
const REL = 1e-12;
const B_ABS = 1e-18;

const maxAbsOf = (v: number[]): number => v.reduce((m, c) => Math.max(m, Math.abs(c)), 0);

function expectCoefficients(actual: Float64Array, expected: number[], atol: number, label: string): number {
  expect(actual.length, label).toBe(expected.length);
  let err = 0;
  for (let i = 0; i < expected.length; i++) err = Math.max(err, Math.abs(actual[i]! - expected[i]!));
  expect(err, `${label}: max |Δ| = ${err}`).toBeLessThanOrEqual(atol);
  return err;
}

type Design = {
  call: string;
  N?: string;
  rp?: string;
  Wn?: string;
  b: number[];
  a: number[];
  sos?: number[][];
};

describe('IIR design parity with scipy 1.10.1 (cheby1.json)', () => {
  const filters = cheb.filters as Record<string, Design>;
  for (const [name, f] of Object.entries(filters)) {
    test(`${name}: ${f.call} (ba)`, () => {
      const got = name.startsWith('butter')
        ? butter(8, 0.5)
        : name.startsWith('bessel')
          ? bessel(8, 0.5)
          : cheby1(Number(f.N), Number(f.rp), Number(f.Wn));
      expectCoefficients(got.b, f.b, REL * maxAbsOf(f.b) + B_ABS, `${name}.b`);
      expectCoefficients(got.a, f.a, REL * maxAbsOf(f.a), `${name}.a`);
      expect(got.a[0]).toBe(1);
    });
    if (f.sos) {
      const sosRef = f.sos;
      test(`${name}: output 'sos' has scipy's zpk2sos section order and gain placement`, () => {
        const sos = cheby1(Number(f.N), Number(f.rp), Number(f.Wn), { output: 'sos' });
        expect(sos).toHaveLength(sosRef.length);
        sosRef.forEach((row, s) => {
          expectCoefficients(sos[s]!, row, REL * maxAbsOf(row) + B_ABS, `${name}.sos[${s}]`);
        });
      });
    }
  }
});
