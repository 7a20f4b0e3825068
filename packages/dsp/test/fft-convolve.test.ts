import { ParameterError } from '@speechsr/core';
import { expectAllClose } from '@speechsr/test-utils';
import { describe, expect, test } from 'vitest';
import { fftConvolve } from '../src/index.js';

function direct(a: Float64Array, b: Float64Array): Float64Array {
  const y = new Float64Array(a.length + b.length - 1);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) y[i + j] = y[i + j]! + a[i]! * b[j]!;
  return y;
}
const ramp = (n: number, s: number) =>
  Float64Array.from({ length: n }, (_, i) => Math.sin(s * i + 0.3) + (i % 3) * 0.1);

describe('fftConvolve (scipy.signal.fftconvolve modes)', () => {
  for (const [la, lb] of [
    [1, 1],
    [7, 3],
    [3, 7],
    [100, 31],
    [257, 257],
    [1000, 999],
  ] as const) {
    test(`la=${la}, lb=${lb}: full, same, valid against a direct sum`, () => {
      const a = ramp(la, 0.7);
      const b = ramp(lb, 1.3);
      const full = direct(a, b);
      expectAllClose(fftConvolve(a, b), full, { atol: 1e-11, rtol: 0, label: 'full' });
      const s0 = (full.length - la) >> 1;
      expectAllClose(fftConvolve(a, b, { mode: 'same' }), full.subarray(s0, s0 + la), {
        atol: 1e-11,
        rtol: 0,
      });
      const lv = Math.abs(la - lb) + 1;
      const v0 = Math.min(la, lb) - 1;
      expectAllClose(fftConvolve(a, b, { mode: 'valid' }), full.subarray(v0, v0 + lv), {
        atol: 1e-11,
        rtol: 0,
      });
    });
  }
  test('bad mode throws', () => {
    expect(() => fftConvolve(Float64Array.of(1), Float64Array.of(1), { mode: 'x' as 'full' })).toThrow(
      ParameterError,
    );
    expect(() => fftConvolve(new Float64Array(0), Float64Array.of(1))).toThrow(
      /fftConvolve: a must not be empty/,
    );
  });
});
