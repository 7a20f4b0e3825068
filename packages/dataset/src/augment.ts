import { assertSignal, type Signal } from '@speechsr/core';
import { decimate, fftConvolve } from '@speechsr/dsp';

/**
 * Convolves an utterance with a microphone impulse response, per the MIR protocol (training.md,
 * Table V): full linear convolution, length N + M − 1, no gain normalisation.
 * Mirrors: `scipy.signal.convolve(x, h)` (mode 'full').
 * @param x - utterance (not modified)
 * @param ir - impulse response at the same sample rate (not modified)
 * @returns Float64Array of length x.length + ir.length − 1
 * @throws {@link @speechsr/core!SignalError} for empty or non-finite inputs
 * @example const xConv = convolveMir(x, readAudio('mic.wav').samples);
 */
export function convolveMir(x: Signal, ir: Signal): Float64Array {
  assertSignal(x, 'convolveMir', 'x');
  assertSignal(ir, 'convolveMir', 'ir');
  return fftConvolve(x, ir, { mode: 'full' });
}

/**
 * The MIR test pair of training.md Table V: reference `xConv = convolveMir(x, ir)` and the model
 * input `decimate(xConv, scale)`.
 * @param x - clean utterance
 * @param ir - microphone impulse response
 * @param scale - down-sampling factor @defaultValue 2
 * @returns `{ reference, lowRes }` (Float64Array; lowRes has ceil(len/scale) samples)
 * @throws as {@link convolveMir} and `decimate`
 * @example const { reference, lowRes } = mirTestPair(x, ir);
 */
export function mirTestPair(
  x: Signal,
  ir: Signal,
  scale = 2,
): {
  /** HR reference: x convolved with the impulse response, length x.length + ir.length − 1. */
  reference: Float64Array;
  /** Model input: `decimate(reference, scale)`, ceil(reference.length / scale) samples. */
  lowRes: Float64Array;
} {
  const reference = convolveMir(x, ir);
  return { reference, lowRes: decimate(reference, scale) };
}
