import * as tf from '@tensorflow/tfjs-core';
import { pickBackend } from '../../src/index.js';
import { proposedNet } from '../../test/proposed-net.js';
await pickBackend('wasm', { log: () => {}, secondCore: false });
const batch = 32;
const model = proposedNet(2048);
const opt = tf.train.adam(3e-4);
const x = tf.randomNormal([batch, 2048, 1]);
const y = tf.tidy(() => tf.add(x, tf.mul(0.1, tf.randomNormal([batch, 2048, 1]))));
const step = async () => {
  const loss = opt.minimize(() => tf.mean(tf.abs(tf.sub(model.apply(x, { training: true }) as tf.Tensor, y))) as tf.Scalar, true);
  await (loss as tf.Scalar).data(); tf.dispose(loss as tf.Scalar);
};
await step(); await step();
const agg = new Map<string, { ms: number; n: number; el: number }>();
const runs = 2;
for (let r = 0; r < runs; r++) {
  const p = await tf.profile(step);
  for (const k of p.kernels) {
    if (k.name.startsWith('Conv')) continue;
    const big = (k.inputShapes as number[][]).map(s => (s ? s.reduce((a, b) => a * b, 1) : 0));
    const el = Math.max(0, ...big);
    const sig = k.name + ' ' + (k.inputShapes as number[][]).map(s => (s ? (s.reduce((a,b)=>a*b,1) > 1 ? 'T' : 's') : '?')).join(',') + (el > 1e6 ? ' big' : el > 1e5 ? ' mid' : ' small');
    const e = agg.get(sig) ?? { ms: 0, n: 0, el: 0 };
    e.ms += k.kernelTimeMs as number; e.n++; e.el += el; agg.set(sig, e);
  }
}
for (const [s, e] of [...agg].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30))
  console.log(`${s.padEnd(34)} ${(e.ms / runs).toFixed(1).padStart(7)} ms ${(e.n / runs).toFixed(0).padStart(4)} calls ${(e.el / runs / 1e6).toFixed(2).padStart(7)} Mel ${(e.ms * 1e6 / e.el).toFixed(2)} ns/el`);
process.exit(0);
