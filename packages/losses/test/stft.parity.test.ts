import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { ParameterError } from '@speechsr/core';
import { expectAllClose, fixtures, maxAbs } from '@speechsr/test-utils';
import { expectNoLeak } from '@speechsr/test-utils/leak';
import { beforeAll, describe, expect, test } from 'vitest';
import { hammingPeriodic, LOSS_BINS, lossDftMatrix, lossFrameCount, patchStft } from '../src/index.js';
import { randn, stft64 } from './reference.js';

const fx = fixtures(import.meta.url);
interface StftCase {
  x: number[];
  tf_hamming_periodic: { shape: [number, number]; mag: number[][]; re: number[][]; im: number[][] };
}
const stftFx = fx.json<{ windows: { hamming_periodic_512: number[] }; cases: StftCase[] }>('dsp/stft.json');
// fixtures/README.md §8: "Tolerance |S − S_ref| <= 1e-10·max|S_ref| (float64), 1e-5·max (float32)".
// The tensor STFT is float32, so the float32 figure applies.
const STFT_F32_RTOL_OF_MAX = 1e-5;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** [B, F, K] tensor data → row b as frame-major Float64Array. */
async function specRow(t: tf.Tensor, b: number): Promise<Float64Array> {
  const [, f, k] = t.shape as [number, number, number];
  const d = await t.data();
  return Float64Array.from(d.subarray(b * f * k, (b + 1) * f * k));
}

describe('patchStft', () => {
  test('periodic Hamming window equals the fixture window', () => {
    expectAllClose(hammingPeriodic(512), stftFx.windows.hamming_periodic_512, {
      atol: 1e-15,
      rtol: 0,
      label: 'window',
    });
  });

  for (const [ci, c] of stftFx.cases.entries()) {
    test(`matches the fixture tf_hamming_periodic (case ${ci}: ${c.x.length} samples)`, async () => {
      const ref = c.tf_hamming_periodic;
      const [nBins, nFrames] = ref.shape;
      const x = tf.tensor3d(Float32Array.from(c.x), [1, c.x.length, 1]);
      const { re, im } = patchStft(x);
      expect(re.shape).toEqual([1, nFrames, nBins]);
      // fixture arrays are [bin][frame]; ours are [frame][bin]
      const reRef = new Float64Array(nFrames * nBins);
      const imRef = new Float64Array(nFrames * nBins);
      for (let k = 0; k < nBins; k++) {
        for (let f = 0; f < nFrames; f++) {
          reRef[f * nBins + k] = ref.re[k]![f]!;
          imRef[f * nBins + k] = ref.im[k]![f]!;
        }
      }
      const atol = STFT_F32_RTOL_OF_MAX * Math.max(maxAbs(reRef), maxAbs(imRef), maxAbs(ref.mag.flat()));
      expectAllClose(await re.data(), reRef, { atol, rtol: 0, label: 're' });
      expectAllClose(await im.data(), imRef, { atol, rtol: 0, label: 'im' });
      tf.dispose([x, re, im]);
    });
  }

  test('matches the float64 @speechsr/dsp STFT on a batch of random 2048-sample patches', async () => {
    const b = 3;
    const t = 2048;
    const data = randn(b * t, 7);
    const z = tf.tensor3d(data, [b, t, 1]);
    const { re, im } = patchStft(z);
    expect(re.shape).toEqual([b, 7, 257]);
    expect(im.shape).toEqual([b, 7, 257]);
    for (let i = 0; i < b; i++) {
      const s = stft64(data.subarray(i * t, (i + 1) * t));
      expect([s.nFrames, s.nBins]).toEqual([7, 257]);
      const atol = STFT_F32_RTOL_OF_MAX * Math.max(maxAbs(s.re), maxAbs(s.im));
      expectAllClose(await specRow(re, i), s.re, { atol, rtol: 0, label: `re[${i}]` });
      expectAllClose(await specRow(im, i), s.im, { atol, rtol: 0, label: `im[${i}]` });
    }
    tf.dispose([z, re, im]);
  });

  test('accepts [batch, time] input and ignores trailing samples that fill no frame', async () => {
    const data = randn(2 * 1000, 3);
    const z2 = tf.tensor2d(data, [2, 1000]);
    const { re, im } = patchStft(z2);
    expect(lossFrameCount(1000)).toBe(2);
    expect(re.shape).toEqual([2, 2, LOSS_BINS]);
    const s = stft64(data.subarray(1000, 2000));
    expectAllClose(await specRow(im, 1), s.im, { atol: 1e-5 * maxAbs(s.im), rtol: 0 });
    tf.dispose([z2, re, im]);
  });

  test('DC and Nyquist bins have exactly zero imaginary part', async () => {
    const m = lossDftMatrix();
    for (let n = 0; n < 512; n++) {
      expect(m[n * 514 + 257]).toBe(0);
      expect(m[n * 514 + 257 + 256]).toBe(0);
    }
    const z = tf.tensor3d(randn(2048, 11), [1, 2048, 1]);
    const { re, im } = patchStft(z);
    const d = await im.data();
    for (let f = 0; f < 7; f++) {
      expect(Math.abs(d[f * 257]!)).toBe(0);
      expect(Math.abs(d[f * 257 + 256]!)).toBe(0);
    }
    tf.dispose([z, re, im]);
  });

  test('rejects wrong shapes, dtypes and short patches', () => {
    const a = tf.zeros([2, 2048, 2]);
    const s = tf.zeros([2, 511, 1]);
    const i = tf.zeros([2, 2048, 1], 'int32');
    expect(() => patchStft(a)).toThrow(ParameterError);
    expect(() => patchStft(a)).toThrow(
      /patchStft: z must have shape \[batch, time, 1\] or \[batch, time\], got \[2, 2048, 2\]/,
    );
    expect(() => patchStft(s)).toThrow(/patchStft: z must have at least 512 samples per patch, got 511/);
    expect(() => patchStft(i)).toThrow(/patchStft: z must be float32, got int32/);
    expect(() => patchStft([1, 2] as unknown as tf.Tensor)).toThrow(/patchStft: z must be a tf.Tensor/);
    expect(() => hammingPeriodic(0)).toThrow(/hammingPeriodic: n must be an integer >= 1, got 0/);
    expect(() => lossFrameCount(100)).toThrow(
      /lossFrameCount: length must be an integer >= 512, got 100\. The loss STFT uses 512-sample frames/,
    );
    tf.dispose([a, s, i]);
  });

  test('is differentiable and leaks no tensors', async () => {
    const z = tf.tensor3d(randn(2 * 2048, 5), [2, 2048, 1]);
    const g = tf.grad((v: tf.Tensor) => {
      const { re, im } = patchStft(v);
      return tf.add(tf.sum(re), tf.sum(im));
    })(z);
    expect(g.shape).toEqual([2, 2048, 1]);
    g.dispose();
    await expectNoLeak(() => {
      const { re, im } = patchStft(z);
      tf.dispose([re, im]);
    });
    z.dispose();
  });
});
