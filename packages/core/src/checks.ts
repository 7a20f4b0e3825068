import { ParameterError, SignalError } from './errors.js';
import type { Signal } from './types.js';

function show(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as Signal).length})`;
  if (Array.isArray(value)) return `Array(${value.length})`;
  return typeof value;
}

/** Formats a value for an error message (numbers as is, arrays by type and length). */
export const describeValue = show;

/** Options of {@link assertSignal}: the shortest accepted signal and whether samples must be finite. */
export interface SignalCheckOptions {
  /** Smallest accepted length. @defaultValue 1 */
  minLength?: number;
  /** Reject NaN and ±Infinity samples. @defaultValue true */
  finite?: boolean;
}

/**
 * True when every sample of `x` is finite (no NaN, no ±Infinity). One pass per array type with four
 * independent accumulators of `v·0` (0 for a finite sample, NaN otherwise), so it runs at memory speed.
 * @param x - signal (not modified)
 * @returns whether all samples are finite
 * @example if (!isFiniteSignal(x)) x = x.map((v) => (Number.isFinite(v) ? v : 0));
 */
export function isFiniteSignal(x: Signal): boolean {
  return x instanceof Float64Array ? finite64(x) : finite32(x as Float32Array);
}

function finite64(x: Float64Array): boolean {
  const n = x.length;
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    a0 += x[i]! * 0;
    a1 += x[i + 1]! * 0;
    a2 += x[i + 2]! * 0;
    a3 += x[i + 3]! * 0;
  }
  for (; i < n; i++) a0 += x[i]! * 0;
  return a0 + a1 + a2 + a3 === 0;
}

function finite32(x: Float32Array): boolean {
  const n = x.length;
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    a0 += x[i]! * 0;
    a1 += x[i + 1]! * 0;
    a2 += x[i + 2]! * 0;
    a3 += x[i + 3]! * 0;
  }
  for (; i < n; i++) a0 += x[i]! * 0;
  return a0 + a1 + a2 + a3 === 0;
}

/**
 * Asserts that `x` is a Float32Array or Float64Array of at least `minLength` finite samples.
 * @throws {@link ParameterError} when `x` is not a float typed array
 * @throws {@link SignalError} when it is too short or holds a non-finite sample
 */
export function assertSignal(
  x: unknown,
  fn: string,
  name: string,
  options: SignalCheckOptions = {},
): asserts x is Signal {
  const { minLength = 1, finite = true } = options;
  if (!(x instanceof Float32Array || x instanceof Float64Array)) {
    if (!(ArrayBuffer.isView(x) && /^Float(32|64)Array$/.test(x.constructor.name))) {
      throw new ParameterError(`${fn}: ${name} must be a Float32Array or Float64Array, got ${show(x)}.`);
    }
  }
  const s = x as Signal;
  if (s.length < minLength) {
    throw new SignalError(
      minLength <= 1
        ? `${fn}: ${name} must not be empty, got a signal of length 0.`
        : `${fn}: ${name} must have at least ${minLength} samples, got ${s.length}.`,
    );
  }
  if (finite && !isFiniteSignal(s)) {
    for (let i = 0; i < s.length; i++) {
      if (!Number.isFinite(s[i]!)) {
        throw new SignalError(`${fn}: ${name} must be finite, got ${s[i]} at sample ${i}.`);
      }
    }
  }
}

/** Options of {@link assertNumber} and {@link assertInt}: the accepted range (both ends included by default). */
export interface NumberCheckOptions {
  /** Smallest accepted value. @defaultValue no lower bound */
  min?: number;
  /** Largest accepted value. @defaultValue no upper bound */
  max?: number;
  /** Exclude `min` itself. @defaultValue false */
  minExclusive?: boolean;
  /** Exclude `max` itself. @defaultValue false */
  maxExclusive?: boolean;
}

function rangeText(o: NumberCheckOptions): string {
  const lo = o.min === undefined ? '' : `${o.minExclusive ? '>' : '>='} ${o.min}`;
  const hi = o.max === undefined ? '' : `${o.maxExclusive ? '<' : '<='} ${o.max}`;
  return [lo, hi].filter(Boolean).join(' and ');
}

function inRange(v: number, o: NumberCheckOptions): boolean {
  if (o.min !== undefined && (o.minExclusive ? v <= o.min : v < o.min)) return false;
  if (o.max !== undefined && (o.maxExclusive ? v >= o.max : v > o.max)) return false;
  return true;
}

/**
 * Asserts a finite number in the given range.
 * @throws {@link ParameterError} naming the function, the argument, the range and the value
 */
export function assertNumber(
  v: unknown,
  fn: string,
  name: string,
  options: NumberCheckOptions = {},
  hint = '',
): asserts v is number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !inRange(v, options)) {
    const range = rangeText(options);
    throw new ParameterError(
      `${fn}: ${name} must be a finite number${range ? ` ${range}` : ''}, got ${show(v)}.${hint ? ` ${hint}` : ''}`,
    );
  }
}

/**
 * Asserts an integer in the given range.
 * @throws {@link ParameterError} naming the function, the argument, the range and the value
 */
export function assertInt(
  v: unknown,
  fn: string,
  name: string,
  options: NumberCheckOptions = {},
  hint = '',
): asserts v is number {
  if (typeof v !== 'number' || !Number.isInteger(v) || !inRange(v, options)) {
    const range = rangeText(options);
    throw new ParameterError(
      `${fn}: ${name} must be an integer${range ? ` ${range}` : ''}, got ${show(v)}.${hint ? ` ${hint}` : ''}`,
    );
  }
}

/**
 * Asserts that `v` is one of `choices`.
 * @throws {@link ParameterError} listing the accepted values
 */
export function assertOneOf<T extends string | number>(
  v: unknown,
  fn: string,
  name: string,
  choices: readonly T[],
): asserts v is T {
  if (!choices.includes(v as T)) {
    throw new ParameterError(
      `${fn}: ${name} must be one of ${choices.map((c) => JSON.stringify(c)).join(', ')}, got ${show(v)}.`,
    );
  }
}
