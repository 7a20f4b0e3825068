import * as tf from '@tensorflow/tfjs-core';
import { assertNumber, assertOneOf, ParameterError } from '@speechsr/core';
import { absSg, checkPair, meanPerExample, named } from './ops.js';
import { seedSpectralMean } from './seed.js';
import { LOSS_FRAME_LENGTH, stftUnchecked, type TensorSpectrum } from './stft.js';
import { msePerExample, timeTermPerExample } from './time.js';
import type {
  Magnitude,
  SeedCompatOption,
  SpectralOptions,
  TfLoss,
  TfLossOptions,
  TimeTerm,
} from './types.js';

/** Offset inside the true magnitude `sqrt(Re² + Im² + 1e−12)` (finite gradient at 0; losses.md §1). */
export const MAGNITUDE_EPS = 1e-12;

/** Resolved spectral options. */
export interface ResolvedSpectral {
  magnitude: Magnitude;
  seedCompat: boolean;
}

/** Validates the shared options of every spectral loss factory. */
export function resolveSpectral(fn: string, options: SpectralOptions): ResolvedSpectral {
  const { magnitude = 'l1', seedCompat = false } = options;
  assertOneOf(magnitude, fn, 'magnitude', ['l1', 'complex'] as const);
  if (typeof seedCompat !== 'boolean') {
    throw new ParameterError(`${fn}: seedCompat must be a boolean, got ${typeof seedCompat}.`);
  }
  return { magnitude, seedCompat };
}

/** Validates a weight in [0, 1]. */
export function checkWeight(fn: string, name: string, v: unknown): number {
  assertNumber(v, fn, name, { min: 0, max: 1 }, 'It weights the time term against the spectral term.');
  return v;
}

/** Validates a time-term choice. */
export function checkTimeTerm(fn: string, v: unknown): TimeTerm {
  assertOneOf(v, fn, 'timeTerm', ['l1', 'rmse'] as const);
  return v;
}

/** Checks the patch length of a canonical spectral loss. */
export function checkSpectralLength(fn: string, t: number): void {
  if (t < LOSS_FRAME_LENGTH) {
    throw new ParameterError(
      `${fn}: patches must have at least ${LOSS_FRAME_LENGTH} samples, got ${t}. The loss STFT uses 512-sample frames (2048-sample patches give 7 frames).`,
    );
  }
}

/** STFTs of several `[B, T]` tensors in one matrix product (stacked along the batch axis). */
export function spectra(zs: tf.Tensor[], b: number, t: number): TensorSpectrum[] {
  const n = zs.length;
  const all = stftUnchecked(n === 1 ? zs[0]! : tf.concat(zs, 0), n * b, t);
  if (n === 1) return [all];
  const f = all.re.shape[1];
  const k = all.re.shape[2];
  const out: TensorSpectrum[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      re: tf.slice(all.re, [i * b, 0, 0], [b, f, k]),
      im: tf.slice(all.im, [i * b, 0, 0], [b, f, k]),
    });
  }
  return out;
}

/** Difference of two spectra. */
export function specSub(a: TensorSpectrum, b: TensorSpectrum): TensorSpectrum {
  return { re: tf.sub(a.re, b.re), im: tf.sub(a.im, b.im) };
}

/** `|Z|₁ = |Re| + |Im|` or `|Z| = sqrt(Re² + Im² + 1e−12)`. */
export function magnitudeOf(s: TensorSpectrum, kind: Magnitude): tf.Tensor {
  if (kind === 'l1') return tf.add(absSg(s.re), absSg(s.im));
  return tf.sqrt(tf.add(tf.add(tf.square(s.re), tf.square(s.im)), MAGNITUDE_EPS));
}

/** Per-example `mean | mag(S_pred) − mag(S_true) |` over frames and bins. */
export function magnitudeDistance(
  sTrue: TensorSpectrum,
  sPred: TensorSpectrum,
  kind: Magnitude,
): tf.Tensor1D {
  return meanPerExample(absSg(tf.sub(magnitudeOf(sPred, kind), magnitudeOf(sTrue, kind))));
}

/** Per-example `mean (|Re ΔS| + |Im ΔS|)` over frames and bins. */
export function riDistance(delta: TensorSpectrum): tf.Tensor1D {
  return meanPerExample(tf.add(absSg(delta.re), absSg(delta.im)));
}

/** The seed's F closed form (losses.md §4): `(1/F')·Σ_t c_t·| |ŷ_t| − |y_t| |`, per example. */
export function seedF(y2: tf.Tensor, p2: tf.Tensor, t: number): tf.Tensor1D {
  return seedSpectralMean(absSg(tf.sub(absSg(p2), absSg(y2))), t);
}

/**
 * Frequency-domain loss F per example:
 * `L_F = mean_{frames, bins} | |S(ŷ)|₁ − |S(y)|₁ |` with `|Z|₁ = |Re Z| + |Im Z|` (or the true magnitude with
 * `magnitude: 'complex'`), S = the per-patch 512/256 periodic-Hamming STFT ({@link patchStft}).
 * With `seedCompat: true`: the seed's F on its degenerate overlap-add STFT, as the exact closed form
 * `(1/F')·Σ_t c_t·| |ŷ_t| − |y_t| |` (losses.md §4; `magnitude` then has no effect).
 * Mirrors: Pandey & Wang's frequency-domain loss (losses.md §2).
 * @param options - `{ magnitude = 'l1', seedCompat = false }`
 * @returns a named loss `(yTrue, yPred) → [batch]` float32; inputs `[batch, time ≥ 512, 1]`
 * @throws {@link @speechsr/core!ParameterError} for an unknown `magnitude` (at creation) or patches shorter than 512 (at call)
 * @example model.compile({ optimizer: 'adam', loss: fLoss() });
 */
export function fLoss(options: SpectralOptions = {}): TfLoss {
  const { magnitude, seedCompat } = resolveSpectral('fLoss', options);
  return named(seedCompat ? 'f_seed' : 'f', (yTrue: tf.Tensor, yPred: tf.Tensor) => {
    const [b, t] = checkPair('fLoss', yTrue, yPred);
    if (!seedCompat) checkSpectralLength('fLoss', t);
    return tf.tidy(() => {
      const y2 = tf.reshape(yTrue, [b, t]);
      const p2 = tf.reshape(yPred, [b, t]);
      if (seedCompat) return seedF(y2, p2, t);
      const [sy, sp] = spectra([y2, p2], b, t);
      return magnitudeDistance(sy!, sp!, magnitude);
    });
  });
}

/**
 * Real/imaginary loss RI per example: `L_RI = mean_{frames, bins} (|Re S(ŷ) − Re S(y)| + |Im S(ŷ) − Im S(y)|)`.
 * With `seedCompat: true`: the seed's RI on its degenerate STFT, `(1/F')·Σ_t c_t·|ŷ_t − y_t|` (losses.md §4).
 * Mirrors: the RI loss of losses.md §2.
 * @param options - `{ seedCompat = false }`
 * @returns a named loss `(yTrue, yPred) → [batch]` float32; inputs `[batch, time ≥ 512, 1]`
 * @throws {@link @speechsr/core!ParameterError} for patches shorter than 512 samples (at call)
 * @example const l = riLoss()(y, yHat); // [batch]
 */
export function riLoss(options: SeedCompatOption = {}): TfLoss {
  const { seedCompat } = resolveSpectral('riLoss', options);
  return named(seedCompat ? 'ri_seed' : 'ri', (yTrue: tf.Tensor, yPred: tf.Tensor) => {
    const [b, t] = checkPair('riLoss', yTrue, yPred);
    if (!seedCompat) checkSpectralLength('riLoss', t);
    return tf.tidy(() => {
      const y2 = tf.reshape(yTrue, [b, t]);
      const p2 = tf.reshape(yPred, [b, t]);
      if (seedCompat) return seedSpectralMean(absSg(tf.sub(p2, y2)), t);
      // S is linear: S(ŷ) − S(y) = S(ŷ − y), one STFT instead of two.
      return riDistance(spectra([tf.sub(p2, y2)], b, t)[0]!);
    });
  });
}

/**
 * RI-MAG per example: `L_RIMAG = L_RI + mean_{frames, bins} | |S(ŷ)| − |S(y)| |` with the true magnitude
 * `|Z| = sqrt(Re² + Im² + 1e−12)` (the "RI+Mag" loss of Wang, Wichern & Le Roux, 2021).
 * With `seedCompat: true`: the seed's `| mean(|P_spec| − |Y_spec|) | + RI`, whose absolute value of a
 * batch mean does not split per example; the per-example values are `sign(M)·m_b + RI_b` with
 * `m_b = (1/F')·Σ_t c_t·(|ŷ_t| − |y_t|)` and `M = mean_b m_b`, so their batch mean equals the seed's scalar.
 * Mirrors: losses.md §2 (canonical), §3 (seed).
 * @param options - `{ seedCompat = false }`
 * @returns a named loss `(yTrue, yPred) → [batch]` float32; inputs `[batch, time ≥ 512, 1]`
 * @throws {@link @speechsr/core!ParameterError} for patches shorter than 512 samples (at call)
 * @example model.compile({ optimizer: 'adam', loss: riMagLoss() });
 */
export function riMagLoss(options: SeedCompatOption = {}): TfLoss {
  const { seedCompat } = resolveSpectral('riMagLoss', options);
  return named(seedCompat ? 'ri_mag_seed' : 'ri_mag', (yTrue: tf.Tensor, yPred: tf.Tensor) => {
    const [b, t] = checkPair('riMagLoss', yTrue, yPred);
    if (!seedCompat) checkSpectralLength('riMagLoss', t);
    return tf.tidy(() => {
      const y2 = tf.reshape(yTrue, [b, t]);
      const p2 = tf.reshape(yPred, [b, t]);
      if (seedCompat) {
        const ri = seedSpectralMean(absSg(tf.sub(p2, y2)), t);
        const m = seedSpectralMean(tf.sub(absSg(p2), absSg(y2)), t);
        return tf.add(tf.mul(m, tf.sign(tf.mean(m))), ri) as tf.Tensor1D;
      }
      const [sy, sp] = spectra([y2, p2], b, t);
      return tf.add(riDistance(specSub(sp!, sy!)), magnitudeDistance(sy!, sp!, 'complex')) as tf.Tensor1D;
    });
  });
}

/**
 * Time + frequency loss TF per example: `L_TF = α·L_time + (1 − α)·L_F`, α = 0.85, `L_time` = MAE
 * (or per-patch RMSE with `timeTerm: 'rmse'`), `L_F` as in {@link fLoss}.
 * With `seedCompat: true`: the seed's `α·sqrt(mean_t (ŷ − y)²) + (1 − α)·F_seed` (per-patch RMSE without ε,
 * so the gradient at exact equality is not finite; `timeTerm`/`magnitude` have no effect).
 * Mirrors: losses.md §2 (canonical), §3 (seed).
 * @param options - `{ alpha = 0.85, timeTerm = 'l1', magnitude = 'l1', seedCompat = false }`
 * @returns a named loss `(yTrue, yPred) → [batch]` float32; inputs `[batch, time ≥ 512, 1]`
 * @throws {@link @speechsr/core!ParameterError} for alpha outside [0, 1], an unknown option value, or patches shorter than 512
 * @example model.compile({ optimizer: 'adam', loss: tfLoss({ alpha: 0.85 }) });
 */
export function tfLoss(options: TfLossOptions = {}): TfLoss {
  const { magnitude, seedCompat } = resolveSpectral('tfLoss', options);
  const alpha = checkWeight('tfLoss', 'alpha', options.alpha ?? 0.85);
  const timeTerm = checkTimeTerm('tfLoss', options.timeTerm ?? 'l1');
  return named(seedCompat ? 'tf_seed' : 'tf', (yTrue: tf.Tensor, yPred: tf.Tensor) => {
    const [b, t] = checkPair('tfLoss', yTrue, yPred);
    if (!seedCompat) checkSpectralLength('tfLoss', t);
    return tf.tidy(() => {
      const y2 = tf.reshape(yTrue, [b, t]);
      const p2 = tf.reshape(yPred, [b, t]);
      if (seedCompat) {
        const time = tf.sqrt(msePerExample(y2, p2));
        return tf.add(tf.mul(time, alpha), tf.mul(seedF(y2, p2, t), 1 - alpha)) as tf.Tensor1D;
      }
      const [sy, sp] = spectra([y2, p2], b, t);
      const time = timeTermPerExample(timeTerm, y2, p2);
      return tf.add(
        tf.mul(time, alpha),
        tf.mul(magnitudeDistance(sy!, sp!, magnitude), 1 - alpha),
      ) as tf.Tensor1D;
    });
  });
}
