import * as tf from '@tensorflow/tfjs-core';
import { pickBackend } from '../../src/index.js';
import { proposedNet } from '../../test/proposed-net.js';
const cores = Number(process.argv[2] ?? 1);
await pickBackend('wasm', { log: () => {}, secondCore: cores === 2 });
const batch = 32;
const model = proposedNet(2048);
const opt = tf.train.adam(3e-4);
const x = tf.randomNormal([batch, 2048, 1]);
const y = tf.tidy(() => tf.add(x, tf.mul(0.1, tf.randomNormal([batch, 2048, 1]))));
const step = async () => {
  const loss = opt.minimize(() => tf.mean(tf.abs(tf.sub(model.apply(x, { training: true }) as tf.Tensor, y))) as tf.Scalar, true);
  await (loss as tf.Scalar).data(); tf.dispose(loss as tf.Scalar);
};
await step();
const rows = new Map<string, { ms: number[]; gf: number }>();
for (const name of ['Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput']) {
  const k = tf.getKernel(name, 'wasm')!;
  const orig = k.kernelFunc;
  const cfg = { ...k, kernelFunc: (a: any) => {
    const t0 = performance.now(); const r = orig(a); const ms = performance.now() - t0;
    let key: string; let macs: number;
    if (name === 'Conv2D') { const xs = a.inputs.x.shape; const f = a.inputs.filter.shape; const o = (r as any).shape; key = `${name} x${xs} f${f}`; macs = o[0]*o[1]*o[2]*o[3]*f[0]*f[1]*f[2]; }
    else if (name === 'Conv2DBackpropFilter') { const xs = a.inputs.x.shape; const d = a.inputs.dy.shape; const f = a.attrs.filterShape; key = `${name} x${xs} dy${d}`; macs = d[0]*d[1]*d[2]*d[3]*f[0]*f[1]*f[2]; }
    else { const d = a.inputs.dy.shape; const f = a.inputs.filter.shape; key = `${name} dy${d} f${f}`; macs = d[0]*d[1]*d[2]*d[3]*f[0]*f[1]*f[2]; }
    const e = rows.get(key) ?? { ms: [], gf: 2 * macs / 1e9 }; e.ms.push(ms); rows.set(key, e);
    return r; } };
  tf.unregisterKernel(name, 'wasm'); tf.registerKernel(cfg as any);
}
for (let i = 0; i < 3; i++) await step();
let tot = 0; let totgf = 0;
for (const [k, e] of [...rows].sort((a, b) => Math.min(...b[1].ms) - Math.min(...a[1].ms))) {
  const m = Math.min(...e.ms); tot += m; totgf += e.gf;
  console.log(`${k.padEnd(60)} ${m.toFixed(1).padStart(7)} ms ${(e.gf / m * 1000).toFixed(1).padStart(6)} GF/s`);
}
console.log('total conv (best-of)', tot.toFixed(0), 'ms', (totgf/tot*1000).toFixed(1), 'GF/s');
process.exit(0);
