import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectAllClose } from '@speechsr/test-utils';
import { expectNoLeak } from '@speechsr/test-utils/leak';
import { SeededOrthogonal } from '../src/index.js';
import { standardNormal } from '../src/random.js';
import { useCpu } from './setup.js';

beforeAll(useCpu);

/** Independent reference: classical Gram–Schmidt (twice) on the same normal draw = Q with diag(R) > 0. */
function referenceKernel(shape: number[], seed: number, gain: number): Float64Array {
  const cols = shape[shape.length - 1]!;
  const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  const z = standardNormal(m * n, seed); // A[i][j] = z[i*n + j]
  const q: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const v = new Float64Array(m);
    for (let i = 0; i < m; i++) v[i] = z[i * n + j]!;
    for (let pass = 0; pass < 2; pass++) {
      for (const u of q) {
        let d = 0;
        for (let i = 0; i < m; i++) d += u[i]! * v[i]!;
        for (let i = 0; i < m; i++) v[i] = v[i]! - d * u[i]!;
      }
    }
    let nn = 0;
    for (let i = 0; i < m; i++) nn += v[i]! * v[i]!;
    const s = 1 / Math.sqrt(nn);
    for (let i = 0; i < m; i++) v[i] = v[i]! * s;
    q.push(v);
  }
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) out[i * cols + j] = gain * (rows >= cols ? q[j]![i]! : q[i]![j]!);
  return out;
}

function gramOfRowsOrCols(w: Float32Array, rows: number, cols: number): number {
  // max |G − I| where G = WᵀW (rows ≥ cols) or WWᵀ (rows < cols)
  const n = Math.min(rows, cols);
  let worst = 0;
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      let s = 0;
      if (rows >= cols) for (let i = 0; i < rows; i++) s += w[i * cols + a]! * w[i * cols + b]!;
      else for (let j = 0; j < cols; j++) s += w[a * cols + j]! * w[b * cols + j]!;
      worst = Math.max(worst, Math.abs(s - (a === b ? 1 : 0)));
    }
  return worst;
}

describe('SeededOrthogonal', () => {
  test('same seed → same weights; other seed → other weights', () => {
    const a = new SeededOrthogonal({ seed: 5 }).apply([11, 4, 8]).dataSync();
    const b = new SeededOrthogonal({ seed: 5 }).apply([11, 4, 8]).dataSync();
    const c = new SeededOrthogonal({ seed: 6 }).apply([11, 4, 8]).dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  for (const shape of [
    [11, 4, 8],
    [11, 1, 64],
    [3, 2, 16],
    [9, 128, 2],
    [5, 8, 40],
  ]) {
    test(`[${shape.join(', ')}]: orthonormal and equal to Gram–Schmidt of the same draw`, () => {
      const w = new SeededOrthogonal({ seed: 11, gain: 1 }).apply(shape);
      expect(w.shape).toEqual(shape);
      const data = w.dataSync() as Float32Array;
      const cols = shape[2]!;
      const rows = shape[0]! * shape[1]!;
      expect(gramOfRowsOrCols(data, rows, cols)).toBeLessThan(1e-5);
      expectAllClose(data, referenceKernel(shape, 11, 1), { atol: 1e-6, rtol: 0, label: 'vs Gram–Schmidt' });
      w.dispose();
    });
  }

  test('gain scales the kernel', () => {
    const a = new SeededOrthogonal({ seed: 2, gain: 1 }).apply([5, 3, 4]).dataSync();
    const b = new SeededOrthogonal({ seed: 2, gain: 2.5 }).apply([5, 3, 4]).dataSync();
    expectAllClose(
      b,
      Array.from(a, (v) => 2.5 * v),
      { atol: 1e-6, rtol: 0 },
    );
  });

  test('serialises (class name, gain, seed) and deserialises to the same weights', () => {
    const init = new SeededOrthogonal({ seed: 9, gain: 1 });
    const layer = tfl.layers.conv1d({ filters: 6, kernelSize: 3, kernelInitializer: init as never });
    const input = tfl.input({ shape: [null, 2] });
    const m = tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
    const json = m.toJSON(null, false) as {
      config: { layers: { config: { kernel_initializer?: { class_name: string; config: object } } }[] };
    };
    const ki = json.config.layers[1]!.config.kernel_initializer!;
    expect(ki.class_name).toBe('SpeechSrOrthogonal');
    expect(ki.config).toEqual({ gain: 1, seed: 9 });
    const rebuilt = tf.serialization.SerializationMap.getMap().classNameMap.SpeechSrOrthogonal!;
    const [cls, fromConfig] = rebuilt;
    const again = fromConfig(cls, ki.config as tf.serialization.ConfigDict) as unknown as SeededOrthogonal;
    expect(Array.from(again.apply([3, 2, 6]).dataSync())).toEqual(
      Array.from(layer.getWeights()[0]!.dataSync()),
    );
  });

  test('rank < 2 is rejected', () => {
    expect(() => new SeededOrthogonal().apply([5])).toThrow(/shape must have rank >= 2/);
  });

  test('no tensor leak', async () => {
    const init = new SeededOrthogonal({ seed: 1 });
    await expectNoLeak(() => tf.dispose(init.apply([3, 4, 5])));
  });
});
