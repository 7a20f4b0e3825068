import * as tfl from '@tensorflow/tfjs-layers';
import { ParameterError } from '@speechsr/core';
import { intIn, intList, layerSeed, nullOrInt, numIn, resolveConfig } from './config.js';
import { residualHead } from './head.js';
import { geometryOf, type ConvGeometry, type NetworkGeometry } from './geometry.js';
import { SeededOrthogonal } from './layers/orthogonal.js';
import { SubPixel1D } from './layers/subpixel.js';

/** Config of {@link audioUNet} (models.md §3). Defaults are the seed's `layers: 4` build. */
export interface AudioUNetConfig {
  /** Number of D/U blocks L (the first L entries of `filters`/`kernelSizes` are used). @defaultValue 4 */
  layers?: number;
  /** Kuleshov's `n_filters`; the bottleneck uses the last entry. @defaultValue [128, 384, 512, 512, 512, 512, 512, 512] */
  filters?: readonly number[];
  /** Kuleshov's `n_filtersizes`; the bottleneck uses the last entry. @defaultValue [65, 33, 17, 9, 9, 9, 9, 9, 9] */
  kernelSizes?: readonly number[];
  /** Kernel size of the final convolution. @defaultValue 9 */
  finalKernelSize?: number;
  /** Dropout rate after the bottleneck and every U convolution. @defaultValue 0.5 */
  dropout?: number;
  /** LeakyReLU slope in D/B blocks. @defaultValue 0.2 */
  leakyAlpha?: number;
  /** Standard deviation of the final convolution's RandomNormal initialiser. @defaultValue 1e-3 */
  finalInitStddev?: number;
  /** Seed for every initialiser and dropout layer. @defaultValue 0 */
  seed?: number;
  /** Scale factor the model is meant for (metadata only). @defaultValue null */
  scale?: number | null;
}

/** Defaults of {@link AudioUNetConfig}: `seed/k17: src/models/audiounet.py` with L = 4. */
export const AUDIO_UNET_DEFAULTS: Readonly<Required<AudioUNetConfig>> = Object.freeze({
  layers: 4,
  filters: [128, 384, 512, 512, 512, 512, 512, 512],
  kernelSizes: [65, 33, 17, 9, 9, 9, 9, 9, 9],
  finalKernelSize: 9,
  dropout: 0.5,
  leakyAlpha: 0.2,
  finalInitStddev: 1e-3,
  seed: 0,
  scale: null,
});

/** Validates and fills an {@link AudioUNetConfig}. @throws {@link @speechsr/core!ParameterError} naming the key */
export function resolveAudioUNetConfig(config: AudioUNetConfig = {}): Required<AudioUNetConfig> {
  const c = resolveConfig<AudioUNetConfig>(
    'audioUNet',
    {
      ...AUDIO_UNET_DEFAULTS,
      filters: [...AUDIO_UNET_DEFAULTS.filters],
      kernelSizes: [...AUDIO_UNET_DEFAULTS.kernelSizes],
    },
    config,
    {
      layers: intIn(1, 16),
      filters: intList(1),
      kernelSizes: intList(1),
      finalKernelSize: intIn(1, 1025),
      dropout: numIn(0, 1, true),
      leakyAlpha: numIn(0, 10),
      finalInitStddev: numIn(0, 10),
      seed: intIn(0, 0xffffffff),
      scale: nullOrInt(2, 16),
    } as never,
  );
  if (c.filters.length < c.layers || c.kernelSizes.length < c.layers) {
    throw new ParameterError(
      `audioUNet: filters and kernelSizes must have at least layers = ${c.layers} entries, got ${c.filters.length} and ${c.kernelSizes.length}.`,
    );
  }
  return c;
}

/** Total stride and receptive field of an AudioUNet (models.md §1.3). */
export function audioUNetGeometry(config: AudioUNetConfig = {}): NetworkGeometry {
  const c = resolveAudioUNetConfig(config);
  const L = c.layers;
  const convs: ConvGeometry[] = [];
  for (let l = 0; l < L; l++) convs.push({ kernel: c.kernelSizes[l]!, res: 2 ** l, stride: 2 });
  convs.push({ kernel: c.kernelSizes[c.kernelSizes.length - 1]!, res: 2 ** L, stride: 2 });
  const sub: number[] = [];
  for (let l = L - 1; l >= 0; l--) {
    convs.push({ kernel: c.kernelSizes[l]!, res: 2 ** (l + 2), stride: 1 });
    sub.push(2 ** (l + 2));
  }
  convs.push({ kernel: c.finalKernelSize, res: 2, stride: 1 });
  sub.push(2);
  return geometryOf(convs, sub);
}

/**
 * AudioUNet (Kuleshov, Enam & Ermon 2017, models.md §3): L stride-2 D blocks
 * (Conv1D(nf_l, k_l) → LeakyReLU(0.2)), a bottleneck Conv1D(nf[-1], k[-1], stride 2) → Dropout(0.5)
 * → LeakyReLU, L U blocks (Conv1D(2·nf_l, k_l) → Dropout(0.5) → ReLU → SubPixel1D(2) → concat with
 * the D skip), a final Conv1D(2, 9) → SubPixel1D(2) and a residual add of the input.
 * All kernels but the final one SeededOrthogonal(1); final RandomNormal(0, 1e−3); biases 0.
 * Mirrors: `k17: src/models/audiounet.py` as the seed builds it (`layers = 4`).
 * @param config - see {@link AudioUNetConfig}; `{}` gives 70,977,154 parameters
 * @returns an uncompiled `tfl.LayersModel` `[B, T, 1]` → `[B, T, 1]` (float32), T a multiple of 2^(L+1) (32)
 * @throws {@link @speechsr/core!ParameterError} for an unknown or invalid config key
 * @example const small = audioUNet({ layers: 2, filters: [8, 16], kernelSizes: [9, 9, 9] });
 */
export function audioUNet(config: AudioUNetConfig = {}): tfl.LayersModel {
  const c = resolveAudioUNetConfig(config);
  const L = c.layers;
  let seedIx = 0;
  const nextSeed = () => layerSeed(c.seed, seedIx++);
  const conv = (filters: number, kernelSize: number, strides: number, name: string) =>
    tfl.layers.conv1d({
      filters,
      kernelSize,
      strides,
      padding: 'same',
      kernelInitializer: new SeededOrthogonal({ gain: 1, seed: nextSeed() }) as never,
      biasInitializer: 'zeros',
      name,
    });
  const dropout = (name: string) => tfl.layers.dropout({ rate: c.dropout, seed: nextSeed(), name });

  const input = tfl.input({ shape: [null, 1], name: 'lr_interpolated' });
  let x: tfl.SymbolicTensor = input;
  const skips: tfl.SymbolicTensor[] = [];
  for (let l = 0; l < L; l++) {
    x = conv(c.filters[l]!, c.kernelSizes[l]!, 2, `down${l}_conv`).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.leakyReLU({ alpha: c.leakyAlpha, name: `down${l}_lrelu` }).apply(x) as tfl.SymbolicTensor;
    skips.push(x);
  }
  x = conv(
    c.filters[c.filters.length - 1]!,
    c.kernelSizes[c.kernelSizes.length - 1]!,
    2,
    'bottleneck_conv',
  ).apply(x) as tfl.SymbolicTensor;
  x = dropout('bottleneck_dropout').apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.leakyReLU({ alpha: c.leakyAlpha, name: 'bottleneck_lrelu' }).apply(x) as tfl.SymbolicTensor;
  for (let l = L - 1; l >= 0; l--) {
    x = conv(2 * c.filters[l]!, c.kernelSizes[l]!, 1, `up${l}_conv`).apply(x) as tfl.SymbolicTensor;
    x = dropout(`up${l}_dropout`).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.reLU({ name: `up${l}_relu` }).apply(x) as tfl.SymbolicTensor;
    x = new SubPixel1D({ r: 2, name: `up${l}_subpixel` }).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers
      .concatenate({ axis: -1, name: `up${l}_concat` })
      .apply([x, skips[l]!]) as tfl.SymbolicTensor;
  }
  return residualHead(x, input, {
    model: 'audioUNet',
    graphName: 'audio_unet',
    finalKernelSize: c.finalKernelSize,
    finalInitStddev: c.finalInitStddev,
    seed: nextSeed(),
    scale: c.scale,
    config: c,
    geometry: audioUNetGeometry(c),
  });
}
