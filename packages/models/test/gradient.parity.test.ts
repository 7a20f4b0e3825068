import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, test } from 'vitest';
import { pickBackend } from '@speechsr/backend';
import { audioUNet, proposed } from '../src/index.js';
import { SMALL_UNET, testSignal, useCpu } from './setup.js';

/** Issue #13: wasm vs cpu, norm-wise relative error ≤ 1e-4 per weight gradient (same seed, dropout off). */
const GRAD_NORM_RTOL = 1e-4;

/** Per-weight gradients of a simple squared-error loss (dropout off: `apply` without training). */
function weightGradients(
  model: tfl.LayersModel,
  x: Float32Array,
  target: Float32Array,
  T: number,
  B: number,
): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  tf.tidy(() => {
    const xt = tf.tensor3d(x, [B, T, 1]);
    const yt = tf.tensor3d(target, [B, T, 1]);
    const { grads } = tf.variableGrads(
      () => tf.mean(tf.square(tf.sub(model.apply(xt) as tf.Tensor, yt))) as tf.Scalar,
    );
    for (const w of model.trainableWeights)
      out.set(w.originalName, grads[w.name]!.dataSync() as Float32Array);
  });
  return out;
}

function relNormError(a: Float32Array, ref: Float32Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < ref.length; i++) {
    num += (a[i]! - ref[i]!) ** 2;
    den += ref[i]! ** 2;
  }
  return den === 0 ? Math.sqrt(num) : Math.sqrt(num / den);
}

async function parity(build: () => tfl.LayersModel, T: number, B: number): Promise<number> {
  await useCpu();
  const model = build();
  // move away from the near-identity start so every weight gets a substantial gradient
  model.setWeights(
    model
      .getWeights()
      .map((w, i) =>
        tf.tidy(() => tf.add(w, tf.mul(0.02, tf.randomNormal(w.shape, 0, 1, 'float32', 7 + i)))),
      ),
  );
  const x = Float32Array.from(testSignal(B * T, 3));
  const target = Float32Array.from(testSignal(B * T, 4));
  const cpu = weightGradients(model, x, target, T, B);
  await pickBackend('wasm', { log: () => {} });
  expect(tf.getBackend()).toBe('wasm');
  let worst = 0;
  let worstName = '';
  try {
    const wasm = weightGradients(model, x, target, T, B);
    for (const [name, g] of cpu) {
      const e = relNormError(wasm.get(name)!, g);
      if (e > worst) {
        worst = e;
        worstName = name;
      }
    }
  } finally {
    await useCpu();
    model.dispose();
  }
  console.log(
    `gradient parity wasm vs cpu: worst per-weight norm-wise rel. error ${worst.toExponential(3)} (${worstName})`,
  );
  return worst;
}

describe('full-graph gradient parity, wasm vs cpu', () => {
  afterAll(useCpu);

  test('small AudioUNet', async () => {
    expect(await parity(() => audioUNet({ ...SMALL_UNET, dropout: 0.5 }), 2048, 2)).toBeLessThanOrEqual(
      GRAD_NORM_RTOL,
    );
  });

  test('Proposed (default config, 10.3 M parameters)', { tags: ['slow'] }, async () => {
    expect(await parity(() => proposed(), 2048, 1)).toBeLessThanOrEqual(GRAD_NORM_RTOL);
  });
});
