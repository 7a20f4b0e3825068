import { expectAllClose, fixtures } from '@speechsr/test-utils';
import { describe, test } from 'vitest';
import { lsd } from '../src/index.js';

const fx = fixtures(import.meta.url);
const golden = fx.json('metrics/metrics.json');
// metrics.json tolerance: "snr_db, snrseg_db, lsd: <= 1e-9 absolute for float64 implementations;
// <= 1e-3 for float32 pipelines"
const ATOL = 1e-9;
const ATOL_F32 = 1e-3;

describe("lsd('seed') parity with metrics.json (seed compute_lsd, librosa stft semantics)", () => {
  for (const pair of golden.pairs) {
    const x = fx.wav(pair.reference_wav_16k).samples;
    const y = fx.wav(pair.estimate_wav_16k).samples;
    test(`${pair.name}: constant padding (librosa >= 0.9, the default)`, () => {
      expectAllClose([lsd(x, y)], [pair.lsd], { atol: ATOL, rtol: 0, label: 'lsd constant' });
    });
    test(`${pair.name}: reflect padding (librosa <= 0.8)`, () => {
      expectAllClose([lsd(x, y, { padMode: 'reflect' })], [pair.lsd_reflect_pad], {
        atol: ATOL,
        rtol: 0,
        label: 'lsd reflect',
      });
    });
    test(`${pair.name}: float32 input within the float32-pipeline tolerance`, () => {
      expectAllClose([lsd(Float32Array.from(x), Float32Array.from(y))], [pair.lsd], {
        atol: ATOL_F32,
        rtol: 0,
      });
    });
  }
});
