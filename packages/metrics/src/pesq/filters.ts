import { complexDft, inverseRealDft, realDft } from './fft.js';
import { nextPow2, type PesqMode, type PesqRate } from './rate.js';
import { IRS_RECEIVE_FILTER_DB, LEVEL_ALIGN_FILTER_DB, WB_INPUT_IIR_16000 } from './tables.js';

/** The two padded input buffers of spec §1–2. */
export interface PesqBuffers {
  /** Original reference length n_r, samples. */
  readonly nRef: number;
  /** Original degraded length n_d, samples. */
  readonly nDeg: number;
  /** Padded reference length L_r = n_r + 2·SD, samples. */
  readonly lenRef: number;
  /** Padded degraded length L_d = n_d + 2·SD, samples. */
  readonly lenDeg: number;
  /** M = max(L_r, L_d). */
  readonly maxLen: number;
  /** Joint absolute peak the wrapper divided by. */
  readonly jointPeak: number;
  /** Reference buffer, length L_r + P: SD zeros, the peak-normalised float32 samples, SD + P zeros. */
  readonly ref: Float64Array;
  /** Degraded buffer of length L_d + P, laid out as `ref`. */
  readonly deg: Float64Array;
}

/**
 * Spec §1–2: wrapper normalisation (divide both by their joint absolute peak, round to float32) and
 * the padded buffer layout (SD zeros, the signal, SD + P zeros).
 * @returns the padded buffers and lengths; `jointPeak` = 0 leaves zeros (callers reject silence first)
 * @param ref - reference samples (not modified)
 * @param deg - degraded samples (not modified)
 * @param rate - constants of the sample rate ({@link pesqRate})
 * @returns {@link PesqBuffers}: two Float64Array buffers of length L + P and their lengths
 * @example const b = pesqLoadBuffers(ref, deg, pesqRate(16000));
 */
export function pesqLoadBuffers(ref: ArrayLike<number>, deg: ArrayLike<number>, rate: PesqRate): PesqBuffers {
  let m = 0;
  for (let i = 0; i < ref.length; i++) m = Math.max(m, Math.abs(ref[i]!));
  for (let i = 0; i < deg.length; i++) m = Math.max(m, Math.abs(deg[i]!));
  const load = (x: ArrayLike<number>): Float64Array => {
    const b = new Float64Array(x.length + 2 * rate.sd + rate.p);
    if (m > 0) for (let i = 0; i < x.length; i++) b[rate.sd + i] = Math.fround(x[i]! / m);
    return b;
  };
  const lenRef = ref.length + 2 * rate.sd;
  const lenDeg = deg.length + 2 * rate.sd;
  return {
    nRef: ref.length,
    nDeg: deg.length,
    lenRef,
    lenDeg,
    maxLen: Math.max(lenRef, lenDeg),
    jointPeak: m,
    ref: load(ref),
    deg: load(deg),
  };
}

/** Spec §3.2: piecewise-linear dB curve value at f Hz, with linear extrapolation at both ends.
 * @param points - [Hz, dB] points (26 in the P.862 tables)
 * @param f - frequency, Hz
 * @returns the curve value in dB
 * @example curveDb(LEVEL_ALIGN_FILTER_DB, 325); // -250
 */
export function curveDb(points: readonly (readonly [number, number])[], f: number): number {
  const n = points.length;
  let i: number;
  if (f <= points[0]![0]) i = 1;
  else if (f >= points[n - 1]![0]) i = n - 1;
  else {
    i = 1;
    while (points[i]![0] < f) i++;
  }
  const [f0, g0] = points[i - 1]!;
  const [f1, g1] = points[i]!;
  return ((f - f0) * g1 + (f1 - f) * g0) / (f1 - f0);
}

/** Gains 10^((C(f_k) − C(1000))/20) for bins k = 0..K/2 of a length-K DFT at rate fs (spec §3.3 step 3). */
const gainCache = new Map<string, Float64Array>();
export function curveGains(
  points: readonly (readonly [number, number])[],
  k: number,
  fs: number,
): Float64Array {
  const key = `${points === LEVEL_ALIGN_FILTER_DB ? 'level' : points === IRS_RECEIVE_FILTER_DB ? 'irs' : ''}:${k}:${fs}`;
  const hit = key.startsWith(':') ? undefined : gainCache.get(key);
  if (hit) return hit;
  const g = new Float64Array(k / 2 + 1);
  const c1000 = curveDb(points, 1000);
  const df = fs / k;
  for (let i = 0; i <= k / 2; i++) g[i] = 10 ** ((curveDb(points, i * df) - c1000) / 20);
  if (!key.startsWith(':') && k <= 1 << 21) {
    if (gainCache.size >= 8) gainCache.clear();
    gainCache.set(key, g);
  }
  return g;
}

/** DFT (length K = nextpow2(n + P)) of the segment B[SD .. SD + n + P) of a padded buffer (spec §3.3 steps 1–2). */
export function segmentSpectrum(
  buf: Float64Array,
  len: number,
  rate: PesqRate,
): { spec: Float64Array; k: number; nseg: number } {
  const nseg = len - 2 * rate.sd + rate.p;
  const k = nextPow2(nseg);
  return { spec: realDft(buf.subarray(rate.sd, rate.sd + nseg), k), k, nseg };
}

/**
 * Spec §3.3 steps 3–4 on a segment spectrum: multiply by the curve gains (times `scale`), inverse DFT,
 * and write the first nseg samples to `buf[SD ..]`. `spec` is overwritten.
 */
function filterFromSpectrum(
  seg: { spec: Float64Array; k: number; nseg: number },
  buf: Float64Array,
  rate: PesqRate,
  points: readonly (readonly [number, number])[],
  scale = 1,
): void {
  const { spec, k, nseg } = seg;
  const g = curveGains(points, k, rate.fs);
  for (let i = 0; i <= k / 2; i++) {
    const gi = g[i]! * scale;
    spec[2 * i] = spec[2 * i]! * gi;
    spec[2 * i + 1] = spec[2 * i + 1]! * gi;
  }
  const out = new Float64Array(k);
  inverseRealDft(spec, k, out);
  buf.set(out.subarray(0, nseg), rate.sd);
}

/**
 * Spec §3.3: circular zero-phase "FFT filter" over nseg = n + P samples starting at SD, zero-padded
 * to nextpow2(nseg), gains normalised at 1000 Hz. Works in place on `buf` (padded length `len`).
 */
export function fftFilter(
  buf: Float64Array,
  len: number,
  rate: PesqRate,
  points: readonly (readonly [number, number])[],
): void {
  filterFromSpectrum(segmentSpectrum(buf, len, rate), buf, rate, points);
}

const F = Math.fround;
/**
 * Spec §3.4 with float32 arithmetic, each product and sum rounded to float32 in the order written
 * (w = x − a1·w1 − a2·w2, y = b0·w + b1·w1 + b2·w2). Used for the wide-band input filter, whose poles
 * near z = 1 make the reference's float32 rounding noise audible in the quiet high bands.
 */
export function biquadFloat32(buf: Float64Array, from: number, to: number, s: readonly number[]): void {
  const f = Math.fround;
  const b0 = f(s[0]!);
  const b1 = f(s[1]!);
  const b2 = f(s[2]!);
  const a1 = f(s[3]!);
  const a2 = f(s[4]!);
  let w1 = 0;
  let w2 = 0;
  for (let t = from; t < to; t++) {
    const w = f(f(f(buf[t]!) - f(a1 * w1)) - f(a2 * w2));
    buf[t] = f(f(f(b0 * w) + f(b1 * w1)) + f(b2 * w2));
    w2 = w1;
    w1 = w;
  }
}

/**
 * Spec §3.4: in-place biquad cascade (direct form II, zero state) over buf[from .. to), float64.
 * Sections run four at a time, interleaved per sample (their recursions then overlap in the CPU), which
 * gives the same result as one section after another; a remainder runs one section at a time.
 */
export function biquadCascade(
  buf: Float64Array,
  from: number,
  to: number,
  sections: readonly (readonly number[])[],
): void {
  const f = Math.fround;
  let i = 0;
  for (; i + 4 <= sections.length; i += 4) {
    const [s0, s1, s2, s3] = sections.slice(i, i + 4) as [number[], number[], number[], number[]];
    const b00 = f(s0[0]!);
    const b01 = f(s0[1]!);
    const b02 = f(s0[2]!);
    const a01 = f(s0[3]!);
    const a02 = f(s0[4]!);
    const b10 = f(s1[0]!);
    const b11 = f(s1[1]!);
    const b12 = f(s1[2]!);
    const a11 = f(s1[3]!);
    const a12 = f(s1[4]!);
    const b20 = f(s2[0]!);
    const b21 = f(s2[1]!);
    const b22 = f(s2[2]!);
    const a21 = f(s2[3]!);
    const a22 = f(s2[4]!);
    const b30 = f(s3[0]!);
    const b31 = f(s3[1]!);
    const b32 = f(s3[2]!);
    const a31 = f(s3[3]!);
    const a32 = f(s3[4]!);
    let p01 = 0;
    let p02 = 0;
    let p11 = 0;
    let p12 = 0;
    let p21 = 0;
    let p22 = 0;
    let p31 = 0;
    let p32 = 0;
    for (let k = from; k < to; k++) {
      const w0 = buf[k]! - a01 * p01 - a02 * p02;
      const y0 = b00 * w0 + b01 * p01 + b02 * p02;
      p02 = p01;
      p01 = w0;
      const w1 = y0 - a11 * p11 - a12 * p12;
      const y1 = b10 * w1 + b11 * p11 + b12 * p12;
      p12 = p11;
      p11 = w1;
      const w2 = y1 - a21 * p21 - a22 * p22;
      const y2 = b20 * w2 + b21 * p21 + b22 * p22;
      p22 = p21;
      p21 = w2;
      const w3 = y2 - a31 * p31 - a32 * p32;
      buf[k] = b30 * w3 + b31 * p31 + b32 * p32;
      p32 = p31;
      p31 = w3;
    }
  }
  for (; i < sections.length; i++) {
    const s = sections[i]!;
    const b0 = f(s[0]!);
    const b1 = f(s[1]!);
    const b2 = f(s[2]!);
    const a1 = f(s[3]!);
    const a2 = f(s[4]!);
    let p1 = 0;
    let p2 = 0;
    for (let k = from; k < to; k++) {
      const w = buf[k]! - a1 * p1 - a2 * p2;
      buf[k] = b0 * w + b1 * p1 + b2 * p2;
      p2 = p1;
      p1 = w;
    }
  }
}

/** Result of {@link pesqLevelAlign}. */
export interface PesqLevelAlignment {
  /** Level-aligned reference buffer (length L_r + P), the input scaled by `scaleRef`. */
  readonly ref: Float64Array;
  /** Level-aligned degraded buffer (length L_d + P), the input scaled by `scaleDeg`. */
  readonly deg: Float64Array;
  /** Band-passed (350–3250 Hz) mean square Pw of the reference, divided by M − 2·SD + P. */
  readonly powerRef: number;
  /** Band-passed (350–3250 Hz) mean square Pw of the degraded signal, same divisor as `powerRef`. */
  readonly powerDeg: number;
  /** Reference scale factor sqrt(1e7 / Pw) (∞ for a signal with no in-band energy). */
  readonly scaleRef: number;
  /** Degraded scale factor sqrt(1e7 / Pw) (∞ for a signal with no in-band energy). */
  readonly scaleDeg: number;
  /** Band-passed temporary copy of the reference buffer (only with `keepBandpassed`, for tests). */
  readonly bandpassedRef: Float64Array | undefined;
  /** Band-passed temporary copy of the degraded buffer (only with `keepBandpassed`, for tests). */
  readonly bandpassedDeg: Float64Array | undefined;
  /**
   * DFT bins 0..K/2 (interleaved re, im) of the unscaled reference segment (spec §3.3 steps 1–2), so
   * that the narrow-band input filter can reuse them (times the scale) instead of transforming again.
   * Only with `keepSpectra`.
   */
  readonly spectrumRef: Float64Array | undefined;
  /** As `spectrumRef`, for the degraded segment. Only with `keepSpectra`. */
  readonly spectrumDeg: Float64Array | undefined;
}

/**
 * Spec §4: level alignment of each signal to a band-passed (350–3250 Hz) mean square of 1e7.
 * Returns new buffers; the inputs are not modified. A signal with no in-band energy gets scale ∞
 * (callers reject that case before, see `pesq`).
 * @param bufs - buffers from {@link pesqLoadBuffers} (not modified)
 * @param rate - constants of the sample rate
 * @param options - keep the band-passed copies / segment spectra (tests, nb reuse)
 * @returns {@link PesqLevelAlignment}: scaled buffers, powers Pw and scales
 * @example const lv = pesqLevelAlign(b, pesqRate(16000));
 */
export function pesqLevelAlign(
  bufs: PesqBuffers,
  rate: PesqRate,
  options: PesqLevelAlignOptions = {},
): PesqLevelAlignment {
  const { keepBandpassed = false, keepSpectra = false } = options;
  const div = bufs.maxLen - 2 * rate.sd + rate.p;
  const segs = segmentSpectraPair(bufs.ref, bufs.lenRef, bufs.deg, bufs.lenDeg, rate);
  const one = (b: Float64Array, len: number, seg: { spec: Float64Array; k: number; nseg: number }) => {
    const spectrum = keepSpectra ? seg.spec.slice(0, seg.k + 2) : undefined;
    const g = curveGains(LEVEL_ALIGN_FILTER_DB, seg.k, rate.fs);
    const sp = seg.spec;
    for (let i = 0; i <= seg.k / 2; i++) {
      sp[2 * i] = sp[2 * i]! * g[i]!;
      sp[2 * i + 1] = sp[2 * i + 1]! * g[i]!;
    }
    const y = inverseRealDft(sp, seg.k, new Float64Array(seg.k));
    let s = 0;
    for (let i = 0; i < seg.nseg; i++) s += y[i]! * y[i]!;
    let bp: Float64Array | undefined;
    if (keepBandpassed) {
      bp = b.slice();
      bp.set(y.subarray(0, seg.nseg), rate.sd);
    }
    const power = s / div;
    const scale = Math.sqrt(1e7 / power);
    const out = new Float64Array(b.length);
    const scale32 = F(scale);
    for (let i = 0; i < len; i++) out[i] = F(b[i]! * scale32);
    return { power, scale, out, bp, spectrum };
  };
  const r = one(bufs.ref, bufs.lenRef, segs[0]);
  const d = one(bufs.deg, bufs.lenDeg, segs[1]);
  return {
    ref: r.out,
    deg: d.out,
    powerRef: r.power,
    powerDeg: d.power,
    scaleRef: r.scale,
    scaleDeg: d.scale,
    bandpassedRef: r.bp,
    bandpassedDeg: d.bp,
    spectrumRef: r.spectrum,
    spectrumDeg: d.spectrum,
  };
}

/** Options of {@link pesqLevelAlign}. */
export interface PesqLevelAlignOptions {
  /** Return the band-passed copies (tests). @defaultValue false */
  keepBandpassed?: boolean;
  /** Return the unscaled segment spectra for reuse by the nb input filter. @defaultValue false */
  keepSpectra?: boolean;
}

/**
 * Segment spectra (spec §3.3 steps 1–2) of two padded buffers. When both use the same DFT length K,
 * one complex transform of (a + i·b) gives both: A[k] = (Z[k] + conj Z[K−k])/2 and
 * B[k] = (Z[k] − conj Z[K−k])/(2i).
 */
function segmentSpectraPair(
  a: Float64Array,
  lenA: number,
  b: Float64Array,
  lenB: number,
  rate: PesqRate,
): [{ spec: Float64Array; k: number; nseg: number }, { spec: Float64Array; k: number; nseg: number }] {
  const nA = lenA - 2 * rate.sd + rate.p;
  const nB = lenB - 2 * rate.sd + rate.p;
  const k = nextPow2(nA);
  if (nextPow2(nB) !== k || k < 4) return [segmentSpectrum(a, lenA, rate), segmentSpectrum(b, lenB, rate)];
  const z = new Float64Array(2 * k);
  for (let i = 0; i < nA; i++) z[2 * i] = a[rate.sd + i]!;
  for (let i = 0; i < nB; i++) z[2 * i + 1] = b[rate.sd + i]!;
  const Z = complexDft(z, k, new Float64Array(2 * k));
  const sa = z; // reuse: bins 0..K/2 of each spectrum fit in 2K entries
  const sb = new Float64Array(k + 2);
  for (let i = 0; i <= k / 2; i++) {
    const j = i === 0 ? 0 : k - i;
    const zr = Z[2 * i]!;
    const zi = Z[2 * i + 1]!;
    const wr = Z[2 * j]!;
    const wi = Z[2 * j + 1]!;
    sa[2 * i] = 0.5 * (zr + wr);
    sa[2 * i + 1] = 0.5 * (zi - wi);
    sb[2 * i] = 0.5 * (zi + wi);
    sb[2 * i + 1] = 0.5 * (wr - zr);
  }
  return [
    { spec: sa, k, nseg: nA },
    { spec: sb, k, nseg: nB },
  ];
}

/**
 * Spec §5: the model input filter on one level-aligned buffer (padded length `len`): the IRS receive
 * characteristic (circular FFT filter) in `'nb'` mode, or 15-sample ramps + the high-pass biquad over
 * the signal span in `'wb'` mode. Returns a new buffer (the "model signal").
 * @param buf - level-aligned buffer (not modified)
 * @param len - padded length L of this signal
 * @param rate - constants of the sample rate
 * @param mode - `'nb'` (IRS filter) or `'wb'` (high-pass)
 * @param options - `float64` (wb: skip the float32 emulation), `spectrum` + `spectrumScale` (nb: reuse the level-alignment DFT)
 * @returns the model signal, Float64Array of the buffer's length
 * @example const model = pesqInputFilter(lv.ref, b.lenRef, rate, 'wb');
 */
export function pesqInputFilter(
  buf: Float64Array,
  len: number,
  rate: PesqRate,
  mode: PesqMode,
  options: { float64?: boolean; spectrum?: Float64Array; spectrumScale?: number } = {},
): Float64Array {
  const out = buf.slice();
  if (mode === 'nb') {
    const { spectrum, spectrumScale = 1 } = options;
    if (spectrum) {
      // Same segment, already transformed during level alignment: DFT(g·x) = g·DFT(x).
      const nseg = len - 2 * rate.sd + rate.p;
      const k = nextPow2(nseg);
      const spec = new Float64Array(2 * k);
      spec.set(spectrum.subarray(0, k + 2));
      filterFromSpectrum({ spec, k, nseg }, out, rate, IRS_RECEIVE_FILTER_DB, spectrumScale);
    } else {
      fftFilter(out, len, rate, IRS_RECEIVE_FILTER_DB);
    }
    return out;
  }
  const sd = rate.sd;
  const f = options.float64 ? (v: number) => v : F;
  for (let j = 0; j < 15; j++) {
    const g = (j + 1) / 16;
    out[sd + j] = f(out[sd + j]! * g);
    out[len - sd - 1 - j] = f(out[len - sd - 1 - j]! * g);
  }
  if (options.float64) biquadCascade(out, sd, len - sd, [WB_INPUT_IIR_16000]);
  else biquadFloat32(out, sd, len - sd, WB_INPUT_IIR_16000);
  return out;
}

/**
 * Spec §6: the alignment copy of a model signal: DC removal (sum divided by the padded length L),
 * one-window edge fades, then the alignment biquad cascade over the whole buffer. Returns a new buffer.
 * @param model - model signal buffer (not modified)
 * @param len - padded length L
 * @param rate - constants of the sample rate
 * @returns the alignment signal, Float64Array of the buffer's length
 * @example const al = pesqAlignmentSignal(model, b.lenRef, rate);
 */
export function pesqAlignmentSignal(model: Float64Array, len: number, rate: PesqRate): Float64Array {
  const b = model.slice();
  const sd = rate.sd;
  const d = rate.d;
  let s = 0;
  for (let i = sd; i < len - sd; i++) s += b[i]!;
  const mu = s / len;
  for (let i = sd; i < len - sd; i++) b[i] = b[i]! - mu;
  for (let c = 0; c < d; c++) {
    const g = (c + 0.5) / d;
    b[sd + c] = b[sd + c]! * g;
    b[len - sd - 1 - c] = b[len - sd - 1 - c]! * g;
  }
  biquadCascade(b, 0, b.length, rate.alignmentIir);
  return b;
}
