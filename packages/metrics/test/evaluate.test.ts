import { ParameterError, SignalError } from '@speechsr/core';
import { expectAllClose, fixtures } from '@speechsr/test-utils';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  type EvaluationPair,
  evaluateFiles,
  evaluatePair,
  evaluationProtocol,
  lsd,
  type PesqFunction,
  snr,
  snrSeg,
} from '../src/index.js';

const fx = fixtures(import.meta.url);
const golden = fx.json('metrics/metrics.json');
// metrics.json tolerance: "snr_db, snrseg_db, lsd: <= 1e-9 absolute for float64 implementations"
const ATOL = 1e-9;
// PESQ has its own tests (pesq*.test.ts); here it is switched off unless it is the subject.
const NO_PESQ = { pesq: false } as const;

const noise = (n: number, seed: number): Float64Array => {
  const x = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 2 ** 32 - 0.5;
  }
  return x;
};

describe('evaluatePair', () => {
  test('reproduces metrics.json for every pair (WAV inputs with their sample rate)', () => {
    for (const pair of golden.pairs) {
      if (pair.name === 'identity') continue; // its SNR has its own relative tolerance (snr.parity.test)
      const m = evaluatePair(fx.wav(pair.reference_wav_16k), fx.wav(pair.estimate_wav_16k), NO_PESQ);
      expectAllClose([m.snr, m.snrSeg!, m.lsd!], [pair.snr_db, pair.snrseg_db, pair.lsd], {
        atol: ATOL,
        rtol: 0,
        label: pair.name,
      });
      expect(m.pesq).toBeNull();
      expect(m.sampleRate).toBe(16000);
    }
  });
  test("seed alignment: both truncated to the shorter length; the padded tail doesn't count", () => {
    const x = noise(5000, 1);
    const y = x.map((v, i) => v + 0.01 * Math.sin(i));
    const longer = new Float64Array(5600);
    longer.set(y);
    longer.fill(0.3, 5000);
    const m = evaluatePair(x, longer, NO_PESQ);
    expect(m).toMatchObject({ length: 5000, referenceLength: 5000, estimateLength: 5600 });
    expect(m.snr).toBe(snr(x, y));
    expect(m.snrSeg).toBe(snrSeg(x, y));
    expect(m.lsd).toBe(lsd(x, y));
    const shorter = evaluatePair(longer, x, NO_PESQ); // reference longer than the estimate: same rule
    expect(shorter.length).toBe(5000);
    expect(shorter.snr).toBe(snr(y, x));
  });
  test("alignment 'strict' rejects different lengths", () => {
    expect(() => evaluatePair(noise(10, 1), noise(11, 1), { alignment: 'strict' })).toThrow(ParameterError);
    expect(() => evaluatePair(noise(10, 1), noise(11, 1), { alignment: 'strict' })).toThrow(
      /evaluatePair: estimate must have the same length as reference \(10\) with alignment 'strict', got 11/,
    );
  });
  test('options: metric switches, snrSeg parameters, LSD convention and extra LSD columns', () => {
    const x = noise(8000, 3);
    const y = noise(8000, 4);
    const m = evaluatePair(x, y, {
      ...NO_PESQ,
      snrSeg: { frameLength: 0.03, overlap: 0.75 },
      lsd: { convention: 'seed', padMode: 'reflect' },
      lsdVariants: { lsdHf: { convention: 'apbwe', band: 'hf', r: 2 }, lsdK: { convention: 'kuleshov' } },
    });
    expect(m.snrSeg).toBe(snrSeg(x, y, { frameLength: 0.03, overlap: 0.75 }));
    expect(m.lsd).toBe(lsd(x, y, { padMode: 'reflect' }));
    expect(m.lsdVariants).toEqual({
      lsdHf: lsd(x, y, { convention: 'apbwe', band: 'hf', r: 2 }),
      lsdK: lsd(x, y, { convention: 'kuleshov' }),
    });
    const off = evaluatePair(x, y, { ...NO_PESQ, snrSeg: false, lsd: false });
    expect(off.snrSeg).toBeNull();
    expect(off.lsd).toBeNull();
  });
  test('sample rate: the frame length in seconds follows it; mismatched rates are a typed error', () => {
    const x = noise(8000, 5);
    const y = noise(8000, 6);
    expect(evaluatePair({ samples: x, sampleRate: 8000 }, { samples: y, sampleRate: 8000 }).snrSeg).toBe(
      snrSeg(x, y, { sampleRate: 8000 }),
    );
    expect(() => evaluatePair({ samples: x, sampleRate: 16000 }, { samples: y, sampleRate: 8000 })).toThrow(
      /evaluatePair: estimate.sampleRate must equal reference.sampleRate \(16000 Hz\), got 8000 Hz. Resample the estimate first./,
    );
    expect(() => evaluatePair({ samples: x, sampleRate: 8000 }, y, { sampleRate: 16000 })).toThrow(
      ParameterError,
    );
    expect(() => evaluatePair({ samples: x, sampleRate: 8000 }, y, { sampleRate: 16000 })).toThrow(
      /the signals' sample rate must equal options.sampleRate \(16000 Hz\), got 8000 Hz/,
    );
  });
  test('short signal: SNRseg is NaN with a reason, the other metrics are numbers', () => {
    const m = evaluatePair(noise(2000, 1), noise(2000, 2), NO_PESQ);
    expect(m.snrSeg).toBeNaN();
    expect(m.nanReasons.snrSeg).toMatch(/fewer than two 0.128 s frames in 2000 samples/);
    expect(Number.isFinite(m.snr) && Number.isFinite(m.lsd!)).toBe(true);
  });
  test('bad input: empty, non-finite, not an array — typed errors naming evaluatePair', () => {
    const x = noise(4000, 1);
    expect(() => evaluatePair(x, new Float64Array(0))).toThrow(SignalError);
    expect(() => evaluatePair(x, new Float64Array(0))).toThrow(/evaluatePair: estimate must not be empty/);
    const bad = x.slice();
    bad[7] = Number.POSITIVE_INFINITY;
    expect(() => evaluatePair(bad, x)).toThrow(
      /evaluatePair: reference must be finite, got Infinity at sample 7/,
    );
    expect(() => evaluatePair([0, 1] as unknown as Float64Array, x)).toThrow(ParameterError);
    expect(() => evaluatePair(x, x, { lsd: { convention: 'x' as 'seed' } })).toThrow(
      /convention must be one of/,
    );
  });
  test('PESQ slot: an unknown mode is a typed error', () => {
    const x = noise(4000, 1);
    expect(() => evaluatePair(x, x, { pesq: 'xb' as 'wb', pesqImpl: () => ({ mosLqo: 1, raw: 1 }) })).toThrow(
      /pesq must be one of "wb", "nb"/,
    );
  });
  test('PESQ slot: the scorer gets (reference, degraded, { sampleRate, mode }) on the aligned signals', () => {
    const calls: unknown[] = [];
    const fake: PesqFunction = (r, d, o) => {
      calls.push([r.length, d.length, o]);
      return { mosLqo: 3.5, raw: 3.1 };
    };
    const m = evaluatePair(noise(5000, 1), noise(5200, 2), { pesq: 'wb', pesqImpl: fake });
    expect(calls).toEqual([[5000, 5000, { sampleRate: 16000, mode: 'wb' }]]);
    expect(m.pesq).toBe(3.5);
    expect(m.pesqRaw).toBe(3.1);
  });
  test('PESQ slot: an unscorable file becomes NaN + reason; a ParameterError propagates', () => {
    const unscorable: PesqFunction = () => {
      throw new SignalError('pesq: no utterances detected in reference.');
    };
    const m = evaluatePair(noise(4000, 1), noise(4000, 2), { pesq: 'nb', pesqImpl: unscorable });
    expect(m.pesq).toBeNaN();
    expect(m.nanReasons.pesq).toBe('SignalError: pesq: no utterances detected in reference.');
    const wrongRate: PesqFunction = () => {
      throw new ParameterError('pesq: sampleRate must be 16000 for mode "wb", got 8000.');
    };
    expect(() => evaluatePair(noise(4000, 1), noise(4000, 2), { pesq: 'wb', pesqImpl: wrongRate })).toThrow(
      ParameterError,
    );
    const bug: PesqFunction = () => {
      throw new TypeError('boom');
    };
    expect(() => evaluatePair(noise(4000, 1), noise(4000, 2), { pesq: 'wb', pesqImpl: bug })).toThrow(
      TypeError,
    );
  });
});

describe('evaluateFiles', () => {
  const pairs = (): EvaluationPair[] =>
    golden.pairs.map((p: { name: string; reference_wav_16k: string; estimate_wav_16k: string }) => ({
      id: p.name,
      reference: fx.wav(p.reference_wav_16k),
      estimate: fx.wav(p.estimate_wav_16k),
    }));

  test('batch consistency: rows equal evaluatePair per item, means equal the mean of the rows', () => {
    const options = {
      ...NO_PESQ,
      lsdVariants: { lsdHf: { convention: 'seed' as const, band: 'hf' as const, r: 2 } },
    };
    const res = evaluateFiles(pairs(), options);
    expect(res.files).toBe(golden.pairs.length);
    for (const [i, p] of pairs().entries()) {
      const { id, ...row } = res.rows[i]!;
      expect(id).toBe(p.id);
      expect(row).toEqual(evaluatePair(p.reference, p.estimate, options));
    }
    const mean = (f: (r: (typeof res.rows)[number]) => number) =>
      res.rows.reduce((a, r) => a + f(r), 0) / res.rows.length;
    expect(res.summary.snr!.mean).toBeCloseTo(
      mean((r) => r.snr),
      12,
    );
    expect(res.summary.snrSeg!.mean).toBeCloseTo(
      mean((r) => r.snrSeg!),
      12,
    );
    expect(res.summary.lsd!.mean).toBeCloseTo(
      mean((r) => r.lsd!),
      12,
    );
    expect(res.summary['lsdVariants.lsdHf']!.mean).toBeCloseTo(
      mean((r) => r.lsdVariants.lsdHf!),
      12,
    );
    expect(res.summary.pesq).toBeUndefined();
    expect(res.warnings).toEqual([]);
  });
  test('batch consistency on random lists (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 3500, max: 6000 }), { minLength: 1, maxLength: 4 }),
        (lengths) => {
          const list = lengths.map((n, i) => ({
            id: `f${i}`,
            reference: noise(n, i),
            estimate: noise(n + i, i + 100),
          }));
          const res = evaluateFiles(list, NO_PESQ);
          list.forEach((p, i) => {
            const { id: _id, ...row } = res.rows[i]!;
            expect(row).toEqual(evaluatePair(p.reference, p.estimate, NO_PESQ));
          });
          const m = res.rows.reduce((a, r) => a + r.lsd!, 0) / list.length;
          expect(res.summary.lsd!.mean).toBeCloseTo(m, 12);
        },
      ),
      { seed: 11, numRuns: 5 },
    );
  });
  test('NaN values are counted and excluded per metric, with reasons and warnings (metrics.md §3, §5)', () => {
    const pesqImpl: PesqFunction = (r) => {
      if (r.length < 3000) throw new SignalError('pesq: no utterances detected.');
      return { mosLqo: 2 + r.length / 10000, raw: 0 };
    };
    const list = [
      { id: 'long-a', reference: noise(4000, 1), estimate: noise(4000, 2) },
      { id: 'short', reference: noise(2000, 3), estimate: noise(2000, 4) },
      { id: 'long-b', reference: noise(5000, 5), estimate: noise(5000, 6) },
    ];
    const res = evaluateFiles(list, { pesq: 'wb', pesqImpl });
    expect(res.summary.snrSeg).toMatchObject({ count: 2, excluded: [{ id: 'short' }] });
    expect(res.summary.snrSeg!.mean).toBeCloseTo((res.rows[0]!.snrSeg! + res.rows[2]!.snrSeg!) / 2, 12);
    expect(res.summary.pesq).toMatchObject({
      count: 2,
      excluded: [{ id: 'short', reason: 'SignalError: pesq: no utterances detected.' }],
    });
    expect(res.summary.pesq!.mean).toBeCloseTo((2.4 + 2.5) / 2, 12);
    expect(res.summary.snr!.count).toBe(3); // other metrics of the file still count
    expect(res.warnings).toHaveLength(2);
    expect(res.warnings[0]).toMatch(/^snrSeg: short excluded from the mean/);
  });
  test('all values NaN: the mean is NaN and count 0', () => {
    const res = evaluateFiles([{ id: 'a', reference: noise(100, 1), estimate: noise(100, 2) }], NO_PESQ);
    expect(res.summary.snrSeg).toMatchObject({ count: 0 });
    expect(res.summary.snrSeg!.mean).toBeNaN();
  });
  test('accepts any iterable (lazy generator) and records the protocol', () => {
    function* gen() {
      for (let i = 0; i < 3; i++)
        yield { id: `g${i}`, reference: noise(4000, i), estimate: noise(4000, i + 9) };
    }
    const res = evaluateFiles(gen(), { ...NO_PESQ, lsd: { padMode: 'reflect' } });
    expect(res.rows.map((r) => r.id)).toEqual(['g0', 'g1', 'g2']);
    expect(res.protocol).toEqual(evaluationProtocol({ ...NO_PESQ, lsd: { padMode: 'reflect' } }));
    expect(res.protocol.metrics.lsd).toMatchObject({
      name: 'seed',
      nFft: 512,
      hopLength: 256,
      padMode: 'reflect',
    });
    expect(res.protocol.metrics.snrSeg).toMatchObject({
      frameSamples: 2048,
      hopSamples: 1024,
      clamp: [-10, 35],
    });
    expect(res.protocol.alignment.mode).toBe('truncate');
  });
  test('bad pairs: the error keeps its class and names the pair; mixed sample rates are rejected', () => {
    const good = { id: 'ok', reference: noise(4000, 1), estimate: noise(4000, 2) };
    const bad = { id: 'broken.wav', reference: noise(4000, 1), estimate: new Float64Array(0) };
    expect(() => evaluateFiles([good, bad], NO_PESQ)).toThrow(SignalError);
    expect(() => evaluateFiles([good, bad], NO_PESQ)).toThrow(
      /estimate must not be empty.*\(pair "broken.wav", index 1\)/,
    );
    const rate = (n: number, sampleRate: number) => ({ samples: noise(n, 1), sampleRate });
    expect(() =>
      evaluateFiles(
        [
          { id: 'a', reference: rate(4000, 16000), estimate: rate(4000, 16000) },
          { id: 'b', reference: rate(4000, 8000), estimate: rate(4000, 8000) },
        ],
        NO_PESQ,
      ),
    ).toThrow(/every pair must have the same sample rate \(16000 Hz\), got 8000 Hz for pair "b"/);
  });
});
