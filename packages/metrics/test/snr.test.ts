import { ParameterError, SignalError } from '@speechsr/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { EPS, snr, snrSeg, snrSegFrames } from '../src/index.js';

const signal = (n: number, seed: number): Float64Array => {
  // deterministic pseudo-random signal (LCG), values in [-0.5, 0.5)
  const x = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 2 ** 32 - 0.5;
  }
  return x;
};
const energy = (x: ArrayLike<number>) => {
  let e = 0;
  for (let i = 0; i < x.length; i++) e += x[i]! * x[i]!;
  return e;
};
const arb = fc
  .tuple(fc.integer({ min: 1, max: 4000 }), fc.integer({ min: 0, max: 2 ** 31 }))
  .map(([n, seed]) => signal(n, seed));

describe('snr', () => {
  test('snr(x, x) is the eps-limited maximum 10·log10(‖x‖²/eps + eps), not Infinity', () => {
    fc.assert(
      fc.property(arb, (x) => {
        const v = snr(x, x);
        expect(v).toBeCloseTo(10 * Math.log10(energy(x) / EPS + EPS), 9);
        expect(Number.isFinite(v)).toBe(true);
      }),
      { seed: 42 },
    );
  });
  test('a known noise energy gives the textbook value', () => {
    const x = new Float64Array([1, -1, 1, -1]);
    const y = new Float64Array([1.1, -1, 1, -1]);
    expect(snr(x, y)).toBeCloseTo(10 * Math.log10(4 / 0.01), 9);
  });
  test('invariant to a common gain on both signals (up to the eps terms)', () => {
    fc.assert(
      fc.property(arb, fc.double({ min: 0.01, max: 100, noNaN: true }), (x, g) => {
        const y = x.map((v, i) => v + 0.1 * Math.sin(i + 1));
        const a = snr(x, y);
        const b = snr(
          x.map((v) => g * v),
          y.map((v) => g * v),
        );
        expect(Math.abs(a - b)).toBeLessThan(1e-6);
      }),
      { seed: 7 },
    );
  });
  test('symmetric in the sign of the error and decreasing in the noise gain', () => {
    const x = signal(1000, 1);
    const n = signal(1000, 2);
    const plus = x.map((v, i) => v + 0.1 * n[i]!);
    const minus = x.map((v, i) => v - 0.1 * n[i]!);
    const more = x.map((v, i) => v + 0.2 * n[i]!);
    expect(snr(x, plus)).toBeCloseTo(snr(x, minus), 12);
    expect(snr(x, more)).toBeCloseTo(snr(x, plus) - 20 * Math.log10(2), 9);
  });
  test('a silent reference gives 10·log10(eps), documented', () => {
    expect(snr(new Float64Array(8), signal(8, 3))).toBeCloseTo(10 * Math.log10(EPS), 9);
  });
  test('finite samples whose squares overflow still give the right ratio', () => {
    const x = signal(100, 5).map((v) => v * 1e300);
    const y = x.map((v, i) => v * (i % 2 ? 1.01 : 0.99));
    const ref = snr(
      x.map((v) => v / 1e300),
      y.map((v) => v / 1e300),
    );
    expect(snr(x, y)).toBeCloseTo(ref, 6);
  });
  test('Float32Array and Float64Array inputs agree', () => {
    const x = Float32Array.from(signal(500, 9));
    const y = Float32Array.from(signal(500, 10));
    expect(snr(x, y)).toBe(snr(Float64Array.from(x), Float64Array.from(y)));
  });
  test('does not modify its inputs', () => {
    const x = signal(33, 1);
    const y = signal(33, 2);
    const [cx, cy] = [x.slice(), y.slice()];
    snr(x, y);
    expect(x).toEqual(cx);
    expect(y).toEqual(cy);
  });
  test('bad input: typed errors with actionable messages', () => {
    const x = signal(10, 1);
    expect(() => snr(x, signal(9, 1))).toThrow(ParameterError);
    expect(() => snr(x, signal(9, 1))).toThrow(
      /snr: estimate must have the same length as reference \(10\), got 9/,
    );
    expect(() => snr(new Float64Array(0), new Float64Array(0))).toThrow(SignalError);
    expect(() => snr(new Float64Array(0), new Float64Array(0))).toThrow(/snr: reference must not be empty/);
    const bad = x.slice();
    bad[4] = Number.NaN;
    expect(() => snr(x, bad)).toThrow(SignalError);
    expect(() => snr(x, bad)).toThrow(/snr: estimate must be finite, got NaN at sample 4/);
    bad[4] = Number.POSITIVE_INFINITY;
    expect(() => snr(bad, x)).toThrow(/snr: reference must be finite, got Infinity at sample 4/);
    expect(() => snr([1, 2] as unknown as Float64Array, x)).toThrow(ParameterError);
    expect(() => snr([1, 2] as unknown as Float64Array, x)).toThrow(
      /reference must be a Float32Array or Float64Array/,
    );
  });
});

describe('snrSeg', () => {
  test('identical signals give exactly 35 dB, every frame', () => {
    const x = signal(16000, 11);
    expect(snrSeg(x, x)).toBe(35);
    expect([...snrSegFrames(x, x)].every((v) => v === 35)).toBe(true);
  });
  test('frame count: F = floor((n − (L − skip)) / skip), last frame dropped', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20000 }), (n) => {
        const x = signal(n, n);
        const F = n >= 1024 ? Math.floor((n - 1024) / 1024) : 0;
        expect(snrSegFrames(x, x).length).toBe(Math.max(F - 1, 0));
      }),
      { seed: 3, numRuns: 60 },
    );
  });
  test('per-frame values stay in [−10, 35] and their mean is snrSeg', () => {
    fc.assert(
      fc.property(arb, fc.double({ min: 0, max: 10, noNaN: true }), (noise, g) => {
        const x = signal(8000, 17);
        const n = signal(8000, noise.length);
        const y = x.map((v, i) => v + g * n[i]!);
        const f = snrSegFrames(x, y);
        expect([...f].every((v) => v >= -10 && v <= 35)).toBe(true);
        expect(snrSeg(x, y)).toBeCloseTo(f.reduce((a, b) => a + b, 0) / f.length, 12);
      }),
      { seed: 5, numRuns: 40 },
    );
  });
  test('invariant to a common gain on both signals (up to the eps terms)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.integer({ min: 0, max: 1e6 }),
        (g, seed) => {
          const x = signal(6000, seed);
          const y = x.map((v, i) => v + 0.05 * Math.sin(i + 1));
          const a = snrSeg(x, y);
          const b = snrSeg(
            x.map((v) => g * v),
            y.map((v) => g * v),
          );
          expect(Math.abs(a - b)).toBeLessThan(1e-6);
        },
      ),
      { seed: 13, numRuns: 30 },
    );
  });
  test('a very noisy estimate is clamped to −10 dB', () => {
    const x = signal(8000, 1).map((v) => v * 1e-3);
    expect(snrSeg(x, signal(8000, 2))).toBe(-10);
  });
  test('too short for two frames: NaN (documented), not a number from no data', () => {
    // seed settings: L = 2048, skip = 1024 → two frames need 3072 samples
    expect(snrSeg(signal(3071, 1), signal(3071, 2))).toBeNaN();
    expect(snrSeg(signal(1, 1), signal(1, 2))).toBeNaN();
    expect(Number.isNaN(snrSeg(signal(3072, 1), signal(3072, 2)))).toBe(false);
  });
  test('pysepm parameter arithmetic: L = round(frameLength·fs) half-to-even, skip = floor', () => {
    // frameLength·fs = 2.5 → L = 2 (half to even); skip = floor(0.5·2.5) = 1
    const x = signal(10, 1);
    const y = signal(10, 2);
    // F = floor((10 − (2 − 1)) / 1) = 9 frames, 8 kept
    expect(snrSegFrames(x, y, { sampleRate: 1, frameLength: 2.5, overlap: 0.5 }).length).toBe(8);
  });
  test('bad options and input: typed errors', () => {
    const x = signal(4000, 1);
    expect(() => snrSeg(x, x, { overlap: 1 })).toThrow(ParameterError);
    expect(() => snrSeg(x, x, { overlap: 1 })).toThrow(
      /snrSeg: overlap must be a finite number >= 0 and < 1, got 1/,
    );
    expect(() => snrSeg(x, x, { frameLength: 128 / 1e6 / 16, sampleRate: 16000 })).toThrow(
      /hop of at least 1 sample/,
    );
    expect(() => snrSeg(x, x, { sampleRate: 0 })).toThrow(/sampleRate must be a finite number > 0/);
    expect(() => snrSeg(x, signal(3999, 1))).toThrow(/snrSeg: estimate must have the same length/);
    const bad = x.slice();
    bad[3999] = Number.NaN; // in the unframed tail: still an error
    expect(() => snrSeg(x, bad)).toThrow(SignalError);
    expect(() => snrSegFrames(bad, x)).toThrow(
      /snrSegFrames: reference must be finite, got NaN at sample 3999/,
    );
    expect(() => snrSeg(new Float32Array(0), new Float32Array(0))).toThrow(/must not be empty/);
  });
});
