import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

/** All tests run on the stock cpu backend (the parity reference) unless they say otherwise. */
export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** Deterministic test signal: a few sinusoids plus seeded noise, float64. */
export function testSignal(n: number, seed = 1): Float64Array {
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = 0.3 * Math.sin(0.031 * i) + 0.2 * Math.sin(0.173 * i + 1) + 0.1 * Math.sin(0.9 * i) + 0.05 * rnd();
  }
  return x;
}

/** A small, cheap Proposed config with the full 8-level geometry (total stride 512). */
export const SMALL_PROPOSED = { filters: [4, 4, 4, 8, 8, 8, 8, 8], seed: 7 } as const;
/** A small AudioUNet config (2 levels, total stride 8). */
export const SMALL_UNET = { layers: 2, filters: [8, 16, 16], kernelSizes: [9, 5, 5], seed: 3 } as const;
