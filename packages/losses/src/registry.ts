import { assertOneOf, ParameterError } from '@speechsr/core';
import { pcmLoss, tpcmLoss } from './pcm.js';
import { fLoss, riLoss, riMagLoss, tfLoss } from './spectral.js';
import { maeLoss, mseLoss } from './time.js';
import type { InputLoss, Magnitude, TfLoss, TimeTerm } from './types.js';

/** The eight objectives of the paper's loss comparison (Table III), by their paper labels. */
export const LOSS_NAMES = ['MAE', 'MSE', 'F', 'RI', 'TF', 'RI-MAG', 'PCM', 'T-PCM'] as const;

/** A loss by its paper label. */
export type LossName = (typeof LOSS_NAMES)[number];

/** Every option any loss takes; {@link createLoss} accepts only those of the named loss. */
export interface LossOptions {
  /** Compute what the seed's training graph computed (see {@link SeedCompatOption}). @defaultValue false */
  seedCompat?: boolean;
  /** F, TF, PCM, T-PCM: how a complex STFT value becomes a magnitude. @defaultValue 'l1' */
  magnitude?: Magnitude;
  /** TF: weight of the time-domain term, in [0, 1] (the paper's α). @defaultValue 0.85 */
  alpha?: number;
  /** T-PCM: weight of the time-domain term, in [0, 1] (the paper's β). @defaultValue 0.6 */
  beta?: number;
  /** TF, T-PCM: the time-domain term, mean absolute error or per-patch RMSE. @defaultValue 'l1' */
  timeTerm?: TimeTerm;
}

/** A created loss: `needsInput` tells whether `fn` wants `(yTrue, yPred, x)` (PCM, T-PCM). */
export type LossEntry =
  | {
      /** The loss's paper label. */
      name: LossName;
      /** false: `fn` takes `(yTrue, yPred)`. */
      needsInput: false;
      /** The loss, per-example values of shape [batch]. */
      fn: TfLoss;
    }
  | {
      /** The loss's paper label. */
      name: LossName;
      /** true: `fn` also takes the network input `x` (PCM, T-PCM). */
      needsInput: true;
      /** The loss, per-example values of shape [batch]. */
      fn: InputLoss;
    };

const ALLOWED: Record<LossName, readonly (keyof LossOptions)[]> = {
  MAE: ['seedCompat'],
  MSE: ['seedCompat'],
  F: ['seedCompat', 'magnitude'],
  RI: ['seedCompat'],
  TF: ['seedCompat', 'magnitude', 'alpha', 'timeTerm'],
  'RI-MAG': ['seedCompat'],
  PCM: ['seedCompat', 'magnitude'],
  'T-PCM': ['seedCompat', 'magnitude', 'beta', 'timeTerm'],
};

/**
 * Creates a loss by name, for configs and the training CLI. Names are the paper labels
 * (`'MAE' | 'MSE' | 'F' | 'RI' | 'TF' | 'RI-MAG' | 'PCM' | 'T-PCM'`); case and `_` for `-`
 * (the seed's `--loss_func` spelling, e.g. `T_PCM`) are accepted.
 * @param name - loss name
 * @param options - the options of that loss (see the factories); other keys are rejected
 * @returns `{ name, needsInput, fn }`
 * @throws {@link @speechsr/core!ParameterError} for an unknown name (the seed's `L2` gets a hint), an option the loss does not take, or an invalid option value
 * @example const { fn, needsInput } = createLoss('T-PCM', { beta: 0.6 });
 */
export function createLoss(name: string, options: LossOptions = {}): LossEntry {
  if (typeof name !== 'string') {
    throw new ParameterError(`createLoss: name must be a string, got ${typeof name}.`);
  }
  const key = name.trim().toUpperCase().replace(/_/g, '-');
  if (key === 'L2') {
    throw new ParameterError(
      `createLoss: name must be one of ${LOSS_NAMES.join(', ')}, got "L2". The seed's default --loss_func L2 fell through to T-PCM: use createLoss('T-PCM', { seedCompat: true }).`,
    );
  }
  assertOneOf(key, 'createLoss', 'name', LOSS_NAMES);
  for (const k of Object.keys(options)) {
    if (!(ALLOWED[key] as readonly string[]).includes(k)) {
      throw new ParameterError(
        `createLoss: option ${k} is not an option of ${key}, got ${JSON.stringify(k)}. ${key} takes ${ALLOWED[key].join(', ')}.`,
      );
    }
  }
  switch (key) {
    case 'MAE':
      return { name: key, needsInput: false, fn: maeLoss(options) };
    case 'MSE':
      return { name: key, needsInput: false, fn: mseLoss(options) };
    case 'F':
      return { name: key, needsInput: false, fn: fLoss(options) };
    case 'RI':
      return { name: key, needsInput: false, fn: riLoss(options) };
    case 'TF':
      return { name: key, needsInput: false, fn: tfLoss(options) };
    case 'RI-MAG':
      return { name: key, needsInput: false, fn: riMagLoss(options) };
    case 'PCM':
      return { name: key, needsInput: true, fn: pcmLoss(options) };
    case 'T-PCM':
      return { name: key, needsInput: true, fn: tpcmLoss(options) };
  }
}
