// Float64 JavaScript reference of every loss and of its analytic (sub)gradient w.r.t. yPred,
// built on @speechsr/dsp's float64 STFT (512/256, periodic Hamming, no centring), independent of
// the tensor implementation (which uses a DFT matrix product in float32).
import { createStft, getWindow } from '@speechsr/dsp';

export const N_FFT = 512;
export const HOP = 256;
export const WINDOW = getWindow('hamming', N_FFT);
const plan = createStft({ nFft: N_FFT, hopLength: HOP, window: WINDOW, center: false });

export interface Spec64 {
  re: Float64Array;
  im: Float64Array;
  nFrames: number;
  nBins: number;
}

/** Float64 STFT of one patch, frame-major (`f * nBins + k`). */
export function stft64(z: ArrayLike<number>): Spec64 {
  const s = plan.run(Float64Array.from(z));
  return { re: s.re, im: s.im, nFrames: s.nFrames, nBins: s.nBins };
}

export type Mag = 'l1' | 'complex';
const EPS = 1e-12;

function mag(re: number, im: number, kind: Mag): number {
  return kind === 'l1' ? Math.abs(re) + Math.abs(im) : Math.sqrt(re * re + im * im + EPS);
}
/** d mag / d re, d mag / d im, with sign(0) = 0. */
function dmag(re: number, im: number, kind: Mag): [number, number] {
  if (kind === 'l1') return [Math.sign(re), Math.sign(im)];
  const m = Math.sqrt(re * re + im * im + EPS);
  return [re / m, im / m];
}

const sub = (a: ArrayLike<number>, b: ArrayLike<number>) => Float64Array.from(a, (v, i) => v - b[i]!);

/** Adjoint of the STFT: gradient w.r.t. the signal given dL/dRe and dL/dIm (frame-major). */
const COS = Float64Array.from({ length: N_FFT }, (_, j) => Math.cos((2 * Math.PI * j) / N_FFT));
const SIN = Float64Array.from({ length: N_FFT }, (_, j) => Math.sin((2 * Math.PI * j) / N_FFT));

export function stftAdjoint(
  gRe: Float64Array,
  gIm: Float64Array,
  nFrames: number,
  length: number,
): Float64Array {
  const nBins = N_FFT / 2 + 1;
  const g = new Float64Array(length);
  for (let f = 0; f < nFrames; f++) {
    for (let m = 0; m < N_FFT; m++) {
      let acc = 0;
      for (let k = 0; k < nBins; k++) {
        const j = (m * k) % N_FFT;
        // Re = Σ z w cos θ, Im = −Σ z w sin θ, θ = 2π·m·k/N
        acc += gRe[f * nBins + k]! * COS[j]! - gIm[f * nBins + k]! * SIN[j]!;
      }
      g[f * HOP + m] = g[f * HOP + m]! + WINDOW[m]! * acc;
    }
  }
  return g;
}

/** One loss value and its gradient w.r.t. yPred. */
export interface ValueGrad {
  value: number;
  grad: Float64Array;
}

/** mean | mag(S(p)) − mag(S(y)) | and its gradient w.r.t. p (p and y given as signals). */
export function magDistance(y: ArrayLike<number>, p: ArrayLike<number>, kind: Mag): ValueGrad {
  const sy = stft64(y);
  const sp = stft64(p);
  const n = sy.re.length;
  const gRe = new Float64Array(n);
  const gIm = new Float64Array(n);
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = mag(sp.re[i]!, sp.im[i]!, kind) - mag(sy.re[i]!, sy.im[i]!, kind);
    v += Math.abs(d);
    const [dr, di] = dmag(sp.re[i]!, sp.im[i]!, kind);
    gRe[i] = (Math.sign(d) * dr) / n;
    gIm[i] = (Math.sign(d) * di) / n;
  }
  return { value: v / n, grad: stftAdjoint(gRe, gIm, sy.nFrames, y.length) };
}

export function fRef(y: ArrayLike<number>, p: ArrayLike<number>, kind: Mag = 'l1'): ValueGrad {
  return magDistance(y, p, kind);
}

export function riRef(y: ArrayLike<number>, p: ArrayLike<number>): ValueGrad {
  const sy = stft64(y);
  const sp = stft64(p);
  const n = sy.re.length;
  const gRe = new Float64Array(n);
  const gIm = new Float64Array(n);
  let v = 0;
  for (let i = 0; i < n; i++) {
    const dr = sp.re[i]! - sy.re[i]!;
    const di = sp.im[i]! - sy.im[i]!;
    v += Math.abs(dr) + Math.abs(di);
    gRe[i] = Math.sign(dr) / n;
    gIm[i] = Math.sign(di) / n;
  }
  return { value: v / n, grad: stftAdjoint(gRe, gIm, sy.nFrames, y.length) };
}

export function riMagRef(y: ArrayLike<number>, p: ArrayLike<number>): ValueGrad {
  return combine([1, riRef(y, p)], [1, magDistance(y, p, 'complex')]);
}

export function maeRef(y: ArrayLike<number>, p: ArrayLike<number>): ValueGrad {
  const n = y.length;
  const grad = new Float64Array(n);
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = p[i]! - y[i]!;
    v += Math.abs(d);
    grad[i] = Math.sign(d) / n;
  }
  return { value: v / n, grad };
}

export function mseRef(y: ArrayLike<number>, p: ArrayLike<number>): ValueGrad {
  const n = y.length;
  const grad = new Float64Array(n);
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = p[i]! - y[i]!;
    v += d * d;
    grad[i] = (2 * d) / n;
  }
  return { value: v / n, grad };
}

/** sqrt(mean d² + eps); eps = 0 gives the plain RMSE. */
export function rmseRef(y: ArrayLike<number>, p: ArrayLike<number>, eps = 0): ValueGrad {
  const m = mseRef(y, p);
  const r = Math.sqrt(m.value + eps);
  return { value: r, grad: m.grad.map((g) => g / (2 * r)) };
}

export function pcmRef(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  x: ArrayLike<number>,
  kind: Mag = 'l1',
): ValueGrad {
  return combine([0.5, fRef(y, p, kind)], [0.5, fRef(sub(y, x), sub(p, x), kind)]);
}

export function tfRef(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  alpha = 0.85,
  kind: Mag = 'l1',
  time: 'l1' | 'rmse' = 'l1',
): ValueGrad {
  const t = time === 'l1' ? maeRef(y, p) : rmseRef(y, p);
  return combine([alpha, t], [1 - alpha, fRef(y, p, kind)]);
}

export function tpcmRef(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  x: ArrayLike<number>,
  beta = 0.6,
  kind: Mag = 'l1',
  time: 'l1' | 'rmse' = 'l1',
): ValueGrad {
  const t = time === 'l1' ? maeRef(y, p) : rmseRef(y, p);
  return combine([beta, t], [1 - beta, pcmRef(y, p, x, kind)]);
}

export function combine(...terms: [number, ValueGrad][]): ValueGrad {
  const n = terms[0]![1].grad.length;
  const grad = new Float64Array(n);
  let value = 0;
  for (const [w, t] of terms) {
    value += w * t.value;
    for (let i = 0; i < n; i++) grad[i] = grad[i]! + w * t.grad[i]!;
  }
  return { value, grad };
}

/** Seeded PRNG (mulberry32) and standard normal draws (Box–Muller). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randn(n: number, seed: number, scale = 1): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = Math.max(r(), 1e-12);
    const v = r();
    const m = Math.sqrt(-2 * Math.log(u)) * scale;
    out[i] = m * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = m * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/** Norm-wise relative error ‖a − e‖₂ / ‖e‖₂. */
export function relNormError(a: ArrayLike<number>, e: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < e.length; i++) {
    num += (a[i]! - e[i]!) ** 2;
    den += e[i]! ** 2;
  }
  return Math.sqrt(num) / Math.sqrt(den);
}

/** Row b of a [B, T] float array. */
export function row(data: ArrayLike<number>, b: number, t: number): Float64Array {
  return Float64Array.from({ length: t }, (_, i) => data[b * t + i]!);
}
