import type * as tfl from '@tensorflow/tfjs-layers';

/** Names of the models in the zoo. */
export type ModelName = 'proposed' | 'audioUNet' | 'spline';

/**
 * What a speechsr model records about itself (saved with the weights as tfjs
 * `userDefinedMetadata.speechsr`, restored on load): enough to rebuild it and to run inference
 * the way it was trained.
 */
export interface ModelMetadata {
  /** Metadata format tag. */
  format: 'speechsr-model@1';
  /** Registry name of the architecture. */
  model: ModelName;
  /** The fully resolved config (defaults filled in). */
  config: Record<string, unknown>;
  /** Inputs must be a multiple of this many samples (2^levels). */
  totalStride: number;
  /** Upper bound on the receptive field in samples, from the config. */
  receptiveField: number;
  /** Rate of the network input and output (Hz). */
  sampleRate: 16000;
  /** How the low-resolution signal is brought to `sampleRate` before the network. */
  interpolation: 'spline';
  /** Scale factor the model was built/trained for, if fixed in its config. */
  scale: number | null;
}

/** @internal */
export const METADATA_KEY = 'speechsr';

/** Attaches speechsr metadata to a LayersModel (saved with it). @internal */
export function setModelMetadata(model: tfl.LayersModel, meta: ModelMetadata): void {
  model.setUserDefinedMetadata({ [METADATA_KEY]: meta as unknown as Record<string, unknown> });
}

/**
 * The speechsr metadata of a model built by this package (or loaded from a file it saved).
 * @param model - a LayersModel
 * @returns the metadata, or `undefined` for a model not built by `@speechsr/models`
 * @example const { totalStride } = getModelMetadata(model)!;
 */
export function getModelMetadata(model: tfl.LayersModel): ModelMetadata | undefined {
  const all = model.getUserDefinedMetadata() as Record<string, unknown> | undefined;
  const m = all?.[METADATA_KEY] as ModelMetadata | undefined;
  return m?.format === 'speechsr-model@1' ? m : undefined;
}
