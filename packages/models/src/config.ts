import { ParameterError, describeValue } from '@speechsr/core';

/** A validator for one config key: throws a {@link @speechsr/core!ParameterError} naming `fn` and the key. */
export type KeyCheck = (value: unknown, fn: string, key: string) => void;

/**
 * Merges user config over defaults and validates every key in one place: unknown keys, wrong
 * types and out-of-range values throw a {@link @speechsr/core!ParameterError} that names the factory and the key.
 * @internal
 */
export function resolveConfig<T extends object>(
  fn: string,
  defaults: Required<T>,
  config: Partial<T> | undefined,
  checks: { [K in keyof T]-?: KeyCheck },
): Required<T> {
  if (config != null && (typeof config !== 'object' || Array.isArray(config))) {
    throw new ParameterError(`${fn}: config must be an object, got ${describeValue(config)}.`);
  }
  const known = Object.keys(defaults);
  for (const key of Object.keys(config ?? {})) {
    if (!known.includes(key)) {
      throw new ParameterError(
        `${fn}: unknown config key ${JSON.stringify(key)}. Known keys: ${known.join(', ')}.`,
      );
    }
  }
  const out = { ...defaults } as Required<T>;
  for (const key of known as (keyof T)[]) {
    const v = (config as Partial<T> | undefined)?.[key];
    if (v !== undefined) (out as Record<keyof T, unknown>)[key] = Array.isArray(v) ? [...v] : v;
    checks[key]((out as Record<keyof T, unknown>)[key], fn, String(key));
  }
  return out;
}

/** Integer in [min, max]. */
export const intIn =
  (min: number, max = Number.MAX_SAFE_INTEGER): KeyCheck =>
  (v, fn, key) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new ParameterError(
        `${fn}: ${key} must be an integer in [${min}, ${max}], got ${describeValue(v)}.`,
      );
    }
  };

/** Finite number in [min, max) (`maxExclusive`) or [min, max]. */
export const numIn =
  (min: number, max: number, maxExclusive = false): KeyCheck =>
  (v, fn, key) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || (maxExclusive ? v >= max : v > max)) {
      throw new ParameterError(
        `${fn}: ${key} must be a number in [${min}, ${max}${maxExclusive ? ')' : ']'}, got ${describeValue(v)}.`,
      );
    }
  };

/** Non-empty array of positive integers (at least `minLength` entries). */
export const intList =
  (minLength = 1, oddOnly = false): KeyCheck =>
  (v, fn, key) => {
    if (
      !Array.isArray(v) ||
      v.length < minLength ||
      !v.every((e) => Number.isInteger(e) && e >= 1 && (!oddOnly || e % 2 === 1))
    ) {
      throw new ParameterError(
        `${fn}: ${key} must be an array of at least ${minLength} positive${oddOnly ? ' odd' : ''} integers, got ${describeValue(v)}${
          Array.isArray(v) ? ` [${v.join(', ')}]` : ''
        }.`,
      );
    }
  };

/** One of the given values. */
export const oneOf =
  (choices: readonly unknown[]): KeyCheck =>
  (v, fn, key) => {
    if (!choices.includes(v)) {
      throw new ParameterError(
        `${fn}: ${key} must be one of ${choices.map((c) => JSON.stringify(c)).join(', ')}, got ${describeValue(v)}.`,
      );
    }
  };

/** Any value accepted (documented as such). */
export const any: KeyCheck = () => {};

/** Derives the per-layer seed from the model seed (deterministic, distinct per layer). */
export function layerSeed(seed: number, layer: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (layer + 1), 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** `null` or an integer in [min, max]. */
export const nullOrInt =
  (min: number, max: number): KeyCheck =>
  (v, fn, key) => {
    if (v !== null) intIn(min, max)(v, fn, key);
  };
