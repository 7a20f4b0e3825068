/**
 * Training recipes: what `@speechsr/train` reads to train each model as the spec says
 * (training.md §1, §2, §5; models.md §2.2, §3).
 */

/** Adam settings. */
export interface AdamSettings {
  name: 'adam';
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** Learning-rate halving on a validation plateau (Keras ReduceLROnPlateau semantics, training.md §2). */
export interface PlateauSchedule {
  kind: 'reduceOnPlateau';
  factor: number;
  patience: number;
  minDelta: number;
  cooldown: number;
}

/** Early stopping on the validation loss (Keras EarlyStopping semantics, training.md §2). */
export interface EarlyStopping {
  monitor: 'valLoss';
  patience: number;
  /** Evaluate/keep the best checkpoint. */
  restoreBest: boolean;
}

/** Everything needed to train one model the way the spec does. */
export interface TrainingRecipe {
  /**
   * The loss as `createLoss(loss.name, loss.options)` of `@speechsr/losses` builds it: canonical
   * `'T-PCM'` for Proposed; `'MAE'` with `{ seedCompat: true }` — the seed's "MAE", which is
   * per-patch RMSE (Kuleshov's objective, losses.md §3) — for AudioUNet.
   */
  loss: { name: 'T-PCM' | 'MAE'; options: Readonly<{ seedCompat?: boolean }> };
  optimizer: AdamSettings;
  batchSize: number;
  /** Maximum epochs (the seed CLI's `-e` default). */
  epochs: number;
  lrSchedule: PlateauSchedule;
  earlyStopping: EarlyStopping;
  /** Training patches: length and stride in samples (dsp.md patching). */
  patch: { length: number; stride: number };
  /** Dropout is active only in training. */
  dropout: number;
}

const ADAM_3E4: AdamSettings = Object.freeze({
  name: 'adam',
  learningRate: 3e-4,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
});
const PLATEAU: PlateauSchedule = Object.freeze({
  kind: 'reduceOnPlateau',
  factor: 0.5,
  patience: 3,
  minDelta: 0,
  cooldown: 0,
});
const EARLY: EarlyStopping = Object.freeze({ monitor: 'valLoss', patience: 6, restoreBest: true });

/** Proposed: T-PCM, Adam 3e−4/0.9/0.999/1e−8, batch 32, ≤ 100 epochs, halve after 3, stop after 6. */
export const PROPOSED_RECIPE: Readonly<TrainingRecipe> = Object.freeze({
  loss: Object.freeze({ name: 'T-PCM', options: Object.freeze({}) }),
  optimizer: ADAM_3E4,
  batchSize: 32,
  epochs: 100,
  lrSchedule: PLATEAU,
  earlyStopping: EARLY,
  patch: Object.freeze({ length: 2048, stride: 1024 }),
  dropout: 0.2,
});

/** AudioUNet: per-patch RMSE = the seed's "MAE" (k17's objective, models.md §3 [decision]), Adam 3e−4, batch 64, same schedule. */
export const AUDIO_UNET_RECIPE: Readonly<TrainingRecipe> = Object.freeze({
  loss: Object.freeze({ name: 'MAE', options: Object.freeze({ seedCompat: true }) }),
  optimizer: ADAM_3E4,
  batchSize: 64,
  epochs: 100,
  lrSchedule: PLATEAU,
  earlyStopping: EARLY,
  patch: Object.freeze({ length: 2048, stride: 1024 }),
  dropout: 0.5,
});
