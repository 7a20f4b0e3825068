/**
 * Training recipes: what `@speechsr/train` reads to train each model as the spec says
 * (training.md §1, §2, §5; models.md §2.2, §3).
 */

/** Adam settings. */
export interface AdamSettings {
  /** Optimizer tag (always `'adam'`). */
  name: 'adam';
  /** Initial learning rate (3e−4, the seed's `run.py`); the plateau schedule halves it. */
  learningRate: number;
  /** Decay rate of the first-moment (mean) estimate (0.9, TF1 `AdamOptimizer` default). */
  beta1: number;
  /** Decay rate of the second-moment (variance) estimate (0.999, TF1 default). */
  beta2: number;
  /** Constant added to the denominator for numerical stability (1e−8, TF1 default). */
  epsilon: number;
}

/** Learning-rate halving on a validation plateau (Keras ReduceLROnPlateau semantics, training.md §2). */
export interface PlateauSchedule {
  /** Schedule tag (always `'reduceOnPlateau'`). */
  kind: 'reduceOnPlateau';
  /** Multiplier applied to the learning rate on a plateau (0.5 = halve, per the paper). */
  factor: number;
  /** Epochs without a new best validation loss before the rate is reduced (3). */
  patience: number;
  /** Decrease of the validation loss below the best that counts as improvement (0 = any decrease). */
  minDelta: number;
  /** Epochs to wait after a reduction before counting again (0). */
  cooldown: number;
}

/** Early stopping on the validation loss (Keras EarlyStopping semantics, training.md §2). */
export interface EarlyStopping {
  /** Quantity watched: the validation loss, evaluated after each epoch (training.md §3). */
  monitor: 'valLoss';
  /** Epochs without a new best validation loss before training stops (6, per the paper). */
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
  loss: {
    /** Loss name as `createLoss` of `@speechsr/losses` accepts it. */
    name: 'T-PCM' | 'MAE';
    /** Options passed to `createLoss` (empty for T-PCM). */
    options: Readonly<{
      /** Use the seed's definition (for `'MAE'`: per-patch RMSE) instead of the textbook one. */
      seedCompat?: boolean;
    }>;
  };
  /** Optimizer and its hyper-parameters (Adam 3e−4 for both models). */
  optimizer: AdamSettings;
  /** Patches per training step (32 for Proposed, 64 for AudioUNet, as in the seed's `run.py`). */
  batchSize: number;
  /** Maximum epochs (the seed CLI's `-e` default). */
  epochs: number;
  /** Learning-rate reduction on a validation plateau (halve after 3 epochs). */
  lrSchedule: PlateauSchedule;
  /** When to stop and which checkpoint to keep (stop after 6 epochs without improvement). */
  earlyStopping: EarlyStopping;
  /** Training patches: length and stride in samples (dsp.md patching). */
  patch: {
    /** Patch length in samples at the HR rate (2048). */
    length: number;
    /** Hop between patch starts in samples (1024 = 50 % overlap). */
    stride: number;
  };
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
