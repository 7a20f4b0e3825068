import { ParameterError } from '@speechsr/core';
import { expectAllClose } from '@speechsr/test-utils';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { setFftWasmEnabled, setKernelResidentLimit, spectralKernel } from '../src/fft.js';
import { createComplexFft, createFft, createStft, irfft, rfft } from '../src/index.js';

/** Independent O(n²) reference: bins 0 … floor(n/2), angles reduced exactly (jk mod n). */
function naiveRfft(x: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  const n = x.length;
  const nb = (n >> 1) + 1;
  const re = new Float64Array(nb);
  const im = new Float64Array(nb);
  for (let k = 0; k < nb; k++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * ((j * k) % n)) / n;
      sr += x[j]! * Math.cos(a);
      si += x[j]! * Math.sin(a);
    }
    re[k] = sr;
    im[k] = si;
  }
  return { re, im };
}

function noise(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 2 ** 32 - 0.5;
  }
  return x;
}

describe('createFft', () => {
  // Sizes: trivial, powers of two (fft.js), small odd (direct), mixed radix (2·3·5, 7), large prime (Bluestein).
  const sizes = [1, 2, 3, 4, 5, 6, 7, 8, 12, 15, 16, 17, 49, 64, 67, 134, 999, 1000, 1001, 1024, 1031, 2310];
  for (const n of sizes) {
    test(`rfft matches a naive DFT and irfft inverts it, n=${n}`, () => {
      const x = noise(n, n);
      const plan = createFft(n);
      expect(plan.nBins).toBe((n >> 1) + 1);
      const got = plan.rfft(x);
      const ref = naiveRfft(x);
      // The naive sum itself carries ~n·eps rounding; 1e-12·n is far below any real error.
      const tol = 1e-13 * Math.max(1, n);
      expectAllClose(got.re, ref.re, { atol: tol, rtol: 0, label: 're' });
      expectAllClose(got.im, ref.im, { atol: tol, rtol: 0, label: 'im' });
      expectAllClose(plan.irfft(got.re, got.im), x, { atol: 1e-14, rtol: 0, label: 'round trip' });
    });
  }

  test('irfft ignores the imaginary parts of bin 0 and of the Nyquist bin (as numpy)', () => {
    for (const n of [8, 12, 999]) {
      const plan = createFft(n);
      const { re, im } = plan.rfft(noise(n, 3));
      const a = plan.irfft(re, im);
      const im2 = im.slice();
      im2[0] = 5;
      if (n % 2 === 0) im2[n / 2] = -7;
      expectAllClose(plan.irfft(re, im2), a, { atol: 0, rtol: 0 });
    }
  });

  test('a plan is reusable and rfftAt writes at an offset', () => {
    const plan = createFft(12);
    const x = noise(30, 9);
    const re = new Float64Array(14);
    const im = new Float64Array(14);
    plan.rfftAt(x, 5, re, im, 7);
    const ref = naiveRfft(x.subarray(5, 17));
    expectAllClose(re.subarray(7), ref.re, { atol: 1e-13, rtol: 0 });
    expectAllClose(im.subarray(7), ref.im, { atol: 1e-13, rtol: 0 });
    const y = new Float64Array(12);
    plan.irfftAt(re, im, 7, y);
    expectAllClose(y, x.subarray(5, 17), { atol: 1e-15, rtol: 0 });
  });

  test('round trip holds for random lengths (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), (n) => {
        const x = noise(n, n + 1);
        const p = createFft(n);
        const s = p.rfft(x);
        const y = p.irfft(s.re, s.im);
        let err = 0;
        for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(y[i]! - x[i]!));
        return err < 1e-13;
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  test('rfft(x, n) crops or zero-pads; irfft(re, im, n) sets the length', () => {
    const x = noise(10, 1);
    const padded = new Float64Array(16);
    padded.set(x);
    expectAllClose(rfft(x, 16).re, naiveRfft(padded).re, { atol: 1e-14, rtol: 0 });
    expectAllClose(rfft(x, 6).im, naiveRfft(x.subarray(0, 6)).im, { atol: 1e-14, rtol: 0 });
    const { re, im } = rfft(x);
    expect(irfft(re, im, 10)).toHaveLength(10);
    expectAllClose(irfft(re, im, 10), x, { atol: 1e-15, rtol: 0 });
    expect(irfft(re, im)).toHaveLength(10);
  });

  test('large sizes (960000 mixed radix, 480000, prime 100003 via Bluestein): exact tones and round trip', () => {
    for (const n of [960000, 480000, 100003]) {
      const k1 = 1234;
      const k2 = Math.floor(n / 3) + 7;
      const x = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        x[j] =
          Math.cos((2 * Math.PI * ((k1 * j) % n)) / n) + 0.5 * Math.sin((2 * Math.PI * ((k2 * j) % n)) / n);
      }
      const plan = createFft(n);
      const { re, im } = plan.rfft(x);
      let err = 0;
      for (let k = 0; k < plan.nBins; k++) {
        const er = k === k1 ? n / 2 : 0;
        const ei = k === k2 ? -n / 4 : 0;
        err = Math.max(err, Math.abs(re[k]! - er), Math.abs(im[k]! - ei));
      }
      // DFT rounding grows like eps·sqrt(n)·|x|₁-ish; 1e-8 of a peak of n/2 is far below any real error
      expect(err, `n=${n}`).toBeLessThan(1e-9 * n);
      const y = plan.irfft(re, im);
      let e2 = 0;
      for (let j = 0; j < n; j++) e2 = Math.max(e2, Math.abs(y[j]! - x[j]!));
      expect(e2, `n=${n} round trip`).toBeLessThan(1e-13);
    }
  });

  test('WebAssembly mixed-radix stages equal the JavaScript stages (radix 2, 3, 4, 5, 7, 61)', () => {
    expect(spectralKernel(), 'the embedded kernel loads on Node >= 20').not.toBeNull();
    for (const n of [128, 6000, 2 * 3 * 5 * 7 * 4 * 9, 61 * 64, 960000]) {
      const x = noise(n, n + 5);
      const a = createFft(n).rfft(x);
      setFftWasmEnabled(false);
      let b: ReturnType<typeof rfft>;
      try {
        b = createFft(n).rfft(x);
      } finally {
        setFftWasmEnabled(true);
      }
      const scale = Math.max(1, Math.sqrt(n));
      expectAllClose(a.re, b.re, { atol: 1e-13 * scale, rtol: 0, label: `re n=${n}` });
      expectAllClose(a.im, b.im, { atol: 1e-13 * scale, rtol: 0, label: `im n=${n}` });
    }
  });

  test('plans sharing the kernel heap: interleaved rfft/irfft/STFT calls give the JavaScript results', () => {
    // Each WebAssembly plan keeps its twiddles in the kernel heap's resident zone between calls; the
    // STFT's scratch must not overwrite them, and a plan whose tables were evicted lays them out again.
    const sizes = [6000, 2 * 3 * 5 * 7 * 4 * 9, 6000 * 8];
    const xs = sizes.map((n) => noise(n, n + 11));
    const js = xs.map((x) => {
      setFftWasmEnabled(false);
      try {
        const p = createFft(x.length);
        const s = p.rfft(x);
        return { s, y: p.irfft(s.re, s.im) };
      } finally {
        setFftWasmEnabled(true);
      }
    });
    const frames = createStft({ nFft: 512, hopLength: 256 });
    const check = (plans: ReturnType<typeof createFft>[], round: number): void => {
      sizes.forEach((n, i) => {
        const s = plans[i]!.rfft(xs[i]!);
        frames.run(xs[i]!); // the STFT's scratch between the forward and the inverse transform
        const y = plans[i]!.irfft(s.re, s.im);
        const tol = { atol: 1e-13 * Math.sqrt(n), rtol: 0 };
        expectAllClose(s.re, js[i]!.s.re, { ...tol, label: `re n=${n} round ${round}` });
        expectAllClose(s.im, js[i]!.s.im, { ...tol, label: `im n=${n} round ${round}` });
        expectAllClose(y, js[i]!.y, { atol: 1e-15, rtol: 0, label: `irfft n=${n} round ${round}` });
      });
    };
    // rounds 0-1: every plan's tables stay resident
    const kept = sizes.map((n) => createFft(n));
    check(kept, 0);
    check(kept, 1);
    // rounds 2-3, new plans with a 1-byte limit: each layout empties the zone, evicting the others
    setKernelResidentLimit(1);
    try {
      const evicted = sizes.map((n) => createFft(n));
      check(evicted, 2);
      check(evicted, 3);
    } finally {
      setKernelResidentLimit(64 * 1024 * 1024);
    }
  });

  test('rfftAt with `bins` writes exactly the first bins of the full transform', () => {
    for (const n of [2, 7, 64, 1000, 6000, 4096]) {
      const x = noise(n, n + 3);
      const plan = createFft(n);
      const full = plan.rfft(x);
      for (const bins of [1, 2, Math.floor(plan.nBins / 2), plan.nBins - 1]) {
        if (bins < 1) continue;
        const re = new Float64Array(plan.nBins).fill(7);
        const im = new Float64Array(plan.nBins).fill(7);
        plan.rfftAt(x, 0, re, im, 0, undefined, bins);
        expect(Array.from(re.subarray(0, bins)), `re n=${n} bins=${bins}`).toEqual(
          Array.from(full.re.subarray(0, bins)),
        );
        expect(Array.from(im.subarray(0, bins)), `im n=${n} bins=${bins}`).toEqual(
          Array.from(full.im.subarray(0, bins)),
        );
        expect(re.subarray(bins).every((v) => v === 7) && im.subarray(bins).every((v) => v === 7)).toBe(true);
      }
    }
  });

  test('createComplexFft equals the direct complex DFT (every size path) and inverts it', () => {
    for (const n of [1, 2, 8, 64, 1024, 4096, 1000, 67, 2 * 3 * 5 * 7 * 4]) {
      const z = noise(2 * n, n + 9);
      const plan = createComplexFft(n);
      const Z = plan.forward(z);
      let err = 0;
      let peak = 0;
      for (let k = 0; k < n; k++) {
        let sr = 0;
        let si = 0;
        for (let j = 0; j < n; j++) {
          const a = (-2 * Math.PI * ((j * k) % n)) / n;
          const c = Math.cos(a);
          const s = Math.sin(a);
          sr += z[2 * j]! * c - z[2 * j + 1]! * s;
          si += z[2 * j]! * s + z[2 * j + 1]! * c;
        }
        err = Math.max(err, Math.abs(Z[2 * k]! - sr), Math.abs(Z[2 * k + 1]! - si));
        peak = Math.max(peak, Math.hypot(sr, si));
      }
      expect(err, `forward n=${n}`).toBeLessThan(1e-13 * Math.max(1, peak));
      const back = plan.inverse(Z, new Float64Array(2 * n));
      expectAllClose(back, z, { atol: 1e-14, rtol: 0, label: `inverse n=${n}` });
    }
    expect(() => createComplexFft(0)).toThrow(/createComplexFft: n must be an integer >= 1/);
    const p = createComplexFft(4);
    expect(() => p.forward(new Float64Array(4))).toThrow(/z must be a Float64Array of 2n = 8/);
    const z = new Float64Array(8);
    expect(() => p.inverse(z, z)).toThrow(/out must not be z/);
  });

  test('bad arguments throw typed errors naming the argument', () => {
    expect(() => createFft(0)).toThrow(ParameterError);
    expect(() => createFft(0)).toThrow(/createFft: n must be an integer >= 1, got 0/);
    expect(() => createFft(2.5)).toThrow(/n must be an integer/);
    expect(() => rfft(new Float64Array(0))).toThrow(/rfft: x must not be empty/);
    expect(() => rfft(Float64Array.of(1, Number.NaN))).toThrow(/rfft: x must be finite/);
    expect(() => irfft(new Float64Array(3), new Float64Array(2))).toThrow(/equal length/);
  });
});
