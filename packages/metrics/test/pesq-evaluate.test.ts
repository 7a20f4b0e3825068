import { ParameterError } from '@speechsr/core';
import { fixtures } from '@speechsr/test-utils';
import { describe, expect, it } from 'vitest';
import { evaluateFiles, evaluatePair } from '../src/evaluate.js';
import { pesq } from '../src/pesq/index.js';

const fx = fixtures(import.meta.url);
const ref = fx.wav('metrics/audio/ref_16k.wav');
const est = fx.wav('metrics/audio/spline_decimate_r2_16k.wav');
const ref8 = fx.wav('metrics/audio/ref_8k.wav');
const est8 = fx.wav('metrics/audio/spline_decimate_r2_8k.wav');
const metrics = fx.json('metrics/metrics.json') as {
  pairs: { name: string; pesq_wb_16k: number; pesq_nb_8k: number }[];
};
const golden = metrics.pairs.find((p) => p.name === 'spline_decimate_r2')!;
/** Fixture README §10: "a float32 port of P.862 should match to 1e-4 MOS". */
const PESQ_ATOL = 1e-4;

describe('pesq wired into evaluatePair / evaluateFiles', () => {
  it('PESQ-WB is the default column at 16 kHz and equals pesq()', () => {
    const m = evaluatePair(ref, est);
    expect(m.pesq).toBe(pesq(ref.samples, est.samples, { sampleRate: 16000, mode: 'wb' }).mosLqo);
    expect(Math.abs(m.pesq! - golden.pesq_wb_16k)).toBeLessThan(PESQ_ATOL);
    expect(m.pesqRaw).toBeNaN();
  });

  it('NB at 8 kHz by option (raw P.862 recorded); no default PESQ column at 8 kHz', () => {
    const m = evaluatePair(ref8, est8, { pesq: 'nb' });
    expect(Math.abs(m.pesq! - golden.pesq_nb_8k)).toBeLessThan(PESQ_ATOL);
    expect(m.pesqRaw).toBe(pesq(ref8.samples, est8.samples, { sampleRate: 8000, mode: 'nb' }).raw);
    expect(evaluatePair(ref8, est8).pesq).toBeNull();
    expect(evaluateFiles([{ id: 'a', reference: ref8, estimate: est8 }]).summary.pesq).toBeUndefined();
  });

  it('wb at 8 kHz asked explicitly is a ParameterError (never a NaN)', () => {
    expect(() => evaluatePair(ref8, est8, { pesq: 'wb' })).toThrow(ParameterError);
    expect(() => evaluatePair(ref8, est8, { pesq: 'wb' })).toThrow(/mode 'wb' needs sampleRate 16000/);
  });

  it('unscorable files are recorded as NaN with the reason, counted and excluded from the mean', () => {
    const silent = new Float64Array(ref.samples.length);
    const res = evaluateFiles(
      [
        { id: 'good', reference: ref, estimate: est },
        { id: 'silent', reference: ref.samples, estimate: silent },
        { id: 'short', reference: ref.samples.subarray(0, 1600), estimate: est.samples.subarray(0, 1600) },
        { id: 'same', reference: ref, estimate: ref },
      ],
      { sampleRate: 16000 },
    );
    const rows = Object.fromEntries(res.rows.map((r) => [r.id, r]));
    expect(rows.silent!.pesq).toBeNaN();
    expect(rows.silent!.nanReasons.pesq).toMatch(
      /^PesqError: pesq: degraded must contain energy between 350 and 3250 Hz/,
    );
    expect(rows.short!.pesq).toBeNaN();
    expect(rows.short!.nanReasons.pesq).toMatch(
      /^PesqError: pesq: reference must have at least 4000 samples/,
    );
    const s = res.summary.pesq!;
    expect(s.count).toBe(2);
    expect(s.excluded.map((e) => e.id)).toEqual(['silent', 'short']);
    expect(s.mean).toBeCloseTo((rows.good!.pesq! + 4.643888473510742) / 2, 12);
    expect(Number.isFinite(s.mean)).toBe(true);
    expect(res.warnings.filter((w) => w.startsWith('pesq:'))).toHaveLength(2);
    expect(res.protocol.metrics.pesq).toMatchObject({ mode: 'wb', unit: 'MOS-LQO' });
  });
});
