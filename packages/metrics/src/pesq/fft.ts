import { type ComplexFftPlan, type FftPlan, createComplexFft, createFft } from '@speechsr/dsp';

/** `@speechsr/dsp` real FFT plans by size, each with split re/im bins as scratch. */
const reals = new Map<number, { plan: FftPlan; re: Float64Array; im: Float64Array }>();
function real(n: number): { plan: FftPlan; re: Float64Array; im: Float64Array } {
  let r = reals.get(n);
  if (!r) {
    const plan = createFft(n);
    r = { plan, re: new Float64Array(plan.nBins), im: new Float64Array(plan.nBins) };
    reals.set(n, r);
  }
  return r;
}

/** `@speechsr/dsp` complex FFT plans by size. */
const complexes = new Map<number, ComplexFftPlan>();
function complex(n: number): ComplexFftPlan {
  let c = complexes.get(n);
  if (!c) {
    c = createComplexFft(n);
    complexes.set(n, c);
  }
  return c;
}

/** Reusable zero-padding buffers (sizes up to 2^17), so per-frame transforms do not allocate. */
const SMALL = 1 << 17;
const pads = new Map<number, Float64Array>();
function padTo(x: ArrayLike<number>, n: number): Float64Array {
  let b = n <= SMALL ? pads.get(n) : undefined;
  if (!b) {
    b = new Float64Array(n);
    if (n <= SMALL) pads.set(n, b);
  }
  const m = Math.min(x.length, n);
  if (x instanceof Float64Array) b.set(m === x.length ? x : x.subarray(0, m));
  else for (let i = 0; i < m; i++) b[i] = x[i]!;
  b.fill(0, m);
  return b;
}

/**
 * Forward real DFT of `x` zero-padded (or truncated) to `n` (a power of two ≥ 4): fills `out`
 * (length ≥ n + 2, interleaved complex) with X[k] = Σ x[j]·e^{−2πi·jk/n} for k = 0..n/2.
 */
export function realDft(
  x: ArrayLike<number>,
  n: number,
  out: Float64Array = new Float64Array(2 * n),
): Float64Array {
  const input = x.length === n ? x : padTo(x, n);
  const { plan, re, im } = real(n);
  plan.rfftAt(input, 0, re, im, 0);
  for (let k = 0; k <= n / 2; k++) {
    out[2 * k] = re[k]!;
    out[2 * k + 1] = im[k]!;
  }
  return out;
}

/**
 * Inverse DFT (1/n normalisation) of a Hermitian spectrum given by its bins 0..n/2 (interleaved in
 * `spec[0 .. n+1]`, not modified; the imaginary parts of bins 0 and n/2 are ignored, as for any real
 * signal they are 0). Writes the n real samples to `out`.
 */
export function inverseRealDft(spec: Float64Array, n: number, out: Float64Array): Float64Array {
  const { plan, re, im } = real(n);
  for (let k = 0; k <= n / 2; k++) {
    re[k] = spec[2 * k]!;
    im[k] = spec[2 * k + 1]!;
  }
  plan.irfftAt(re, im, 0, out);
  return out;
}

/**
 * Circular cross-correlation c[τ] = Σ_j u[j]·v[(j+τ) mod n] of two real blocks, zero-padded to n
 * (a power of two ≥ 4), by the DFT: c = IDFT(conj(U)·V). Spec §3.5. With n ≥ len(u) + len(v) − 1
 * this is the linear correlation.
 */
export function crossCorrelate(
  u: ArrayLike<number>,
  v: ArrayLike<number>,
  n: number,
  out: Float64Array = new Float64Array(n),
): Float64Array {
  const U = realDft(u, n, scratchSpectrum('U', n));
  const V = realDft(v, n, scratchSpectrum('V', n));
  for (let k = 0; k <= n / 2; k++) {
    const ur = U[2 * k]!;
    const ui = U[2 * k + 1]!;
    const vr = V[2 * k]!;
    const vi = V[2 * k + 1]!;
    V[2 * k] = ur * vr + ui * vi;
    V[2 * k + 1] = ur * vi - ui * vr;
  }
  return inverseRealDft(V, n, out);
}

const spectra = { U: new Map<number, Float64Array>(), V: new Map<number, Float64Array>() };
/** Reusable half-spectrum buffers (n + 2 values) of {@link crossCorrelate}, for n up to 2^17. */
function scratchSpectrum(key: 'U' | 'V', n: number): Float64Array {
  if (n > SMALL) return new Float64Array(n + 2);
  let a = spectra[key].get(n);
  if (!a) {
    a = new Float64Array(n + 2);
    spectra[key].set(n, a);
  }
  return a;
}

/** Forward complex DFT (unnormalised) of the interleaved `z[0 .. 2n)`, into `out[0 .. 2n)`; returns out. */
export function complexDft(z: Float64Array, n: number, out: Float64Array): Float64Array {
  complex(n).forward(
    z.length === 2 * n ? z : z.subarray(0, 2 * n),
    out.length === 2 * n ? out : out.subarray(0, 2 * n),
  );
  return out;
}
