import { ParameterError, type Signal, assertInt, assertSignal } from '@speechsr/core';
import FFT from 'fft.js';
import { SPECTRAL_KERNELS_WASM_BASE64 } from './wasm/spectral-kernels.generated.js';
import { type WasmMemoryLike, instantiateEmbedded } from './wasm/instantiate.js';

/**
 * The non-negative-frequency half of a real signal's DFT, split into real and imaginary parts.
 * Bin k holds `Σ_j x[j]·e^{−2πi·jk/n}` for k = 0 … floor(n/2) (numpy's `rfft` layout, unnormalised).
 */
export interface RealSpectrum {
  /** Real parts, length floor(n/2) + 1, float64. */
  re: Float64Array;
  /** Imaginary parts, length floor(n/2) + 1, float64. */
  im: Float64Array;
}

/**
 * A reusable real FFT of one length `n` (twiddles, chirps and scratch buffers are built once).
 * Not re-entrant: one plan per concurrent user.
 */
export interface FftPlan {
  /** The transform length. */
  readonly n: number;
  /** Number of output bins, floor(n/2) + 1. */
  readonly nBins: number;
  /**
   * Forward real DFT of `x` (length n; not modified).
   * @param out - optional destination (each array of length nBins), returned when given
   * @returns bins 0 … floor(n/2), float64
   */
  rfft(x: ArrayLike<number>, out?: RealSpectrum): RealSpectrum;
  /**
   * Inverse of {@link FftPlan.rfft}: the real length-n signal whose half spectrum is (re, im),
   * scaled by 1/n like numpy's `irfft(·, n)`. The imaginary parts of bin 0 (and of bin n/2 for even n)
   * are ignored, as numpy does.
   * @param out - optional destination of length n, returned when given
   * @returns Float64Array of length n
   */
  irfft(re: ArrayLike<number>, im: ArrayLike<number>, out?: Float64Array): Float64Array;
  /**
   * Allocation-free forward transform for frame loops: reads `x[xOff … xOff + n)` (times `window[i]`
   * when a window of length n is given) and writes bins 0 … bins − 1 to `re[off …]` and `im[off …]`
   * (e.g. one frame of a frame-major spectrogram). `bins` (default nBins) lets a caller that needs only
   * the low bins, such as FFT down-sampling, skip the work of the others.
   */
  rfftAt(
    x: ArrayLike<number>,
    xOff: number,
    re: Float64Array,
    im: Float64Array,
    off: number,
    window?: ArrayLike<number>,
    bins?: number,
  ): void;
  /** Allocation-free inverse: reads bins from `re[off …]`, `im[off …]`, writes n samples to `out[0 … n)`. */
  irfftAt(re: ArrayLike<number>, im: ArrayLike<number>, off: number, out: Float64Array): void;
}

/** Complex DFT of one length on interleaved [re, im, re, im, …] Float64Arrays. */
interface ComplexPlan {
  readonly n: number;
  /** out = DFT(data) (unnormalised, e^{−i…}); `out !== data`. */
  forward(out: Float64Array, data: Float64Array): void;
  /** out = n · IDFT(data) (unnormalised, e^{+i…}); `out !== data`. */
  backward(out: Float64Array, data: Float64Array): void;
  /**
   * In-heap forward transform without copies (WebAssembly plans only): returns the 2n-value input view
   * in the kernel's memory for the caller to fill, or null when the kernel cannot run this plan.
   */
  acquire?(): Float64Array | null;
  /** After {@link ComplexPlan.acquire} and filling its view: runs the DFT, returns the output view (valid until the next kernel call). */
  execute?(): Float64Array;
}

function isPow2(n: number): boolean {
  return n >= 1 && (n & (n - 1)) === 0;
}

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** fft.js complex transform (n a power of two ≥ 2). */
class Pow2Complex implements ComplexPlan {
  private readonly f: FFT;
  private readonly tmp: Float64Array;
  constructor(readonly n: number) {
    this.f = new FFT(n);
    this.tmp = new Float64Array(2 * n);
  }
  forward(out: Float64Array, data: Float64Array): void {
    this.f.transform(out, data);
  }
  backward(out: Float64Array, data: Float64Array): void {
    // DFT with e^{+i}: conj(DFT(conj(data))). fft.js' inverseTransform also scales by 1/n; avoid it.
    const n2 = 2 * this.n;
    const t = this.tmp;
    for (let i = 0; i < n2; i += 2) {
      t[i] = data[i]!;
      t[i + 1] = -data[i + 1]!;
    }
    this.f.transform(out, t);
    for (let i = 1; i < n2; i += 2) out[i] = -out[i]!;
  }
}

/** Length-1 DFT: the identity. */
class UnitComplex implements ComplexPlan {
  readonly n = 1;
  forward(out: Float64Array, data: Float64Array): void {
    out[0] = data[0]!;
    out[1] = data[1]!;
  }
  backward(out: Float64Array, data: Float64Array): void {
    this.forward(out, data);
  }
}

/**
 * Bluestein's chirp-z algorithm: a length-n DFT as a circular convolution of length m = 2^k ≥ 2n − 1,
 * done with the power-of-two transform. Exact to rounding (≈1e-15 relative) for any n.
 */
class BluesteinComplex implements ComplexPlan {
  private readonly m: number;
  private readonly inner: ComplexPlan;
  /** chirp c[j] = e^{−iπ j²/n}, interleaved, length 2n. */
  private readonly chirp: Float64Array;
  /** DFT_m of the conjugate chirp b[j] = e^{+iπ j²/n} wrapped circularly, scaled by 1/m. */
  private readonly bHat: Float64Array;
  private readonly a: Float64Array;
  private readonly aHat: Float64Array;
  constructor(readonly n: number) {
    const m = nextPow2(2 * n - 1);
    this.m = m;
    this.inner = complexPlan(m);
    this.chirp = new Float64Array(2 * n);
    const twoN = 2 * n;
    for (let j = 0; j < n; j++) {
      // j² mod 2n computed exactly (j² < 2^53 for every n we accept) keeps the angle accurate.
      const q = (j * j) % twoN;
      const ang = (Math.PI * q) / n;
      this.chirp[2 * j] = Math.cos(ang);
      this.chirp[2 * j + 1] = -Math.sin(ang);
    }
    const b = new Float64Array(2 * m);
    for (let j = 0; j < n; j++) {
      const cr = this.chirp[2 * j]!;
      const ci = -this.chirp[2 * j + 1]!;
      b[2 * j] = cr;
      b[2 * j + 1] = ci;
      if (j > 0) {
        b[2 * (m - j)] = cr;
        b[2 * (m - j) + 1] = ci;
      }
    }
    this.bHat = new Float64Array(2 * m);
    this.inner.forward(this.bHat, b);
    const s = 1 / m;
    for (let i = 0; i < 2 * m; i++) this.bHat[i] = this.bHat[i]! * s;
    this.a = new Float64Array(2 * m);
    this.aHat = new Float64Array(2 * m);
  }
  private run(out: Float64Array, data: Float64Array, conjIn: boolean): void {
    const { n, m, chirp, a, aHat, bHat } = this;
    const sgn = conjIn ? -1 : 1;
    for (let j = 0; j < n; j++) {
      const xr = data[2 * j]!;
      const xi = sgn * data[2 * j + 1]!;
      const cr = chirp[2 * j]!;
      const ci = chirp[2 * j + 1]!;
      a[2 * j] = xr * cr - xi * ci;
      a[2 * j + 1] = xr * ci + xi * cr;
    }
    a.fill(0, 2 * n);
    this.inner.forward(aHat, a);
    // pointwise product, then inverse DFT as conj(DFT(conj(·))): fold the conjugations in.
    for (let i = 0; i < 2 * m; i += 2) {
      const ar = aHat[i]!;
      const ai = aHat[i + 1]!;
      const br = bHat[i]!;
      const bi = bHat[i + 1]!;
      a[i] = ar * br - ai * bi;
      a[i + 1] = -(ar * bi + ai * br);
    }
    this.inner.forward(aHat, a);
    for (let k = 0; k < n; k++) {
      const yr = aHat[2 * k]!;
      const yi = -aHat[2 * k + 1]!;
      const cr = chirp[2 * k]!;
      const ci = chirp[2 * k + 1]!;
      out[2 * k] = yr * cr - yi * ci;
      out[2 * k + 1] = sgn * (yr * ci + yi * cr);
    }
  }
  forward(out: Float64Array, data: Float64Array): void {
    this.run(out, data, false);
  }
  backward(out: Float64Array, data: Float64Array): void {
    // DFT with e^{+i} = conj(DFT(conj(data))).
    this.run(out, data, true);
  }
}

// ---------------------------------------------------------------------------------------------------
// WebAssembly (SIMD128) kernels: `fft_stages` runs the mixed-radix Stockham stages below on complex
// f64x2 values, `stft_pairs` (used by stft.ts) transforms two power-of-two STFT frames per vector.
// Built from wasm/spectral-kernels.c by `npm run build:wasm` (scripts/build-wasm.sh, clang 14 + wasm-ld),
// which writes the base64 module to src/wasm/spectral-kernels.generated.ts.
// The kernels repeat the JavaScript stages' arithmetic (same butterflies and twiddles; the STFT kernel
// uses a radix-2² order instead of fft.js), so results equal the JavaScript paths to float64 rounding.
// Without WebAssembly, or when a transform would need more than KERNEL_MAX_BYTES, JavaScript runs.
// ---------------------------------------------------------------------------------------------------

/** Internal: the loaded kernels and their linear memory (one instance per process). */
export interface SpectralKernel {
  memory: WasmMemoryLike;
  /** First free byte after the module's own data; callers lay out their buffers from here. */
  heapBase: number;
  stftPairs(
    x: number,
    nFrames: number,
    hop: number,
    n: number,
    win: number,
    rev: number,
    tw: number,
    pt: number,
    zr: number,
    zi: number,
    re: number,
    im: number,
  ): void;
  fftStages(stages: number, nStages: number, a: number, b: number): void;
}

/** Largest linear memory the kernels may grow to. */
export const KERNEL_MAX_BYTES = 512 * 1024 * 1024;

let kernel: SpectralKernel | null | undefined;

/**
 * Internal: the WebAssembly kernels, or null where WebAssembly (with SIMD) is unavailable or instantiation
 * fails (then the JavaScript stages run).
 */
export function spectralKernel(): SpectralKernel | null {
  if (kernel !== undefined) return kernel;
  const inst = instantiateEmbedded(SPECTRAL_KERNELS_WASM_BASE64, 48);
  if (!inst) {
    kernel = null;
    return null;
  }
  const e = inst.exports;
  kernel = {
    memory: inst.memory,
    heapBase: (e.__heap_base as { value: number }).value,
    stftPairs: e.stft_pairs as SpectralKernel['stftPairs'],
    fftStages: e.fft_stages as SpectralKernel['fftStages'],
  };
  return kernel;
}

/** Internal: grows the kernels' memory to `bytes`; false when that is over the cap or fails. */
export function reserveKernelMemory(k: SpectralKernel, bytes: number): boolean {
  if (bytes > KERNEL_MAX_BYTES) return false;
  const have = k.memory.buffer.byteLength;
  if (bytes <= have) return true;
  try {
    k.memory.grow(Math.ceil((bytes - have) / 65536));
    return true;
  } catch {
    return false;
  }
}

/**
 * The kernel heap holds, from `heapBase`, the resident tables of WebAssembly FFT plans (kept across
 * calls, so a plan lays its twiddles out once), then scratch space from {@link kernelScratchBase} on,
 * which any caller may overwrite. When the resident zone would pass its limit (64 MiB) it is emptied:
 * the generation counter tells plans that their tables are gone.
 */
let residentEnd = 0;
let residentGeneration = 0;
let residentMaxBytes = 64 * 1024 * 1024;

/** Internal (tests): the resident zone's size limit in bytes (default 64 MiB). */
export function setKernelResidentLimit(bytes: number): void {
  residentMaxBytes = bytes;
}

const align16 = (v: number): number => (v + 15) & ~15;

/** Internal: first byte of the scratch space (after the resident plan tables). */
export function kernelScratchBase(k: SpectralKernel): number {
  return align16(Math.max(k.heapBase, residentEnd));
}

/** Reserves `bytes` of the resident zone; returns its offset and the zone's generation, or null. */
function allocResident(k: SpectralKernel, bytes: number): { off: number; generation: number } | null {
  let off = kernelScratchBase(k);
  if (off + bytes - k.heapBase > residentMaxBytes && residentEnd > k.heapBase) {
    residentGeneration++;
    off = align16(k.heapBase);
  }
  if (!reserveKernelMemory(k, off + bytes)) return null;
  residentEnd = off + bytes;
  return { off, generation: residentGeneration };
}

let fftWasmEnabled = true;

/** Internal (tests): turn the WebAssembly mixed-radix stages off/on. */
export function setFftWasmEnabled(on: boolean): void {
  fftWasmEnabled = on;
}

/** Prime factors of n, radix-4 first, then 2, 3, 5 and the remaining primes ascending. */
function factorize(n: number): number[] {
  const f: number[] = [];
  let m = n;
  while (m % 4 === 0) {
    f.push(4);
    m /= 4;
  }
  for (let p = 2; p * p <= m; p += p === 2 ? 1 : 2) {
    while (m % p === 0) {
      f.push(p);
      m /= p;
    }
  }
  if (m > 1) f.push(m);
  return f;
}

const SIN60 = Math.sqrt(3) / 2;
const C51 = Math.cos((2 * Math.PI) / 5);
const C52 = Math.cos((4 * Math.PI) / 5);
const S51 = Math.sin((2 * Math.PI) / 5);
const S52 = Math.sin((4 * Math.PI) / 5);

interface Stage {
  p: number;
  /** sub-problem length N at this stage, m = N/p, stride s. */
  m: number;
  s: number;
  /** twiddles w^{pp·k}, pp = 0 … m−1, k = 1 … p−1, interleaved: index 2·(pp·(p−1) + k − 1). */
  tw: Float64Array;
  /** for generic radices: e^{−2πi·t/p}, t = 0 … p−1. */
  root?: Float64Array;
}

/**
 * Mixed-radix Stockham (self-sorting, decimation in frequency) complex FFT for lengths whose prime
 * factors are all ≤ 61: radix-4/2/3/5 butterflies, other small primes by a direct p-point DFT.
 */
class MixedRadixComplex implements ComplexPlan {
  private readonly stages: Stage[] = [];
  private readonly buf: Float64Array;
  private readonly conjBuf: Float64Array;
  constructor(readonly n: number) {
    let len = n;
    let s = 1;
    for (const p of factorize(n)) {
      const m = len / p;
      const tw = new Float64Array(2 * m * (p - 1));
      for (let pp = 0; pp < m; pp++) {
        for (let k = 1; k < p; k++) {
          // w^{pp·k} with w = e^{−2πi/len}; reduce the exponent exactly before the trig call.
          const e = (pp * k) % len;
          const ang = (-2 * Math.PI * e) / len;
          const idx = 2 * (pp * (p - 1) + k - 1);
          tw[idx] = Math.cos(ang);
          tw[idx + 1] = Math.sin(ang);
        }
      }
      let root: Float64Array | undefined;
      if (p !== 2 && p !== 3 && p !== 4 && p !== 5) {
        root = new Float64Array(2 * p);
        for (let t = 0; t < p; t++) {
          root[2 * t] = Math.cos((-2 * Math.PI * t) / p);
          root[2 * t + 1] = Math.sin((-2 * Math.PI * t) / p);
        }
      }
      this.stages.push(root ? { p, m, s, tw, root } : { p, m, s, tw });
      len = m;
      s *= p;
    }
    this.buf = new Float64Array(2 * n);
    this.conjBuf = new Float64Array(2 * n);
  }

  /** Where this plan's stage descriptors and twiddles sit in the kernel's resident zone. */
  private tables: { desc: number; generation: number } | null = null;
  /** Offsets of the two work buffers (scratch space) of the current call. */
  private work = { a: 0, b: 0 };

  /**
   * Lays the stage descriptors and twiddles out in the kernel's resident zone (once, while they stay
   * there) and returns the input view in scratch space, or null when the kernel is unavailable or the
   * memory cap is hit (then the JavaScript stages run).
   */
  acquire(): Float64Array | null {
    if (!fftWasmEnabled || this.n < WASM_MIN_N) return null;
    const k = spectralKernel();
    if (!k) return null;
    const st = this.stages;
    if (this.tables === null || this.tables.generation !== residentGeneration) {
      let bytes = align16(20 * st.length);
      for (const s of st) bytes += align16(8 * s.tw.length) + align16(8 * (s.root?.length ?? 0));
      const zone = allocResident(k, bytes);
      if (!zone) return null;
      const buf = k.memory.buffer;
      const desc = new Int32Array(buf, zone.off, 5 * st.length);
      let off = zone.off + align16(20 * st.length);
      st.forEach((s, i) => {
        const twOff = off;
        new Float64Array(buf, twOff, s.tw.length).set(s.tw);
        off += align16(8 * s.tw.length);
        const rootOff = off;
        if (s.root) new Float64Array(buf, rootOff, s.root.length).set(s.root);
        off += align16(8 * (s.root?.length ?? 0));
        desc.set([s.p, s.m, s.s, twOff, rootOff], 5 * i);
      });
      this.tables = { desc: zone.off, generation: zone.generation };
    }
    const a = kernelScratchBase(k);
    const b = align16(a + 16 * this.n);
    if (!reserveKernelMemory(k, b + 16 * this.n)) return null;
    this.work = { a, b };
    return new Float64Array(k.memory.buffer, a, 2 * this.n);
  }

  execute(): Float64Array {
    const k = spectralKernel()!;
    const { a, b } = this.work;
    const nst = this.stages.length;
    k.fftStages(this.tables!.desc, nst, a, b);
    return new Float64Array(k.memory.buffer, nst % 2 === 0 ? a : b, 2 * this.n);
  }

  forward(out: Float64Array, data: Float64Array): void {
    const n2 = 2 * this.n;
    const input = this.acquire();
    if (input) {
      input.set(data.subarray(0, n2));
      out.set(this.execute());
      return;
    }
    const k = this.stages.length;
    let x = k % 2 === 1 ? this.buf : out;
    let y = k % 2 === 1 ? out : this.buf;
    x.set(data.subarray(0, n2));
    for (const st of this.stages) {
      switch (st.p) {
        case 4:
          if (st.s === 1) stage4First(st, x, y);
          else stage4(st, x, y);
          break;
        case 2:
          stage2(st, x, y);
          break;
        case 3:
          stage3(st, x, y);
          break;
        case 5:
          stage5(st, x, y);
          break;
        default:
          stageGeneric(st, x, y);
      }
      const t = x;
      x = y;
      y = t;
    }
  }

  backward(out: Float64Array, data: Float64Array): void {
    // DFT with e^{+i}: conj(DFT(conj(data))), the conjugations fused into the copies in and out
    const n2 = 2 * this.n;
    const input = this.acquire();
    const c = input ?? this.conjBuf;
    for (let i = 0; i < n2; i += 2) {
      c[i] = data[i]!;
      c[i + 1] = -data[i + 1]!;
    }
    if (input) {
      const r = this.execute();
      for (let i = 0; i < n2; i += 2) {
        out[i] = r[i]!;
        out[i + 1] = -r[i + 1]!;
      }
      return;
    }
    this.forward(out, c);
    for (let i = 1; i < n2; i += 2) out[i] = -out[i]!;
  }
}

function stage2({ m, s, tw }: Stage, x: Float64Array, y: Float64Array): void {
  for (let pp = 0; pp < m; pp++) {
    const wr = tw[2 * pp]!;
    const wi = tw[2 * pp + 1]!;
    const i0 = 2 * s * pp;
    const i1 = 2 * s * (pp + m);
    const o0 = 2 * s * (2 * pp);
    const o1 = o0 + 2 * s;
    for (let q = 0; q < 2 * s; q += 2) {
      const ar = x[i0 + q]!;
      const ai = x[i0 + q + 1]!;
      const br = x[i1 + q]!;
      const bi = x[i1 + q + 1]!;
      y[o0 + q] = ar + br;
      y[o0 + q + 1] = ai + bi;
      const dr = ar - br;
      const di = ai - bi;
      y[o1 + q] = dr * wr - di * wi;
      y[o1 + q + 1] = dr * wi + di * wr;
    }
  }
}

function stage3({ m, s, tw }: Stage, x: Float64Array, y: Float64Array): void {
  const s2 = 2 * s;
  for (let pp = 0; pp < m; pp++) {
    const t = 4 * pp;
    const w1r = tw[t]!;
    const w1i = tw[t + 1]!;
    const w2r = tw[t + 2]!;
    const w2i = tw[t + 3]!;
    const i0 = s2 * pp;
    const i1 = s2 * (pp + m);
    const i2 = s2 * (pp + 2 * m);
    const o0 = s2 * (3 * pp);
    const o1 = o0 + s2;
    const o2 = o1 + s2;
    for (let q = 0; q < s2; q += 2) {
      const a0r = x[i0 + q]!;
      const a0i = x[i0 + q + 1]!;
      const a1r = x[i1 + q]!;
      const a1i = x[i1 + q + 1]!;
      const a2r = x[i2 + q]!;
      const a2i = x[i2 + q + 1]!;
      const sr = a1r + a2r;
      const si = a1i + a2i;
      const dr = SIN60 * (a1r - a2r);
      const di = SIN60 * (a1i - a2i);
      const br = a0r - 0.5 * sr;
      const bi = a0i - 0.5 * si;
      y[o0 + q] = a0r + sr;
      y[o0 + q + 1] = a0i + si;
      // y1 = b − i·d, y2 = b + i·d
      const y1r = br + di;
      const y1i = bi - dr;
      const y2r = br - di;
      const y2i = bi + dr;
      y[o1 + q] = y1r * w1r - y1i * w1i;
      y[o1 + q + 1] = y1r * w1i + y1i * w1r;
      y[o2 + q] = y2r * w2r - y2i * w2i;
      y[o2 + q + 1] = y2r * w2i + y2i * w2r;
    }
  }
}

/** First radix-4 stage (stride 1): no inner loop. */
function stage4First({ m, tw }: Stage, x: Float64Array, y: Float64Array): void {
  const d = 2 * m;
  for (let pp = 0; pp < m; pp++) {
    const t = 6 * pp;
    const i0 = 2 * pp;
    const o0 = 8 * pp;
    const a0r = x[i0]!;
    const a0i = x[i0 + 1]!;
    const a1r = x[i0 + d]!;
    const a1i = x[i0 + d + 1]!;
    const a2r = x[i0 + 2 * d]!;
    const a2i = x[i0 + 2 * d + 1]!;
    const a3r = x[i0 + 3 * d]!;
    const a3i = x[i0 + 3 * d + 1]!;
    const t0r = a0r + a2r;
    const t0i = a0i + a2i;
    const t1r = a0r - a2r;
    const t1i = a0i - a2i;
    const t2r = a1r + a3r;
    const t2i = a1i + a3i;
    const t3r = a1i - a3i;
    const t3i = a3r - a1r;
    const w1r = tw[t]!;
    const w1i = tw[t + 1]!;
    const w2r = tw[t + 2]!;
    const w2i = tw[t + 3]!;
    const w3r = tw[t + 4]!;
    const w3i = tw[t + 5]!;
    y[o0] = t0r + t2r;
    y[o0 + 1] = t0i + t2i;
    const y1r = t1r + t3r;
    const y1i = t1i + t3i;
    const y2r = t0r - t2r;
    const y2i = t0i - t2i;
    const y3r = t1r - t3r;
    const y3i = t1i - t3i;
    y[o0 + 2] = y1r * w1r - y1i * w1i;
    y[o0 + 3] = y1r * w1i + y1i * w1r;
    y[o0 + 4] = y2r * w2r - y2i * w2i;
    y[o0 + 5] = y2r * w2i + y2i * w2r;
    y[o0 + 6] = y3r * w3r - y3i * w3i;
    y[o0 + 7] = y3r * w3i + y3i * w3r;
  }
}

function stage4({ m, s, tw }: Stage, x: Float64Array, y: Float64Array): void {
  const s2 = 2 * s;
  for (let pp = 0; pp < m; pp++) {
    const t = 6 * pp;
    const w1r = tw[t]!;
    const w1i = tw[t + 1]!;
    const w2r = tw[t + 2]!;
    const w2i = tw[t + 3]!;
    const w3r = tw[t + 4]!;
    const w3i = tw[t + 5]!;
    const i0 = s2 * pp;
    const i1 = s2 * (pp + m);
    const i2 = s2 * (pp + 2 * m);
    const i3 = s2 * (pp + 3 * m);
    const o0 = s2 * (4 * pp);
    const o1 = o0 + s2;
    const o2 = o1 + s2;
    const o3 = o2 + s2;
    for (let q = 0; q < s2; q += 2) {
      const a0r = x[i0 + q]!;
      const a0i = x[i0 + q + 1]!;
      const a1r = x[i1 + q]!;
      const a1i = x[i1 + q + 1]!;
      const a2r = x[i2 + q]!;
      const a2i = x[i2 + q + 1]!;
      const a3r = x[i3 + q]!;
      const a3i = x[i3 + q + 1]!;
      const t0r = a0r + a2r;
      const t0i = a0i + a2i;
      const t1r = a0r - a2r;
      const t1i = a0i - a2i;
      const t2r = a1r + a3r;
      const t2i = a1i + a3i;
      // t3 = −i·(a1 − a3)
      const t3r = a1i - a3i;
      const t3i = a3r - a1r;
      y[o0 + q] = t0r + t2r;
      y[o0 + q + 1] = t0i + t2i;
      const y1r = t1r + t3r;
      const y1i = t1i + t3i;
      const y2r = t0r - t2r;
      const y2i = t0i - t2i;
      const y3r = t1r - t3r;
      const y3i = t1i - t3i;
      y[o1 + q] = y1r * w1r - y1i * w1i;
      y[o1 + q + 1] = y1r * w1i + y1i * w1r;
      y[o2 + q] = y2r * w2r - y2i * w2i;
      y[o2 + q + 1] = y2r * w2i + y2i * w2r;
      y[o3 + q] = y3r * w3r - y3i * w3i;
      y[o3 + q + 1] = y3r * w3i + y3i * w3r;
    }
  }
}

function stage5({ m, s, tw }: Stage, x: Float64Array, y: Float64Array): void {
  const s2 = 2 * s;
  for (let pp = 0; pp < m; pp++) {
    const t = 8 * pp;
    const w1r = tw[t]!;
    const w1i = tw[t + 1]!;
    const w2r = tw[t + 2]!;
    const w2i = tw[t + 3]!;
    const w3r = tw[t + 4]!;
    const w3i = tw[t + 5]!;
    const w4r = tw[t + 6]!;
    const w4i = tw[t + 7]!;
    const i0 = s2 * pp;
    const i1 = s2 * (pp + m);
    const i2 = s2 * (pp + 2 * m);
    const i3 = s2 * (pp + 3 * m);
    const i4 = s2 * (pp + 4 * m);
    const o0 = s2 * (5 * pp);
    const o1 = o0 + s2;
    const o2 = o1 + s2;
    const o3 = o2 + s2;
    const o4 = o3 + s2;
    for (let q = 0; q < s2; q += 2) {
      const a0r = x[i0 + q]!;
      const a0i = x[i0 + q + 1]!;
      const a1r = x[i1 + q]!;
      const a1i = x[i1 + q + 1]!;
      const a2r = x[i2 + q]!;
      const a2i = x[i2 + q + 1]!;
      const a3r = x[i3 + q]!;
      const a3i = x[i3 + q + 1]!;
      const a4r = x[i4 + q]!;
      const a4i = x[i4 + q + 1]!;
      const t1r = a1r + a4r;
      const t1i = a1i + a4i;
      const t2r = a2r + a3r;
      const t2i = a2i + a3i;
      const t3r = a1r - a4r;
      const t3i = a1i - a4i;
      const t4r = a2r - a3r;
      const t4i = a2i - a3i;
      y[o0 + q] = a0r + t1r + t2r;
      y[o0 + q + 1] = a0i + t1i + t2i;
      const b1r = a0r + C51 * t1r + C52 * t2r;
      const b1i = a0i + C51 * t1i + C52 * t2i;
      const b2r = a0r + C52 * t1r + C51 * t2r;
      const b2i = a0i + C52 * t1i + C51 * t2i;
      const e1r = S51 * t3r + S52 * t4r;
      const e1i = S51 * t3i + S52 * t4i;
      const e2r = S52 * t3r - S51 * t4r;
      const e2i = S52 * t3i - S51 * t4i;
      // y1 = b1 − i·e1, y4 = b1 + i·e1, y2 = b2 − i·e2, y3 = b2 + i·e2
      const y1r = b1r + e1i;
      const y1i = b1i - e1r;
      const y4r = b1r - e1i;
      const y4i = b1i + e1r;
      const y2r = b2r + e2i;
      const y2i = b2i - e2r;
      const y3r = b2r - e2i;
      const y3i = b2i + e2r;
      y[o1 + q] = y1r * w1r - y1i * w1i;
      y[o1 + q + 1] = y1r * w1i + y1i * w1r;
      y[o2 + q] = y2r * w2r - y2i * w2i;
      y[o2 + q + 1] = y2r * w2i + y2i * w2r;
      y[o3 + q] = y3r * w3r - y3i * w3i;
      y[o3 + q + 1] = y3r * w3i + y3i * w3r;
      y[o4 + q] = y4r * w4r - y4i * w4i;
      y[o4 + q + 1] = y4r * w4i + y4i * w4r;
    }
  }
}

function stageGeneric({ p, m, s, tw, root }: Stage, x: Float64Array, y: Float64Array): void {
  const s2 = 2 * s;
  const r = root!;
  const ar = new Float64Array(p);
  const ai = new Float64Array(p);
  for (let pp = 0; pp < m; pp++) {
    for (let q = 0; q < s2; q += 2) {
      for (let j = 0; j < p; j++) {
        const idx = s2 * (pp + j * m) + q;
        ar[j] = x[idx]!;
        ai[j] = x[idx + 1]!;
      }
      for (let k = 0; k < p; k++) {
        let sr = 0;
        let si = 0;
        let e = 0;
        for (let j = 0; j < p; j++) {
          const cr = r[2 * e]!;
          const ci = r[2 * e + 1]!;
          sr += ar[j]! * cr - ai[j]! * ci;
          si += ar[j]! * ci + ai[j]! * cr;
          e += k;
          if (e >= p) e -= p;
        }
        const o = s2 * (p * pp + k) + q;
        if (k === 0) {
          y[o] = sr;
          y[o + 1] = si;
        } else {
          const t = 2 * (pp * (p - 1) + k - 1);
          const wr = tw[t]!;
          const wi = tw[t + 1]!;
          y[o] = sr * wr - si * wi;
          y[o + 1] = sr * wi + si * wr;
        }
      }
    }
  }
}

/** Mixed-radix sizes from which the WebAssembly stages are used (below, the copies cost more). */
const WASM_MIN_N = 64;

/** Largest prime factor handled by the mixed-radix path; larger ones go through Bluestein. */
const MAX_DIRECT_PRIME = 61;

/** Whether a transform of n points runs in the WebAssembly stages (from WASM_MIN_N, when the module loads). */
function wasmSized(n: number): boolean {
  return n >= WASM_MIN_N && spectralKernel() !== null;
}

function complexPlan(n: number): ComplexPlan {
  if (n === 1) return new UnitComplex();
  // powers of two: the WebAssembly radix-4 stages (2.5–4× fft.js here), else fft.js
  if (isPow2(n) && !wasmSized(n)) return new Pow2Complex(n);
  const f = factorize(n);
  if (f[f.length - 1]! <= MAX_DIRECT_PRIME) return new MixedRadixComplex(n);
  return new BluesteinComplex(n);
}

/** Shared allocating wrappers around the offset-based kernels. */
abstract class RealBase implements FftPlan {
  abstract readonly n: number;
  abstract readonly nBins: number;
  abstract rfftAt(
    x: ArrayLike<number>,
    xOff: number,
    re: Float64Array,
    im: Float64Array,
    off: number,
    window?: ArrayLike<number>,
    bins?: number,
  ): void;
  abstract irfftAt(re: ArrayLike<number>, im: ArrayLike<number>, off: number, out: Float64Array): void;
  rfft(x: ArrayLike<number>, out?: RealSpectrum): RealSpectrum {
    const re = out?.re ?? new Float64Array(this.nBins);
    const im = out?.im ?? new Float64Array(this.nBins);
    this.rfftAt(x, 0, re, im, 0);
    return { re, im };
  }
  irfft(re: ArrayLike<number>, im: ArrayLike<number>, out?: Float64Array): Float64Array {
    const y = out ?? new Float64Array(this.n);
    this.irfftAt(re, im, 0, y);
    return y;
  }
}

/** Real FFT of even length n via one complex FFT of length n/2 (pack even/odd samples). */
class EvenReal extends RealBase {
  readonly nBins: number;
  private readonly half: number;
  private readonly inner: ComplexPlan;
  /** e^{−2πik/n}, k = 0 … n/2 − 1, interleaved. */
  private readonly tw: Float64Array;
  private readonly z: Float64Array;
  private readonly zHat: Float64Array;
  /** fft.js real transform for power-of-two n ≥ 4 whose half-length transform is below the WebAssembly sizes (forward path). */
  private readonly real: FFT | null;
  private readonly inp: Float64Array;
  constructor(readonly n: number) {
    super();
    const h = n / 2;
    this.half = h;
    this.nBins = h + 1;
    this.inner = complexPlan(h);
    this.tw = new Float64Array(2 * h);
    for (let k = 0; k < h; k++) {
      this.tw[2 * k] = Math.cos((2 * Math.PI * k) / n);
      this.tw[2 * k + 1] = -Math.sin((2 * Math.PI * k) / n);
    }
    const pow2 = n >= 4 && isPow2(n) && !wasmSized(h);
    this.real = pow2 ? new FFT(n) : null;
    this.z = new Float64Array(2 * h);
    this.zHat = new Float64Array(pow2 ? 2 * n : 2 * h);
    this.inp = new Float64Array(pow2 ? n : 0);
  }
  rfftAt(
    x: ArrayLike<number>,
    xOff: number,
    re: Float64Array,
    im: Float64Array,
    off: number,
    window?: ArrayLike<number>,
    bins = this.nBins,
  ): void {
    const { n, half: h, z, zHat, tw } = this;
    const nb = Math.min(bins, h + 1);
    if (this.real) {
      // fft.js realTransform fills the interleaved spectrum; only bins 0 … n/2 are read.
      const inp = this.inp;
      if (window) for (let i = 0; i < n; i++) inp[i] = x[xOff + i]! * window[i]!;
      else for (let i = 0; i < n; i++) inp[i] = x[xOff + i]!;
      this.real.realTransform(zHat, inp);
      for (let k = 0; k < nb; k++) {
        re[off + k] = zHat[2 * k]!;
        im[off + k] = zHat[2 * k + 1]!;
      }
      return;
    }
    // in-heap when the inner plan runs in WebAssembly (no copies of z and Z), else through z/zHat
    const input = this.inner.acquire?.() ?? null;
    const zIn = input ?? z;
    if (window) for (let i = 0; i < n; i++) zIn[i] = x[xOff + i]! * window[i]!;
    else if (ArrayBuffer.isView(x)) zIn.set((x as Float64Array).subarray(xOff, xOff + n));
    else for (let i = 0; i < n; i++) zIn[i] = x[xOff + i]!;
    let Z = zHat;
    if (input) Z = this.inner.execute!();
    else this.inner.forward(zHat, z);
    // X[k] = E[k] + W^k O[k], E = (Z[k] + conj Z[h−k])/2, O = (Z[k] − conj Z[h−k])/(2i).
    const z0r = Z[0]!;
    const z0i = Z[1]!;
    re[off] = z0r + z0i;
    im[off] = 0;
    if (nb === h + 1) {
      re[off + h] = z0r - z0i;
      im[off + h] = 0;
    }
    for (let k = 1, end = Math.min(nb, h); k < end; k++) {
      const ar = Z[2 * k]!;
      const ai = Z[2 * k + 1]!;
      const br = Z[2 * (h - k)]!;
      const bi = -Z[2 * (h - k) + 1]!;
      const er = 0.5 * (ar + br);
      const ei = 0.5 * (ai + bi);
      // (a − b)/(2i) = (ai − bi)/2 − i(ar − br)/2
      const or = 0.5 * (ai - bi);
      const oi = -0.5 * (ar - br);
      const wr = tw[2 * k]!;
      const wi = tw[2 * k + 1]!;
      re[off + k] = er + wr * or - wi * oi;
      im[off + k] = ei + wr * oi + wi * or;
    }
  }
  irfftAt(re: ArrayLike<number>, im: ArrayLike<number>, off: number, y: Float64Array): void {
    const { half: h, z, zHat, tw } = this;
    // E[k] = (X[k] + conj X[h−k])/2, O[k] = (X[k] − conj X[h−k])/2 · W^{−k}; Z = E + iO.
    // In-heap when the inner plan runs in WebAssembly: conj(Z) is written straight into the kernel's
    // input and the output conjugated on the way out (backward = conj ∘ forward ∘ conj, no copies).
    const input = this.inner.acquire?.() ?? null;
    const dst = input ?? zHat;
    const sign = input ? -1 : 1;
    for (let k = 0; k < h; k++) {
      const ar = re[off + k]!;
      const ai = k === 0 ? 0 : im[off + k]!;
      const br = re[off + h - k]!;
      const bi = k === 0 ? 0 : -im[off + h - k]!;
      const er = 0.5 * (ar + br);
      const ei = 0.5 * (ai + bi);
      const dr = 0.5 * (ar - br);
      const di = 0.5 * (ai - bi);
      const wr = tw[2 * k]!;
      const wi = -tw[2 * k + 1]!;
      const or = dr * wr - di * wi;
      const oi = dr * wi + di * wr;
      dst[2 * k] = er - oi;
      dst[2 * k + 1] = sign * (ei + or);
    }
    const s = 1 / h;
    if (input) {
      const r = this.inner.execute!();
      for (let i = 0; i < 2 * h; i += 2) {
        y[i] = r[i]! * s;
        y[i + 1] = -r[i + 1]! * s;
      }
      return;
    }
    this.inner.backward(z, zHat);
    // z = h·IDFT_h(Z) holds (x[2m] + i·x[2m+1])·h.
    for (let i = 0; i < 2 * h; i++) y[i] = z[i]! * s;
  }
}

/** Real FFT of odd length (or 1) through a complex transform of the same length. */
class OddReal extends RealBase {
  readonly nBins: number;
  private readonly inner: ComplexPlan;
  private readonly z: Float64Array;
  private readonly zHat: Float64Array;
  constructor(readonly n: number) {
    super();
    this.nBins = (n >> 1) + 1;
    this.inner = complexPlan(n);
    this.z = new Float64Array(2 * n);
    this.zHat = new Float64Array(2 * n);
  }
  rfftAt(
    x: ArrayLike<number>,
    xOff: number,
    re: Float64Array,
    im: Float64Array,
    off: number,
    window?: ArrayLike<number>,
    bins = this.nBins,
  ): void {
    const { n, nBins, z, zHat } = this;
    for (let j = 0; j < n; j++) {
      z[2 * j] = window ? x[xOff + j]! * window[j]! : x[xOff + j]!;
      z[2 * j + 1] = 0;
    }
    this.inner.forward(zHat, z);
    for (let k = 0, end = Math.min(bins, nBins); k < end; k++) {
      re[off + k] = zHat[2 * k]!;
      im[off + k] = zHat[2 * k + 1]!;
    }
    im[off] = 0;
  }
  irfftAt(re: ArrayLike<number>, im: ArrayLike<number>, off: number, y: Float64Array): void {
    const { n, nBins, z, zHat } = this;
    zHat[0] = re[off]!;
    zHat[1] = 0;
    for (let k = 1; k < nBins; k++) {
      const r = re[off + k]!;
      const i = im[off + k]!;
      zHat[2 * k] = r;
      zHat[2 * k + 1] = i;
      zHat[2 * (n - k)] = r;
      zHat[2 * (n - k) + 1] = -i;
    }
    this.inner.backward(z, zHat);
    const s = 1 / n;
    for (let j = 0; j < n; j++) y[j] = z[2 * j]! * s;
  }
}

/** n = 2: closed form. */
class TwoReal extends RealBase {
  readonly n = 2;
  readonly nBins = 2;
  rfftAt(
    x: ArrayLike<number>,
    xOff: number,
    re: Float64Array,
    im: Float64Array,
    off: number,
    window?: ArrayLike<number>,
    bins = 2,
  ): void {
    const a = window ? x[xOff]! * window[0]! : x[xOff]!;
    const b = window ? x[xOff + 1]! * window[1]! : x[xOff + 1]!;
    re[off] = a + b;
    im[off] = 0;
    if (bins < 2) return;
    re[off + 1] = a - b;
    im[off + 1] = 0;
  }
  irfftAt(re: ArrayLike<number>, _im: ArrayLike<number>, off: number, y: Float64Array): void {
    y[0] = 0.5 * (re[off]! + re[off + 1]!);
    y[1] = 0.5 * (re[off]! - re[off + 1]!);
  }
}

/**
 * Plan a real FFT of length `n` (any n ≥ 1), reusable across calls.
 *
 * Even lengths pack even/odd samples into one complex transform of length n/2 (small powers of two,
 * and every power of two without WebAssembly, use `fft.js`'s `realTransform` instead). Complex
 * transforms whose prime factors are all ≤ 61 use a mixed-radix Stockham FFT (radix 4, 2, 3, 5
 * butterflies, other primes by a direct p-point DFT); from 64 points its stages run in an embedded
 * WebAssembly SIMD module (powers of two included: 2.5–4× faster than fft.js), with a JavaScript
 * fallback; smaller powers of two use fft.js; lengths with a larger prime factor use Bluestein's
 * algorithm over a power-of-two transform. Every path is an exact DFT to float64 rounding.
 *
 * Mirrors: `numpy.fft.rfft(x, n)` / `numpy.fft.irfft(X, n)` (unnormalised forward, 1/n inverse).
 * @param n - transform length, integer ≥ 1
 * @returns a {@link FftPlan}; its `rfft` returns floor(n/2) + 1 bins, `irfft` n float64 samples
 * @throws {@link @speechsr/core!ParameterError} when n is not an integer ≥ 1
 * @example
 * const plan = createFft(999);
 * const { re, im } = plan.rfft(x);      // 500 bins
 * const back = plan.irfft(re, im);      // ≈ x
 */
export function createFft(n: number): FftPlan {
  assertInt(n, 'createFft', 'n', { min: 1 });
  if (n > 2 ** 26) {
    throw new ParameterError(`createFft: n must be <= ${2 ** 26}, got ${n}. Split the signal into blocks.`);
  }
  if (n === 2) return new TwoReal();
  if (n % 2 === 0) return new EvenReal(n);
  return new OddReal(n);
}

/** A reusable complex FFT of one length on interleaved `[re0, im0, re1, im1, …]` Float64Arrays. Not re-entrant. */
export interface ComplexFftPlan {
  /** The transform length (complex points). */
  readonly n: number;
  /**
   * Forward DFT `X[k] = Σ_j z[j]·e^{−2πi·jk/n}` (unnormalised).
   * @param z - 2n values, interleaved (not modified)
   * @param out - optional destination of 2n values (not `z`), returned when given
   */
  forward(z: Float64Array, out?: Float64Array): Float64Array;
  /**
   * Inverse DFT `x[j] = (1/n)·Σ_k Z[k]·e^{+2πi·jk/n}`.
   * @param z - 2n values, interleaved (not modified)
   * @param out - optional destination of 2n values (not `z`), returned when given
   */
  inverse(z: Float64Array, out?: Float64Array): Float64Array;
}

/**
 * Plan a complex FFT of length `n` (any n ≥ 1) on interleaved arrays, with the same transforms as
 * {@link createFft} uses inside (WebAssembly mixed-radix stages from 64 points, fft.js or JavaScript
 * stages below, Bluestein for large prime factors).
 *
 * Mirrors: `numpy.fft.fft(z)` / `numpy.fft.ifft(Z)` with complex values interleaved.
 * @param n - transform length, integer ≥ 1
 * @returns a {@link ComplexFftPlan}
 * @throws {@link @speechsr/core!ParameterError} when n is not an integer ≥ 1 (or above 2^26), or an
 *   array has the wrong length
 * @example
 * const plan = createComplexFft(1024);
 * const Z = plan.forward(z);        // z: Float64Array(2048), [re, im, re, im, …]
 * const back = plan.inverse(Z);     // ≈ z
 */
export function createComplexFft(n: number): ComplexFftPlan {
  assertInt(n, 'createComplexFft', 'n', { min: 1 });
  if (n > 2 ** 26) {
    throw new ParameterError(
      `createComplexFft: n must be <= ${2 ** 26}, got ${n}. Split the signal into blocks.`,
    );
  }
  const inner = complexPlan(n);
  const check = (a: Float64Array, name: string): void => {
    if (!(a instanceof Float64Array) || a.length !== 2 * n) {
      throw new ParameterError(
        `createComplexFft: ${name} must be a Float64Array of 2n = ${2 * n} interleaved values, got ${
          ArrayBuffer.isView(a) ? `${(a as Float64Array).length} values` : typeof a
        }.`,
      );
    }
  };
  return {
    n,
    forward(z: Float64Array, out = new Float64Array(2 * n)): Float64Array {
      check(z, 'z');
      check(out, 'out');
      if (out === z) throw new ParameterError('createComplexFft: out must not be z (no in-place transform).');
      inner.forward(out, z);
      return out;
    },
    inverse(z: Float64Array, out = new Float64Array(2 * n)): Float64Array {
      check(z, 'z');
      check(out, 'out');
      if (out === z) throw new ParameterError('createComplexFft: out must not be z (no in-place transform).');
      inner.backward(out, z);
      const s = 1 / n;
      for (let i = 0; i < 2 * n; i++) out[i] = out[i]! * s;
      return out;
    },
  };
}

const planCache = new Map<number, FftPlan>();

/** Plans are cached per length for the one-shot helpers (at most 16 lengths are kept). */
function cachedPlan(n: number): FftPlan {
  let p = planCache.get(n);
  if (!p) {
    p = createFft(n);
    if (planCache.size >= 16) planCache.delete(planCache.keys().next().value as number);
    planCache.set(n, p);
  }
  return p;
}

/**
 * One-shot real FFT of `x`, cropped or zero-padded to `n` samples.
 * Mirrors: `numpy.fft.rfft(x, n)`.
 * @param x - signal (not modified)
 * @param n - transform length @defaultValue x.length
 * @returns `{ re, im }`, each a Float64Array of floor(n/2) + 1 bins
 * @throws {@link @speechsr/core!ParameterError} when n is not an integer ≥ 1
 * @throws {@link @speechsr/core!SignalError} when x is empty or not finite
 * @example const { re, im } = rfft(x);
 */
export function rfft(x: Signal, n?: number): RealSpectrum {
  assertSignal(x, 'rfft', 'x');
  const len = n ?? x.length;
  assertInt(len, 'rfft', 'n', { min: 1 });
  let input: ArrayLike<number> = x;
  if (len !== x.length) {
    const buf = new Float64Array(len);
    buf.set(len < x.length ? (x as Float64Array).subarray(0, len) : x);
    input = buf;
  }
  const plan = cachedPlan(len);
  const re = new Float64Array(plan.nBins);
  const im = new Float64Array(plan.nBins);
  return plan.rfft(input, { re, im });
}

/**
 * One-shot inverse real FFT to `n` samples (bins beyond floor(n/2) ignored, missing bins taken as 0).
 * Mirrors: `numpy.fft.irfft(re + 1j*im, n)`.
 * @param re - real parts of bins 0 … (not modified)
 * @param im - imaginary parts, same length as `re`
 * @param n - output length, integer ≥ 1 @defaultValue 2·(re.length − 1)
 * @returns a new Float64Array of length n
 * @throws {@link @speechsr/core!ParameterError} when n is not an integer ≥ 1 or re/im lengths differ
 * @example const y = irfft(re, im, 999);
 */
export function irfft(re: ArrayLike<number>, im: ArrayLike<number>, n?: number): Float64Array {
  if (re.length !== im.length || re.length < 1) {
    throw new ParameterError(
      `irfft: re and im must be non-empty and of equal length, got ${re.length} and ${im.length}.`,
    );
  }
  const len = n ?? 2 * (re.length - 1);
  assertInt(len, 'irfft', 'n', { min: 1 }, 'Pass n explicitly when re has a single bin.');
  const plan = cachedPlan(len);
  const nb = plan.nBins;
  let r: ArrayLike<number> = re;
  let i: ArrayLike<number> = im;
  if (re.length !== nb) {
    const rr = new Float64Array(nb);
    const ii = new Float64Array(nb);
    const m = Math.min(nb, re.length);
    for (let k = 0; k < m; k++) {
      rr[k] = re[k]!;
      ii[k] = im[k]!;
    }
    r = rr;
    i = ii;
  }
  return plan.irfft(r, i);
}
