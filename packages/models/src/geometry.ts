/**
 * Receptive-field arithmetic for the U-Nets, from their config (models.md §1.3, issue #13
 * `chunked` inference).
 *
 * Each convolution is described by its kernel size and the time resolution of its input in
 * input samples (`res` = 2^level). A stride-2 "same" convolution with kernel k at resolution res
 * reads input samples within (k − 1)·res of the position it represents, plus one sample period of
 * the coarser grid for alignment; a SubPixel step adds at most one coarse period. Summing over the
 * deepest path (every other path through a skip connection is a subset of it) bounds the
 * receptive field.
 */
export interface ConvGeometry {
  kernel: number;
  /** Input resolution in samples (1 at the network input). */
  res: number;
  /** 2 for down-sampling convolutions, 1 otherwise. */
  stride: number;
}

/** Geometry of a U-Net with `levels` stride-2 levels (including the bottleneck). */
export interface NetworkGeometry {
  /** Product of the strides: inputs must be a multiple of it; chunk starts are multiples of it. */
  totalStride: number;
  /** Upper bound on the receptive field in samples (full width, both sides together). */
  receptiveField: number;
}

/** Sums the receptive field over a list of convolutions and returns the rounded geometry. @internal */
export function geometryOf(convs: ConvGeometry[], subpixelResolutions: number[]): NetworkGeometry {
  let rf = 1;
  let totalStride = 1;
  for (const c of convs) {
    rf += (c.kernel - 1) * c.res + (c.stride > 1 ? c.res * c.stride : 0);
    if (c.stride > 1) totalStride *= c.stride;
  }
  for (const r of subpixelResolutions) rf += r;
  return { totalStride, receptiveField: rf };
}

/** Rounds `n` up to a multiple of `m`. @internal */
export function roundUp(n: number, m: number): number {
  return Math.ceil(n / m) * m;
}
