import { expectAllClose, fixtures } from '@speechsr/test-utils';
import { describe, expect, test } from 'vitest';
import { TRIM_SEED, trim } from '../src/index.js';
import { trimFrameDb } from '../src/trim.js';

const fx = fixtures(import.meta.url);
const data = fx.json('dsp/trim.json');
// trim.json tolerance: "start/end exact (integers). frame_db to 1e-4 dB"
const ATOL_DB = 1e-4;

const inputs: Record<string, Float64Array> = {
  speech: fx.wav(data.speech.x_wav.replace(/^dsp\//, 'dsp/')).samples,
  synthetic: Float64Array.from(data.synthetic.x as number[]),
};

describe('trim parity with librosa.effects.trim (trim.json)', () => {
  test('the speech input decodes to the stated length', () =>
    expect(inputs.speech!.length).toBe(data.speech.length));
  for (const name of ['speech', 'synthetic'] as const) {
    for (const cfg of ['seed', 'librosa_defaults', 'seed_readme_variant'] as const) {
      for (const pad of ['constant', 'reflect'] as const) {
        test(`${name} / ${cfg} / ${pad}`, () => {
          const c = data[name][cfg];
          const ref = c[pad];
          const x = inputs[name]!;
          const r = trim(x, {
            topDb: c.top_db,
            frameLength: c.frame_length,
            hopLength: c.hop_length,
            padMode: pad,
          });
          expect([r.start, r.end]).toEqual([ref.start, ref.end]);
          expect(r.y).toHaveLength(ref.trimmed_length);
          const db = trimFrameDb(x, c.frame_length, c.hop_length, pad);
          expect(db).toHaveLength(ref.n_frames);
          expectAllClose(db, ref.frame_db, { atol: ATOL_DB, rtol: 0, label: 'frame_db' });
        });
      }
    }
  }
  test('TRIM_SEED is the seed configuration', () => {
    expect(TRIM_SEED.topDb).toBeCloseTo(data.speech.seed.top_db, 14);
    const r = trim(inputs.speech!, TRIM_SEED);
    expect([r.start, r.end]).toEqual([14336, 57344]);
  });
});
