import * as tfl from '@tensorflow/tfjs-layers';
import { intIn, intList, layerSeed, nullOrInt, numIn, resolveConfig } from './config.js';
import { residualHead } from './head.js';
import { geometryOf, type ConvGeometry, type NetworkGeometry } from './geometry.js';
import { SeededOrthogonal } from './layers/orthogonal.js';
import { SubPixel1D } from './layers/subpixel.js';

/** Config of {@link proposed} (models.md §2). Every key is optional; defaults are the seed code's. */
export interface ProposedConfig {
  /** Filters of the D blocks D0…D_{L−1}; the bottleneck uses the last entry; U_l uses 2·filters[l]. @defaultValue [64, 64, 64, 128, 128, 128, 256, 256] */
  filters?: readonly number[];
  /** Kernel size of every D/B/U convolution. @defaultValue 11 */
  kernelSize?: number;
  /** Kernel size of the final convolution (17 reproduces the seed README's 10,281,363 parameters). @defaultValue 9 */
  finalKernelSize?: number;
  /** Dropout rate after D2, D5, the bottleneck, U5, U2 (layers with l mod 3 = 2). @defaultValue 0.2 */
  dropout?: number;
  /** PReLU α at initialisation in D/B blocks. @defaultValue 0.2 */
  downAlpha?: number;
  /** PReLU α at initialisation in U blocks (0 = start as ReLU). @defaultValue 0 */
  upAlpha?: number;
  /** Standard deviation of the final convolution's RandomNormal kernel initialiser. @defaultValue 1e-3 */
  finalInitStddev?: number;
  /** Seed for every initialiser and dropout layer. @defaultValue 0 */
  seed?: number;
  /** Scale factor the model is meant for (metadata only; the architecture does not depend on it). @defaultValue null */
  scale?: number | null;
}

/** Defaults of {@link ProposedConfig}: the committed seed code (`seed: src/models/proposed.py`). */
export const PROPOSED_DEFAULTS: Readonly<Required<ProposedConfig>> = Object.freeze({
  filters: [64, 64, 64, 128, 128, 128, 256, 256],
  kernelSize: 11,
  finalKernelSize: 9,
  dropout: 0.2,
  downAlpha: 0.2,
  upAlpha: 0,
  finalInitStddev: 1e-3,
  seed: 0,
  scale: null,
});

/** Validates and fills a {@link ProposedConfig}. @throws {@link @speechsr/core!ParameterError} naming the key */
export function resolveProposedConfig(config: ProposedConfig = {}): Required<ProposedConfig> {
  return resolveConfig<ProposedConfig>(
    'proposed',
    { ...PROPOSED_DEFAULTS, filters: [...PROPOSED_DEFAULTS.filters] },
    config,
    {
      filters: intList(1),
      kernelSize: intIn(1, 1025),
      finalKernelSize: intIn(1, 1025),
      dropout: numIn(0, 1, true),
      downAlpha: numIn(-10, 10),
      upAlpha: numIn(-10, 10),
      finalInitStddev: numIn(0, 10),
      seed: intIn(0, 0xffffffff),
      scale: nullOrInt(2, 16),
    } as never,
  );
}

/** Total stride and receptive field of a Proposed network (models.md §1.3). */
export function proposedGeometry(config: ProposedConfig = {}): NetworkGeometry {
  const c = resolveProposedConfig(config);
  const L = c.filters.length;
  const convs: ConvGeometry[] = [];
  for (let l = 0; l < L; l++) convs.push({ kernel: c.kernelSize, res: 2 ** l, stride: 2 });
  convs.push({ kernel: c.kernelSize, res: 2 ** L, stride: 2 }); // bottleneck
  const sub: number[] = [];
  for (let l = L - 1; l >= 0; l--) {
    convs.push({ kernel: c.kernelSize, res: 2 ** (l + 2), stride: 1 });
    sub.push(2 ** (l + 2));
  }
  convs.push({ kernel: c.finalKernelSize, res: 2, stride: 1 });
  sub.push(2);
  return geometryOf(convs, sub);
}

/**
 * The Wang & Wang (2021) time-domain U-Net ("Proposed", models.md §2): L = 8 stride-2 D blocks
 * (Conv1D → PReLU(one α per layer) [→ Dropout]), a stride-2 bottleneck, 8 U blocks
 * (Conv1D(2·nf) → PReLU → SubPixel1D(2) [→ Dropout] → concat with the D skip), a final
 * Conv1D(2) → SubPixel1D(2), and a residual add of the input. TF "same" padding throughout;
 * D/B/U kernels SeededOrthogonal(1), biases 0, final kernel RandomNormal(0, 1e−3).
 * Mirrors: `seed: src/models/proposed.py` (`create_model`).
 * @param config - see {@link ProposedConfig}; `{}` is the seed code (10,279,315 parameters)
 * @returns an uncompiled `tfl.LayersModel` mapping `[B, T, 1]` → `[B, T, 1]` (float32), T a multiple of 2^(L+1) (512)
 * @throws {@link @speechsr/core!ParameterError} for an unknown or invalid config key
 * @example const model = proposed(); model.countParams(); // 10279315
 */
export function proposed(config: ProposedConfig = {}): tfl.LayersModel {
  const c = resolveProposedConfig(config);
  const L = c.filters.length;
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
  const prelu = (alpha: number, name: string) =>
    tfl.layers.prelu({
      alphaInitializer: tfl.initializers.constant({ value: alpha }),
      sharedAxes: [1, 2],
      name,
    });
  const dropout = (name: string) => tfl.layers.dropout({ rate: c.dropout, seed: nextSeed(), name });

  const input = tfl.input({ shape: [null, 1], name: 'lr_interpolated' });
  let x: tfl.SymbolicTensor = input;
  const skips: tfl.SymbolicTensor[] = [];
  for (let l = 0; l < L; l++) {
    x = conv(c.filters[l]!, c.kernelSize, 2, `down${l}_conv`).apply(x) as tfl.SymbolicTensor;
    x = prelu(c.downAlpha, `down${l}_prelu`).apply(x) as tfl.SymbolicTensor;
    if (l % 3 === 2) x = dropout(`down${l}_dropout`).apply(x) as tfl.SymbolicTensor;
    skips.push(x);
  }
  x = conv(c.filters[L - 1]!, c.kernelSize, 2, 'bottleneck_conv').apply(x) as tfl.SymbolicTensor;
  x = prelu(c.downAlpha, 'bottleneck_prelu').apply(x) as tfl.SymbolicTensor;
  x = dropout('bottleneck_dropout').apply(x) as tfl.SymbolicTensor;
  for (let l = L - 1; l >= 0; l--) {
    x = conv(2 * c.filters[l]!, c.kernelSize, 1, `up${l}_conv`).apply(x) as tfl.SymbolicTensor;
    x = prelu(c.upAlpha, `up${l}_prelu`).apply(x) as tfl.SymbolicTensor;
    x = new SubPixel1D({ r: 2, name: `up${l}_subpixel` }).apply(x) as tfl.SymbolicTensor;
    if (l % 3 === 2) x = dropout(`up${l}_dropout`).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers
      .concatenate({ axis: -1, name: `up${l}_concat` })
      .apply([x, skips[l]!]) as tfl.SymbolicTensor;
  }
  return residualHead(x, input, {
    model: 'proposed',
    graphName: 'proposed',
    finalKernelSize: c.finalKernelSize,
    finalInitStddev: c.finalInitStddev,
    seed: nextSeed(),
    scale: c.scale,
    config: c,
    geometry: proposedGeometry(c),
  });
}
