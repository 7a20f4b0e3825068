import * as tfl from '@tensorflow/tfjs-layers';
import type { NetworkGeometry } from './geometry.js';
import { SubPixel1D } from './layers/subpixel.js';
import { setModelMetadata } from './metadata.js';

/** What the shared output head of the time-domain U-Nets needs (models.md §2.3, §3). */
export interface ResidualHead {
  /** Model name stored in the metadata (`'proposed'`, `'audioUNet'`). */
  model: 'proposed' | 'audioUNet';
  /** tfjs model name. */
  graphName: string;
  /** Kernel size of the final Conv1D(2). */
  finalKernelSize: number;
  /** Std of the final conv's normal initializer. */
  finalInitStddev: number;
  /** Seed of that initializer. */
  seed: number;
  /** Upsampling ratio r recorded in the metadata (null: not fixed by the config). */
  scale: number | null;
  /** Resolved config recorded in the metadata. */
  config: object;
  /** Total stride and receptive field of the network. */
  geometry: NetworkGeometry;
}

/**
 * The output head both U-Nets share: Conv1D(2, finalKernelSize) with a normal init → SubPixel1D(2)
 * (back to one channel at full length) → residual add of the network input; builds the model and
 * records its speechsr metadata.
 * @internal
 */
export function residualHead(
  x: tfl.SymbolicTensor,
  input: tfl.SymbolicTensor,
  h: ResidualHead,
): tfl.LayersModel {
  x = tfl.layers
    .conv1d({
      filters: 2,
      kernelSize: h.finalKernelSize,
      padding: 'same',
      kernelInitializer: tfl.initializers.randomNormal({ mean: 0, stddev: h.finalInitStddev, seed: h.seed }),
      biasInitializer: 'zeros',
      name: 'final_conv',
    })
    .apply(x) as tfl.SymbolicTensor;
  x = new SubPixel1D({ r: 2, name: 'final_subpixel' }).apply(x) as tfl.SymbolicTensor;
  const output = tfl.layers.add({ name: 'residual' }).apply([x, input]) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: output, name: h.graphName });
  setModelMetadata(model, {
    format: 'speechsr-model@1',
    model: h.model,
    config: h.config as Record<string, unknown>,
    totalStride: h.geometry.totalStride,
    receptiveField: h.geometry.receptiveField,
    sampleRate: 16000,
    interpolation: 'spline',
    scale: h.scale,
  });
  return model;
}
