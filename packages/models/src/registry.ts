import type * as tfl from '@tensorflow/tfjs-layers';
import { ParameterError, describeValue } from '@speechsr/core';
import { AUDIO_UNET_DEFAULTS, audioUNet, audioUNetGeometry, type AudioUNetConfig } from './audio-unet.js';
import type { NetworkGeometry } from './geometry.js';
import type { ModelName } from './metadata.js';
import { PROPOSED_DEFAULTS, proposed, proposedGeometry, type ProposedConfig } from './proposed.js';
import { AUDIO_UNET_RECIPE, PROPOSED_RECIPE, type TrainingRecipe } from './recipes.js';
import { spline, type SplineConfig, type SplineModel } from './spline.js';

/** Config type per model name. */
export interface ModelConfigs {
  /** {@link ProposedConfig} of the time-domain U-Net (models.md §2). */
  proposed: ProposedConfig;
  /** {@link AudioUNetConfig} of Kuleshov's AudioUNet (models.md §3). */
  audioUNet: AudioUNetConfig;
  /** {@link SplineConfig} of the cubic-spline baseline (models.md §5). */
  spline: SplineConfig;
}

/** What `createModel` returns per model name. */
export interface ModelTypes {
  /** An uncompiled tfjs `LayersModel`, `[B, T, 1]` → `[B, T, 1]` float32, T a multiple of 512. */
  proposed: tfl.LayersModel;
  /** An uncompiled tfjs `LayersModel`, `[B, T, 1]` → `[B, T, 1]` float32, T a multiple of 32. */
  audioUNet: tfl.LayersModel;
  /** A weight-free {@link SplineModel} (nothing to train). */
  spline: SplineModel;
}

/** One registry entry, as listed by {@link listModels}. */
export interface ModelInfo<N extends ModelName = ModelName> {
  /** Registry key, as passed to {@link createModel}. */
  name: N;
  /** One line naming the model, its paper and its spec section. */
  description: string;
  /** Parameters of the default config (from the spec; asserted by the tests). */
  defaultParams: number;
  /** Default config (frozen). */
  defaults: Readonly<Required<ModelConfigs[N]>> | Readonly<SplineConfig>;
  /** How to train it, or null for Spline (nothing to train). */
  recipe: Readonly<TrainingRecipe> | null;
  /** Total stride and receptive field for a config. */
  geometry(config?: ModelConfigs[N]): NetworkGeometry;
}

const REGISTRY: { [N in ModelName]: ModelInfo<N> & { create(config?: ModelConfigs[N]): ModelTypes[N] } } = {
  proposed: {
    name: 'proposed',
    description: 'Wang & Wang (2021) time-domain U-Net, trained with T-PCM (models.md §2)',
    defaultParams: 10_279_315,
    defaults: PROPOSED_DEFAULTS,
    recipe: PROPOSED_RECIPE,
    geometry: proposedGeometry,
    create: proposed,
  },
  audioUNet: {
    name: 'audioUNet',
    description: 'Kuleshov et al. (2017) AudioUNet, L = 4 (models.md §3)',
    defaultParams: 70_977_154,
    defaults: AUDIO_UNET_DEFAULTS,
    recipe: AUDIO_UNET_RECIPE,
    geometry: audioUNetGeometry,
    create: audioUNet,
  },
  spline: {
    name: 'spline',
    description: 'cubic-spline interpolation baseline, no parameters (models.md §5)',
    defaultParams: 0,
    defaults: Object.freeze({ scale: null }),
    recipe: null,
    geometry: () => ({ totalStride: 32, receptiveField: 0 }),
    create: spline,
  },
};

const NAMES = Object.keys(REGISTRY) as ModelName[];

/**
 * Builds a zoo model by name.
 * @param name - `'proposed'`, `'audioUNet'` or `'spline'`
 * @param config - that model's typed config (validated; unknown keys throw)
 * @returns a `tfl.LayersModel` (or a {@link SplineModel} for `'spline'`)
 * @throws {@link @speechsr/core!ParameterError} for an unknown name or an invalid config
 * @example const m = createModel('proposed', { seed: 1 });
 */
export function createModel<N extends ModelName>(name: N, config?: ModelConfigs[N]): ModelTypes[N] {
  const entry = (REGISTRY as Record<string, (typeof REGISTRY)[ModelName]>)[name as string];
  if (entry === undefined || !Object.hasOwn(REGISTRY, name)) {
    throw new ParameterError(
      `createModel: name must be one of ${NAMES.map((n) => JSON.stringify(n)).join(', ')}, got ${describeValue(name)}. See listModels().`,
    );
  }
  return (entry.create as (c?: ModelConfigs[N]) => ModelTypes[N])(config);
}

/**
 * The registered models with their defaults, parameter counts, geometry and training recipes.
 * @returns one {@link ModelInfo} per model, in registry order
 * @example listModels().map((m) => m.name); // ['proposed', 'audioUNet', 'spline']
 */
export function listModels(): ModelInfo[] {
  return NAMES.map((n) => {
    const { create: _create, ...info } = REGISTRY[n];
    return info as ModelInfo;
  });
}

/**
 * The training recipe of a model (what `@speechsr/train` uses by default).
 * @throws {@link @speechsr/core!ParameterError} for an unknown name or for `'spline'` (nothing to train)
 */
export function trainingRecipe(name: ModelName): Readonly<TrainingRecipe> {
  const entry = Object.hasOwn(REGISTRY, name) ? REGISTRY[name] : undefined;
  if (entry?.recipe == null) {
    throw new ParameterError(
      `trainingRecipe: name must be a trainable model (${NAMES.filter((n) => REGISTRY[n].recipe)
        .map((n) => JSON.stringify(n))
        .join(', ')}), got ${describeValue(name)}.`,
    );
  }
  return entry.recipe;
}
