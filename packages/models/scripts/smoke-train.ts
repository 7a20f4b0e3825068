/**
 * Training smoke run for issue #13 (kept out of `npm test`: it takes minutes).
 * Run from packages/models: `npx tsx scripts/smoke-train.ts`.
 *
 * Proposed (default config, seed 0) trained with canonical T-PCM on the fast wasm backend for
 * SMOKE_STEPS steps (default 300) of SMOKE_BATCH patches (default 16; the recipe's 32 is slower
 * than a smoke run needs) from ../shared/corpora/demo: training files → `preprocess` (seed trim,
 * MVN, `decimating` low-pass, scale 2, spline up-sampling) → 2048/1024 patches. Reports the
 * validation T-PCM before/after (dropout off) and the mean per-patch LSD (metrics' seed
 * convention) of the network vs Spline (= its own input) on the validation patches, and writes
 * bench/results/smoke-train.json.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { pickBackend } from '@speechsr/backend';
import { extractPatches, preprocess, readAudio, readFileList } from '@speechsr/dataset';
import { evaluateLoss, tpcmLoss, trainStep } from '@speechsr/losses';
import { lsd } from '@speechsr/metrics';
import { PROPOSED_RECIPE, proposed } from '../src/index.js';

const PKG_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
const CORPUS = process.env.SMOKE_CORPUS ?? join(PKG_DIR, '..', '..', 'examples', 'demo', 'corpus');
const STEPS = Number(process.env.SMOKE_STEPS ?? 300);
const BATCH = Number(process.env.SMOKE_BATCH ?? 16);
const EVAL_EVERY = Number(process.env.SMOKE_EVAL_EVERY ?? 100);
const T = 2048;

function patchesOf(list: string): { x: Float32Array; y: Float32Array; count: number } {
  const xs: Float32Array[] = [];
  const ys: Float32Array[] = [];
  let count = 0;
  for (const rel of readFileList(join(CORPUS, list))) {
    const audio = readAudio(join(CORPUS, rel), { sampleRate: 16000 });
    const pre = preprocess(audio.samples, { scale: 2, lowPass: 'decimating' });
    const p = extractPatches(pre.hr, pre.lrUp, T, 1024);
    xs.push(p.data);
    ys.push(p.label);
    count += p.count;
  }
  const x = new Float32Array(count * T);
  const y = new Float32Array(count * T);
  let off = 0;
  for (let i = 0; i < xs.length; i++) {
    x.set(xs[i]!, off);
    y.set(ys[i]!, off);
    off += xs[i]!.length;
  }
  return { x, y, count };
}

/** Deterministic shuffle (mulberry32). */
function permutation(n: number, seed: number): Uint32Array {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const p = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

async function main(): Promise<void> {
  const choice = await pickBackend('wasm', { log: () => {} });
  console.log(`backend: ${choice.backend} (${choice.overrides.length} training kernel overrides)`);
  const train = patchesOf('demo-train-files.txt');
  const val = patchesOf('demo-val-files.txt');
  console.log(`patches: train ${train.count}, val ${val.count}; steps ${STEPS} × batch ${BATCH}`);
  const model = proposed({ seed: 0 });
  const loss = tpcmLoss();
  const { learningRate, beta1, beta2, epsilon } = PROPOSED_RECIPE.optimizer;
  const optimizer = tf.train.adam(learningRate, beta1, beta2, epsilon);
  const vx = tf.tensor3d(val.x, [val.count, T, 1]);
  const vy = tf.tensor3d(val.y, [val.count, T, 1]);
  const valLoss = (): Promise<number> =>
    evaluateLoss(model, loss, vx, vy, { batchSize: Math.min(BATCH, val.count) });
  const history: { step: number; trainLoss: number; valLoss: number; seconds: number }[] = [];
  const v0 = await valLoss();
  console.log(`step 0: val T-PCM ${v0.toFixed(5)}`);
  history.push({ step: 0, trainLoss: Number.NaN, valLoss: v0, seconds: 0 });
  let perm = permutation(train.count, 0);
  let cursor = 0;
  let epoch = 0;
  let running = 0;
  let runningN = 0;
  const t0 = performance.now();
  for (let step = 1; step <= STEPS; step++) {
    if (cursor + BATCH > train.count) {
      perm = permutation(train.count, ++epoch);
      cursor = 0;
    }
    const bx = new Float32Array(BATCH * T);
    const by = new Float32Array(BATCH * T);
    for (let b = 0; b < BATCH; b++) {
      const p = perm[cursor + b]!;
      bx.set(train.x.subarray(p * T, (p + 1) * T), b * T);
      by.set(train.y.subarray(p * T, (p + 1) * T), b * T);
    }
    cursor += BATCH;
    const x = tf.tensor3d(bx, [BATCH, T, 1]);
    const y = tf.tensor3d(by, [BATCH, T, 1]);
    const l = trainStep(model, optimizer, loss, x, y);
    running += (await l.data())[0]!;
    runningN++;
    tf.dispose([x, y, l]);
    if (step % EVAL_EVERY === 0 || step === STEPS) {
      const v = await valLoss();
      const seconds = (performance.now() - t0) / 1000;
      history.push({ step, trainLoss: running / runningN, valLoss: v, seconds });
      console.log(
        `step ${step}: train T-PCM ${(running / runningN).toFixed(5)}, val T-PCM ${v.toFixed(5)}, ${seconds.toFixed(0)} s, ${tf.memory().numTensors} tensors`,
      );
      running = 0;
      runningN = 0;
    }
  }
  // LSD on the validation patches: network vs Spline (its own input)
  const pred = tf.tidy(
    () => (model.predict(vx, { batchSize: BATCH }) as tf.Tensor).dataSync() as Float32Array,
  );
  let lsdNet = 0;
  let lsdSpline = 0;
  for (let p = 0; p < val.count; p++) {
    const ref = val.y.subarray(p * T, (p + 1) * T);
    lsdNet += lsd(ref, pred.subarray(p * T, (p + 1) * T));
    lsdSpline += lsd(ref, val.x.subarray(p * T, (p + 1) * T));
  }
  lsdNet /= val.count;
  lsdSpline /= val.count;
  const summary = {
    backend: choice.backend,
    steps: STEPS,
    batch: BATCH,
    trainPatches: train.count,
    valPatches: val.count,
    valLossBefore: v0,
    valLossAfter: history[history.length - 1]!.valLoss,
    lsdProposed: lsdNet,
    lsdSpline,
    secondsPerStep: history[history.length - 1]!.seconds / STEPS,
    history,
    date: new Date().toISOString(),
  };
  console.log(JSON.stringify(summary, null, 2));
  const dir = join(PKG_DIR, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'smoke-train.json.tmp'), `${JSON.stringify(summary, null, 2)}\n`);
  renameSync(join(dir, 'smoke-train.json.tmp'), join(dir, 'smoke-train.json'));
  tf.dispose([vx, vy]);
  optimizer.dispose();
  model.dispose();
}

await main();
