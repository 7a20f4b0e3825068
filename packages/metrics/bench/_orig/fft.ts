import FFT from 'fft.js';

/** fft.js plans by size (power of two ≥ 2). */
const plans = new Map<number, FFT>();
function plan(n: number): FFT {
  let f = plans.get(n);
  if (!f) {
    f = new FFT(n);
    plans.set(n, f);
  }
  return f;
}

/** cos/sin of 2πk/n for k < n/2, by n. */
const twiddles = new Map<number, Float64Array>();
function twiddle(n: number): Float64Array {
  let t = twiddles.get(n);
  if (!t) {
    t = new Float64Array(n);
    for (let k = 0; k < n / 2; k++) {
      t[2 * k] = Math.cos((2 * Math.PI * k) / n);
      t[2 * k + 1] = Math.sin((2 * Math.PI * k) / n);
    }
    twiddles.set(n, t);
  }
  return t;
}

/** Small reusable scratch arrays (sizes up to 2^16), so per-frame transforms do not allocate. */
const SMALL = 1 << 16;
const scratch = new Map<string, Float64Array>();
function tmp(key: string, len: number): Float64Array {
  if (len > 2 * SMALL) return new Float64Array(len);
  const k = `${key}:${len}`;
  let a = scratch.get(k);
  if (!a) {
    a = new Float64Array(len);
    scratch.set(k, a);
  }
  return a;
}

/**
 * Forward real DFT of `x` zero-padded (or truncated) to `n` (a power of two ≥ 4): fills `out`
 * (length ≥ 2n, interleaved complex) with X[k] = Σ x[j]·e^{−2πi·jk/n} for k = 0..n/2; the rest is scratch.
 */
export function realDft(
  x: ArrayLike<number>,
  n: number,
  out: Float64Array = new Float64Array(2 * n),
): Float64Array {
  const input = x.length === n && x instanceof Float64Array ? x : padTo(x, n);
  plan(n).realTransform(out, input);
  return out;
}

function padTo(x: ArrayLike<number>, n: number): Float64Array {
  const b = tmp('pad', n);
  const m = Math.min(x.length, n);
  if (x instanceof Float64Array) b.set(m === x.length ? x : x.subarray(0, m));
  else for (let i = 0; i < m; i++) b[i] = x[i]!;
  b.fill(0, m);
  return b;
}

/**
 * Inverse DFT (1/n normalisation) of a Hermitian spectrum given by its bins 0..n/2 (interleaved in
 * `spec[0 .. n+1]`, not modified), computed with one complex transform of half the length.
 * Writes the n real samples to `out`.
 */
export function inverseRealDft(spec: Float64Array, n: number, out: Float64Array): Float64Array {
  const m = n / 2;
  const tw = twiddle(n);
  const z = tmp('invz', 2 * m);
  for (let k = 0; k < m; k++) {
    const xr = spec[2 * k]!;
    const xi = spec[2 * k + 1]!;
    const yr = spec[2 * (m - k)]!;
    const yi = -spec[2 * (m - k) + 1]!;
    const er = 0.5 * (xr + yr);
    const ei = 0.5 * (xi + yi);
    const dr = 0.5 * (xr - yr);
    const di = 0.5 * (xi - yi);
    const c = tw[2 * k]!;
    const s = tw[2 * k + 1]!;
    const or = dr * c - di * s;
    const oi = dr * s + di * c;
    z[2 * k] = er - oi;
    z[2 * k + 1] = ei + or;
  }
  // The complex result (z[j] = x[2j] + i·x[2j+1]) is already the real signal, interleaved.
  plan(m).inverseTransform(out, z);
  return out;
}

/**
 * Circular cross-correlation c[τ] = Σ_j u[j]·v[(j+τ) mod n] of two real blocks, zero-padded to n
 * (a power of two ≥ 4), by the DFT: c = IDFT(conj(U)·V). Spec §3.5. With n ≥ len(u) + len(v) − 1
 * this is the linear correlation. `U` may be given precomputed (realDft of u).
 */
export function crossCorrelate(
  u: ArrayLike<number> | null,
  v: ArrayLike<number>,
  n: number,
  out: Float64Array = new Float64Array(n),
  uSpec?: Float64Array,
): Float64Array {
  const U = uSpec ?? realDft(u!, n, tmp('U', 2 * n));
  const V = realDft(v, n, tmp('V', 2 * n));
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

/** Forward complex DFT (unnormalised) of the interleaved array `z` (length 2n), into `out`. */
export function complexDft(z: Float64Array, n: number, out: Float64Array): Float64Array {
  plan(n).transform(out, z);
  return out;
}

/**
 * Like {@link inverseRealDft} without the 1/n normalisation and with the odd samples negated:
 * writes n·x[2j] to out[2j] and −n·x[2j+1] to out[2j+1] (one forward transform of the conjugate).
 * Only for callers that need |x| up to the exact power-of-two factor n.
 */
export function inverseRealDftScaledAbs(spec: Float64Array, n: number, out: Float64Array): Float64Array {
  const m = n / 2;
  const tw = twiddle(n);
  const z = tmp('invz', 2 * m);
  for (let k = 0; k < m; k++) {
    const xr = spec[2 * k]!;
    const xi = spec[2 * k + 1]!;
    const yr = spec[2 * (m - k)]!;
    const yi = -spec[2 * (m - k) + 1]!;
    const er = 0.5 * (xr + yr);
    const ei = 0.5 * (xi + yi);
    const dr = 0.5 * (xr - yr);
    const di = 0.5 * (xi - yi);
    const c = tw[2 * k]!;
    const s = tw[2 * k + 1]!;
    const or = dr * c - di * s;
    const oi = dr * s + di * c;
    z[2 * k] = er - oi;
    z[2 * k + 1] = -(ei + or);
  }
  plan(m).transform(out, z);
  return out;
}
