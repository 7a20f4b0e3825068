import { assertInt, assertNumber, assertOneOf, ParameterError } from '@speechsr/core';

/**
 * Second-order sections: one row `[b0, b1, b2, a0, a1, a2]` (a Float64Array of length 6) per section,
 * `a0 === 1`. The cascade is run first row first.
 */
export type Sos = Float64Array[];

/** Transfer-function coefficients: `b` numerator, `a` denominator (`a[0] === 1`), highest power of z⁻¹ last. */
export interface FilterCoefficients {
  /** Numerator (feed-forward) coefficients, highest power of z⁻¹ last, float64. */
  b: Float64Array;
  /** Denominator (feedback) coefficients with a[0] = 1, float64. */
  a: Float64Array;
}

/** Output form of an IIR design: `'ba'` → {@link FilterCoefficients}, `'sos'` → {@link Sos}. */
export type IirOutput = 'ba' | 'sos';

/** Options shared by the IIR designers. */
export interface IirDesignOptions<O extends IirOutput = IirOutput> {
  /** `'ba'` for polynomial coefficients, `'sos'` for second-order sections. @defaultValue 'ba' (scipy's default) */
  output?: O;
}

/** Options of {@link bessel}. */
export interface BesselOptions<O extends IirOutput = IirOutput> extends IirDesignOptions<O> {
  /** Normalisation of the analog prototype; only scipy's default `'phase'` is implemented. @defaultValue 'phase' */
  norm?: 'phase';
}

/** A complex number as a pair of doubles (internal). */
interface Cx {
  re: number;
  im: number;
}

/** Zeros, poles and gain of a filter (internal). */
interface Zpk {
  z: Cx[];
  p: Cx[];
  k: number;
}

const cmul = (a: Cx, b: Cx): Cx => ({ re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re });
function cdiv(a: Cx, b: Cx): Cx {
  // Smith's algorithm: avoids overflow and matches the accuracy of C99 complex division.
  if (Math.abs(b.re) >= Math.abs(b.im)) {
    const r = b.im / b.re;
    const d = b.re + b.im * r;
    return { re: (a.re + a.im * r) / d, im: (a.im - a.re * r) / d };
  }
  const r = b.re / b.im;
  const d = b.re * r + b.im;
  return { re: (a.re * r + a.im) / d, im: (a.im * r - a.re) / d };
}
const cabs = (a: Cx): number => Math.hypot(a.re, a.im);

/** Coefficients of ∏(s − rᵢ), highest power first, in complex arithmetic (numpy.poly's convolution order). */
function polyFromRoots(roots: Cx[]): { re: Float64Array; im: Float64Array } {
  const n = roots.length;
  const re = new Float64Array(n + 1);
  const im = new Float64Array(n + 1);
  re[0] = 1;
  for (let j = 0; j < n; j++) {
    const r = roots[j]!;
    // convolve current (length j+1) with [1, -r]
    for (let i = j + 1; i >= 1; i--) {
      const pr = re[i - 1]!;
      const pi = im[i - 1]!;
      re[i] = re[i]! + (pr * -r.re - pi * -r.im);
      im[i] = im[i]! + (pr * -r.im + pi * -r.re);
    }
  }
  return { re, im };
}

/** Chebyshev type I analog prototype (cutoff 1 rad/s where the gain first falls below −rp dB). */
function cheb1ap(n: number, rp: number): Zpk {
  const eps = Math.sqrt(10 ** (0.1 * rp) - 1);
  const mu = (1 / n) * Math.asinh(1 / eps);
  const p: Cx[] = [];
  for (let m = -n + 1; m < n; m += 2) {
    const theta = (Math.PI * m) / (2 * n);
    // p = -sinh(mu + i·theta)
    p.push({ re: -Math.sinh(mu) * Math.cos(theta), im: -Math.cosh(mu) * Math.sin(theta) });
  }
  let prod: Cx = { re: 1, im: 0 };
  for (const pi of p) prod = cmul(prod, { re: -pi.re, im: -pi.im });
  let k = prod.re;
  if (n % 2 === 0) k = k / Math.sqrt(1 + eps * eps);
  return { z: [], p, k };
}

/** Butterworth analog prototype (poles on the unit circle). */
function buttap(n: number): Zpk {
  const p: Cx[] = [];
  for (let m = -n + 1; m < n; m += 2) {
    const t = (Math.PI * m) / (2 * n);
    p.push({ re: -Math.cos(t), im: -Math.sin(t) });
  }
  return { z: [], p, k: 1 };
}

/** Roots of a real polynomial (highest power first) by Aberth–Ehrlich iteration, then Newton polishing. */
function polyRoots(c: number[]): Cx[] {
  const n = c.length - 1;
  const evalP = (x: Cx): { v: Cx; d: Cx } => {
    let v: Cx = { re: c[0]!, im: 0 };
    let d: Cx = { re: 0, im: 0 };
    for (let i = 1; i <= n; i++) {
      d = cmul(d, x);
      d = { re: d.re + v.re, im: d.im + v.im };
      v = cmul(v, x);
      v = { re: v.re + c[i]!, im: v.im };
    }
    return { v, d };
  };
  // initial guesses on a circle of the geometric-mean root radius, rotated off the axes
  const radius = Math.abs(c[n]! / c[0]!) ** (1 / n);
  const r: Cx[] = [];
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n + 0.4;
    r.push({ re: radius * Math.cos(t), im: radius * Math.sin(t) });
  }
  for (let iter = 0; iter < 500; iter++) {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      const { v, d } = evalP(r[i]!);
      if (v.re === 0 && v.im === 0) continue;
      const ratio = cdiv(v, d);
      let s: Cx = { re: 0, im: 0 };
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const inv = cdiv({ re: 1, im: 0 }, { re: r[i]!.re - r[j]!.re, im: r[i]!.im - r[j]!.im });
        s = { re: s.re + inv.re, im: s.im + inv.im };
      }
      const den = { re: 1 - (ratio.re * s.re - ratio.im * s.im), im: -(ratio.re * s.im + ratio.im * s.re) };
      const w = cdiv(ratio, den);
      r[i] = { re: r[i]!.re - w.re, im: r[i]!.im - w.im };
      moved = Math.max(moved, cabs(w) / Math.max(cabs(r[i]!), 1e-300));
    }
    if (moved < 1e-17) break;
  }
  // Newton polishing
  for (let i = 0; i < n; i++) {
    for (let it = 0; it < 3; it++) {
      const { v, d } = evalP(r[i]!);
      if (d.re === 0 && d.im === 0) break;
      const w = cdiv(v, d);
      r[i] = { re: r[i]!.re - w.re, im: r[i]!.im - w.im };
    }
  }
  return r;
}

/**
 * Bessel analog prototype, norm 'phase': poles are the roots of the reverse Bessel polynomial θ_N,
 * scaled by θ_N(0)^(−1/N) so the phase response tends to that of a unit delay at high frequency; gain 1.
 */
function besselapPhase(n: number): Zpk {
  // θ_N(s) = Σ_k (2N−k)! / (2^(N−k) k! (N−k)!) s^k ; coefficients highest power first.
  const fact = (m: number): number => {
    let f = 1;
    for (let i = 2; i <= m; i++) f *= i;
    return f;
  };
  const coef: number[] = [];
  for (let k = n; k >= 0; k--) coef.push(fact(2 * n - k) / (2 ** (n - k) * fact(k) * fact(n - k)));
  const roots = polyRoots(coef);
  // a_last = (2N)! / (2^N N!) = θ_N(0)
  let aLast = 1;
  for (let i = n + 1; i <= 2 * n; i++) aLast *= i;
  aLast /= 2 ** n;
  const scale = 10 ** (-Math.log10(aLast) / n);
  const p = roots.map((r) => ({ re: r.re * scale, im: Math.abs(r.im) < 1e-14 * cabs(r) ? 0 : r.im * scale }));
  // make conjugate pairs exact
  const paired: Cx[] = [];
  const used = new Array<boolean>(p.length).fill(false);
  for (let i = 0; i < p.length; i++) {
    if (used[i]) continue;
    used[i] = true;
    const pi = p[i]!;
    if (pi.im === 0) {
      paired.push(pi);
      continue;
    }
    let best = -1;
    let bestD = Number.POSITIVE_INFINITY;
    for (let j = 0; j < p.length; j++) {
      if (used[j]) continue;
      const d = Math.hypot(p[j]!.re - pi.re, p[j]!.im + pi.im);
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    }
    used[best] = true;
    const q = p[best]!;
    const re = (pi.re + q.re) / 2;
    const im = (Math.abs(pi.im) + Math.abs(q.im)) / 2;
    paired.push({ re, im }, { re, im: -im });
  }
  return { z: [], p: paired, k: 1 };
}

/** Analog lowpass prototype → digital lowpass with cutoff `wn` (fraction of Nyquist): prewarp, scale, bilinear. */
function lowpassDigital(proto: Zpk, wn: number): Zpk {
  const fs = 2;
  const warped = 2 * fs * Math.tan((Math.PI * wn) / fs);
  const degree = proto.p.length - proto.z.length;
  // lp2lp_zpk
  const zl = proto.z.map((z) => ({ re: warped * z.re, im: warped * z.im }));
  const pl = proto.p.map((p) => ({ re: warped * p.re, im: warped * p.im }));
  const kl = proto.k * warped ** degree;
  // bilinear_zpk with fs2 = 2·fs = 4
  const fs2 = 2 * fs;
  const zz = zl.map((z) => cdiv({ re: fs2 + z.re, im: z.im }, { re: fs2 - z.re, im: -z.im }));
  const pz = pl.map((p) => cdiv({ re: fs2 + p.re, im: p.im }, { re: fs2 - p.re, im: -p.im }));
  for (let i = 0; i < degree; i++) zz.push({ re: -1, im: 0 });
  let num: Cx = { re: 1, im: 0 };
  for (const z of zl) num = cmul(num, { re: fs2 - z.re, im: -z.im });
  let den: Cx = { re: 1, im: 0 };
  for (const p of pl) den = cmul(den, { re: fs2 - p.re, im: -p.im });
  const kz = kl * cdiv(num, den).re;
  return { z: zz, p: pz, k: kz };
}

/** zpk → transfer function (numpy.poly of zeros and poles; imaginary parts dropped for conjugate sets). */
function zpk2tf({ z, p, k }: Zpk): FilterCoefficients {
  const bz = polyFromRoots(z).re;
  const b = new Float64Array(bz.length);
  for (let i = 0; i < b.length; i++) b[i] = k * bz[i]!;
  const a = Float64Array.from(polyFromRoots(p).re);
  return { b, a };
}

const EPS = 2.220446049250313e-16;

/** scipy's _cplxreal: complex values with positive imaginary part (averaged with their conjugates), then the reals sorted. */
function cplxReal(values: Cx[]): Cx[] {
  const tol = 100 * EPS;
  const sorted = [...values].sort((u, v) => u.re - v.re || Math.abs(u.im) - Math.abs(v.im));
  const reals: number[] = [];
  const pos: Cx[] = [];
  const neg: Cx[] = [];
  for (const v of sorted) {
    if (Math.abs(v.im) <= tol * cabs(v)) reals.push(v.re);
    else if (v.im > 0) pos.push(v);
    else neg.push(v);
  }
  if (pos.length !== neg.length) {
    throw new ParameterError('zpk2sos: poles and zeros must come in complex-conjugate pairs.');
  }
  const out: Cx[] = [];
  for (const zp of pos) {
    // nearest conjugate partner among the negatives
    let best = 0;
    let bestD = Number.POSITIVE_INFINITY;
    for (let j = 0; j < neg.length; j++) {
      const d = Math.hypot(neg[j]!.re - zp.re, neg[j]!.im + zp.im);
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    }
    const zn = neg.splice(best, 1)[0]!;
    out.push({ re: (zp.re + zn.re) / 2, im: (zp.im - zn.im) / 2 });
  }
  for (const r of reals) out.push({ re: r, im: 0 });
  return out;
}

const isReal = (c: Cx): boolean => c.im === 0;

/** Index of the value nearest to `to`, restricted to real / complex / any values (scipy's _nearest_real_complex_idx). */
function nearestIdx(from: Cx[], to: Cx, which: 'real' | 'complex' | 'any'): number {
  const order = from
    .map((v, i) => ({ i, d: Math.hypot(v.re - to.re, v.im - to.im) }))
    .sort((u, v) => u.d - v.d || u.i - v.i);
  for (const { i } of order) {
    if (which === 'any' || (which === 'real') === isReal(from[i]!)) return i;
  }
  throw new ParameterError(`zpk2sos: no ${which} value left to pair with.`);
}

/** One section from up to two zeros and two poles, coefficients right-aligned as scipy's _single_zpksos. */
function singleSection(z: Cx[], p: Cx[]): Float64Array {
  const row = new Float64Array(6);
  const b = polyFromRoots(z).re;
  const a = polyFromRoots(p).re;
  row.set(b, 3 - b.length);
  row.set(a, 6 - a.length);
  return row;
}

/** Digital zpk → second-order sections with scipy's zpk2sos(pairing='nearest') ordering; gain in the first row. */
function zpk2sos(zpk: Zpk): Sos {
  let z = [...zpk.z];
  let p = [...zpk.p];
  while (z.length < p.length) z.push({ re: 0, im: 0 });
  while (p.length < z.length) p.push({ re: 0, im: 0 });
  const nSections = (Math.max(p.length, z.length) + 1) >> 1;
  if (p.length % 2 === 1) {
    p.push({ re: 0, im: 0 });
    z.push({ re: 0, im: 0 });
  }
  z = cplxReal(z);
  p = cplxReal(p);
  const idxWorst = (v: Cx[]): number => {
    let best = 0;
    let bestD = Number.POSITIVE_INFINITY;
    for (let i = 0; i < v.length; i++) {
      const d = Math.abs(1 - cabs(v[i]!));
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  };
  const take = (v: Cx[], i: number): Cx => v.splice(i, 1)[0]!;
  const conj = (c: Cx): Cx => ({ re: c.re, im: -c.im });
  const sos: Sos = new Array(nSections);
  for (let si = nSections - 1; si >= 0; si--) {
    const p1 = take(p, idxWorst(p));
    const nRealP = p.filter(isReal).length;
    if (isReal(p1) && nRealP === 0) {
      const z1 = take(z, nearestIdx(z, p1, 'real'));
      sos[si] = singleSection([z1, { re: 0, im: 0 }], [p1, { re: 0, im: 0 }]);
    } else if (p.length + 1 === z.length && !isReal(p1) && nRealP === 1 && z.filter(isReal).length === 1) {
      const z1 = take(z, nearestIdx(z, p1, 'complex'));
      sos[si] = singleSection([z1, conj(z1)], [p1, conj(p1)]);
    } else {
      let p2: Cx;
      if (isReal(p1)) {
        const realIdx = p.map((v, i) => (isReal(v) ? i : -1)).filter((i) => i >= 0);
        const worst = realIdx[idxWorst(realIdx.map((i) => p[i]!))]!;
        p2 = take(p, worst);
      } else {
        p2 = conj(p1);
      }
      if (z.length > 0) {
        const z1 = take(z, nearestIdx(z, p1, 'any'));
        if (!isReal(z1)) {
          sos[si] = singleSection([z1, conj(z1)], [p1, p2]);
        } else if (z.length > 0) {
          const z2 = take(z, nearestIdx(z, p1, 'real'));
          sos[si] = singleSection([z1, z2], [p1, p2]);
        } else {
          sos[si] = singleSection([z1], [p1, p2]);
        }
      } else {
        sos[si] = singleSection([], [p1, p2]);
      }
    }
  }
  const first = sos[0]!;
  for (let i = 0; i < 3; i++) first[i] = first[i]! * zpk.k;
  return sos;
}

function checkDesign(fn: string, n: unknown, wn: unknown, output: unknown): void {
  assertInt(n, fn, 'N', { min: 1 }, 'The filter order counts poles.');
  assertNumber(
    wn,
    fn,
    'Wn',
    { min: 0, max: 1, minExclusive: true, maxExclusive: true },
    'Wn is the cutoff as a fraction of Nyquist (sampleRate / 2).',
  );
  assertOneOf(output, fn, 'output', ['ba', 'sos'] as const);
}

function finish(zpk: Zpk, output: IirOutput): FilterCoefficients | Sos {
  return output === 'sos' ? zpk2sos(zpk) : zpk2tf(zpk);
}

/**
 * Chebyshev type I digital lowpass filter design.
 *
 * Mirrors: `scipy.signal.cheby1(N, rp, Wn, btype='low', analog=False, output=output)` (scipy 1.10):
 * analog prototype → prewarped lowpass transform → bilinear transform (internal fs = 2) → polynomials,
 * or second-order sections paired like `zpk2sos(pairing='nearest')`.
 * @param N - filter order (integer ≥ 1)
 * @param rp - passband ripple in dB (> 0)
 * @param Wn - cutoff as a fraction of Nyquist, 0 < Wn < 1 (the gain first drops below −rp dB there)
 * @param options - `output`: `'ba'` (default) or `'sos'`
 * @returns `{ b, a }` (Float64Array, length N+1, a[0] = 1) for `'ba'`; {@link Sos} (ceil(N/2) rows of 6) for `'sos'`
 * @throws {@link @speechsr/core!ParameterError} when N is not an integer ≥ 1, rp ≤ 0, Wn outside (0, 1) or output unknown
 * @example const { b, a } = cheby1(8, 1, 0.5); // the seed's scale-2 anti-aliasing filter
 */
export function cheby1(
  N: number,
  rp: number,
  Wn: number,
  options?: IirDesignOptions<'ba'>,
): FilterCoefficients;
export function cheby1(N: number, rp: number, Wn: number, options: IirDesignOptions<'sos'>): Sos;
export function cheby1(
  N: number,
  rp: number,
  Wn: number,
  options?: IirDesignOptions,
): FilterCoefficients | Sos;
export function cheby1(
  N: number,
  rp: number,
  Wn: number,
  options: IirDesignOptions = {},
): FilterCoefficients | Sos {
  const { output = 'ba' } = options;
  checkDesign('cheby1', N, Wn, output);
  assertNumber(rp, 'cheby1', 'rp', { min: 0, minExclusive: true }, 'rp is the passband ripple in dB.');
  return finish(lowpassDigital(cheb1ap(N, rp), Wn), output);
}

/**
 * Butterworth digital lowpass filter design.
 *
 * Mirrors: `scipy.signal.butter(N, Wn, btype='low', analog=False, output=output)`.
 * @param N - filter order (integer ≥ 1)
 * @param Wn - −3 dB cutoff as a fraction of Nyquist, 0 < Wn < 1
 * @param options - `output`: `'ba'` (default) or `'sos'`
 * @returns `{ b, a }` (Float64Array, length N+1) or {@link Sos}
 * @throws {@link @speechsr/core!ParameterError} when N is not an integer ≥ 1, Wn outside (0, 1) or output unknown
 * @example const sos = butter(8, 0.5, { output: 'sos' });
 */
export function butter(N: number, Wn: number, options?: IirDesignOptions<'ba'>): FilterCoefficients;
export function butter(N: number, Wn: number, options: IirDesignOptions<'sos'>): Sos;
export function butter(N: number, Wn: number, options?: IirDesignOptions): FilterCoefficients | Sos;
export function butter(N: number, Wn: number, options: IirDesignOptions = {}): FilterCoefficients | Sos {
  const { output = 'ba' } = options;
  checkDesign('butter', N, Wn, output);
  return finish(lowpassDigital(buttap(N), Wn), output);
}

/**
 * Bessel/Thomson digital lowpass filter design (`norm='phase'`).
 *
 * Mirrors: `scipy.signal.bessel(N, Wn, btype='low', analog=False, output=output, norm='phase')`.
 * The prototype's poles are found numerically (Aberth iteration with Newton polishing).
 * @param N - filter order (integer ≥ 1; up to 25 is well conditioned)
 * @param Wn - cutoff as a fraction of Nyquist, 0 < Wn < 1 (phase-normalised, as scipy's default)
 * @param options - `output` (`'ba'` default or `'sos'`), `norm` (only `'phase'`)
 * @returns `{ b, a }` (Float64Array, length N+1) or {@link Sos}
 * @throws {@link @speechsr/core!ParameterError} when N is not an integer in [1, 25], Wn outside (0, 1), or output/norm unknown
 * @example const { b, a } = bessel(8, 0.5);
 */
export function bessel(N: number, Wn: number, options?: BesselOptions<'ba'>): FilterCoefficients;
export function bessel(N: number, Wn: number, options: BesselOptions<'sos'>): Sos;
export function bessel(N: number, Wn: number, options?: BesselOptions): FilterCoefficients | Sos;
export function bessel(N: number, Wn: number, options: BesselOptions = {}): FilterCoefficients | Sos {
  const { output = 'ba', norm = 'phase' } = options;
  checkDesign('bessel', N, Wn, output);
  assertInt(N, 'bessel', 'N', { min: 1, max: 25 }, 'Higher orders are numerically ill-conditioned here.');
  assertOneOf(norm, 'bessel', 'norm', ['phase'] as const);
  return finish(lowpassDigital(besselapPhase(N), Wn), output);
}
