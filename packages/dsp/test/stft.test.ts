import { ParameterError, SignalError } from '@speechsr/core';
import { expectAllClose } from '@speechsr/test-utils';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { setStftWasmEnabled } from '../src/stft.js';
import {
  createStft,
  frame,
  getWindow,
  istft,
  magnitude,
  overlapAdd,
  powerToDb,
  rfft,
  stft,
} from '../src/index.js';

function noise(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

describe('stft', () => {
  test('frame counts follow librosa (centred) and tf (not centred)', () => {
    const p = createStft({ nFft: 512, hopLength: 256 });
    for (const n of [1, 255, 256, 1537, 2000])
      expect(p.run(noise(n, n)).nFrames).toBe(1 + Math.floor(n / 256));
    const q = createStft({ nFft: 512, hopLength: 256, center: false });
    expect(q.run(noise(1537, 1)).nFrames).toBe(1 + Math.floor((1537 - 512) / 256));
  });

  test('each frame equals the rfft of the windowed padded slice (odd nFft, short window)', () => {
    const x = noise(300, 5);
    const nFft = 45;
    const S = stft(x, { nFft, hopLength: 10, winLength: 31, window: 'hamming', padMode: 'reflect' });
    const w = new Float64Array(nFft);
    w.set(getWindow('hamming', 31), 7);
    const half = 22;
    const f = 4;
    const seg = new Float64Array(nFft);
    for (let i = 0; i < nFft; i++) {
      let j = f * 10 + i - half;
      if (j < 0) j = -j;
      seg[i] = w[i]! * x[j]!;
    }
    const ref = rfft(seg);
    expectAllClose(S.re.subarray(f * S.nBins, (f + 1) * S.nBins), ref.re, { atol: 1e-13, rtol: 0 });
    expectAllClose(S.im.subarray(f * S.nBins, (f + 1) * S.nBins), ref.im, { atol: 1e-13, rtol: 0 });
  });

  test('istft(stft(x)) ≈ x for hann, hop ≤ nFft/2 (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 600, max: 3000 }),
        fc.constantFrom(64, 128, 256, 100),
        fc.constantFrom(2, 4),
        fc.constantFrom('constant' as const, 'reflect' as const),
        (n, nFft, div, padMode) => {
          const x = noise(n, n);
          const o = { nFft, hopLength: nFft / div, padMode };
          const y = istft(stft(x, o), { nFft, hopLength: nFft / div, length: n });
          let err = 0;
          for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(y[i]! - x[i]!));
          return y.length === n && err < 1e-12;
        },
      ),
      { seed: 42, numRuns: 25 },
    );
  });

  test('istft without length returns the centred length', () => {
    const x = noise(1024, 2);
    const y = istft(stft(x, { nFft: 256, hopLength: 64 }), { hopLength: 64 });
    expect(y.length).toBe(64 * (1 + 1024 / 64 - 1));
    expectAllClose(y, x.subarray(0, y.length), { atol: 1e-12, rtol: 0 });
  });

  test('magnitude and powerToDb follow librosa', () => {
    const S = { re: Float64Array.of(3, 0), im: Float64Array.of(4, 0), nBins: 2, nFrames: 1 };
    expect(Array.from(magnitude(S))).toEqual([5, 0]);
    const db = powerToDb(Float64Array.of(1, 100, 1e-20));
    expect(db[0]).toBe(0);
    expect(db[1]).toBeCloseTo(20, 12);
    expect(db[2]).toBeCloseTo(-60, 12); // 1e-20 → amin 1e-10 → −100 dB, clipped at max (20 dB) − 80
    expectAllClose(
      powerToDb(Float64Array.of(1, 10), { ref: (p) => Math.max(...Array.from(p)), topDb: null }),
      [-10, 0],
      {
        atol: 1e-12,
        rtol: 0,
      },
    );
  });

  test('frame is a strided view and overlapAdd undoes rectangular framing at hop = frameLength', () => {
    const x = noise(20, 3);
    const f = frame(x, 4, 3);
    expect(f.shape).toEqual([6, 4]);
    expect(f.get(2, 1)).toBe(x[7]);
    expectAllClose(overlapAdd(frame(x, 5, 5), 5), x, { atol: 0, rtol: 0 });
  });

  test('run and magnitude can fill caller-owned outputs (same values as fresh results)', () => {
    const x = noise(3000, 11);
    const plan = createStft({ nFft: 256, hopLength: 64 });
    const fresh = plan.run(x);
    const n = fresh.nBins * fresh.nFrames;
    const out = {
      re: new Float64Array(n),
      im: new Float64Array(n),
      nBins: fresh.nBins,
      nFrames: fresh.nFrames,
    };
    expect(plan.run(x, { out })).toBe(out);
    expectAllClose(out.re, fresh.re, { atol: 0, rtol: 0 });
    expectAllClose(out.im, fresh.im, { atol: 0, rtol: 0 });
    const m = new Float64Array(n);
    expect(magnitude(out, { out: m })).toBe(m);
    expectAllClose(m, magnitude(fresh), { atol: 0, rtol: 0 });
    expect(() => plan.run(noise(100, 1), { out })).toThrow(/stft: out must have nBins 129 and nFrames 2/);
    expect(() => magnitude(out, { out: new Float64Array(3) })).toThrow(
      /magnitude: out must be a Float64Array of/,
    );
  });

  test('the WebAssembly kernel (power-of-two nFft) equals the fft.js path', () => {
    for (const [nFft, hop, n] of [
      [16, 4, 101],
      [32, 8, 1000],
      [64, 64, 999],
      [512, 256, 20000],
      [2048, 512, 9000],
      [1024, 100, 5000],
    ] as const) {
      for (const x of [noise(n, nFft), Float32Array.from(noise(n, hop))]) {
        const opts = { nFft, hopLength: hop, padMode: 'reflect' as const };
        const a = stft(x, opts);
        setStftWasmEnabled(false);
        let b: ReturnType<typeof stft>;
        try {
          b = stft(x, opts);
        } finally {
          setStftWasmEnabled(true);
        }
        const tol = 1e-13 * Math.max(...Array.from(magnitude(b)));
        expectAllClose(a.re, b.re, { atol: tol, rtol: 0, label: `re nFft=${nFft}` });
        expectAllClose(a.im, b.im, { atol: tol, rtol: 0, label: `im nFft=${nFft}` });
        // not bit-identical: proves the two paths really are different code
        if (nFft >= 512) expect(a.re.some((v, i) => v !== b.re[i])).toBe(true);
      }
    }
  });

  test('bad arguments throw typed errors naming argument and range', () => {
    const x = noise(100, 1);
    expect(() => stft(x, { nFft: 0 })).toThrow(ParameterError);
    expect(() => stft(x, { nFft: 0 })).toThrow(/createStft: nFft must be an integer >= 1, got 0/);
    expect(() => stft(x, { nFft: 64, hopLength: 0 })).toThrow(/hopLength must be an integer >= 1, got 0/);
    expect(() => stft(x, { nFft: 64, winLength: 65 })).toThrow(/winLength must be an integer >= 1 and <= 64/);
    expect(() => stft(x, { nFft: 64, window: new Float64Array(3) })).toThrow(/window must be/);
    expect(() => stft(x, { nFft: 128, center: false })).toThrow(SignalError);
    expect(() => stft(new Float64Array(0))).toThrow(/stft: x must not be empty/);
    expect(() => stft(Float64Array.of(Number.NaN))).toThrow(/x must be finite/);
    expect(() => getWindow('blackman' as 'hann', 8)).toThrow(/getWindow: name must be one of/);
    expect(() => frame(x, 200, 1)).toThrow(/frame: x must have at least frameLength = 200/);
    expect(() => overlapAdd([], 2)).toThrow(/frames must be non-empty/);
    expect(() => powerToDb([1], { amin: 0 })).toThrow(/amin must be a finite number > 0/);
    expect(() =>
      istft({ re: new Float64Array(3), im: new Float64Array(3), nBins: 3, nFrames: 1 }, { nFft: 8 }),
    ).toThrow(/istft: nFft must give spec.nBins = 3/);
  });

  test('runFrames(x, start, end) equals frames start … end − 1 of run(x), bit for bit', () => {
    for (const [opts, n] of [
      [{ nFft: 512, hopLength: 256 }, 20_000],
      [{ nFft: 512, hopLength: 128, padMode: 'reflect' as const }, 3001],
      [{ nFft: 45, hopLength: 10, winLength: 31, window: 'hamming' as const }, 300],
      [{ nFft: 64, hopLength: 16, center: false }, 1000],
    ] as const) {
      const p = createStft(opts);
      const x = noise(n, 17);
      const full = p.run(x);
      const nb = full.nBins;
      for (const [a, b] of [
        [0, full.nFrames],
        [0, 1],
        [3, 7],
        [full.nFrames - 5, full.nFrames],
        [Math.floor(full.nFrames / 3), Math.floor(full.nFrames / 3) + 300],
      ]) {
        const end = Math.min(b!, full.nFrames);
        const part = p.runFrames(x, a!, end);
        expect(part.nFrames).toBe(end - a!);
        expect(part.re).toEqual(full.re.subarray(a! * nb, end * nb));
        expect(part.im).toEqual(full.im.subarray(a! * nb, end * nb));
      }
      const out = { re: new Float64Array(2 * nb), im: new Float64Array(2 * nb), nBins: nb, nFrames: 2 };
      expect(p.runFrames(x, 1, 3, { out })).toBe(out);
      expect(out.re).toEqual(full.re.subarray(nb, 3 * nb));
    }
  });

  test('runFrames checks its range and the samples it reads', () => {
    const p = createStft({ nFft: 64, hopLength: 32 });
    const x = noise(1000, 2);
    const n = p.frameCount(x.length);
    expect(() => p.runFrames(x, -1, 2)).toThrow(ParameterError);
    expect(() => p.runFrames(x, 2, 2)).toThrow(ParameterError);
    expect(() => p.runFrames(x, 0, n + 1)).toThrow(ParameterError);
    expect(() => p.runFrames(x, 0.5, 2)).toThrow(ParameterError);
    x[500] = Number.NaN;
    expect(() => p.runFrames(x, 10, 20)).toThrow(SignalError);
    expect(p.runFrames(x, 0, 3).nFrames).toBe(3); // frames 0-2 do not read sample 500
    expect(() => p.run(x)).toThrow(/stft: x must be finite/);
    x[500] = 0;
    x[900] = Number.POSITIVE_INFINITY; // read by frames 28 and 29 only (hop 32, nFft 64, centred)
    expect(() => p.runFrames(x, 29, 30)).toThrow(/stft: x must be finite, got Infinity at sample 900/);
    expect(p.runFrames(x, 0, 27).nFrames).toBe(27);
  });

  test('spectrogram(x, { power }) equals |run(x)| and |run(x)|², across blocks and pad modes', () => {
    for (const [opts, n] of [
      [{ nFft: 512, hopLength: 256 }, 160_000],
      [{ nFft: 512, hopLength: 128, padMode: 'reflect' as const }, 3001],
      [{ nFft: 45, hopLength: 10, winLength: 31, window: 'hamming' as const }, 300],
      [{ nFft: 64, hopLength: 16, center: false }, 1000],
    ] as const) {
      const p = createStft(opts);
      const x = noise(n, 23);
      const S = p.run(x);
      const mag = magnitude(S);
      expect(p.spectrogram(x)).toEqual(mag);
      const pow = p.spectrogram(x, { power: 2 });
      expect(pow).toEqual(mag.map((_, i) => S.re[i]! * S.re[i]! + S.im[i]! * S.im[i]!));
      const out = new Float64Array(mag.length);
      expect(p.spectrogram(Float32Array.from(x), { out })).toBe(out);
      expect(out).toEqual(magnitude(p.run(Float32Array.from(x))));
    }
  });

  test('spectrogram rejects a bad power, a wrong out and non-finite input', () => {
    const p = createStft({ nFft: 64, hopLength: 32 });
    const x = noise(1000, 4);
    expect(() => p.spectrogram(x, { power: 3 as 2 })).toThrow(/stft: power must be one of 1, 2/);
    expect(() => p.spectrogram(x, { out: new Float64Array(5) })).toThrow(ParameterError);
    x[10] = Number.NaN;
    expect(() => p.spectrogram(x)).toThrow(SignalError);
  });
});
