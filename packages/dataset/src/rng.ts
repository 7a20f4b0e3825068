import { assertInt } from '@speechsr/core';

/** A seeded uniform generator: each call returns the next double in [0, 1). */
export type Rng = () => number;

/**
 * The project PRNG: mulberry32 (32-bit state, period 2^32), seeded with an explicit integer.
 * Documented so that lists and choices can be reproduced in any language: state += 0x6D2B79F5;
 * t = imul(state ^ state>>>15, state|1); t ^= t + imul(t ^ t>>>7, t|61); out = (t ^ t>>>14) / 2^32.
 * @param seed - integer seed (taken modulo 2^32)
 * @returns a generator of doubles in [0, 1)
 * @throws {@link @speechsr/core!ParameterError} when `seed` is not an integer
 * @example const rng = createRng(0); rng(); // 0.26642920868471265
 */
export function createRng(seed: number): Rng {
  assertInt(seed, 'createRng', 'seed');
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fisher–Yates shuffle of a copy (i from n−1 down to 1, j = floor(rng()·(i+1))).
 * @param items - input (not modified)
 * @param rng - generator from {@link createRng}
 * @returns a new, shuffled array
 * @example shuffled([1, 2, 3], createRng(0));
 */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
