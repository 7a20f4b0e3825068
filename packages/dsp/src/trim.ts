import { type Signal, assertInt, assertNumber, assertOneOf, assertSignal } from '@speechsr/core';
import type { PadMode } from './frame.js';
import { align16, ensureMemory, wasmKernels } from './wasm-kernels.js';

/** Options of {@link trim} (librosa.effects.trim's names in camelCase). */
export interface TrimOptions {
  /** Threshold below the loudest frame, dB: frames with db > −topDb are kept. @defaultValue 60 */
  topDb?: number;
  /** RMS frame length in samples. @defaultValue 2048 */
  frameLength?: number;
  /** Samples between RMS frames. @defaultValue 512 */
  hopLength?: number;
  /**
   * Centre padding of the RMS frames: zeros ('constant', librosa ≥ 0.9) or 'reflect' (librosa ≤ 0.8).
   * @defaultValue 'constant'
   */
  padMode?: PadMode;
}

/** Result of {@link trim}: the kept samples and their range `[start, end)` in the input. */
export interface TrimResult {
  /**
   * x[start:end] (empty when every frame is silent): for a Float64Array x a view of it (`x.subarray`,
   * no copy, like librosa's slice of the input; copy it before writing to it), for a Float32Array x a
   * new Float64Array.
   */
  y: Float64Array;
  /** First kept sample of the input (inclusive). */
  start: number;
  /** End of the kept range in the input (exclusive): y = x[start:end]. */
  end: number;
}

/**
 * The seed's `silence_filter` settings: `top_db = −10·log10(0.05)` (13.0103 dB; its README's
 * −20·log10(0.05) is not what the code runs), frames of 2048 with hop 1024.
 */
export const TRIM_SEED: Readonly<Required<Omit<TrimOptions, 'padMode'>>> = Object.freeze({
  topDb: -10 * Math.log10(0.05),
  frameLength: 2048,
  hopLength: 1024,
});

const f32 = Math.fround;

/** numpy's float32 pairwise summation (8 accumulators, 128-element blocks, halving above). */
function pairwiseF32(a: Float32Array, off: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res = f32(res + a[off + i]!);
    return res;
  }
  if (n <= 128) return blockF32(a, off, n);
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return f32(pairwiseF32(a, off, n2) + pairwiseF32(a, off + n2, n - n2));
}

/** The 8 ≤ n ≤ 128 leaf of numpy's pairwise sum, in float32. */
function blockF32(a: Float32Array, off: number, n: number): number {
  let r0 = a[off]!;
  let r1 = a[off + 1]!;
  let r2 = a[off + 2]!;
  let r3 = a[off + 3]!;
  let r4 = a[off + 4]!;
  let r5 = a[off + 5]!;
  let r6 = a[off + 6]!;
  let r7 = a[off + 7]!;
  const lim = n - (n % 8);
  let i = 8;
  for (; i < lim; i += 8) {
    const o = off + i;
    r0 = f32(r0 + a[o]!);
    r1 = f32(r1 + a[o + 1]!);
    r2 = f32(r2 + a[o + 2]!);
    r3 = f32(r3 + a[o + 3]!);
    r4 = f32(r4 + a[o + 4]!);
    r5 = f32(r5 + a[o + 5]!);
    r6 = f32(r6 + a[o + 6]!);
    r7 = f32(r7 + a[o + 7]!);
  }
  let res = f32(f32(f32(r0 + r1) + f32(r2 + r3)) + f32(f32(r4 + r5) + f32(r6 + r7)));
  for (; i < n; i++) res = f32(res + a[off + i]!);
  return res;
}

/** Pairwise tree over `count` (a power of two) consecutive block sums, same pairing as the recursion. */
function treeF32(b: Float32Array, off: number, count: number): number {
  if (count === 1) return b[off]!;
  const h = count >> 1;
  return f32(treeF32(b, off, h) + treeF32(b, off + h, h));
}

/**
 * Internal (exported for tests and the dataset pipeline): per-frame RMS in float32, librosa style.
 * @returns rms of each centred frame, length 1 + floor((len + 2·floor(fl/2) − fl)/hop)
 */
export function frameRmsF32(
  x: Signal,
  frameLength: number,
  hopLength: number,
  padMode: PadMode,
): Float32Array {
  const half = frameLength >> 1;
  const n = x.length;
  const total = n + 2 * half;
  const nFrames = 1 + Math.floor((total - frameLength) / hopLength);
  const rms = new Float32Array(nFrames);
  const blocks = frameLength / 128;
  if (
    frameLength >= 128 &&
    Number.isInteger(blocks) &&
    (blocks & (blocks - 1)) === 0 &&
    hopLength % 128 === 0
  ) {
    // Fast path: every frame's pairwise leaves are the same aligned 128-sample blocks of the padded
    // signal, so each block is summed once (bit-identical to summing every frame from scratch), and
    // interior blocks square x on the fly (no padded copy).
    const nBlocks = Math.floor(total / 128);
    const bs = new Float32Array(nBlocks);
    const scratch = new Float32Array(128);
    let all = 0;
    // interior blocks [k0, k1) (inside x) go through the WebAssembly kernel when it is available
    const k0 = Math.min(nBlocks, Math.ceil(half / 128));
    const k1 = Math.max(k0, Math.min(nBlocks, Math.floor((half + n) / 128)));
    const viaWasm = blocksWasm(x, 128 * k0 - half, k1 - k0, bs, k0);
    for (let k = 0; k < nBlocks; k++) {
      const p0 = 128 * k;
      let v: number;
      if (viaWasm && k >= k0 && k < k1) v = bs[k]!;
      else if (p0 >= half && p0 + 128 <= half + n) v = blockSqF32(x, p0 - half);
      else {
        fillSq(x, half, padMode, p0, 128, scratch);
        v = blockF32(scratch, 0, 128);
      }
      bs[k] = v;
      all += v;
    }
    // a NaN/±Infinity sample makes its block sum non-finite; samples past the last block are checked directly
    let check = all * 0;
    for (let i = Math.max(0, 128 * nBlocks - half); i < n; i++) check += x[i]! * 0;
    if (check !== 0) assertSignal(x, 'trim', 'x');
    const step = hopLength / 128;
    for (let j = 0; j < nFrames; j++) {
      const sum = f32(0 + treeF32(bs, j * step, blocks));
      rms[j] = Math.sqrt(f32(sum / frameLength));
    }
    return rms;
  }
  // float32 squares of the padded signal: numpy's np.square(float32(y)) (the Float32Array store rounds)
  const sq = new Float32Array(total);
  fillSq(x, half, padMode, 0, total, sq);
  let check = 0; // stays 0 unless a sample is NaN/±Infinity (v·0 is NaN then)
  for (let i = 0; i < n; i++) check += x[i]! * 0;
  if (check !== 0) assertSignal(x, 'trim', 'x');
  for (let j = 0; j < nFrames; j++) {
    const sum = f32(0 + pairwiseF32(sq, j * hopLength, frameLength));
    rms[j] = Math.sqrt(f32(sum / frameLength));
  }
  return rms;
}

/** Blocks per call of the WebAssembly kernel (512 KiB of input in the kernel's memory). */
const CHUNK_BLOCKS = 512;

/**
 * {@link blockSqF32} of `count` consecutive blocks starting at x[off] into bs[at …] through the
 * WebAssembly kernel (bit-identical: float32 rounding, squares and sums are IEEE float32 there);
 * false (nothing done) when the kernel is unavailable or count is 0.
 */
function blocksWasm(x: Signal, off: number, count: number, bs: Float32Array, at: number): boolean {
  if (count <= 0) return false;
  const k = wasmKernels();
  if (!k) return false;
  const chunk = Math.min(CHUNK_BLOCKS, count);
  const xOff = align16(k.heapBase);
  const oOff = align16(xOff + 8 * 128 * chunk);
  if (!ensureMemory(k, oOff + 4 * chunk)) return false;
  const buf = k.memory.buffer;
  const xw = new Float64Array(buf, xOff, 128 * chunk);
  const ow = new Float32Array(buf, oOff, chunk);
  for (let b = 0; b < count; b += chunk) {
    const c = Math.min(chunk, count - b);
    const s = off + 128 * b;
    xw.set(x.subarray(s, s + 128 * c)); // Float32 input is widened exactly
    k.sumsqBlocksF32(xOff, c, oOff);
    bs.set(ow.subarray(0, c), at + b);
  }
  return true;
}

/** Sum of float32 squares of x[off … off+128), numpy's pairwise leaf (8 float32 accumulators). */
function blockSqF32(x: Signal, off: number): number {
  let r0 = 0;
  let r1 = 0;
  let r2 = 0;
  let r3 = 0;
  let r4 = 0;
  let r5 = 0;
  let r6 = 0;
  let r7 = 0;
  for (let i = 0; i < 128; i += 8) {
    const o = off + i;
    const v0 = f32(x[o]!);
    const v1 = f32(x[o + 1]!);
    const v2 = f32(x[o + 2]!);
    const v3 = f32(x[o + 3]!);
    const v4 = f32(x[o + 4]!);
    const v5 = f32(x[o + 5]!);
    const v6 = f32(x[o + 6]!);
    const v7 = f32(x[o + 7]!);
    // the first group initialises the accumulators (0 + a = a exactly), as numpy's r[j] = a[j]
    r0 = f32(r0 + f32(v0 * v0));
    r1 = f32(r1 + f32(v1 * v1));
    r2 = f32(r2 + f32(v2 * v2));
    r3 = f32(r3 + f32(v3 * v3));
    r4 = f32(r4 + f32(v4 * v4));
    r5 = f32(r5 + f32(v5 * v5));
    r6 = f32(r6 + f32(v6 * v6));
    r7 = f32(r7 + f32(v7 * v7));
  }
  return f32(f32(f32(r0 + r1) + f32(r2 + r3)) + f32(f32(r4 + r5) + f32(r6 + r7)));
}

/** Writes float32 squares of padded samples [p0, p0 + count) (padding `half` each side) to dst[0 …). */
function fillSq(
  x: Signal,
  half: number,
  padMode: PadMode,
  p0: number,
  count: number,
  dst: Float32Array,
): void {
  const n = x.length;
  const period = 2 * (n - 1);
  for (let i = 0; i < count; i++) {
    let j = p0 + i - half;
    let v = 0;
    if (j >= 0 && j < n) v = x[j]!;
    else if (padMode === 'reflect') {
      if (n === 1) j = 0;
      else {
        j = ((j % period) + period) % period;
        if (j >= n) j = period - j;
      }
      v = x[j]!;
    }
    const w = f32(v);
    dst[i] = w * w;
  }
}

/**
 * Internal: frame levels in dB relative to the loudest frame,
 * `10·log10(max(1e−10, rms²)) − 10·log10(max(1e−10, max rms²))` (rms and rms² in float32, the log in float64).
 */
export function trimFrameDb(
  x: Signal,
  frameLength: number,
  hopLength: number,
  padMode: PadMode,
): Float64Array {
  const rms = frameRmsF32(x, frameLength, hopLength, padMode);
  let maxP = 0;
  const db = new Float64Array(rms.length);
  for (let j = 0; j < rms.length; j++) {
    const p = f32(rms[j]! * rms[j]!);
    db[j] = p;
    if (p > maxP) maxP = p;
  }
  const ref = 10 * Math.log10(Math.max(1e-10, maxP));
  for (let j = 0; j < db.length; j++) db[j] = 10 * Math.log10(Math.max(1e-10, db[j]!)) - ref;
  return db;
}

/**
 * Remove leading and trailing silence. Frames (centred, `frameLength`/`hopLength`) whose RMS level is
 * more than `topDb` below the loudest frame are silent; the result runs from the first non-silent
 * frame's centre sample `first·hop` to `min(len, (last + 1)·hop)`. Pauses inside are kept; when every
 * frame is silent the result is empty (start = end = 0). An all-zero signal is not trimmed (every
 * frame is 0 dB relative to the maximum).
 *
 * As in librosa, the RMS is computed in float32 whatever the input dtype: samples are rounded to
 * float32, squared in float32 and summed with numpy's float32 pairwise summation.
 *
 * Mirrors: `librosa.effects.trim(y, top_db, ref=np.max, frame_length, hop_length)` (librosa ≥ 0.9
 * with the default 'constant' padding; `padMode: 'reflect'` reproduces ≤ 0.8). The seed uses
 * {@link TRIM_SEED}.
 * @param x - signal (not modified)
 * @param options - {@link TrimOptions}
 * @returns `{ y, start, end }`; y holds the end − start kept samples: a view of x when x is a
 *   Float64Array (as librosa returns a slice of its input), else a new Float64Array
 * @throws {@link @speechsr/core!ParameterError} when topDb is not finite, frameLength/hopLength not integers ≥ 1,
 *   or padMode is unknown
 * @throws {@link @speechsr/core!SignalError} when x is empty or holds a non-finite sample
 * @example const { y, start, end } = trim(x, TRIM_SEED);
 */
export function trim(x: Signal, options: TrimOptions = {}): TrimResult {
  // finiteness is checked while squaring (frameRmsF32)
  assertSignal(x, 'trim', 'x', { finite: false });
  const { topDb = 60, frameLength = 2048, hopLength = 512, padMode = 'constant' } = options;
  assertNumber(topDb, 'trim', 'topDb');
  assertInt(frameLength, 'trim', 'frameLength', { min: 1 });
  assertInt(hopLength, 'trim', 'hopLength', { min: 1 });
  assertOneOf(padMode, 'trim', 'padMode', ['constant', 'reflect'] as const);
  const db = trimFrameDb(x, frameLength, hopLength, padMode);
  let first = -1;
  let last = -1;
  for (let j = 0; j < db.length; j++) {
    if (db[j]! > -topDb) {
      if (first < 0) first = j;
      last = j;
    }
  }
  if (first < 0) return { y: new Float64Array(0), start: 0, end: 0 };
  const start = Math.min(x.length, first * hopLength);
  const end = Math.min(x.length, (last + 1) * hopLength);
  if (x instanceof Float64Array) return { y: x.subarray(start, end), start, end };
  const y = new Float64Array(end - start);
  y.set(x.subarray(start, end)); // widening typed-array copy (Float64Array.from would iterate)
  return { y, start, end };
}
