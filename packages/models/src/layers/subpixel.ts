import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;

/** Arguments of {@link SubPixel1D}: the usual layer arguments plus the factor `r`. */
export interface SubPixel1DArgs extends LayerArgs {
  /** Up-sampling factor (channels must be divisible by it). @defaultValue 2 */
  r?: number;
}

/**
 * 1-D pixel shuffle: `[B, W, r·C]` → `[B, r·W, C]` with
 * `out[b, r·i + j, k] = in[b, i, j·C + k]` (models.md §1.1): a row-major reshape of the last two
 * axes, so the first C channels become the samples at positions r·i, the next C at r·i + 1, ….
 * Mirrors: the seed's `SubPixel1D` (transpose → batch_to_space → transpose) and TFNet's `subpixel1d`.
 * Registered for serialization as `SpeechSrSubPixel1D`. No weights; gradients come from `reshape`.
 * @example const up = new SubPixel1D({ r: 2 }).apply(x) as tfl.SymbolicTensor;
 */
export class SubPixel1D extends tfl.layers.Layer {
  /** Serialization name (unique to speechsr). */
  static readonly className = 'SpeechSrSubPixel1D';
  /** Up-sampling factor: output length = r · input length, channels = input channels / r. */
  readonly r: number;

  constructor(args: SubPixel1DArgs = {}) {
    super(args);
    const r = args.r ?? 2;
    if (!Number.isInteger(r) || r < 1) throw new Error(`SubPixel1D: r must be an integer >= 1, got ${r}.`);
    this.r = r;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const c = s[2];
    if (c != null && c % this.r !== 0) {
      throw new Error(`SubPixel1D: channels must be divisible by r = ${this.r}, got ${c}.`);
    }
    return [s[0] ?? null, s[1] == null ? null : s[1] * this.r, c == null ? null : c / this.r];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const [b, w, c] = x.shape as [number, number, number];
      return tf.reshape(x, [b, w * this.r, c / this.r]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), r: this.r };
  }
}
tf.serialization.registerClass(SubPixel1D);
