import { expectAllClose, fixtures } from '@speechsr/test-utils';
import { afterAll, describe, expect, test } from 'vitest';
import { type DeterministicLowPass, extractPatches, preprocess, readAudio } from '../src/index.js';

const fx = fixtures(import.meta.url);
const pipe = fx.json('dsp/pipeline.json');
// pipeline.json tolerance: "counts/lengths exact; values <= 1e-9 absolute for a float64 implementation (x is unit variance)"
const ATOL = 1e-9;

const worst: Record<string, number> = {};
const note = (k: string, e: number) => {
  worst[k] = Math.max(worst[k] ?? 0, e);
};
afterAll(() => console.info('pipeline.json max abs errors:', JSON.stringify(worst)));

describe('per-file pipeline vs dsp/pipeline.json', () => {
  const { samples } = readAudio(fx.path('dsp/audio/trim_input.wav'));
  for (const scheme of ['subsampling', 'decimating', 'fft'] as DeterministicLowPass[]) {
    for (const r of [2, 4]) {
      test(`${scheme}, r = ${r}`, () => {
        const c = pipe.cases[`${scheme}_scale${r}`];
        const pre = preprocess(samples, { scale: r, lowPass: scheme });
        expect([pre.trimStart, pre.trimEnd]).toEqual([pipe.trim.start, pipe.trim.end]);
        expect(pre.hr.length).toBe(c.cropped_length);
        expect(pre.lr.length).toBe(c.x_lr_length_before_upsample);
        note(
          'x_lr',
          expectAllClose(pre.lr.subarray(0, 10), c.x_lr_first10_before_upsample, {
            atol: ATOL,
            rtol: 0,
            label: 'x_lr',
          }),
        );
        const p = extractPatches(pre.hr, pre.lrUp, 2048, 1024);
        expect(p.count).toBe(c.n_patches);
        expect(Math.floor(p.count / 32) * 32).toBe(c.n_patches_kept_batch32);
        // Patch values are compared in float64 (before the float32 storage cast), as the fixture is float64.
        const lrPatch = (k: number) => pre.lrUp.subarray(k * 1024, k * 1024 + 2048);
        note(
          'hr0',
          expectAllClose(pre.hr.subarray(0, 5), c.hr_patch0_first5, { atol: ATOL, rtol: 0, label: 'hr0' }),
        );
        note(
          'lr0',
          expectAllClose(lrPatch(0).subarray(0, 5), c.lr_patch0_first5, {
            atol: ATOL,
            rtol: 0,
            label: 'lr0',
          }),
        );
        note('lr3', expectAllClose(lrPatch(3), c.lr_patch3, { atol: ATOL, rtol: 0, label: 'lr3' }));
        note(
          'lrLast',
          expectAllClose(lrPatch(c.n_patches - 1).subarray(2043), c.lr_last_patch_last5, {
            atol: ATOL,
            rtol: 0,
            label: 'lrLast',
          }),
        );
        let s = 0;
        let ss = 0;
        let hs = 0;
        for (let k = 0; k < c.n_patches; k++) {
          const lp = lrPatch(k);
          for (let i = 0; i < 2048; i++) {
            s += lp[i]!;
            ss += lp[i]! * lp[i]!;
            hs += pre.hr[k * 1024 + i]!;
          }
        }
        note('lr_sum', Math.abs(s - c.lr_sum_all_patches));
        note('lr_sumsq_rel', Math.abs(ss - c.lr_sumsq_all_patches) / c.lr_sumsq_all_patches);
        note('hr_sum', Math.abs(hs - c.hr_sum_all_patches));
        expect(Math.abs(s - c.lr_sum_all_patches)).toBeLessThan(ATOL * 2048 * c.n_patches);
        expect(Math.abs(ss - c.lr_sumsq_all_patches) / c.lr_sumsq_all_patches).toBeLessThan(1e-9);
        expect(Math.abs(hs - c.hr_sum_all_patches)).toBeLessThan(ATOL * 2048 * c.n_patches);
        // float32 patches equal the float64 signal rounded once
        expect(p.data[3 * 2048 + 7]).toBe(Math.fround(c.lr_patch3[7]));
      });
    }
  }
});
