import { expectAllClose, fixtures, maxAbs } from '@speechsr/test-utils';
import { describe, expect, test } from 'vitest';
import { type Spectrogram, createStft, getWindow, magnitude, overlapAdd, stft } from '../src/index.js';

interface StftRef {
  shape: [number, number];
  mag: number[][];
  re?: number[][];
  im?: number[][];
}
interface StftCase {
  x: number[];
  librosa_hann_center_constant: StftRef;
  librosa_hann_center_reflect: StftRef;
  tf_hamming_periodic: Required<StftRef>;
}
const fx = fixtures(import.meta.url);
const data = fx.json('dsp/stft.json');
// stft.json tolerance: "float64 FFT: |S - S_ref| <= 1e-10 * max|S_ref|; float32 pipelines: <= 1e-5 * max|S_ref|"
const REL_OF_MAX = 1e-10;

/** Fixture arrays are [bin][frame]; ours are frame-major. */
function binMajor(a: Float64Array, s: Spectrogram): number[] {
  const out: number[] = [];
  for (let k = 0; k < s.nBins; k++) for (let f = 0; f < s.nFrames; f++) out.push(a[f * s.nBins + k]!);
  return out;
}
const flat = (m: number[][]): number[] => m.flat();

describe('windows (stft.json windows)', () => {
  test('periodic hann and hamming, 512', () => {
    expectAllClose(getWindow('hann', 512), data.windows.hann_periodic_512, { atol: 1e-15, rtol: 0 });
    expectAllClose(getWindow('hamming', 512), data.windows.hamming_periodic_512, { atol: 1e-15, rtol: 0 });
  });
});

describe('stft parity (stft.json)', () => {
  for (const [i, c] of (data.cases as StftCase[]).entries()) {
    const x = Float64Array.from(c.x as number[]);
    for (const pad of ['constant', 'reflect'] as const) {
      test(`librosa.stft 512/256 hann centred, pad ${pad}, case ${i}`, () => {
        const ref = c[`librosa_hann_center_${pad}`];
        const S = stft(x, { nFft: 512, hopLength: 256, window: 'hann', padMode: pad });
        expect([S.nBins, S.nFrames]).toEqual(ref.shape);
        const tol = REL_OF_MAX * maxAbs(flat(ref.mag));
        expectAllClose(binMajor(magnitude(S), S), flat(ref.mag), { atol: tol, rtol: 0, label: 'mag' });
        if (ref.re && ref.im) {
          expectAllClose(binMajor(S.re, S), flat(ref.re), { atol: tol, rtol: 0, label: 're' });
          expectAllClose(binMajor(S.im, S), flat(ref.im), { atol: tol, rtol: 0, label: 'im' });
        }
      });
    }
    test(`tf.signal.stft periodic hamming, no centring, case ${i}`, () => {
      const ref = c.tf_hamming_periodic;
      const plan = createStft({ nFft: 512, hopLength: 256, window: 'hamming', center: false });
      const S = plan.run(x);
      expect([S.nBins, S.nFrames]).toEqual(ref.shape);
      const tol = REL_OF_MAX * maxAbs(flat(ref.mag));
      expectAllClose(binMajor(S.re, S), flat(ref.re), { atol: tol, rtol: 0, label: 're' });
      expectAllClose(binMajor(S.im, S), flat(ref.im), { atol: tol, rtol: 0, label: 'im' });
    });
  }

  test('float32 input stays within the float32-pipeline tolerance', () => {
    const c = data.cases[0];
    const ref = c.librosa_hann_center_constant;
    const S = stft(Float32Array.from(c.x as number[]), { nFft: 512, hopLength: 256 });
    const tol = 1e-5 * maxAbs(flat(ref.mag));
    expectAllClose(binMajor(magnitude(S), S), flat(ref.mag), { atol: tol, rtol: 0 });
  });

  test('overlapAdd matches tf.signal.overlap_and_add (tf_overlap_and_add)', () => {
    const o = data.tf_overlap_and_add;
    expectAllClose(overlapAdd(o.frames as number[][], o.frame_step), o.y, { atol: 1e-15, rtol: 0 });
  });
});
