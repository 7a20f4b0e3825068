import * as tf from '@tensorflow/tfjs-core';
import { absSg, checkPair, named } from './ops.js';
import { seedOlaTimeScale, seedSpectralMean } from './seed.js';
import {
  checkSpectralLength,
  checkTimeTerm,
  checkWeight,
  magnitudeDistance,
  resolveSpectral,
  seedF,
  spectra,
  specSub,
} from './spectral.js';
import { timeTermPerExample } from './time.js';
import type { InputLoss, Magnitude, SpectralOptions, TpcmLossOptions } from './types.js';

/** Canonical PCM per example on `[B, T]` tensors: `½·L_F(y, ŷ) + ½·L_F(y − x, ŷ − x)`. */
function pcmCanonical(
  y2: tf.Tensor,
  p2: tf.Tensor,
  x2: tf.Tensor,
  b: number,
  t: number,
  kind: Magnitude,
): tf.Tensor1D {
  const [sy, sp, sx] = spectra([y2, p2, x2], b, t);
  const speech = magnitudeDistance(sy!, sp!, kind);
  const noise = magnitudeDistance(specSub(sy!, sx!), specSub(sp!, sx!), kind);
  return tf.mul(tf.add(speech, noise), 0.5) as tf.Tensor1D;
}

/** The seed's PCM closed form per example: `(1/F')·Σ_t c_t·(| |ŷ| − |y| | + | |ŷ − x| − |y − x| |)`. */
function pcmSeed(y2: tf.Tensor, p2: tf.Tensor, x2: tf.Tensor, t: number): tf.Tensor1D {
  const noise = seedSpectralMean(absSg(tf.sub(absSg(tf.sub(p2, x2)), absSg(tf.sub(y2, x2)))), t);
  return tf.add(seedF(y2, p2, t), noise) as tf.Tensor1D;
}

/**
 * Phase-constrained magnitude loss PCM per example:
 * `L_PCM = ½·L_F(y, ŷ) + ½·L_F(y − x, ŷ − x)`, where x is the **network input** (the spline-interpolated
 * LR patch, so `y − x` is what the input lacks and `ŷ − x` the network's estimate of it) and L_F uses
 * `|Z|₁ = |Re| + |Im|` (or the true magnitude with `magnitude: 'complex'`).
 * With `seedCompat: true`: the seed's weights 1 and 1 on its degenerate STFT, as the closed form
 * `(1/F')·Σ_t c_t·(| |ŷ_t| − |y_t| | + | |ŷ_t − x_t| − |y_t − x_t| |)` (losses.md §3–§4).
 * For `model.compile`, wrap it with `packedLoss` (see there); in a custom loop call it with x.
 * Mirrors: Pandey & Wang's PCM (losses.md §2).
 * @param options - `{ magnitude = 'l1', seedCompat = false }`
 * @returns a named loss `(yTrue, yPred, x) → [batch]` float32; all three `[batch, time ≥ 512, 1]`
 * @throws {@link @speechsr/core!ParameterError} for an unknown option value, mismatched shapes or patches shorter than 512
 * @example const l = pcmLoss()(y, model.apply(x) as tf.Tensor, x); // [batch]
 */
export function pcmLoss(options: SpectralOptions = {}): InputLoss {
  const { magnitude, seedCompat } = resolveSpectral('pcmLoss', options);
  return named(seedCompat ? 'pcm_seed' : 'pcm', (yTrue: tf.Tensor, yPred: tf.Tensor, x: tf.Tensor) => {
    const [b, t] = checkPair('pcmLoss', yTrue, yPred, x);
    if (!seedCompat) checkSpectralLength('pcmLoss', t);
    return tf.tidy(() => {
      const y2 = tf.reshape(yTrue, [b, t]);
      const p2 = tf.reshape(yPred, [b, t]);
      const x2 = tf.reshape(x, [b, t]);
      return seedCompat ? pcmSeed(y2, p2, x2, t) : pcmCanonical(y2, p2, x2, b, t, magnitude);
    });
  });
}

/**
 * T-PCM (the paper's proposed objective) per example: `L_TPCM = β·L_time + (1 − β)·L_PCM`, β = 0.6,
 * `L_time` = MAE (or per-patch RMSE with `timeTerm: 'rmse'`), `L_PCM` as in {@link pcmLoss}.
 * With `seedCompat: true`: the seed's `β·mean|p_ola − y_ola| + (1 − β)·PCM_seed`, whose time term is
 * `(1/(1024·(T − 1) + 1))·Σ_t |ŷ_t − y_t|` (the zero-stuffed overlap-add signal; ≈ MAE/1023.5 for T = 2048).
 * This is also what the seed's default `--loss_func L2` trained with.
 * Mirrors: losses.md §2 (canonical), §3–§4 (seed).
 * @param options - `{ beta = 0.6, timeTerm = 'l1', magnitude = 'l1', seedCompat = false }`
 * @returns a named loss `(yTrue, yPred, x) → [batch]` float32; all three `[batch, time ≥ 512, 1]`
 * @throws {@link @speechsr/core!ParameterError} for beta outside [0, 1], an unknown option value, mismatched shapes or short patches
 * @example
 * const loss = tpcmLoss();
 * const l = tf.mean(loss(y, model.apply(x, { training: true }) as tf.Tensor, x));
 */
export function tpcmLoss(options: TpcmLossOptions = {}): InputLoss {
  const { magnitude, seedCompat } = resolveSpectral('tpcmLoss', options);
  const beta = checkWeight('tpcmLoss', 'beta', options.beta ?? 0.6);
  const timeTerm = checkTimeTerm('tpcmLoss', options.timeTerm ?? 'l1');
  return named(seedCompat ? 'tpcm_seed' : 'tpcm', (yTrue: tf.Tensor, yPred: tf.Tensor, x: tf.Tensor) => {
    const [b, t] = checkPair('tpcmLoss', yTrue, yPred, x);
    if (!seedCompat) checkSpectralLength('tpcmLoss', t);
    return tf.tidy(() => {
      const y2 = tf.reshape(yTrue, [b, t]);
      const p2 = tf.reshape(yPred, [b, t]);
      const x2 = tf.reshape(x, [b, t]);
      if (seedCompat) {
        const time = tf.mul(tf.sum(absSg(tf.sub(p2, y2)), 1), seedOlaTimeScale(t));
        return tf.add(tf.mul(time, beta), tf.mul(pcmSeed(y2, p2, x2, t), 1 - beta)) as tf.Tensor1D;
      }
      const time = timeTermPerExample(timeTerm, y2, p2);
      return tf.add(
        tf.mul(time, beta),
        tf.mul(pcmCanonical(y2, p2, x2, b, t, magnitude), 1 - beta),
      ) as tf.Tensor1D;
    });
  });
}
