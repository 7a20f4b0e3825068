import * as tf from '@tensorflow/tfjs-core';
import { assertInt, ParameterError } from '@speechsr/core';

/** Frame length of the per-patch STFT inside the spectral losses (samples). */
export const LOSS_FRAME_LENGTH = 512;
/** Frame shift of the per-patch STFT inside the spectral losses (samples). */
export const LOSS_HOP_LENGTH = 256;
/** Number of frequency bins of the per-patch STFT: `LOSS_FRAME_LENGTH / 2 + 1`. */
export const LOSS_BINS = LOSS_FRAME_LENGTH / 2 + 1;

/**
 * The periodic Hamming window `0.54 − 0.46·cos(2πn/N)`, n = 0…N−1, in float64.
 * Mirrors: `tf.signal.hamming_window(N, periodic=True)` and `scipy.signal.get_window('hamming', N)`.
 * @param n - window length (integer ≥ 1)
 * @returns a new Float64Array of length n
 * @throws {@link @speechsr/core!ParameterError} when n is not an integer ≥ 1
 * @example const w = hammingPeriodic(512); // w[0] = 0.08, w[256] = 1
 */
export function hammingPeriodic(n: number): Float64Array {
  assertInt(n, 'hammingPeriodic', 'n', { min: 1 });
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.54 - 0.46 * cosTurn(i, n);
  return w;
}

/** cos(2π·j/n) with exact values at the quarter turns (so bins 0 and n/2 have exactly zero sine). */
function cosTurn(j: number, n: number): number {
  const m = ((j % n) + n) % n;
  if (m === 0) return 1;
  if (4 * m === n || 4 * m === 3 * n) return 0;
  if (2 * m === n) return -1;
  return Math.cos((2 * Math.PI * m) / n);
}

/** sin(2π·j/n) with exact values at the quarter turns. */
function sinTurn(j: number, n: number): number {
  const m = ((j % n) + n) % n;
  if (m === 0 || 2 * m === n) return 0;
  if (4 * m === n) return 1;
  if (4 * m === 3 * n) return -1;
  return Math.sin((2 * Math.PI * m) / n);
}

let windowedDft: Float32Array | undefined;

/**
 * The windowed real-DFT matrix of the loss STFT, `[512, 514]` float32 row-major: column k < 257 is
 * `w[n]·cos(2πnk/512)` (real part), column 257 + k is `−w[n]·sin(2πnk/512)` (imaginary part).
 * Computed once in float64 and rounded; the sine columns of bins 0 and 256 are exactly zero.
 * @returns the cached matrix (do not modify)
 */
export function lossDftMatrix(): Float32Array {
  if (windowedDft) return windowedDft;
  const n = LOSS_FRAME_LENGTH;
  const k = LOSS_BINS;
  const w = hammingPeriodic(n);
  const m = new Float32Array(n * 2 * k);
  for (let i = 0; i < n; i++) {
    const row = i * 2 * k;
    for (let b = 0; b < k; b++) {
      const j = (i * b) % n;
      m[row + b] = w[i]! * cosTurn(j, n);
      const s = sinTurn(j, n);
      m[row + k + b] = s === 0 ? 0 : -w[i]! * s;
    }
  }
  windowedDft = m;
  return m;
}

/** Real and imaginary parts of a batch of per-patch spectra, each `[batch, frames, 257]` float32 (frame-major, like `tf.signal.stft`). */
export interface TensorSpectrum {
  /** Real parts, `[batch, frames, 257]` float32. */
  re: tf.Tensor3D;
  /** Imaginary parts, `[batch, frames, 257]` float32. */
  im: tf.Tensor3D;
}

/**
 * Number of loss-STFT frames of a patch: `1 + floor((length − 512) / 256)` (7 for 2048 samples).
 * @param length - patch length in samples (integer ≥ 512)
 * @returns the frame count
 * @throws {@link @speechsr/core!ParameterError} when length is not an integer ≥ 512
 * @example lossFrameCount(2048); // 7
 */
export function lossFrameCount(length: number): number {
  assertInt(
    length,
    'lossFrameCount',
    'length',
    { min: LOSS_FRAME_LENGTH },
    'The loss STFT uses 512-sample frames.',
  );
  return 1 + Math.floor((length - LOSS_FRAME_LENGTH) / LOSS_HOP_LENGTH);
}

/**
 * Per-patch STFT used inside the spectral losses: 512-sample frames every 256 samples, periodic
 * Hamming window, FFT size 512, no centring or padding, no normalisation. Frames start at
 * 0, 256, …; trailing samples that do not fill a frame are ignored (2048 samples → 7 frames).
 * Implemented as framing (reshape + concat) and one matrix product with {@link lossDftMatrix}, so it
 * is differentiable on every backend (no FFT kernel needed).
 * Mirrors: `tf.signal.stft(z, 512, 256, 512, tf.signal.hamming_window)` (TF/Python) applied to each patch.
 * @param z - patches `[batch, time]` or `[batch, time, 1]`, time ≥ 512, float32
 * @returns `{ re, im }`, each `[batch, frames, 257]` float32 (caller disposes; safe inside `tf.tidy`)
 * @throws {@link @speechsr/core!ParameterError} when z is not `[batch, time(, 1)]` with time ≥ 512
 * @example const { re, im } = patchStft(patches); // [B, 7, 257] for 2048-sample patches
 */
export function patchStft(z: tf.Tensor): TensorSpectrum {
  const [b, t] = patchShape(z, 'patchStft', 'z');
  if (t < LOSS_FRAME_LENGTH) {
    throw new ParameterError(
      `patchStft: z must have at least ${LOSS_FRAME_LENGTH} samples per patch, got ${t}. The loss STFT uses 512-sample frames.`,
    );
  }
  const out = tf.tidy(() => {
    const s = stftUnchecked(tf.reshape(z, [b, t]), b, t);
    return [s.re, s.im];
  });
  return { re: out[0] as tf.Tensor3D, im: out[1] as tf.Tensor3D };
}

/** STFT of a validated `[b, t]` tensor (no checks). */
export function stftUnchecked(z2: tf.Tensor, b: number, t: number): TensorSpectrum {
  const hop = LOSS_HOP_LENGTH;
  const f = lossFrameCount(t);
  const k = LOSS_BINS;
  // Frames f = [block f, block f+1] of the [b, f+1, 256] block view (hop = frame / 2).
  const used = (f + 1) * hop;
  const blocks = tf.reshape(used === t ? z2 : tf.slice(z2, [0, 0], [b, used]), [b, f + 1, hop]);
  const frames = tf.concat(
    [tf.slice(blocks, [0, 0, 0], [b, f, hop]), tf.slice(blocks, [0, 1, 0], [b, f, hop])],
    2,
  );
  const dft = tf.tensor2d(lossDftMatrix(), [LOSS_FRAME_LENGTH, 2 * k]);
  const spec = tf.reshape(tf.matMul(tf.reshape(frames, [b * f, LOSS_FRAME_LENGTH]), dft), [b, f, 2 * k]);
  return {
    re: tf.slice(spec, [0, 0, 0], [b, f, k]) as tf.Tensor3D,
    im: tf.slice(spec, [0, 0, k], [b, f, k]) as tf.Tensor3D,
  };
}

/**
 * Checks that `z` is `[batch, time]` or `[batch, time, 1]` and returns `[batch, time]`.
 * @throws {@link @speechsr/core!ParameterError} otherwise
 */
export function patchShape(z: unknown, fn: string, name: string): [number, number] {
  if (!(z instanceof tf.Tensor)) {
    throw new ParameterError(
      `${fn}: ${name} must be a tf.Tensor of shape [batch, time, 1], got ${typeof z}.`,
    );
  }
  const s = z.shape;
  if (!((s.length === 3 && s[2] === 1) || s.length === 2) || s[0]! < 1 || s[1]! < 1) {
    throw new ParameterError(
      `${fn}: ${name} must have shape [batch, time, 1] or [batch, time], got [${s.join(', ')}]. Losses take mono patches; pack the network input with packedLoss() for PCM/T-PCM.`,
    );
  }
  if (z.dtype !== 'float32') {
    throw new ParameterError(`${fn}: ${name} must be float32, got ${z.dtype}.`);
  }
  return [s[0]!, s[1]!];
}
