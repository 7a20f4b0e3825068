import { assertSignal, describeValue, ParameterError, type Signal } from '@speechsr/core';
import { type FiltfiltOptions, padSignal } from './filtfilt.js';
import type { Sos } from './iir-design.js';
import { checkCoefficients, type FilterResult, lfilterZiNormalized } from './lfilter.js';

/** Options of {@link sosfilt}. */
export interface SosfiltOptions {
  /**
   * Initial state, one `[z0, z1]` pair per section (an array of rows, or a flat array of 2·nSections
   * values). When given, the result is `{ y, zf }` with `zf` flat (2·nSections). @defaultValue undefined (initial rest)
   */
  zi?: ArrayLike<number> | ArrayLike<ArrayLike<number>>;
}

/** Validates `sos` (rows of 6, a0 = 1) and returns the coefficients flat, 6 per section (internal). */
export function checkSos(sos: unknown, fn: string): Float64Array {
  if (!Array.isArray(sos) || sos.length === 0) {
    throw new ParameterError(
      `${fn}: sos must be a non-empty array of rows [b0, b1, b2, a0, a1, a2], got ${describeValue(sos)}.`,
    );
  }
  const flat = new Float64Array(6 * sos.length);
  for (let s = 0; s < sos.length; s++) {
    const row = checkCoefficients(sos[s], fn, `sos[${s}]`);
    if (row.length !== 6) {
      throw new ParameterError(
        `${fn}: sos[${s}] must have 6 coefficients [b0, b1, b2, a0, a1, a2], got ${row.length}.`,
      );
    }
    if (row[3] !== 1) {
      throw new ParameterError(
        `${fn}: sos[${s}][3] (a0) must be 1, got ${row[3]}. Divide the row by a0 first.`,
      );
    }
    flat.set(row, 6 * s);
  }
  return flat;
}

/**
 * Runs the cascade over `x[start], x[start+step], …` into `y` (may alias `x`); state `z` (2 per section)
 * updated in place. Sections are processed four at a time per sample (state in locals, so the
 * sections' recursions overlap in the CPU); a group of fewer than four is padded with exact identity
 * sections. Arithmetic per section follows scipy's `_sosfilt` (internal).
 */
export function sosRun(
  c: Float64Array,
  z: Float64Array,
  x: Float64Array,
  y: Float64Array,
  start: number,
  step: number,
  count: number,
): void {
  const nSec = c.length / 6;
  let src = x;
  for (let g = 0; g < nSec; g += 4) {
    const k = Math.min(4, nSec - g);
    const cc = new Float64Array(24);
    const zz = new Float64Array(8);
    for (let s = 0; s < 4; s++) {
      if (s < k) {
        cc.set(c.subarray(6 * (g + s), 6 * (g + s) + 6), 6 * s);
        zz[2 * s] = z[2 * (g + s)]!;
        zz[2 * s + 1] = z[2 * (g + s) + 1]!;
      } else {
        cc[6 * s] = 1;
        cc[6 * s + 3] = 1;
      }
    }
    // Lowpass designs (zeros at z = −1) put the gain in the first row and leave [1, 2, 1] numerators
    // behind it: 1·x and 2·x are exact, so the shorter kernel gives bit-identical results.
    const unitNumerators =
      cc[6] === 1 && cc[7] === 2 && cc[8] === 1 && cc[12] === 1 && cc[13] === 2 && cc[14] === 1;
    if (unitNumerators && cc[18] === 1 && cc[19] === 2 && cc[20] === 1)
      sos4Unit(cc, zz, src, y, start, step, count);
    else sos4(cc, zz, src, y, start, step, count);
    for (let s = 0; s < k; s++) {
      z[2 * (g + s)] = zz[2 * s]!;
      z[2 * (g + s) + 1] = zz[2 * s + 1]!;
    }
    src = y;
  }
}

function sos4(
  c: Float64Array,
  z: Float64Array,
  x: Float64Array,
  y: Float64Array,
  start: number,
  step: number,
  count: number,
): void {
  const b00 = c[0]!;
  const b01 = c[1]!;
  const b02 = c[2]!;
  const a01 = c[4]!;
  const a02 = c[5]!;
  const b10 = c[6]!;
  const b11 = c[7]!;
  const b12 = c[8]!;
  const a11 = c[10]!;
  const a12 = c[11]!;
  const b20 = c[12]!;
  const b21 = c[13]!;
  const b22 = c[14]!;
  const a21 = c[16]!;
  const a22 = c[17]!;
  const b30 = c[18]!;
  const b31 = c[19]!;
  const b32 = c[20]!;
  const a31 = c[22]!;
  const a32 = c[23]!;
  let z00 = z[0]!;
  let z01 = z[1]!;
  let z10 = z[2]!;
  let z11 = z[3]!;
  let z20 = z[4]!;
  let z21 = z[5]!;
  let z30 = z[6]!;
  let z31 = z[7]!;
  for (let k = 0, i = start; k < count; k++, i += step) {
    const x0 = x[i]!;
    const x1 = b00 * x0 + z00;
    z00 = b01 * x0 - a01 * x1 + z01;
    z01 = b02 * x0 - a02 * x1;
    const x2 = b10 * x1 + z10;
    z10 = b11 * x1 - a11 * x2 + z11;
    z11 = b12 * x1 - a12 * x2;
    const x3 = b20 * x2 + z20;
    z20 = b21 * x2 - a21 * x3 + z21;
    z21 = b22 * x2 - a22 * x3;
    const x4 = b30 * x3 + z30;
    z30 = b31 * x3 - a31 * x4 + z31;
    z31 = b32 * x3 - a32 * x4;
    y[i] = x4;
  }
  z[0] = z00;
  z[1] = z01;
  z[2] = z10;
  z[3] = z11;
  z[4] = z20;
  z[5] = z21;
  z[6] = z30;
  z[7] = z31;
}

/** {@link sos4} for sections 2–4 with numerator exactly [1, 2, 1]: `1·x → x`, `2·x → x + x` (exact). */
function sos4Unit(
  c: Float64Array,
  z: Float64Array,
  x: Float64Array,
  y: Float64Array,
  start: number,
  step: number,
  count: number,
): void {
  const b00 = c[0]!;
  const b01 = c[1]!;
  const b02 = c[2]!;
  const a01 = c[4]!;
  const a02 = c[5]!;
  const a11 = c[10]!;
  const a12 = c[11]!;
  const a21 = c[16]!;
  const a22 = c[17]!;
  const a31 = c[22]!;
  const a32 = c[23]!;
  let z00 = z[0]!;
  let z01 = z[1]!;
  let z10 = z[2]!;
  let z11 = z[3]!;
  let z20 = z[4]!;
  let z21 = z[5]!;
  let z30 = z[6]!;
  let z31 = z[7]!;
  for (let k = 0, i = start; k < count; k++, i += step) {
    const x0 = x[i]!;
    const x1 = b00 * x0 + z00;
    z00 = b01 * x0 - a01 * x1 + z01;
    z01 = b02 * x0 - a02 * x1;
    const x2 = x1 + z10;
    z10 = x1 + x1 - a11 * x2 + z11;
    z11 = x1 - a12 * x2;
    const x3 = x2 + z20;
    z20 = x2 + x2 - a21 * x3 + z21;
    z21 = x2 - a22 * x3;
    const x4 = x3 + z30;
    z30 = x3 + x3 - a31 * x4 + z31;
    z31 = x3 - a32 * x4;
    y[i] = x4;
  }
  z[0] = z00;
  z[1] = z01;
  z[2] = z10;
  z[3] = z11;
  z[4] = z20;
  z[5] = z21;
  z[6] = z30;
  z[7] = z31;
}

/** sosfilt_zi on validated flat coefficients (internal). */
export function sosfiltZiFlat(c: Float64Array): Float64Array {
  const nSec = c.length / 6;
  const zi = new Float64Array(2 * nSec);
  let scale = 1;
  for (let s = 0; s < nSec; s++) {
    const b = c.slice(6 * s, 6 * s + 3);
    const a = c.slice(6 * s + 3, 6 * s + 6);
    const z = lfilterZiNormalized(b, a);
    zi[2 * s] = scale * z[0]!;
    zi[2 * s + 1] = scale * z[1]!;
    scale *= (b[0]! + b[1]! + b[2]!) / (a[0]! + a[1]! + a[2]!);
  }
  return zi;
}

function flatZi(zi: ArrayLike<number> | ArrayLike<ArrayLike<number>>, nSec: number): Float64Array {
  const rows = zi as ArrayLike<unknown>;
  const flat: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (typeof r === 'number') flat.push(r);
    else if (r != null && typeof r === 'object' && 'length' in r)
      for (const v of Array.from(r as ArrayLike<number>)) flat.push(v);
    else flat.push(Number.NaN);
  }
  const out = checkCoefficients(flat, 'sosfilt', 'zi');
  if (out.length !== 2 * nSec) {
    throw new ParameterError(
      `sosfilt: zi must hold 2 values per section (${2 * nSec} in all), got ${out.length}. Use sosfiltZi(sos) for a steady-state start.`,
    );
  }
  return out;
}

/**
 * Filters `x` through a cascade of second-order sections (direct form II transposed per section).
 *
 * Mirrors: `scipy.signal.sosfilt(sos, x, zi=zi)` for 1-D input. Float32 input is computed in float64.
 * @param sos - sections `[b0, b1, b2, 1, a1, a2]` (e.g. from `cheby1(…, { output: 'sos' })`)
 * @param x - signal (not modified)
 * @param options - `zi`: initial state, `[z0, z1]` per section
 * @returns a new Float64Array of x's length; `{ y, zf }` (zf flat, 2 per section) when `zi` is given
 * @throws {@link @speechsr/core!ParameterError} for malformed sos (rows of 6 with a0 = 1) or a zi of the wrong size
 * @throws {@link @speechsr/core!SignalError} when x is empty or non-finite
 * @example const y = sosfilt(cheby1(8, 0.05, 0.4, { output: 'sos' }), x);
 */
export function sosfilt(sos: Sos, x: Signal, options?: { zi?: undefined }): Float64Array;
export function sosfilt(
  sos: Sos,
  x: Signal,
  options: { zi: ArrayLike<number> | ArrayLike<ArrayLike<number>> },
): FilterResult;
export function sosfilt(sos: Sos, x: Signal, options?: SosfiltOptions): Float64Array | FilterResult;
export function sosfilt(sos: Sos, x: Signal, options: SosfiltOptions = {}): Float64Array | FilterResult {
  const c = checkSos(sos, 'sosfilt');
  assertSignal(x, 'sosfilt', 'x');
  const nSec = c.length / 6;
  const z = options.zi === undefined ? new Float64Array(2 * nSec) : flatZi(options.zi, nSec);
  const y = Float64Array.from(x);
  sosRun(c, z, y, y, 0, 1, y.length);
  return options.zi === undefined ? y : { y, zf: z };
}

/**
 * Initial state of {@link sosfilt} for a steady-state step response (per section `lfilterZi`, scaled by
 * the DC gain of the sections before it).
 *
 * Mirrors: `scipy.signal.sosfilt_zi(sos)`.
 * @param sos - second-order sections
 * @returns rows `[z0, z1]`, one Float64Array(2) per section
 * @throws {@link @speechsr/core!ParameterError} for malformed sos or a section with a pole at z = 1
 * @example const zi = sosfiltZi(sos).map((r) => r.map((v) => v * x[0]));
 */
export function sosfiltZi(sos: Sos): Float64Array[] {
  const flat = sosfiltZiFlat(checkSos(sos, 'sosfiltZi'));
  const rows: Float64Array[] = [];
  for (let s = 0; s < flat.length / 2; s++) rows.push(flat.slice(2 * s, 2 * s + 2));
  return rows;
}

/** Default sosfiltfilt padlen: 3·(2·nSections + 1 − min(#b2 = 0, #a2 = 0)) (internal). */
export function sosPadlen(c: Float64Array): number {
  const nSec = c.length / 6;
  let b2zero = 0;
  let a2zero = 0;
  for (let s = 0; s < nSec; s++) {
    if (c[6 * s + 2] === 0) b2zero++;
    if (c[6 * s + 5] === 0) a2zero++;
  }
  return 3 * (2 * nSec + 1 - Math.min(b2zero, a2zero));
}

/** Forward-backward SOS filtering of an already padded signal, in place (internal). */
export function sosFiltfiltInPlace(c: Float64Array, zi: Float64Array, ext: Float64Array): void {
  const m = zi.length;
  const z = new Float64Array(m);
  const len = ext.length;
  const e0 = ext[0]!;
  for (let i = 0; i < m; i++) z[i] = zi[i]! * e0;
  sosRun(c, z, ext, ext, 0, 1, len);
  const yl = ext[len - 1]!;
  for (let i = 0; i < m; i++) z[i] = zi[i]! * yl;
  sosRun(c, z, ext, ext, len - 1, -1, len);
}

/**
 * Zero-phase forward-backward filtering with second-order sections.
 *
 * Mirrors: `scipy.signal.sosfiltfilt(sos, x, padtype='odd', padlen=None)`.
 * @param sos - second-order sections
 * @param x - signal (not modified); must be longer than padlen
 * @param options - `padtype` ('odd' default, 'even', 'constant', null), `padlen`
 *   (default 3·(2·nSections + 1 − min(#b2 = 0, #a2 = 0)), 27 for an order-8 design)
 * @returns a new Float64Array of x's length
 * @throws {@link @speechsr/core!ParameterError} for malformed sos, unknown padtype or bad padlen
 * @throws {@link @speechsr/core!SignalError} when x is empty, non-finite, or not longer than padlen
 * @example const y = sosfiltfilt(cheby1(8, 0.05, 0.4, { output: 'sos' }), x);
 */
export function sosfiltfilt(sos: Sos, x: Signal, options: FiltfiltOptions = {}): Float64Array {
  const c = checkSos(sos, 'sosfiltfilt');
  assertSignal(x, 'sosfiltfilt', 'x');
  const { ext, edge } = padSignal('sosfiltfilt', x, options, sosPadlen(c));
  sosFiltfiltInPlace(c, sosfiltZiFlat(c), ext);
  return ext.slice(edge, edge + x.length);
}
