import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { ParameterError } from '@speechsr/core';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  fLoss,
  maeLoss,
  mseLoss,
  pcmLoss,
  riLoss,
  riMagLoss,
  seedOlaGeometry,
  tfLoss,
  tpcmLoss,
} from '../src/index.js';
import type { InputLoss, TfLoss } from '../src/index.js';
import { type Case, randomCase } from './cases.js';
import { row, stft64 } from './reference.js';

// Float32 closed forms vs a float64 literal evaluation of the seed's graph: the same relative
// tolerance as the canonical losses on cpu (issue #13: 1e-5).
const RTOL = 1e-5;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** tf.signal.overlap_and_add(z[:, :, None]... ) as the seed ran it: sample t at 1024·t, zeros between. */
function seedOla(z: Float64Array): Float64Array {
  const out = new Float64Array(1024 * (z.length - 1) + 1);
  for (let t = 0; t < z.length; t++) out[1024 * t] = z[t]!;
  return out;
}

interface SeedScalars {
  mae: number;
  mse: number;
  f: number;
  ri: number;
  riMag: number;
  tf: number;
  pcm: number;
  tpcm: number;
}

/**
 * The seed's `create_objective` evaluated literally in float64 (losses.md §3): overlap-add with step
 * 1024, tf.signal.stft(·, 512, 256, 512, hamming) of the 2 M-sample signals, `reduce_mean` over all
 * elements of the batch.
 */
function seedLiteral(c: Case): SeedScalars {
  let fSum = 0;
  let riSum = 0;
  let magDiffSum = 0;
  let pcm2Sum = 0;
  let olaL1Sum = 0;
  let rmseSum = 0;
  let rmseEpsSum = 0;
  let mseSum = 0;
  let nSpec = 0;
  let nOla = 0;
  for (let b = 0; b < c.b; b++) {
    const y = row(c.y, b, c.t);
    const p = row(c.p, b, c.t);
    const x = row(c.x, b, c.t);
    let d2 = 0;
    for (let t = 0; t < c.t; t++) {
      d2 += (p[t]! - y[t]!) ** 2;
      mseSum += (p[t]! - y[t]!) ** 2 + 1e-6;
    }
    rmseSum += Math.sqrt(d2 / c.t);
    rmseEpsSum += Math.sqrt(d2 / c.t + 1e-6);
    const yo = seedOla(y);
    const po = seedOla(p);
    const xo = seedOla(x);
    for (let i = 0; i < yo.length; i++) olaL1Sum += Math.abs(po[i]! - yo[i]!);
    nOla += yo.length;
    const Y = stft64(yo);
    const P = stft64(po);
    const X = stft64(xo);
    const abs = (re: number, im: number) => Math.hypot(re, im);
    for (let i = 0; i < Y.re.length; i++) {
      const mp = abs(P.re[i]!, P.im[i]!);
      const my = abs(Y.re[i]!, Y.im[i]!);
      fSum += Math.abs(mp - my);
      magDiffSum += mp - my;
      riSum += Math.abs(P.re[i]! - Y.re[i]!) + Math.abs(P.im[i]! - Y.im[i]!);
      pcm2Sum += Math.abs(
        abs(P.re[i]! - X.re[i]!, P.im[i]! - X.im[i]!) - abs(Y.re[i]! - X.re[i]!, Y.im[i]! - X.im[i]!),
      );
    }
    nSpec += Y.re.length;
  }
  const f = fSum / nSpec;
  const ri = riSum / nSpec;
  const pcm = f + pcm2Sum / nSpec;
  return {
    mae: rmseEpsSum / c.b,
    mse: mseSum / (c.b * c.t),
    f,
    ri,
    riMag: Math.abs(magDiffSum / nSpec) + ri,
    tf: 0.85 * (rmseSum / c.b) + 0.15 * f,
    pcm,
    tpcm: 0.6 * (olaL1Sum / nOla) + 0.4 * pcm,
  };
}

function batchMean(loss: TfLoss | InputLoss, c: Case): number {
  return tf.tidy(() => {
    const y = tf.tensor3d(c.y, [c.b, c.t, 1]);
    const p = tf.tensor3d(c.p, [c.b, c.t, 1]);
    const x = tf.tensor3d(c.x, [c.b, c.t, 1]);
    const v = (loss as InputLoss)(y, p, x);
    expect(v.shape).toEqual([c.b]);
    return tf.mean(v).dataSync()[0]!;
  });
}

describe('seedCompat: the seed graph as closed forms (losses.md §3–§4)', () => {
  test('geometry for 2048-sample patches: 2 096 129 samples, 8187 frames, c_t = 0.08·[t ≤ 2046] + [1 ≤ t ≤ 2046]', () => {
    const g = seedOlaGeometry(2048);
    expect(g.olaLength).toBe(2_096_129);
    expect(g.frames).toBe(8187);
    for (let t = 0; t < 2048; t++) {
      const c = (t <= 2046 ? 0.08 : 0) + (t >= 1 && t <= 2046 ? 1 : 0);
      expect(g.weights[t]).toBeCloseTo(c, 14);
    }
    expect(() => seedOlaGeometry(1)).toThrow(ParameterError);
    expect(() => seedOlaGeometry(1)).toThrow(/seedOlaGeometry: length must be an integer >= 2, got 1/);
  });

  const losses: [keyof SeedScalars, TfLoss | InputLoss][] = [
    ['mae', maeLoss({ seedCompat: true })],
    ['mse', mseLoss({ seedCompat: true })],
    ['f', fLoss({ seedCompat: true })],
    ['ri', riLoss({ seedCompat: true })],
    ['riMag', riMagLoss({ seedCompat: true })],
    ['tf', tfLoss({ seedCompat: true })],
    ['pcm', pcmLoss({ seedCompat: true })],
    ['tpcm', tpcmLoss({ seedCompat: true })],
  ];
  for (const c of [randomCase(2, 2048, 61), randomCase(2, 700, 62)]) {
    test(`every seed loss equals the literal float64 seed graph (${c.label})`, () => {
      const lit = seedLiteral(c);
      for (const [k, loss] of losses) {
        const got = batchMean(loss, c);
        expect(
          Math.abs(got - lit[k]) / Math.abs(lit[k]),
          `${k}: got ${got}, literal ${lit[k]}`,
        ).toBeLessThanOrEqual(RTOL);
      }
    });
  }

  test('seed RI-MAG per-example values average to |mean(|P|−|Y|)| + RI even when the mean is negative', () => {
    const c = randomCase(2, 2048, 70);
    const flipped: Case = { ...c, p: Float32Array.from(c.p, (v) => 0.5 * v) }; // |ŷ| < |y| on average
    const lit = seedLiteral(flipped);
    const got = batchMean(riMagLoss({ seedCompat: true }), flipped);
    expect(Math.abs(got - lit.riMag) / lit.riMag).toBeLessThanOrEqual(RTOL);
  });

  test('seed spectral losses are ≈ 0.27 × the sample-wise forms (losses.md §4)', () => {
    const c = randomCase(3, 2048, 80);
    const riSeed = batchMean(riLoss({ seedCompat: true }), c);
    const maeCanon = batchMean(maeLoss(), c);
    // Σ_t c_t / 8187 / 2048 ≈ 2046 · 1.08 / 8187 ≈ 0.27 (up to the c_0, c_2047 edge terms)
    expect(riSeed / maeCanon).toBeGreaterThan(0.26);
    expect(riSeed / maeCanon).toBeLessThan(0.28);
  });
});
