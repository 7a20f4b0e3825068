import { ParameterError, SignalError } from '@speechsr/core';
import { expectAllClose } from '@speechsr/test-utils';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { wasmKernels, setWasmKernelsDisabled } from '../src/wasm-kernels.js';
import { firwin, resamplePoly } from '../src/index.js';

/** Zero-insert by up, convolve with h (full), keep every down-th sample: the definition, O(n·taps). */
function naive(x: Float64Array, up: number, down: number, h: Float64Array, halfLen: number): Float64Array {
  const nOut = Math.ceil((x.length * up) / down);
  const xu = new Float64Array((x.length - 1) * up + 1);
  for (let i = 0; i < x.length; i++) xu[i * up] = x[i]!;
  const y = new Float64Array(nOut);
  // output i sits at upsampled time i·down; the filter's centre tap halfLen aligns it
  for (let i = 0; i < nOut; i++) {
    const t = i * down + halfLen;
    let s = 0;
    for (let j = 0; j < h.length; j++) {
      const k = t - j;
      if (k >= 0 && k < xu.length) s += h[j]! * up * xu[k]!;
    }
    y[i] = s;
  }
  return y;
}

describe('resamplePoly', () => {
  test('the WebAssembly SIMD kernel loads under Node 20 (otherwise the JavaScript loops run)', () => {
    expect(wasmKernels()).not.toBeNull();
  });

  const x = Float64Array.from(
    { length: 301 },
    (_, i) => Math.sin(i * 0.11) + 0.4 * Math.cos(i * 1.3) + ((i * 13) % 5) / 5,
  );

  test('equals the zero-insert / convolve / keep definition for several up/down pairs (gcd reduced)', () => {
    for (const [up, down] of [
      [1, 2],
      [1, 3],
      [3, 2],
      [2, 3],
      [5, 1],
      [4, 6],
    ] as const) {
      const g = up === 4 ? 2 : 1;
      const [u, d] = [up / g, down / g];
      const m = Math.max(u, d);
      const h = firwin(20 * m + 1, 1 / m, { window: ['kaiser', 5] });
      expectAllClose(resamplePoly(x, up, down), naive(x, u, d, h, 10 * m), {
        atol: 1e-13,
        rtol: 0,
        label: `${up}/${down}`,
      });
    }
  });

  test('explicit taps (symmetric and not) and background padtypes', () => {
    const sym = Float64Array.from([0.1, 0.2, 0.4, 0.2, 0.1]);
    expectAllClose(resamplePoly(x, 1, 2, { window: sym }), naive(x, 1, 2, sym, 2), { atol: 1e-14, rtol: 0 });
    const asym = [0.1, 0.2, 0.4, 0.2, 0.1, 0.05];
    expectAllClose(resamplePoly(x, 2, 3, { window: asym }), naive(x, 2, 3, Float64Array.from(asym), 2), {
      atol: 1e-14,
      rtol: 0,
    });
    const offset = x.map((v) => v + 5);
    const h = firwin(41, 0.5, { window: ['kaiser', 5] });
    const mean = offset.reduce((s, v) => s + v, 0) / offset.length;
    const ref = naive(
      offset.map((v) => v - mean),
      1,
      2,
      h,
      20,
    ).map((v) => v + mean);
    expectAllClose(resamplePoly(offset, 1, 2, { padtype: 'mean' }), ref, { atol: 1e-12, rtol: 0 });
  });

  test('up == down returns a copy', () => {
    const y = resamplePoly(x, 3, 3);
    expect(y).not.toBe(x);
    expectAllClose(y, x, { atol: 0, rtol: 0 });
  });

  test('property: output length is ceil(len·up/down)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 6 }),
        (n, up, down) => {
          expect(resamplePoly(new Float64Array(n).fill(0.5), up, down)).toHaveLength(
            Math.ceil((n * up) / down),
          );
        },
      ),
      { seed: 42, numRuns: 60 },
    );
  });

  test('firwin: unit DC gain, symmetric, scipy default hamming window', () => {
    const h = firwin(31, 0.3);
    expect(h.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
    for (let i = 0; i < 15; i++) expect(Math.abs(h[i]! - h[30 - i]!)).toBeLessThan(1e-16);
    expect(() => firwin(0, 0.3)).toThrow(/firwin: numtaps must be an integer >= 1, got 0/);
    expect(() => firwin(31, 1)).toThrow(/firwin: cutoff must be a finite number > 0 and < 1, got 1/);
    // @ts-expect-error unknown window on purpose
    expect(() => firwin(31, 0.3, { window: 'blackman' })).toThrow(
      /firwin: window must be 'hamming', 'hann', 'boxcar' or \['kaiser', beta\]/,
    );
  });

  test('bad input throws typed errors', () => {
    expect(() => resamplePoly(x, 0, 2)).toThrow(/resamplePoly: up must be an integer >= 1, got 0/);
    expect(() => resamplePoly(x, 1, 1.5)).toThrow(ParameterError);
    // @ts-expect-error unknown padtype on purpose
    expect(() => resamplePoly(x, 1, 2, { padtype: 'wrap' })).toThrow(/resamplePoly: padtype must be one of/);
    expect(() => resamplePoly(new Float64Array(0), 1, 2)).toThrow(SignalError);
    expect(() => resamplePoly(x, 1, 2, { window: [Number.NaN, 1] })).toThrow(
      /resamplePoly: window must hold finite numbers/,
    );
  });
});

describe('resamplePoly, JavaScript fallback (no WebAssembly)', () => {
  afterAll(() => setWasmKernelsDisabled(false));
  const x = Float64Array.from({ length: 997 }, (_, i) => Math.sin(i * 0.19) + ((i * 31) % 7) / 7 - 0.4);

  test('folded and polyphase JavaScript paths equal the definition, and the WebAssembly path', () => {
    for (const [up, down] of [
      [1, 2],
      [1, 4],
      [1, 5],
      [3, 2],
    ] as const) {
      const m = Math.max(up, down);
      const h = firwin(20 * m + 1, 1 / m, { window: ['kaiser', 5] });
      setWasmKernelsDisabled(true);
      const js = resamplePoly(x, up, down);
      setWasmKernelsDisabled(false);
      const wasm = resamplePoly(x, up, down);
      setWasmKernelsDisabled(true);
      expectAllClose(js, naive(x, up, down, h, 10 * m), { atol: 1e-13, rtol: 0, label: `js ${up}/${down}` });
      expectAllClose(wasm, js, { atol: 1e-14, rtol: 0, label: `wasm ${up}/${down}` });
    }
  });
});
