import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/**
 * Runs `fn` once to warm up (kernels and caches may allocate once), then `repeats` more times,
 * and asserts that `tf.memory().numTensors` did not change across the measured runs.
 */
export async function expectNoLeak(fn: () => unknown | Promise<unknown>, repeats = 2): Promise<void> {
  await fn();
  const before = tf.memory().numTensors;
  for (let i = 0; i < repeats; i++) await fn();
  const after = tf.memory().numTensors;
  expect(after, `tensor leak: ${after - before} tensors left after ${repeats} runs`).toBe(before);
}
