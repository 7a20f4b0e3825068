import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectAllClose, maxAbs } from '@speechsr/test-utils';
import { expectNoLeak } from '@speechsr/test-utils/leak';
import { splineUpsample } from '@speechsr/dsp';
import { audioUNet, getModelMetadata, proposed, spline, superResolve } from '../src/index.js';
import { SMALL_PROPOSED, SMALL_UNET, testSignal, useCpu } from './setup.js';

beforeAll(useCpu);

/** Issue #13: chunked equals whole within float32 rounding, max |Δ| ≤ 1e-4 × the output's peak. */
const CHUNK_RTOL_OF_PEAK = 1e-4;

describe('superResolve', () => {
  let m: tfl.LayersModel;
  beforeAll(() => {
    m = proposed(SMALL_PROPOSED);
    // perturb the weights away from the near-identity initialisation so the network output really
    // depends on its receptive field (a near-zero final conv would hide margin errors)
    m.setWeights(
      m
        .getWeights()
        .map((w, i) =>
          tf.tidy(() => tf.add(w, tf.mul(0.05, tf.randomNormal(w.shape, 0, 1, 'float32', 100 + i)))),
        ),
    );
  });
  afterAll(() => m.dispose());

  test('whole: pads to the stride, equals one forward pass on the padded spline input, exact length', async () => {
    const lr = testSignal(1501);
    const y = await superResolve(m, lr, { scale: 2 });
    expect(y).toBeInstanceOf(Float32Array);
    expect(y.length).toBe(3002);
    const up = splineUpsample(lr, 2);
    const x = new Float32Array(3072);
    x.set(up);
    const ref = tf.tidy(() => (m.predict(tf.tensor3d(x, [1, 3072, 1])) as tf.Tensor).dataSync());
    expect(Array.from(y)).toEqual(Array.from(ref.subarray(0, 3002)));
  });

  test('chunked equals whole on a 10 s file (max |Δ| ≤ 1e-4 × peak)', async () => {
    const lr = testSignal(80000, 5); // 10 s at 8 kHz
    const whole = await superResolve(m, lr, { scale: 2, mode: 'whole' });
    const chunked = await superResolve(m, lr, { scale: 2, mode: 'chunked', chunkLength: 32768 });
    expect(chunked.length).toBe(160000);
    const peak = maxAbs(whole);
    const err = expectAllClose(chunked, whole, {
      atol: CHUNK_RTOL_OF_PEAK * peak,
      rtol: 0,
      label: 'chunked vs whole',
    });
    console.log(
      `chunked vs whole: max |Δ| = ${err.toExponential(3)}, peak ${peak.toFixed(3)}, margin ${getModelMetadata(m)!.receptiveField} → rounded to 512`,
    );
  });

  test('the margin matters: without it chunk edges differ from whole', async () => {
    const lr = testSignal(40000, 5);
    const whole = await superResolve(m, lr, { scale: 2 });
    const noMargin = await superResolve(m, lr, { scale: 2, mode: 'chunked', chunkLength: 16384, margin: 0 });
    let worst = 0;
    for (let i = 0; i < whole.length; i++) worst = Math.max(worst, Math.abs(whole[i]! - noMargin[i]!));
    expect(worst).toBeGreaterThan(CHUNK_RTOL_OF_PEAK * maxAbs(whole));
  });

  test('chunked equals whole for a small AudioUNet (stride 8)', async () => {
    const u = audioUNet(SMALL_UNET);
    const lr = testSignal(6001, 9);
    const whole = await superResolve(u, lr, { scale: 4 });
    const chunked = await superResolve(u, lr, { scale: 4, mode: 'chunked', chunkLength: 1000 });
    expect(whole.length).toBe(24004);
    expectAllClose(chunked, whole, { atol: CHUNK_RTOL_OF_PEAK * maxAbs(whole), rtol: 0 });
    u.dispose();
  });

  test('ola: 2048/1024 patches with 1 / 0.5 weights (identity network reproduces the input)', async () => {
    const lr = testSignal(3333, 2);
    const y = await superResolve(m, lr, { scale: 2, mode: 'ola', batchSize: 3 });
    expect(y.length).toBe(6666);
    // with the final conv zeroed the network is exactly the identity: OLA must give back the spline input
    const ident = proposed(SMALL_PROPOSED);
    ident.getLayer('final_conv').setWeights(
      ident
        .getLayer('final_conv')
        .getWeights()
        .map((w) => tf.zerosLike(w)),
    );
    const yi = await superResolve(ident, lr, { scale: 2, mode: 'ola' });
    expectAllClose(yi, splineUpsample(lr, 2), { atol: 1e-6, rtol: 0, label: 'ola identity' });
    ident.dispose();
  });

  test('spline baseline returns splineUpsample exactly (as float32)', async () => {
    const lr = testSignal(1001);
    const y = await superResolve(spline(), lr, { scale: 4 });
    expect(Array.from(y)).toEqual(Array.from(Float32Array.from(splineUpsample(lr, 4))));
  });

  test('scheme fft uses FFT resampling of the LR signal', async () => {
    const lr = testSignal(1000);
    const a = await superResolve(spline(), lr, { scale: 2, scheme: 'fft' });
    const b = await superResolve(spline(), lr, { scale: 2 });
    expect(a.length).toBe(2000);
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });

  test('errors are actionable', async () => {
    const lr = testSignal(100);
    await expect(superResolve(m, lr, {})).rejects.toThrow(
      /superResolve: options.scale must be an integer >= 1, got undefined\. Pass the factor/,
    );
    await expect(superResolve(m, lr, { scale: 2, mode: 'fast' as never })).rejects.toThrow(
      /options.mode must be one of "whole", "chunked", "ola", got "fast"/,
    );
    await expect(superResolve(m, lr, { scale: 2, mode: 'chunked', margin: 100 })).rejects.toThrow(
      /margin must be a multiple of the total stride 512, got 100/,
    );
    await expect(superResolve(m, new Float32Array(0), { scale: 2 })).rejects.toThrow(
      expect.objectContaining({ name: 'SignalError' }),
    );
    await expect(superResolve(m, [1, 2, 3] as never, { scale: 2 })).rejects.toThrow(
      /lowRes must be a Float32Array or Float64Array/,
    );
    const plain = tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [1] })] });
    await expect(superResolve(plain as never, lr, { scale: 2 })).rejects.toThrow(/without speechsr metadata/);
  });

  test('no tensor leak in any mode', async () => {
    const lr = testSignal(2000);
    for (const mode of ['whole', 'chunked', 'ola'] as const) {
      await expectNoLeak(() => superResolve(m, lr, { scale: 2, mode, chunkLength: 1024 }));
    }
  });
});
