import { ParameterError, SignalError } from '@speechsr/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { trim } from '../src/index.js';
import { frameRmsF32 } from '../src/trim.js';

function noise(n: number, seed: number, amp = 1): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return amp * (s / 2 ** 32 - 0.5);
  });
}

describe('trim', () => {
  test('returns a sub-range x[start:end] (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6000 }),
        fc.integer({ min: 0, max: 6000 }),
        fc.constantFrom(256, 2048, 300),
        fc.constantFrom(64, 128, 512),
        fc.double({ min: 1, max: 80, noNaN: true }),
        (n, burstAt, frameLength, hopLength, topDb) => {
          const x = noise(n, n, 1e-3);
          for (let i = burstAt; i < Math.min(n, burstAt + 500); i++) x[i] = Math.sin(i * 0.3);
          const r = trim(x, { topDb, frameLength, hopLength });
          return (
            r.start >= 0 &&
            r.start <= r.end &&
            r.end <= n &&
            r.y.length === r.end - r.start &&
            r.y.every((v, i) => v === x[r.start + i])
          );
        },
      ),
      { seed: 42, numRuns: 60 },
    );
  });

  test('the block-sum fast path is bit-identical to the per-frame pairwise sum', () => {
    const x = noise(9000, 7, 0.2);
    for (const pad of ['constant', 'reflect'] as const) {
      const fast = frameRmsF32(x, 2048, 512, pad); // hop multiple of 128: shared 128-sample blocks
      const generic = frameRmsF32(x, 2048, 64, pad); // hop 64: every frame summed from scratch
      expect(fast.length).toBeGreaterThan(10);
      for (let j = 0; j < fast.length; j++) expect(fast[j]).toBe(generic[8 * j]);
    }
  });

  test('y is a view of a Float64Array input (like librosa) and a new Float64Array for Float32Array input', () => {
    const x = new Float64Array(20_000);
    x.set(noise(8000, 5), 6000);
    const r = trim(x, { topDb: 20 });
    expect(r.start).toBeGreaterThan(0);
    expect(r.y.buffer).toBe(x.buffer);
    expect(r.y.byteOffset).toBe(8 * r.start);
    const x32 = Float32Array.from(x);
    const r32 = trim(x32, { topDb: 20 });
    expect([r32.start, r32.end]).toEqual([r.start, r.end]);
    expect(r32.y).toBeInstanceOf(Float64Array);
    expect(Array.from(r32.y)).toEqual(Array.from(x32.subarray(r.start, r.end)));
  });

  test('all-zero input is not trimmed; leading/trailing silence is', () => {
    const z = new Float64Array(5000);
    const r0 = trim(z);
    expect([r0.start, r0.end]).toEqual([0, 5000]);
    const x = new Float64Array(20000);
    for (let i = 8000; i < 12000; i++) x[i] = Math.sin(i);
    const r = trim(x, { topDb: 30 });
    expect(r.start).toBeGreaterThan(4000);
    expect(r.end).toBeLessThan(16500);
  });

  test('bad input throws typed errors', () => {
    const x = noise(100, 1);
    expect(() => trim(new Float64Array(0))).toThrow(SignalError);
    expect(() => trim(Float64Array.of(1, Number.NaN))).toThrow(/trim: x must be finite/);
    expect(() => trim(x, { hopLength: 0 })).toThrow(ParameterError);
    expect(() => trim(x, { hopLength: 0 })).toThrow(/trim: hopLength must be an integer >= 1, got 0/);
    expect(() => trim(x, { frameLength: 1.5 })).toThrow(/frameLength must be an integer >= 1/);
    expect(() => trim(x, { topDb: Number.NaN })).toThrow(/topDb must be a finite number/);
    expect(() => trim(x, { padMode: 'edge' as 'reflect' })).toThrow(/padMode must be one of/);
  });
});
