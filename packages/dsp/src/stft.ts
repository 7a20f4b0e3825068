import {
  ParameterError,
  type Signal,
  SignalError,
  assertInt,
  assertNumber,
  assertOneOf,
  assertSignal,
} from '@speechsr/core';
import { type FftPlan, createFft, kernelScratchBase, reserveKernelMemory, spectralKernel } from './fft.js';
import type { PadMode } from './frame.js';
import { type WindowName, getWindow } from './window.js';

export type { PadMode } from './frame.js';

/** Options of {@link createStft} / {@link stft} (librosa.stft's names in camelCase). */
export interface StftOptions {
  /** FFT length; nBins = floor(nFft/2) + 1. @defaultValue 2048 (librosa) */
  nFft?: number;
  /** Samples between frames. @defaultValue floor(winLength / 4) (librosa) */
  hopLength?: number;
  /** Window length ≤ nFft; the window is zero-padded to nFft, centred. @defaultValue nFft */
  winLength?: number;
  /**
   * 'hann' / 'hamming' (periodic, like scipy `get_window(name, winLength, fftbins=True)`) or the
   * window itself (length winLength). @defaultValue 'hann'
   */
  window?: WindowName | Float64Array;
  /** Pad nFft/2 samples on each side so frame f is centred on sample f·hop. @defaultValue true */
  center?: boolean;
  /** Padding used when centred. @defaultValue 'constant' (zeros: librosa ≥ 0.9; 'reflect' before) */
  padMode?: PadMode;
}

/**
 * A complex spectrogram, **frame-major**: bin k of frame f is at `f·nBins + k`
 * (the transpose of librosa's `[bin][frame]`). Values are unnormalised DFTs (e^{−i…}).
 */
export interface Spectrogram {
  /** Real parts, Float64Array of nFrames·nBins. */
  re: Float64Array;
  /** Imaginary parts, Float64Array of nFrames·nBins. */
  im: Float64Array;
  /** floor(nFft/2) + 1. */
  nBins: number;
  /** Number of frames (the spectrogram's second dimension). */
  nFrames: number;
}

/** A reusable STFT (window, FFT plan and frame buffer are built once). Not re-entrant. */
export interface StftPlan {
  /** FFT length (librosa's `n_fft`). */
  readonly nFft: number;
  /** Samples between the starts of successive frames (librosa's `hop_length`). */
  readonly hopLength: number;
  /** Length of the window before it is zero-padded to nFft (librosa's `win_length`). */
  readonly winLength: number;
  /** Bins per frame: floor(nFft/2) + 1. */
  readonly nBins: number;
  /** Whether frames are centred (the signal padded by nFft/2 on both sides), as librosa's `center`. */
  readonly center: boolean;
  /** How the signal is padded when centred (librosa's `pad_mode`). */
  readonly padMode: PadMode;
  /** The analysis window zero-padded (centred) to nFft, float64. */
  readonly window: Float64Array;
  /** Number of frames `run` returns for a signal of `length` samples. */
  frameCount(length: number): number;
  /**
   * STFT of one signal.
   * @param x - signal (not modified)
   * @param options - `out`: a spectrogram of the right shape (`nBins`, `frameCount(x.length)` frames)
   *   to overwrite and return instead of allocating (for streaming loops)
   * @returns a {@link Spectrogram} (frame-major)
   * @throws {@link @speechsr/core!SignalError} when x is empty/non-finite, or (center=false) shorter than nFft
   * @throws {@link @speechsr/core!ParameterError} when `out` has the wrong shape
   */
  run(x: Signal, options?: { out?: Spectrogram }): Spectrogram;
  /**
   * Frames `start … end − 1` of `run(x)` (the same values), for working through a long signal in
   * bounded memory. Only the samples these frames read are checked for NaN/±Infinity.
   * @param x - signal (not modified)
   * @param start - first frame, 0 ≤ start < frameCount(x.length)
   * @param end - one past the last frame, start < end ≤ frameCount(x.length)
   * @param options - `out`: a spectrogram of `nBins` × (end − start) frames to overwrite and return
   * @returns a {@link Spectrogram} of end − start frames (frame 0 is frame `start` of `run(x)`)
   * @throws {@link @speechsr/core!SignalError} when x is empty, (center=false) shorter than nFft, or a
   *   sample the frames read is non-finite
   * @throws {@link @speechsr/core!ParameterError} when start/end are out of range or `out` has the wrong shape
   * @example for (let f = 0; f < n; f += 256) use(plan.runFrames(x, f, Math.min(n, f + 256)));
   */
  runFrames(x: Signal, start: number, end: number, options?: { out?: Spectrogram }): Spectrogram;
  /**
   * Magnitude (`power: 1`) or power (`power: 2`) spectrogram `|S|^power` of `run(x)`, computed a block
   * of frames at a time: no complex spectrogram is materialised, so it is faster and needs a third of
   * the memory of `magnitude(run(x))` (equal to it to float64 rounding: the same DFT values, then
   * `sqrt(re² + im²)` or `re² + im²`).
   * Mirrors: `np.abs(librosa.stft(x, ...)) ** power` (librosa's `_spectrogram`), transposed to frame-major.
   * @param x - signal (not modified)
   * @param options - `power` (1 or 2, @defaultValue 1); `out`: a Float64Array of
   *   frameCount(x.length)·nBins to fill and return instead of allocating
   * @returns a Float64Array of nFrames·nBins, frame-major
   * @throws {@link @speechsr/core!SignalError} as {@link StftPlan.run}
   * @throws {@link @speechsr/core!ParameterError} when power is not 1 or 2, or `out` has the wrong length
   * @example const mag = createStft({ nFft: 512, hopLength: 256 }).spectrogram(x); // mag[f * 257 + k]
   */
  spectrogram(x: Signal, options?: { power?: 1 | 2; out?: Float64Array }): Float64Array;
}

interface Resolved {
  nFft: number;
  hopLength: number;
  winLength: number;
  window: Float64Array;
  center: boolean;
  padMode: PadMode;
}

function resolve(fn: string, options: StftOptions, nFftDefault = 2048): Resolved {
  const nFft = options.nFft ?? nFftDefault;
  assertInt(nFft, fn, 'nFft', { min: 1 });
  const winLength = options.winLength ?? nFft;
  assertInt(winLength, fn, 'winLength', { min: 1, max: nFft }, 'The window is zero-padded to nFft.');
  const hopLength = options.hopLength ?? Math.max(1, Math.floor(winLength / 4));
  assertInt(hopLength, fn, 'hopLength', { min: 1 });
  const { window: win = 'hann', center = true, padMode = 'constant' } = options;
  assertOneOf(padMode, fn, 'padMode', ['constant', 'reflect'] as const);
  let w: Float64Array;
  if (typeof win === 'string') {
    assertOneOf(win, fn, 'window', ['hann', 'hamming'] as const);
    w = getWindow(win, winLength);
  } else {
    if (!ArrayBuffer.isView(win) || (win as Float64Array).length !== winLength) {
      throw new ParameterError(
        `${fn}: window must be 'hann', 'hamming' or a Float64Array of winLength = ${winLength} samples, got ${
          ArrayBuffer.isView(win) ? `an array of ${(win as Float64Array).length}` : typeof win
        }.`,
      );
    }
    w = Float64Array.from(win);
  }
  const window = new Float64Array(nFft);
  window.set(w, (nFft - winLength) >> 1);
  return { nFft, hopLength, winLength, window, center, padMode };
}

/**
 * Plan a short-time Fourier transform with librosa's conventions: periodic window zero-padded to
 * nFft, centred frames (nFft/2 padding each side, `nFrames = 1 + floor(len/hop)`) or, with
 * `center: false`, `nFrames = 1 + floor((len − nFft)/hop)`; frame f = window · padded[f·hop …],
 * bins 0 … nFft/2 of its DFT. Any nFft. For power-of-two nFft ≥ 16 the frames that lie inside the
 * signal run through a small embedded WebAssembly SIMD kernel (two frames per vector; equal to the
 * fft.js path to float64 rounding); the edge frames and other sizes use {@link createFft}. Without
 * WebAssembly everything runs in JavaScript.
 *
 * Mirrors: `librosa.stft(x, n_fft, hop_length, win_length, window, center, pad_mode)` (≥ 0.9
 * defaults), transposed to frame-major. With `{ window: 'hamming', center: false }` it equals
 * `tf.signal.stft(x, nFft, hop, nFft)` (periodic Hamming, no padding) computed in float64.
 * @param options - {@link StftOptions}
 * @returns a {@link StftPlan}; reuse it for many signals
 * @throws {@link @speechsr/core!ParameterError} when nFft/hopLength/winLength is not a positive integer, winLength > nFft,
 *   or the window or padMode is unknown
 * @example
 * const plan = createStft({ nFft: 512, hopLength: 256 });
 * const S = plan.run(x); const mag = magnitude(S); // mag[f * S.nBins + k]
 */
export function createStft(options: StftOptions = {}): StftPlan {
  const r = resolve('createStft', options);
  const { nFft, hopLength, window, center, padMode } = r;
  const fft: FftPlan = createFft(nFft);
  const nBins = fft.nBins;
  const buf = new Float64Array(nFft);
  let blockRe = new Float64Array(0);
  let blockIm = new Float64Array(0);
  const half = nFft >> 1;
  const frameCount = (length: number): number => {
    const padded = center ? length + 2 * half : length;
    return padded < nFft ? 0 : 1 + Math.floor((padded - nFft) / hopLength);
  };
  return {
    ...r,
    nBins,
    frameCount,
    run(x: Signal, options: { out?: Spectrogram } = {}): Spectrogram {
      assertSignal(x, 'stft', 'x');
      const nFrames = frameCount(x.length);
      if (nFrames < 1) throw tooShort(x.length);
      const { out } = options;
      checkOut(out, nFrames);
      // fresh results: re and im share one allocation (one large block instead of two)
      const size = nFrames * nBins;
      const both = out === undefined ? new ArrayBuffer(16 * size) : undefined;
      const re = out?.re ?? new Float64Array(both!, 0, size);
      const im = out?.im ?? new Float64Array(both!, 8 * size, size);
      frames(x, 0, nFrames, re, im);
      return out ?? { re, im, nBins, nFrames };
    },
    runFrames(x: Signal, start: number, end: number, options: { out?: Spectrogram } = {}): Spectrogram {
      assertSignal(x, 'stft', 'x', { finite: false });
      const total = frameCount(x.length);
      if (total < 1) throw tooShort(x.length);
      assertInt(start, 'stft', 'start', { min: 0, max: total - 1 });
      assertInt(end, 'stft', 'end', { min: start + 1, max: total }, `frameCount(x.length) is ${total}.`);
      const nFrames = end - start;
      const { out } = options;
      checkOut(out, nFrames);
      const re = out?.re ?? new Float64Array(nFrames * nBins);
      const im = out?.im ?? new Float64Array(nFrames * nBins);
      frames(x, start, end, re, im);
      // a NaN/±Infinity among the samples a frame reads makes its DC bin (the windowed sum) non-finite
      let check = 0;
      for (let o = 0; o < re.length; o += nBins) check += re[o]! * 0;
      if (check !== 0) assertSignal(x, 'stft', 'x');
      return out ?? { re, im, nBins, nFrames };
    },
    spectrogram,
  };

  function spectrogram(x: Signal, options: { power?: 1 | 2; out?: Float64Array } = {}): Float64Array {
    assertSignal(x, 'stft', 'x');
    const { power = 1, out } = options;
    assertOneOf(power, 'stft', 'power', [1, 2] as const);
    const nFrames = frameCount(x.length);
    if (nFrames < 1) throw tooShort(x.length);
    const size = nFrames * nBins;
    if (out !== undefined && (!(out instanceof Float64Array) || out.length !== size)) {
      throw new ParameterError(
        `stft: out must be a Float64Array of ${size} values (${nFrames} frames × ${nBins} bins), got ${
          ArrayBuffer.isView(out) ? `${(out as Float64Array).length} values` : typeof out
        }.`,
      );
    }
    const y = out ?? new Float64Array(size);
    // one reused block of complex frames (cache-resident) instead of a full complex spectrogram
    const block = Math.max(1, Math.min(nFrames, Math.floor(SPECTROGRAM_BLOCK_BINS / nBins)));
    if (blockRe.length < block * nBins) {
      blockRe = new Float64Array(block * nBins);
      blockIm = new Float64Array(block * nBins);
    }
    for (let f0 = 0; f0 < nFrames; f0 += block) {
      const f1 = Math.min(nFrames, f0 + block);
      frames(x, f0, f1, blockRe, blockIm);
      const base = f0 * nBins;
      const m = (f1 - f0) * nBins;
      if (power === 2) {
        for (let i = 0; i < m; i++) {
          const a = blockRe[i]!;
          const b = blockIm[i]!;
          y[base + i] = a * a + b * b;
        }
      } else {
        for (let i = 0; i < m; i++) {
          const a = blockRe[i]!;
          const b = blockIm[i]!;
          y[base + i] = Math.sqrt(a * a + b * b);
        }
      }
    }
    return y;
  }

  function tooShort(length: number): SignalError {
    return new SignalError(
      `stft: x must have at least nFft = ${nFft} samples when center is false, got ${length}. Use center: true or a smaller nFft.`,
    );
  }

  function checkOut(out: Spectrogram | undefined, nFrames: number): void {
    if (out === undefined) return;
    if (out.nBins !== nBins || out.nFrames !== nFrames) {
      throw new ParameterError(
        `stft: out must have nBins ${nBins} and nFrames ${nFrames}, got ${out.nBins} and ${out.nFrames}.`,
      );
    }
    assertSpectrogram(out, 'stft');
  }

  /** Frames [f0, f1) of x into re/im from offset 0 (frame f at (f − f0)·nBins). */
  function frames(x: Signal, f0: number, f1: number, re: Float64Array, im: Float64Array): void {
    // Frames that lie inside x are read in place; only the few edge frames of a centred STFT are
    // gathered (with the padding) into a frame buffer. No padded copy of the whole signal.
    const lead = center ? half : 0;
    const len = x.length;
    const period = 2 * (len - 1);
    // interior frames: s0 = f·hop − lead ≥ 0 and s0 + nFft ≤ len
    const fIn0 = Math.max(f0, Math.min(f1, Math.ceil(lead / hopLength)));
    const fIn1 = Math.max(fIn0, Math.min(f1, Math.floor((len - nFft + lead) / hopLength) + 1));
    const viaWasm = wasmFrames(x, lead, fIn0, fIn1, f0, hopLength, window, re, im);
    for (let f = f0; f < f1; f++) {
      const s0 = f * hopLength - lead;
      if (viaWasm && f >= fIn0 && f < fIn1) continue;
      const o = (f - f0) * nBins;
      if (s0 >= 0 && s0 + nFft <= len) {
        fft.rfftAt(x, s0, re, im, o, window);
        continue;
      }
      for (let i = 0; i < nFft; i++) {
        let j = s0 + i;
        if (j >= 0 && j < len) buf[i] = x[j]!;
        else if (padMode === 'constant') buf[i] = 0;
        else {
          // numpy 'reflect' (edge not repeated), repeating for pads longer than the signal
          if (len === 1) j = 0;
          else {
            j = ((j % period) + period) % period;
            if (j >= len) j = period - j;
          }
          buf[i] = x[j]!;
        }
      }
      fft.rfftAt(buf, 0, re, im, o, window);
    }
  }
}

/**
 * One-shot STFT (builds a plan; prefer {@link createStft} in loops).
 * Mirrors: `librosa.stft` (see {@link createStft}).
 * @param x - signal (not modified)
 * @param options - {@link StftOptions}
 * @returns a frame-major {@link Spectrogram}
 * @throws {@link @speechsr/core!ParameterError} / {@link @speechsr/core!SignalError} as {@link createStft} and {@link StftPlan.run}
 * @example const S = stft(x, { nFft: 512, hopLength: 256 });
 */
export function stft(x: Signal, options: StftOptions = {}): Spectrogram {
  return createStft(options).run(x);
}

function assertSpectrogram(s: Spectrogram, fn: string): void {
  const ok =
    s != null &&
    ArrayBuffer.isView(s.re) &&
    ArrayBuffer.isView(s.im) &&
    Number.isInteger(s.nBins) &&
    Number.isInteger(s.nFrames) &&
    s.nBins >= 1 &&
    s.nFrames >= 1 &&
    s.re.length === s.nBins * s.nFrames &&
    s.im.length === s.re.length;
  if (!ok) {
    throw new ParameterError(
      `${fn}: spec must be a Spectrogram { re, im, nBins, nFrames } with re.length = im.length = nBins·nFrames ≥ 1.`,
    );
  }
}

/**
 * Magnitude `|S| = sqrt(re² + im²)` of a spectrogram.
 * Mirrors: `np.abs(librosa.stft(...))`.
 * @param spec - a {@link Spectrogram} (not modified)
 * @param options - `out`: a Float64Array of nFrames·nBins to fill and return instead of allocating
 * @returns a new Float64Array (or `out`) of nFrames·nBins, same frame-major layout
 * @throws {@link @speechsr/core!ParameterError} when spec is malformed or `out` has the wrong length
 * @example const mag = magnitude(stft(x, { nFft: 512, hopLength: 256 }));
 */
export function magnitude(spec: Spectrogram, options: { out?: Float64Array } = {}): Float64Array {
  assertSpectrogram(spec, 'magnitude');
  const { re, im } = spec;
  if (
    options.out !== undefined &&
    (!(options.out instanceof Float64Array) || options.out.length !== re.length)
  ) {
    throw new ParameterError(
      `magnitude: out must be a Float64Array of ${re.length} values, got ${
        ArrayBuffer.isView(options.out) ? (options.out as Float64Array).length : typeof options.out
      }.`,
    );
  }
  const out = options.out ?? new Float64Array(re.length);
  for (let i = 0; i < re.length; i++) {
    const a = re[i]!;
    const b = im[i]!;
    out[i] = Math.sqrt(a * a + b * b);
  }
  return out;
}

/** Options of {@link powerToDb} (librosa's names). */
export interface PowerToDbOptions {
  /** Reference power (0 dB), or a function of the input (librosa's `ref=np.max` → `(p) => max`). @defaultValue 1 */
  ref?: number | ((p: ArrayLike<number>) => number);
  /** Floor applied to p and ref before the log. @defaultValue 1e-10 */
  amin?: number;
  /** Clip to (max − topDb); `null` disables. @defaultValue 80 */
  topDb?: number | null;
}

/**
 * Power to decibels: `10·log10(max(amin, p)) − 10·log10(max(amin, |ref|))`, then clipped below at
 * `max − topDb`.
 * Mirrors: `librosa.power_to_db(S, ref=1.0, amin=1e-10, top_db=80.0)`.
 * @param p - power values (any layout; not modified)
 * @param options - {@link PowerToDbOptions}
 * @returns a new Float64Array of p.length, dB
 * @throws {@link @speechsr/core!ParameterError} when amin ≤ 0 or topDb < 0
 * @example const db = powerToDb(magnitude(S).map((m) => m * m));
 */
export function powerToDb(p: ArrayLike<number>, options: PowerToDbOptions = {}): Float64Array {
  const { ref = 1, amin = 1e-10, topDb = 80 } = options;
  assertNumber(amin, 'powerToDb', 'amin', { min: 0, minExclusive: true });
  if (topDb !== null) assertNumber(topDb, 'powerToDb', 'topDb', { min: 0 });
  const refValue = typeof ref === 'function' ? Math.abs(ref(p)) : Math.abs(ref);
  assertNumber(refValue, 'powerToDb', 'ref', {});
  const offset = 10 * Math.log10(Math.max(amin, refValue));
  const out = new Float64Array(p.length);
  let max = -Infinity;
  for (let i = 0; i < p.length; i++) {
    const v = 10 * Math.log10(Math.max(amin, p[i]!)) - offset;
    out[i] = v;
    if (v > max) max = v;
  }
  if (topDb !== null) {
    const floor = max - topDb;
    for (let i = 0; i < out.length; i++) if (out[i]! < floor) out[i] = floor;
  }
  return out;
}

/** Options of {@link istft}: the STFT's options plus the output length. */
export interface IstftOptions extends Omit<StftOptions, 'padMode'> {
  /** Exact output length (zero-padded or cut). @defaultValue the centred length nFft + hop·(nFrames − 1) − 2·floor(nFft/2) */
  length?: number;
}

/**
 * Inverse STFT by weighted overlap-add: each frame's inverse DFT times the window, summed at hop
 * spacing, divided by the overlap-added squared window where that sum exceeds float64's tiny.
 * With the same options as the forward STFT, `istft(stft(x), { length: x.length }) ≈ x`
 * (for windows satisfying the NOLA condition, e.g. Hann with hop ≤ nFft/2).
 * Mirrors: `librosa.istft(S, hop_length, win_length, n_fft, window, center, length)`.
 * @param spec - a frame-major {@link Spectrogram} (not modified)
 * @param options - {@link IstftOptions}; nFft defaults to 2·(nBins − 1)
 * @returns a new Float64Array (length `options.length`, or as librosa computes without it)
 * @throws {@link @speechsr/core!ParameterError} when spec is malformed, nFft does not give spec.nBins, or length < 0
 * @example const y = istft(stft(x, { nFft: 512, hopLength: 128 }), { nFft: 512, hopLength: 128, length: x.length });
 */
export function istft(spec: Spectrogram, options: IstftOptions = {}): Float64Array {
  assertSpectrogram(spec, 'istft');
  const r = resolve('istft', options, Math.max(1, 2 * (spec.nBins - 1)));
  const { nFft, hopLength, window, center } = r;
  if ((nFft >> 1) + 1 !== spec.nBins) {
    throw new ParameterError(
      `istft: nFft must give spec.nBins = ${spec.nBins} bins (floor(nFft/2) + 1), got nFft ${nFft}.`,
    );
  }
  const { length } = options;
  if (length !== undefined) assertInt(length, 'istft', 'length', { min: 0 });
  const half = nFft >> 1;
  let nFrames = spec.nFrames;
  if (length !== undefined) {
    const paddedLength = center ? length + 2 * half : length;
    nFrames = Math.min(nFrames, Math.ceil(paddedLength / hopLength));
  }
  const total = nFft + hopLength * (nFrames - 1);
  const y = new Float64Array(total);
  const wss = new Float64Array(total);
  const fft = createFft(nFft);
  const buf = new Float64Array(nFft);
  for (let f = 0; f < nFrames; f++) {
    fft.irfftAt(spec.re, spec.im, f * spec.nBins, buf);
    const o = f * hopLength;
    for (let i = 0; i < nFft; i++) {
      const w = window[i]!;
      y[o + i] = y[o + i]! + w * buf[i]!;
      wss[o + i] = wss[o + i]! + w * w;
    }
  }
  const tiny = 2.2250738585072014e-308;
  for (let i = 0; i < total; i++) if (wss[i]! > tiny) y[i] = y[i]! / wss[i]!;
  if (length === undefined) {
    return center && half > 0 ? y.slice(half, total - half) : y;
  }
  const start = center ? half : 0;
  const out = new Float64Array(length);
  out.set(y.subarray(start, Math.min(total, start + length)));
  return out;
}

let wasmEnabled = true;

/** Internal (tests): turn the WebAssembly STFT kernel off/on to compare it with the fft.js path. */
export function setStftWasmEnabled(on: boolean): void {
  wasmEnabled = on;
}

/** Complex values per block of {@link StftPlan.spectrogram} (≈ 256 frames of a 512-point STFT, 512 KiB per array). */
const SPECTROGRAM_BLOCK_BINS = 65536;

/** Frames per kernel call: bounds the module's memory (≈ 3 MB for nFft 512) whatever the signal length. */
const CHUNK_FRAMES = 256;

/**
 * Runs interior frames [f0, f1) (all inside x) through the kernel into re/im at (f − base)·nBins;
 * returns false when unavailable. Frame f starts at x[f·hop − lead].
 */
function wasmFrames(
  x: Signal,
  lead: number,
  f0: number,
  f1: number,
  base: number,
  hop: number,
  window: Float64Array,
  re: Float64Array,
  im: Float64Array,
): boolean {
  const n = window.length;
  if (!wasmEnabled || n < 16 || (n & (n - 1)) !== 0 || f1 <= f0) return false;
  const k = spectralKernel();
  if (!k) return false;
  const h = n >> 1;
  const nb = h + 1;
  const chunk = Math.min(CHUNK_FRAMES, f1 - f0);
  const xLen = (chunk - 1) * hop + n;
  // layout (bytes, 16-aligned): rev | tw | pt | win | zr | zi | x | re | im
  const al = (v: number) => (v + 15) & ~15;
  const oRev = kernelScratchBase(k);
  const oTw = al(oRev + 4 * h);
  const oPt = al(oTw + 16 * h);
  const oWin = al(oPt + 16 * h);
  const oZr = al(oWin + 8 * n);
  const oZi = al(oZr + 16 * h);
  const oX = al(oZi + 16 * h);
  const oRe = al(oX + 8 * xLen);
  const oIm = al(oRe + 8 * chunk * nb);
  const end = oIm + 8 * chunk * nb;
  if (!reserveKernelMemory(k, end)) return false; // the JavaScript path runs
  const buf = k.memory.buffer;
  const tables = kernelTables(n);
  new Int32Array(buf, oRev, h).set(tables.rev);
  new Float64Array(buf, oTw, 2 * h).set(tables.tw);
  new Float64Array(buf, oPt, 2 * h).set(tables.pt);
  new Float64Array(buf, oWin, n).set(window);
  const xw = new Float64Array(buf, oX, xLen);
  const rw = new Float64Array(buf, oRe, chunk * nb);
  const iw = new Float64Array(buf, oIm, chunk * nb);
  for (let f = f0; f < f1; f += chunk) {
    const c = Math.min(chunk, f1 - f);
    const s0 = f * hop - lead;
    const len = (c - 1) * hop + n;
    xw.set(x.subarray(s0, s0 + len));
    k.stftPairs(oX, c, hop, n, oWin, oRev, oTw, oPt, oZr, oZi, oRe, oIm);
    re.set(rw.subarray(0, c * nb), (f - base) * nb);
    im.set(iw.subarray(0, c * nb), (f - base) * nb);
  }
  return true;
}

const tableCache = new Map<number, { rev: Int32Array; tw: Float64Array; pt: Float64Array }>();

/** Bit reversal and twiddle tables of the kernel for nFft = n. */
function kernelTables(n: number): { rev: Int32Array; tw: Float64Array; pt: Float64Array } {
  let t = tableCache.get(n);
  if (t) return t;
  const h = n >> 1;
  let log = 0;
  while (1 << log < h) log++;
  const rev = new Int32Array(h);
  for (let i = 0; i < h; i++) {
    let r = 0;
    for (let b = 0; b < log; b++) if (i & (1 << b)) r |= 1 << (log - 1 - b);
    rev[i] = r;
  }
  const tw = new Float64Array(2 * h);
  for (let half = 1; half < h; half <<= 1) {
    for (let k = 0; k < half; k++) {
      tw[2 * (half + k)] = Math.cos((-Math.PI * k) / half);
      tw[2 * (half + k) + 1] = Math.sin((-Math.PI * k) / half);
    }
  }
  const pt = new Float64Array(2 * h);
  for (let k = 0; k < h; k++) {
    pt[2 * k] = Math.cos((-2 * Math.PI * k) / n);
    pt[2 * k + 1] = Math.sin((-2 * Math.PI * k) / n);
  }
  t = { rev, tw, pt };
  tableCache.set(n, t);
  return t;
}
