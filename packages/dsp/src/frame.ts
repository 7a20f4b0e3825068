import { ParameterError, type Signal, SignalError, assertInt, assertSignal } from '@speechsr/core';
import ndarray from 'ndarray';

/**
 * Slice `x` into overlapping frames: frame f is `x[f·hop : f·hop + frameLength]`, with
 * `nFrames = 1 + floor((len − frameLength)/hop)` (no padding; a trailing partial frame is dropped).
 *
 * Mirrors: `librosa.util.frame(x, frame_length, hop_length)` (axis=-1 there gives [frameLength, nFrames];
 * here frames are rows) and `tf.signal.frame(x, frame_length, frame_step, pad_end=False)`.
 * @param x - signal (not modified; the result views a float64 copy)
 * @param frameLength - samples per frame, integer ≥ 1
 * @param hopLength - samples between frame starts, integer ≥ 1
 * @returns an ndarray view of shape [nFrames, frameLength] (strides [hopLength, 1]) over one Float64Array
 * @throws {@link @speechsr/core!ParameterError} when frameLength or hopLength is not an integer ≥ 1
 * @throws {@link @speechsr/core!SignalError} when x is shorter than one frame
 * @example const f = frame(x, 2048, 1024); f.get(3, 0) === x[3072];
 */
export function frame(x: Signal, frameLength: number, hopLength: number): ndarray.NdArray<Float64Array> {
  assertSignal(x, 'frame', 'x');
  assertInt(frameLength, 'frame', 'frameLength', { min: 1 });
  assertInt(hopLength, 'frame', 'hopLength', { min: 1 });
  if (x.length < frameLength) {
    throw new SignalError(
      `frame: x must have at least frameLength = ${frameLength} samples, got ${x.length}. Pad the signal first.`,
    );
  }
  const nFrames = 1 + Math.floor((x.length - frameLength) / hopLength);
  const data = new Float64Array(x.length);
  data.set(x);
  return ndarray(data, [nFrames, frameLength], [hopLength, 1], 0);
}

/** Frames for {@link overlapAdd}: a 2-D ndarray [nFrames, frameLength] or an array of equal-length rows. */
export type Frames = ndarray.NdArray<ArrayLike<number> & ndarray.Data<number>> | ArrayLike<ArrayLike<number>>;

/**
 * Overlap-add frames: `y[f·hop + j] += frames[f][j]`, output length `(nFrames − 1)·hop + frameLength`.
 *
 * Mirrors: `tf.signal.overlap_and_add(frames, frame_step)` (and the inner sum of `librosa.istft`).
 * @param frames - [nFrames, frameLength] as an ndarray or an array of rows (not modified)
 * @param hopLength - samples between frame starts, integer ≥ 1
 * @returns a new Float64Array of length (nFrames − 1)·hopLength + frameLength
 * @throws {@link @speechsr/core!ParameterError} when hopLength is not an integer ≥ 1, frames are empty or ragged
 * @example const y = overlapAdd(frame(x, 4, 2), 2);
 */
export function overlapAdd(frames: Frames, hopLength: number): Float64Array {
  assertInt(hopLength, 'overlapAdd', 'hopLength', { min: 1 });
  const isNd = (f: Frames): f is ndarray.NdArray<ArrayLike<number> & ndarray.Data<number>> =>
    (f as ndarray.NdArray).shape !== undefined && typeof (f as ndarray.NdArray).get === 'function';
  let nFrames: number;
  let frameLength: number;
  let get: (f: number, j: number) => number;
  if (isNd(frames)) {
    if (frames.shape.length !== 2) {
      throw new ParameterError(
        `overlapAdd: frames must be 2-D [nFrames, frameLength], got shape [${frames.shape}].`,
      );
    }
    [nFrames, frameLength] = frames.shape as [number, number];
    get = (f, j) => frames.get(f, j) as number;
  } else {
    nFrames = frames.length;
    frameLength = nFrames > 0 ? frames[0]!.length : 0;
    for (let f = 0; f < nFrames; f++) {
      if (frames[f]!.length !== frameLength) {
        throw new ParameterError(
          `overlapAdd: frames must all have length ${frameLength}, got ${frames[f]!.length} for frame ${f}.`,
        );
      }
    }
    get = (f, j) => frames[f]![j]!;
  }
  if (nFrames < 1 || frameLength < 1) {
    throw new ParameterError(
      `overlapAdd: frames must be non-empty, got ${nFrames} frames of length ${frameLength}.`,
    );
  }
  const y = new Float64Array((nFrames - 1) * hopLength + frameLength);
  for (let f = 0; f < nFrames; f++) {
    const o = f * hopLength;
    for (let j = 0; j < frameLength; j++) y[o + j] = y[o + j]! + get(f, j);
  }
  return y;
}

/** Padding modes shared by the centred STFT and trim: zeros, or numpy's 'reflect' (edge not repeated). */
export type PadMode = 'constant' | 'reflect';

/**
 * Internal: `x` padded by `left`/`right` samples (float64 copy). 'reflect' follows numpy's
 * `np.pad(mode='reflect')`, including pads longer than the signal (the reflection repeats).
 */
export function padSignal(x: ArrayLike<number>, left: number, right: number, mode: PadMode): Float64Array {
  const n = x.length;
  const y = new Float64Array(n + left + right);
  for (let i = 0; i < n; i++) y[left + i] = x[i]!;
  if (mode === 'reflect') {
    const period = 2 * (n - 1);
    const idx = (i: number): number => {
      if (n === 1) return 0;
      const m = ((i % period) + period) % period;
      return m < n ? m : period - m;
    };
    for (let i = 0; i < left; i++) y[i] = x[idx(i - left)]!;
    for (let i = 0; i < right; i++) y[left + n + i] = x[idx(n + i)]!;
  }
  return y;
}
