import * as tf from '@tensorflow/tfjs-core';
import { proposedNet } from '../../test/proposed-net.js';
const which = process.argv[2] ?? 'new';
const cores = Number(process.argv[3] ?? 2);
const batch = Number(process.argv[4] ?? 32);
const steps = Number(process.argv[5] ?? 5);
const mod = which === 'base' ? await import('./base/src/index.js') : await import('../../src/index.js');
await mod.pickBackend('wasm', { log: () => {}, secondCore: cores === 2 });
const model = proposedNet(2048);
const opt = tf.train.adam(3e-4);
const x = tf.randomNormal([batch, 2048, 1]);
const y = tf.tidy(() => tf.add(x, tf.mul(0.1, tf.randomNormal([batch, 2048, 1]))));
const step = async () => {
  const loss = opt.minimize(() => tf.mean(tf.abs(tf.sub(model.apply(x, { training: true }) as tf.Tensor, y))) as tf.Scalar, true);
  await (loss as tf.Scalar).data(); tf.dispose(loss as tf.Scalar);
};
await step();
const ts: number[] = [];
for (let i = 0; i < steps; i++) { const t0 = performance.now(); await step(); ts.push(performance.now() - t0); }
ts.sort((a, b) => a - b);
console.log(`${which} cores=${cores} batch=${batch}: best ${ts[0]!.toFixed(0)} median ${ts[Math.floor(ts.length / 2)]!.toFixed(0)} ms  [${ts.map((t) => t.toFixed(0)).join(' ')}]`);
process.exit(0);
