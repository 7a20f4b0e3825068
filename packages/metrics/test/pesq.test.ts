import { ParameterError, SignalError } from '@speechsr/core';
import { fixtures } from '@speechsr/test-utils';
import { describe, expect, it } from 'vitest';
import { curveDb, PESQ_MAX_UTTERANCES, PesqError, pesq, pesqMapScore } from '../src/pesq/index.js';
import { crossCorrelate, inverseRealDft, realDft } from '../src/pesq/fft.js';
import { LEVEL_ALIGN_FILTER_DB } from '../src/pesq/tables.js';

const fx = fixtures(import.meta.url);
const ref = fx.wav('metrics/audio/ref_16k.wav').samples;
const deg = fx.wav('metrics/audio/spline_decimate_r2_16k.wav').samples;
const ref8 = fx.wav('metrics/audio/ref_8k.wav').samples;
const WB = { sampleRate: 16000, mode: 'wb' } as const;
const base = pesq(ref, deg, WB).mosLqo;

/** Deterministic N(0, 1) noise (LCG + Box–Muller). */
function gaussian(n: number, seed: number): Float64Array {
  let s = seed;
  const u = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s + 1) / 2147483649;
  };
  return Float64Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

function expectPesqError(f: () => unknown, code: string, message: RegExp): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(PesqError);
  expect(err).toBeInstanceOf(SignalError);
  expect((err as PesqError).code).toBe(code);
  expect((err as Error).message).toMatch(message);
}

describe('pesq: API and errors', () => {
  it('identical signals give the maxima (raw 4.5): wb 4.643888473510742, nb 4.548638343811035', () => {
    expect(pesq(ref, ref, WB)).toEqual({ mosLqo: 4.643888473510742, raw: Number.NaN });
    expect(pesq(ref8, ref8, { sampleRate: 8000, mode: 'nb' })).toEqual({
      mosLqo: 4.548638343811035,
      raw: 4.5,
    });
  });

  it('mode defaults to wb at 16 kHz and nb at 8 kHz', () => {
    expect(pesq(ref, deg, { sampleRate: 16000 }).mosLqo).toBe(base);
    expect(pesq(ref8, ref8, { sampleRate: 8000 }).raw).toBe(4.5);
  });

  it('mapping functions (spec §20)', () => {
    expect(pesqMapScore(4.5, 'nb')).toBe(4.548638343811035);
    expect(pesqMapScore(4.5, 'wb')).toBe(4.643888473510742);
    expect(pesqMapScore(-0.5, 'wb')).toBeGreaterThan(0.999);
  });

  it('DFT helpers: real inverse round trip and circular correlation equal the direct sums (spec §3.1, §3.5)', () => {
    for (const n of [4, 16, 1024]) {
      const u = gaussian(n, n);
      const v = gaussian(n, n + 1);
      const back = inverseRealDft(realDft(u, n), n, new Float64Array(n));
      for (let i = 0; i < n; i++) expect(back[i]).toBeCloseTo(u[i]!, 12);
      const c = crossCorrelate(u, v, n);
      for (const tau of [0, 1, n / 2, n - 1]) {
        let s = 0;
        for (let j = 0; j < n; j++) s += u[j]! * v[(j + tau) % n]!;
        expect(c[tau]).toBeCloseTo(s, 10);
      }
    }
  });

  it('dB curve interpolates linearly in dB and extrapolates (spec §3.2)', () => {
    expect(curveDb(LEVEL_ALIGN_FILTER_DB, 325)).toBeCloseTo(-250, 12);
    expect(curveDb(LEVEL_ALIGN_FILTER_DB, 1000)).toBe(0);
    expect(curveDb(LEVEL_ALIGN_FILTER_DB, 9000)).toBe(-500);
  });

  it('unsupported sample rate, wb at 8 kHz, bad types: ParameterError', () => {
    expect(() => pesq(ref, deg, { sampleRate: 44100 as 16000 })).toThrow(ParameterError);
    expect(() => pesq(ref, deg, { sampleRate: 44100 as 16000 })).toThrow(
      /pesq: options.sampleRate must be one of 8000, 16000, got 44100/,
    );
    expect(() => pesq(ref8, ref8, { sampleRate: 8000, mode: 'wb' })).toThrow(ParameterError);
    expect(() => pesq(ref8, ref8, { sampleRate: 8000, mode: 'wb' })).toThrow(
      /mode 'wb' needs sampleRate 16000, got 8000/,
    );
    expect(() => pesq(ref, deg, { sampleRate: 16000, mode: 'xb' as 'wb' })).toThrow(
      /options.mode must be one of "nb", "wb"/,
    );
    expect(() => pesq([1, 2] as unknown as Float64Array, deg, WB)).toThrow(ParameterError);
  });

  it('non-finite samples: SignalError', () => {
    const bad = deg.slice();
    bad[100] = Number.NaN;
    expect(() => pesq(ref, bad, WB)).toThrow(SignalError);
    expect(() => pesq(ref, bad, WB)).toThrow(/pesq: degraded must be finite, got NaN at sample 100/);
  });

  it('inputs are not modified', () => {
    const r = ref.slice();
    const d = new Float32Array(deg);
    const d0 = d.slice();
    pesq(r, d, WB);
    expect(r).toEqual(ref);
    expect(d).toEqual(d0);
  });
});

describe('pesq: robustness (each a documented score or a typed error)', () => {
  it('0.1 s input: too-short error (P.862 error -6)', () => {
    expectPesqError(
      () => pesq(ref.subarray(0, 1600), deg.subarray(0, 1600), WB),
      'too-short',
      /at least 4000 samples \(0.25 s at 16000 Hz\), got 1600/,
    );
    expectPesqError(
      () => pesq(ref8.subarray(0, 800), ref8, { sampleRate: 8000 }),
      'too-short',
      /reference must have at least 2000/,
    );
  });

  it('0.3 s of speech: no-utterances error (P.862 error -7)', () => {
    expectPesqError(
      () => pesq(ref.subarray(0, 4800), deg.subarray(0, 4800), WB),
      'no-utterances',
      /no utterances detected/,
    );
  });

  it('silence only: silent-reference / silent-degraded errors instead of NaN', () => {
    const z = new Float64Array(ref.length);
    expectPesqError(
      () => pesq(z, deg, WB),
      'silent-reference',
      /reference must contain energy between 350 and 3250 Hz/,
    );
    expectPesqError(
      () => pesq(ref, z, WB),
      'silent-degraded',
      /degraded must contain energy between 350 and 3250 Hz/,
    );
    expectPesqError(() => pesq(z, z, WB), 'silent-reference', /silent signal/);
  });

  it('white noise instead of speech: lowest scores (documented ≈ 1.05 WB)', () => {
    const noise = gaussian(ref.length, 7).map((v) => 0.05 * v);
    const s = pesq(ref, noise, WB).mosLqo;
    expect(s).toBeGreaterThanOrEqual(0.999);
    expect(s).toBeLessThan(1.2);
  });

  it('gain changes leave the score nearly unchanged (level alignment)', () => {
    for (const g of [0.1, 3]) {
      expect(
        Math.abs(
          pesq(
            ref,
            deg.map((v) => v * g),
            WB,
          ).mosLqo - base,
        ),
      ).toBeLessThan(1e-3);
      expect(
        Math.abs(
          pesq(
            ref.map((v) => v * g),
            deg,
            WB,
          ).mosLqo - base,
        ),
      ).toBeLessThan(1e-3);
    }
  });

  it('DC offset on the degraded signal: small change (DC is outside the model band)', () => {
    const s = pesq(
      ref,
      deg.map((v) => v + 0.1),
      WB,
    ).mosLqo;
    expect(Math.abs(s - base)).toBeLessThan(0.05);
  });

  it('200 ms delay: aligned away (score within 0.05 of the undelayed one)', () => {
    const delayed = new Float64Array(deg.length + 3200);
    delayed.set(deg, 3200);
    expect(Math.abs(pesq(ref, delayed, WB).mosLqo - base)).toBeLessThan(0.05);
  });

  it('clipped speech: a finite, much lower score', () => {
    const s = pesq(
      ref,
      deg.map((v) => Math.max(-0.05, Math.min(0.05, v))),
      WB,
    ).mosLqo;
    expect(Number.isFinite(s)).toBe(true);
    expect(s).toBeLessThan(base - 1);
  });

  it('swapped arguments: a different, finite score (PESQ is asymmetric by design)', () => {
    const s = pesq(deg, ref, WB).mosLqo;
    expect(Number.isFinite(s)).toBe(true);
    expect(s).toBeGreaterThanOrEqual(0.999);
    expect(s).toBeLessThanOrEqual(4.644);
    expect(Math.abs(s - base)).toBeGreaterThan(0.1);
  });

  it('length mismatches, large delays, reversed/tonal/impulsive inputs: a finite score or a PesqError, never NaN', () => {
    const d = deg;
    const padded = new Float64Array(d.length * 3);
    padded.set(d, d.length);
    const delayed = new Float64Array(d.length + 16000);
    delayed.set(d, 16000);
    const impulse = new Float64Array(ref.length);
    impulse[1000] = 1;
    const variants: [Float64Array, Float64Array][] = [
      [ref, d.subarray(0, d.length / 3)],
      [ref.subarray(0, ref.length / 3), d],
      [ref, padded],
      [ref, delayed],
      [ref, d.slice().reverse()],
      [ref, ref.map((_, i) => Math.sin((2 * Math.PI * 1000 * i) / 16000))],
      [ref, impulse],
      [ref.subarray(0, 4000), d.subarray(0, 4000)],
    ];
    for (const [r, e] of variants) {
      for (const mode of ['wb', 'nb'] as const) {
        try {
          const s = pesq(r, e, { sampleRate: 16000, mode }).mosLqo;
          expect(s).toBeGreaterThanOrEqual(0.999);
          expect(s).toBeLessThanOrEqual(4.644);
        } catch (err) {
          expect(err).toBeInstanceOf(PesqError);
        }
      }
    }
  });

  it(`10 minutes of speech: too-many-utterances error (> ${PESQ_MAX_UTTERANCES}), early and without the full pipeline`, () => {
    const n = 16000 * 600;
    const long = new Float64Array(n);
    for (let i = 0; i < n; i++) long[i] = ref[i % ref.length]!;
    const t0 = performance.now();
    expectPesqError(
      () => pesq(long, long, WB),
      'too-many-utterances',
      /at most 49 utterances.*Score shorter segments/,
    );
    expect(performance.now() - t0).toBeLessThan(30_000);
  });
});
