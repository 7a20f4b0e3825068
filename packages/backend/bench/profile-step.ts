/**
 * Per-kernel time of one training step (MAE + Adam) of the Proposed network at batch 32 on wasm.
 *   npx tsx bench/profile-step.ts [1|2]   (cores; default 2)
 */
import * as tf from '@tensorflow/tfjs-core';
import { pickBackend } from '../src/index.js';
import { WasmOps } from '../src/wasm-internals.js';
import { proposedNet } from '../test/proposed-net.js';
import { makeStep } from './train-step.js';

const cores = Number(process.argv[2] ?? 2);
const batch = Number(process.argv[3] ?? 32);
await pickBackend('wasm', { log: () => {}, secondCore: cores === 2 });
const model = proposedNet(2048);
const { step } = makeStep(model, batch, 2048);
// Inner stock-kernel time (inside our overrides).
const inner = new Map<string, { ms: number; n: number }>();
const origRun = WasmOps.prototype.run;
WasmOps.prototype.run = function (name, inputs, attrs) {
  const t0 = performance.now();
  const r = origRun.call(this, name, inputs, attrs);
  const e = inner.get(name) ?? { ms: 0, n: 0 };
  e.ms += performance.now() - t0;
  e.n++;
  inner.set(name, e);
  return r;
};
await step();
await step();
inner.clear();
const runs = 3;
const agg = new Map<string, { ms: number; n: number }>();
let total = 0;
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const p = await tf.profile(step);
  total += performance.now() - t0;
  for (const k of p.kernels) {
    const e = agg.get(k.name) ?? { ms: 0, n: 0 };
    e.ms += k.kernelTimeMs as number;
    e.n++;
    agg.set(k.name, e);
  }
}
const rows = [...agg].sort((a, b) => b[1].ms - a[1].ms);
const sum = rows.reduce((s, [, e]) => s + e.ms, 0);
console.log(`cores ${cores} batch ${batch}: step wall ${(total / runs).toFixed(0)} ms (profiled), kernel sum ${(sum / runs).toFixed(0)} ms`);
for (const [name, e] of rows.slice(0, 25))
  console.log(`${name.padEnd(24)} ${(e.ms / runs).toFixed(1).padStart(8)} ms  ${(e.n / runs).toFixed(0).padStart(5)} calls`);
console.log('-- stock kernels called inside overrides --');
for (const [name, e] of [...inner].sort((a, b) => b[1].ms - a[1].ms))
  console.log(`${name.padEnd(24)} ${(e.ms / runs).toFixed(1).padStart(8)} ms  ${(e.n / runs).toFixed(0).padStart(5)} calls`);
process.exit(0);
