import { expectAllClose, fixtures } from '@speechsr/test-utils';
import { describe, expect, test } from 'vitest';
import { SNRSEG_PYSEPM_DEFAULTS, snr, snrSeg, snrSegFrames } from '../src/index.js';

const fx = fixtures(import.meta.url);
const golden = fx.json('metrics/metrics.json');
// metrics.json tolerance: "snr_db, snrseg_db, lsd: <= 1e-9 absolute for float64 implementations"
const ATOL = 1e-9;
// metrics.json tolerance: "snr_db for identity: ... compare with <= 1e-6 relative"
const IDENTITY_RTOL = 1e-6;

const audio = (file: string) => fx.wav(file).samples;

describe('snr / snrSeg parity with metrics.json (seed compute_snr1, pysepm.SNRseg)', () => {
  for (const pair of golden.pairs) {
    const x = audio(pair.reference_wav_16k);
    const y = audio(pair.estimate_wav_16k);
    test(`${pair.name}: lengths`, () => {
      expect(x.length).toBe(pair.length_16k);
      expect(y.length).toBe(pair.length_16k);
    });
    test(`${pair.name}: snr`, () => {
      const tol = pair.name === 'identity' ? { atol: 0, rtol: IDENTITY_RTOL } : { atol: ATOL, rtol: 0 };
      expectAllClose([snr(x, y)], [pair.snr_db], { ...tol, label: 'snr' });
    });
    test(`${pair.name}: snrSeg (seed 0.128 s / 0.5) and its per-frame values`, () => {
      expectAllClose([snrSeg(x, y)], [pair.snrseg_db], { atol: ATOL, rtol: 0, label: 'snrSeg' });
      expectAllClose(snrSegFrames(x, y), pair.snrseg_frames_db, { atol: ATOL, rtol: 0, label: 'frames' });
    });
    test(`${pair.name}: snrSeg with pysepm's own defaults (0.03 s / 0.75)`, () => {
      expectAllClose([snrSeg(x, y, SNRSEG_PYSEPM_DEFAULTS)], [pair.snrseg_pysepm_default_params_db], {
        atol: ATOL,
        rtol: 0,
        label: 'snrSeg pysepm defaults',
      });
    });
    test(`${pair.name}: float32 input stays within the float32-pipeline tolerance`, () => {
      // metrics.json tolerance: "<= 1e-3 for float32 pipelines"
      const x32 = Float32Array.from(x);
      const y32 = Float32Array.from(y);
      if (pair.name !== 'identity') expectAllClose([snr(x32, y32)], [pair.snr_db], { atol: 1e-3, rtol: 0 });
      expectAllClose([snrSeg(x32, y32)], [pair.snrseg_db], { atol: 1e-3, rtol: 0 });
    });
  }
});
