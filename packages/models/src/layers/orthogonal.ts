import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { orthonormalColumns } from '../linalg.js';
import { standardNormal } from '../random.js';

// tfjs-layers does not export its `Initializer` base class from the package root; take it from a
// built-in instance so `instanceof Initializer` inside tfjs-layers accepts ours.
type InitializerInstance = ReturnType<typeof tfl.initializers.zeros>;
const InitializerBase = Object.getPrototypeOf(
  tfl.initializers.zeros().constructor,
) as abstract new () => InitializerInstance;

/** Arguments of {@link SeededOrthogonal}. */
export interface SeededOrthogonalArgs {
  /** Multiplicative factor. @defaultValue 1 */
  gain?: number;
  /** 32-bit integer seed: the same seed and shape give the same weights. @defaultValue 0 */
  seed?: number;
}

/**
 * Seeded orthogonal initializer for kernels of any rank ≥ 2 (Conv1D kernels `[k, cIn, cOut]`).
 * Mirrors: Keras `Orthogonal(gain)` — draw a standard normal matrix of shape
 * `[max(rows, cols), min(rows, cols)]` with rows = k·cIn and cols = cOut, take Q of its reduced QR
 * with columns multiplied by sign(diag(R)), transpose if rows < cols, reshape to the kernel shape,
 * times `gain` (models.md §1.2). The normal draws come from our own seeded generator and the QR
 * runs in float64 in plain JavaScript, so the weights do not depend on the tfjs backend.
 * Registered for serialization as `SpeechSrOrthogonal`.
 * @example tfl.layers.conv1d({ filters: 64, kernelSize: 11, kernelInitializer: new SeededOrthogonal({ seed: 3 }) })
 */
export class SeededOrthogonal extends InitializerBase {
  /** Serialization name (unique to speechsr). */
  static readonly className = 'SpeechSrOrthogonal';
  /** Multiplicative factor applied to the orthogonal matrix (1 unless given). */
  readonly gain: number;
  /** Seed as an unsigned 32-bit integer (`args.seed >>> 0`; 0 unless given). */
  readonly seed: number;

  constructor(args: SeededOrthogonalArgs = {}) {
    super();
    this.gain = args.gain ?? 1;
    this.seed = (args.seed ?? 0) >>> 0;
  }

  /**
   * @param shape - kernel shape, rank ≥ 2 (last axis = output channels)
   * @returns a float32 tensor of `shape`
   */
  override apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
    return orthogonalKernel(shape, this.seed, this.gain, dtype ?? 'float32');
  }

  /**
   * Serializable arguments, so a saved model rebuilds the same initializer.
   * @returns `{ gain, seed }`
   */
  override getConfig(): tf.serialization.ConfigDict {
    return { gain: this.gain, seed: this.seed };
  }
}
tf.serialization.registerClass(
  SeededOrthogonal as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>,
);

/**
 * The weights {@link SeededOrthogonal} produces, as a tensor (shared by the class and its tests).
 * @internal
 */
export function orthogonalKernel(shape: number[], seed: number, gain: number, dtype: tf.DataType): tf.Tensor {
  if (shape.length < 2)
    throw new Error(`SeededOrthogonal: shape must have rank >= 2, got [${shape.join(', ')}].`);
  const cols = shape[shape.length - 1]!;
  let rows = 1;
  for (let i = 0; i < shape.length - 1; i++) rows *= shape[i]!;
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  // A is [m, n] row-major in the reference; draw it row-major, then read it column-major.
  const z = standardNormal(m * n, seed);
  const colMajor = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) colMajor[j * m + i] = z[i * n + j]!;
  const q = orthonormalColumns(colMajor, m, n); // Q[i][j] at q[j*m + i]
  const out = new Float32Array(rows * cols);
  if (rows >= cols) {
    // kernel (flattened [rows, cols]) = Q
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = gain * q[j * m + i]!;
  } else {
    // kernel = Qᵀ: [n=rows, m=cols]
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = gain * q[i * m + j]!;
  }
  return tf.tensor(out, shape, dtype === 'int32' ? 'int32' : 'float32');
}
