// Public API of @speechsr/losses: named re-exports only.
export { mae, mse, maeLoss, mseLoss } from './time.js';
export { fLoss, riLoss, riMagLoss, tfLoss, MAGNITUDE_EPS } from './spectral.js';
export { pcmLoss, tpcmLoss } from './pcm.js';
export { packedLoss, packTargets, withInputPassthrough } from './packing.js';
export { trainStep, evaluateLoss } from './train-step.js';
export type { TrainableModel, EvaluateLossOptions } from './train-step.js';
export { createLoss, LOSS_NAMES } from './registry.js';
export type { LossName, LossOptions, LossEntry } from './registry.js';
export {
  patchStft,
  lossDftMatrix,
  lossFrameCount,
  hammingPeriodic,
  LOSS_FRAME_LENGTH,
  LOSS_HOP_LENGTH,
  LOSS_BINS,
} from './stft.js';
export type { TensorSpectrum } from './stft.js';
export { seedOlaGeometry } from './seed.js';
export type { SeedOlaGeometry } from './seed.js';
export type {
  TfLoss,
  InputLoss,
  Magnitude,
  TimeTerm,
  SeedCompatOption,
  SpectralOptions,
  TfLossOptions,
  TpcmLossOptions,
} from './types.js';
