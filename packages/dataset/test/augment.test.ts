import { decimate } from '@speechsr/dsp';
import { expectAllClose } from '@speechsr/test-utils';
import { describe, expect, test } from 'vitest';
import { convolveMir, mirTestPair } from '../src/index.js';

describe('MIR augmentation (training.md Table V)', () => {
  test('full linear convolution, N + M − 1 samples, equal to the direct sum', () => {
    const x = Float64Array.from({ length: 300 }, (_, i) => Math.sin(i * 0.37) + 0.1 * Math.cos(i * 1.3));
    const h = Float64Array.from({ length: 37 }, (_, i) => Math.exp(-i / 6) * (i % 3 === 0 ? 1 : -0.5));
    const y = convolveMir(x, h);
    expect(y.length).toBe(336);
    const ref = new Float64Array(336);
    for (let i = 0; i < 300; i++) for (let j = 0; j < 37; j++) ref[i + j]! += x[i]! * h[j]!;
    expectAllClose(y, ref, { atol: 1e-12, rtol: 0 });
  });
  test('mirTestPair = (x * h, decimate(x * h, r))', () => {
    const x = Float64Array.from({ length: 500 }, (_, i) => Math.sin(i * 0.05));
    const h = Float64Array.from([1, 0.5, 0.25]);
    const { reference, lowRes } = mirTestPair(x, h, 2);
    expectAllClose(lowRes, decimate(reference, 2), { atol: 0, rtol: 0 });
    expect(() => convolveMir(x, new Float64Array(0))).toThrow(/convolveMir: ir must not be empty/);
  });
});
