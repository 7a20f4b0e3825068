import { expectAllClose } from '@speechsr/test-utils';
import { afterAll, describe, expect, test } from 'vitest';
import { subsample, trim, TRIM_SEED } from '../src/index.js';
import { frameRmsF32 } from '../src/trim.js';
import { setWasmKernelsDisabled, wasmKernels } from '../src/wasm-kernels.js';

function noise(n: number, seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

/** Runs fn with the WebAssembly filter kernels off, then on. */
function both<T>(fn: () => T): { js: T; wasm: T } {
  setWasmKernelsDisabled(true);
  const js = fn();
  setWasmKernelsDisabled(false);
  return { js, wasm: fn() };
}

describe('subsample and trim: WebAssembly kernels and JavaScript loops give bit-identical results', () => {
  afterAll(() => setWasmKernelsDisabled(false));

  test('the kernels load on Node >= 20', () => {
    expect(wasmKernels()).not.toBeNull();
  });

  test('subsample, several q and lengths (chunk boundaries included), Float64 and Float32 input', () => {
    for (const n of [1, 7, 999, 65536 * 2 + 5, 200_001]) {
      const x = noise(n, n);
      for (const q of [2, 3, 4, 5]) {
        const r = both(() => subsample(x, q));
        expectAllClose(r.wasm, r.js, { atol: 0, rtol: 0, label: `subsample n=${n} q=${q}` });
        const x32 = Float32Array.from(x);
        const r32 = both(() => subsample(x32, q));
        expectAllClose(r32.wasm, r32.js, { atol: 0, rtol: 0, label: `subsample f32 n=${n} q=${q}` });
      }
    }
  });

  test('subsample still rejects a non-finite sample anywhere', () => {
    for (const at of [0, 500, 1999]) {
      const x = noise(2000, 3);
      x[at] = Number.NaN;
      expect(() => subsample(x, 2)).toThrow(/subsample: x must be finite/);
      x[at] = Number.POSITIVE_INFINITY;
      expect(() => subsample(x, 4)).toThrow(/subsample: x must be finite/);
    }
  });

  test('trim frame RMS over a wide dynamic range (subnormal float32 squares included)', () => {
    let s = 11;
    const rnd = (): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    const x = Float64Array.from({ length: 300_007 }, () => (rnd() - 0.5) * 10 ** (rnd() * 70 - 40));
    for (const [fl, hop, pad] of [
      [2048, 1024, 'constant'],
      [2048, 512, 'reflect'],
      [1024, 256, 'constant'],
      [128, 128, 'reflect'],
    ] as const) {
      const r = both(() => frameRmsF32(x, fl, hop, pad));
      expect(Array.from(r.wasm), `rms ${fl}/${hop}/${pad}`).toEqual(Array.from(r.js));
      const r32 = both(() => frameRmsF32(Float32Array.from(x), fl, hop, pad));
      expect(Array.from(r32.wasm), `rms f32 ${fl}/${hop}/${pad}`).toEqual(Array.from(r32.js));
    }
    const t = both(() => trim(noise(50_000, 9), TRIM_SEED));
    expect([t.wasm.start, t.wasm.end]).toEqual([t.js.start, t.js.end]);
  });
});
