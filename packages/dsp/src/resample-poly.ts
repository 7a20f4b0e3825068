import {
  assertInt,
  assertOneOf,
  assertSignal,
  describeValue,
  ParameterError,
  type Signal,
} from '@speechsr/core';
import { type FirWindow, firwin } from './firwin.js';
import { ensureMemory, wasmKernels } from './wasm-kernels.js';
import { checkCoefficients } from './lfilter.js';

/** How resamplePoly treats samples beyond the ends: zeros, or zeros after removing a background value. */
export type ResamplePolyPadType = 'constant' | 'mean' | 'median' | 'minimum' | 'maximum';

/** Options of {@link resamplePoly}. */
export interface ResamplePolyOptions {
  /**
   * Design window for the anti-aliasing FIR (`firwin(20·max(up, down) + 1, 1/max(up, down), window)`),
   * or the FIR taps themselves (an array). @defaultValue ['kaiser', 5.0] (scipy's default)
   */
  window?: FirWindow | ArrayLike<number>;
  /**
   * Padding beyond the ends: `'constant'` pads with zeros; `'mean'`, `'median'`, `'minimum'`,
   * `'maximum'` subtract that statistic of x first and add it back after. @defaultValue 'constant'
   */
  padtype?: ResamplePolyPadType;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function background(x: Signal, padtype: ResamplePolyPadType): number {
  const n = x.length;
  if (padtype === 'mean') {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i]!;
    return s / n;
  }
  if (padtype === 'minimum' || padtype === 'maximum') {
    let m = x[0]!;
    for (let i = 1; i < n; i++) m = padtype === 'minimum' ? Math.min(m, x[i]!) : Math.max(m, x[i]!);
    return m;
  }
  const s = Float64Array.from(x).sort();
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/**
 * Rational-factor resampling with a polyphase FIR filter: upsample by `up` (zero insertion), lowpass,
 * downsample by `down`. Only the kept output samples are computed.
 *
 * Mirrors: `scipy.signal.resample_poly(x, up, down, window=('kaiser', 5.0), padtype='constant')`
 * (up and down are first divided by their gcd; the FIR has 20·max(up, down) + 1 taps, cutoff
 * 1/max(up, down), gain `up`). Float32 input is computed in float64.
 * @param x - signal (not modified)
 * @param up - integer upsampling factor ≥ 1
 * @param down - integer downsampling factor ≥ 1
 * @param options - `window` (default ['kaiser', 5.0], or explicit taps), `padtype` (default 'constant')
 * @returns a new Float64Array of length ceil(x.length · up / down)
 * @throws {@link @speechsr/core!ParameterError} when up/down are not integers ≥ 1, or window/padtype are invalid
 * @throws {@link @speechsr/core!SignalError} when x is empty or non-finite
 * @example const y8k = resamplePoly(y16k, 1, 2);
 */
export function resamplePoly(
  x: Signal,
  up: number,
  down: number,
  options: ResamplePolyOptions = {},
): Float64Array {
  assertSignal(x, 'resamplePoly', 'x');
  assertInt(up, 'resamplePoly', 'up', { min: 1 });
  assertInt(down, 'resamplePoly', 'down', { min: 1 });
  const { window = ['kaiser', 5.0] as const, padtype = 'constant' } = options;
  assertOneOf(padtype, 'resamplePoly', 'padtype', [
    'constant',
    'mean',
    'median',
    'minimum',
    'maximum',
  ] as const);
  const g = gcd(up, down);
  up /= g;
  down /= g;
  if (up === 1 && down === 1) return Float64Array.from(x);
  const nIn = x.length;
  const nOut = Math.ceil((nIn * up) / down);
  let h: Float64Array;
  let halfLen: number;
  const isTaps = ArrayBuffer.isView(window) || (Array.isArray(window) && typeof window[0] === 'number');
  if (isTaps) {
    h = checkCoefficients(window, 'resamplePoly', 'window');
    halfLen = (h.length - 1) >> 1;
  } else if (typeof window === 'string' || Array.isArray(window)) {
    const maxRate = Math.max(up, down);
    halfLen = 10 * maxRate;
    h = firwin(2 * halfLen + 1, 1 / maxRate, { window: window as FirWindow });
  } else {
    throw new ParameterError(
      `resamplePoly: window must be a window name, ['kaiser', beta] or an array of taps, got ${describeValue(window)}.`,
    );
  }
  const L = h.length;
  for (let i = 0; i < L; i++) h[i] = h[i]! * up;
  const nPrePad = down - (halfLen % down);
  const nPreRemove = Math.floor((halfLen + nPrePad) / down);
  const bg = padtype === 'constant' ? 0 : background(x, padtype);
  const relTol = isTaps ? 0 : 1e-12;
  if (up === 1) {
    // WebAssembly SIMD kernel when available (null: not available or input too large for it)
    const yw = wasmFir(x, bg, h, relTol, nPreRemove * down - nPrePad, down, nOut);
    if (yw) return yw;
  }
  let src: Float64Array;
  if (bg === 0 && x instanceof Float64Array)
    src = x; // read only
  else {
    src = new Float64Array(nIn);
    for (let i = 0; i < nIn; i++) src[i] = x[i]! - bg;
  }
  const y = new Float64Array(nOut);
  if (up === 1 && isSymmetric(h)) {
    // Linear-phase single-phase filter: fold the symmetric taps and skip the zeros of the design.
    // A designed sinc filter has exact zeros at multiples of `down` from its centre, which come out
    // of firwin as rounding noise (~1e-18); taps below 1e-12·max|h| are those. Explicit taps: only exact zeros.
    foldedFir(src, h, relTol, nPreRemove, down, nPrePad, y);
  } else {
    polyphase(src, h, up, down, nPreRemove, nPrePad, y);
  }
  if (bg !== 0) for (let i = 0; i < nOut; i++) y[i] = y[i]! + bg;
  return y;
}

/**
 * up = 1 on the WebAssembly SIMD kernel: x (minus bg) is split into its `down` phases, so that every
 * tap j reads one phase at a fixed offset and consecutive outputs read consecutive samples
 * (y[i] = Σ_j h[j]·x[c0 + i·down − j]). Taps below `relTol`·max|h| are skipped. Outputs whose window
 * runs past either end are summed here in JavaScript. Returns null when the kernel is unavailable
 * or the input is too large (internal).
 */
function wasmFir(
  x: Signal,
  bg: number,
  h: Float64Array,
  relTol: number,
  c0: number,
  down: number,
  nOut: number,
): Float64Array | null {
  const n = x.length;
  const L = h.length;
  const iA = Math.min(nOut, Math.max(0, Math.ceil((L - 1 - c0) / down)));
  const iB = Math.max(iA, Math.min(nOut, Math.floor((n - 1 - c0) / down) + 1));
  if (iB - iA < 16) return null;
  let mx = 0;
  for (let j = 0; j < L; j++) mx = Math.max(mx, Math.abs(h[j]!));
  const base = new Int32Array(down);
  for (let r = 1; r < down; r++) base[r] = base[r - 1]! + Math.ceil((n - (r - 1)) / down);
  const addr: number[] = [];
  const g: number[] = [];
  for (let j = 0; j < L; j++) {
    if (!(Math.abs(h[j]!) > relTol * mx)) continue;
    const r = (((c0 - j) % down) + down) % down;
    addr.push(base[r]! + (c0 - j - r) / down);
    g.push(h[j]!);
  }
  if (g.length === 0) return null;
  const align = (v: number) => Math.ceil(v / 16) * 16;
  const k = wasmKernels();
  if (!k) return null;
  const xOff = align(k.heapBase);
  const phOff = align(xOff + 8 * n);
  const yOff = align(phOff + 8 * n);
  const addrOff = align(yOff + 8 * nOut);
  const gOff = align(addrOff + 4 * g.length);
  const end = gOff + 8 * g.length;
  if (!ensureMemory(k, end)) return null;
  const buf = k.memory.buffer;
  const xw = new Float64Array(buf, xOff, n);
  if (bg === 0) xw.set(x);
  else for (let i = 0; i < n; i++) xw[i] = x[i]! - bg;
  new Int32Array(buf, addrOff, g.length).set(addr);
  new Float64Array(buf, gOff, g.length).set(g);
  k.deinterleave(xOff, n, down, phOff);
  k.firMulti(phOff, addrOff, gOff, g.length, yOff, iA, iB);
  const y = new Float64Array(nOut);
  y.set(new Float64Array(buf, yOff + 8 * iA, iB - iA), iA);
  for (let i = 0; i < nOut; i++) {
    if (i === iA) i = iB;
    if (i >= nOut) break;
    const c = c0 + i * down;
    const j0 = Math.max(0, c - n + 1);
    const j1 = Math.min(L - 1, c);
    let acc = 0;
    for (let j = j0; j <= j1; j++) acc += h[j]! * (x[c - j]! - bg);
    y[i] = acc;
  }
  if (bg !== 0) for (let i = 0; i < nOut; i++) y[i] = y[i]! + bg;
  return y;
}

function isSymmetric(h: Float64Array): boolean {
  const L = h.length;
  for (let m = 0; m < L >> 1; m++) if (h[m] !== h[L - 1 - m]) return false;
  return true;
}

/** Σ_j h[j]·x[c − j] over the valid j (internal, edge samples). */
function edgeSum(x: Float64Array, h: Float64Array, c: number): number {
  const j0 = Math.max(0, c - x.length + 1);
  const j1 = Math.min(h.length - 1, c);
  let acc = 0;
  for (let j = j0; j <= j1; j++) acc += h[j]! * x[c - j]!;
  return acc;
}

/** up = 1, symmetric h: y[i] = Σ_j h[j]·x[c − j], c = (i + nPreRemove)·down − nPrePad (internal). */
function foldedFir(
  x: Float64Array,
  h: Float64Array,
  relTol: number,
  nPreRemove: number,
  down: number,
  nPrePad: number,
  y: Float64Array,
): void {
  const L = h.length;
  const nIn = x.length;
  let mx = 0;
  for (let j = 0; j < L; j++) mx = Math.max(mx, Math.abs(h[j]!));
  const half = L >> 1;
  const ia: number[] = [];
  const ib: number[] = [];
  const cf: number[] = [];
  for (let m = 0; m < half; m++) {
    if (Math.abs(h[m]!) > relTol * mx) {
      ia.push(m);
      ib.push(L - 1 - m);
      cf.push(h[m]!);
    }
  }
  const A = Int32Array.from(ia);
  const B = Int32Array.from(ib);
  const C = Float64Array.from(cf);
  const K = C.length;
  const odd = L % 2 === 1;
  const hc = odd ? h[half]! : 0;
  const nOut = y.length;
  // output i is centred on upsampled index c(i) = (i + nPreRemove)·down − nPrePad = c0 + i·down
  // (no closure here: captured variables would live in a context object and slow the hot loop)
  const c0 = nPreRemove * down - nPrePad;
  let i = 0;
  // leading outputs whose window starts before x[0]
  for (; i < nOut && c0 + i * down - L + 1 < 0; i++) y[i] = edgeSum(x, h, c0 + i * down);
  // interior, eight outputs per pass: each tap pair's coefficient and offsets are loaded once for all eight
  const d2 = 2 * down;
  const d3 = 3 * down;
  const d4 = 4 * down;
  const d5 = 5 * down;
  const d6 = 6 * down;
  const d7 = 7 * down;
  for (; i + 7 < nOut && c0 + (i + 7) * down < nIn; i += 8) {
    const s = c0 + i * down - L + 1;
    const m = s + half;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let a4 = 0;
    let a5 = 0;
    let a6 = 0;
    let a7 = 0;
    if (odd) {
      a0 = hc * x[m]!;
      a1 = hc * x[m + down]!;
      a2 = hc * x[m + d2]!;
      a3 = hc * x[m + d3]!;
      a4 = hc * x[m + d4]!;
      a5 = hc * x[m + d5]!;
      a6 = hc * x[m + d6]!;
      a7 = hc * x[m + d7]!;
    }
    for (let k = 0; k < K; k++) {
      const cc = C[k]!;
      const ia = s + A[k]!;
      const ib = s + B[k]!;
      a0 += cc * (x[ia]! + x[ib]!);
      a1 += cc * (x[ia + down]! + x[ib + down]!);
      a2 += cc * (x[ia + d2]! + x[ib + d2]!);
      a3 += cc * (x[ia + d3]! + x[ib + d3]!);
      a4 += cc * (x[ia + d4]! + x[ib + d4]!);
      a5 += cc * (x[ia + d5]! + x[ib + d5]!);
      a6 += cc * (x[ia + d6]! + x[ib + d6]!);
      a7 += cc * (x[ia + d7]! + x[ib + d7]!);
    }
    y[i] = a0;
    y[i + 1] = a1;
    y[i + 2] = a2;
    y[i + 3] = a3;
    y[i + 4] = a4;
    y[i + 5] = a5;
    y[i + 6] = a6;
    y[i + 7] = a7;
  }
  // the rest one at a time (window may run past the end)
  for (; i < nOut; i++) y[i] = edgeSum(x, h, c0 + i * down);
}

/** General polyphase path: phase r holds h[r], h[r + up], … reversed so x is read forwards (internal). */
function polyphase(
  x: Float64Array,
  h: Float64Array,
  up: number,
  down: number,
  nPreRemove: number,
  nPrePad: number,
  y: Float64Array,
): void {
  const L = h.length;
  const nIn = x.length;
  const phases: Float64Array[] = [];
  for (let r = 0; r < up; r++) {
    const nl = r < L ? Math.ceil((L - r) / up) : 0;
    const p = new Float64Array(nl);
    for (let l = 0; l < nl; l++) p[nl - 1 - l] = h[r + up * l]!;
    phases.push(p);
  }
  const nOut = y.length;
  for (let i = 0; i < nOut; i++) {
    const c = (i + nPreRemove) * down - nPrePad;
    const r = ((c % up) + up) % up;
    const base = (c - r) / up;
    const p = phases[r]!;
    const nl = p.length;
    // y = Σ_m p[m]·x[s + m], s = base − nl + 1, restricted to 0 ≤ s + m < nIn
    const s = base - nl + 1;
    if (s >= 0 && s + nl <= nIn) y[i] = dot(p, x, s, nl);
    else {
      let acc = 0;
      const m0 = Math.max(0, -s);
      const m1 = Math.min(nl, nIn - s);
      for (let m = m0; m < m1; m++) acc += p[m]! * x[s + m]!;
      y[i] = acc;
    }
  }
}

/** Σ p[m]·x[s + m] for m < n, four independent accumulators (internal). */
function dot(p: Float64Array, x: Float64Array, s: number, n: number): number {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let m = 0;
  for (; m + 3 < n; m += 4) {
    a0 += p[m]! * x[s + m]!;
    a1 += p[m + 1]! * x[s + m + 1]!;
    a2 += p[m + 2]! * x[s + m + 2]!;
    a3 += p[m + 3]! * x[s + m + 3]!;
  }
  for (; m < n; m++) a0 += p[m]! * x[s + m]!;
  return a0 + a1 + (a2 + a3);
}
