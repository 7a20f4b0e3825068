/**
 * @speechsr/models benchmarks (run: `npx tsx bench/models.bench.ts` from packages/models).
 *
 * 1. Proposed forward, batch 32 × 2048, and whole-file inference of 10 s, on the fast wasm backend
 *    (`pickBackend('wasm')`), against PyTorch side by side (Debian python3-torch, 2 threads, the
 *    anchor networks of ../shared/bench/torch/models.py), else the ANCHORS-torch.md table.
 * 2. `chunked` inference of 1-minute and 10-minute files (real speech, decimated to 8 kHz) in fresh
 *    child processes, reporting wall time and peak RSS: the tensor working set is bounded by the
 *    chunk size, so RSS grows only by the signal arrays themselves (≈ 20 bytes per output sample).
 *    `BENCH_RSS_MINUTES=1,10` selects the lengths (set it to `1` for a quick run).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { pickBackend } from '@speechsr/backend';
import { decimate } from '@speechsr/dsp';
import {
  PY_PRELUDE,
  REPO_DIR,
  benchSpeech,
  pythonHas,
  report,
  runPython,
  time,
  type ReportRow,
  SHARED_DIR,
} from '../../../bench/harness.js';
import { proposed, superResolve } from '../src/index.js';

const PKG_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
const SELF = fileURLToPath(import.meta.url);

async function childRss(minutes: number): Promise<void> {
  await pickBackend('wasm', { log: () => {} });
  const speech = benchSpeech(60);
  const hr = new Float64Array(Math.round(minutes * 60 * 16000));
  for (let i = 0; i < hr.length; i += speech.length)
    hr.set(speech.subarray(0, Math.min(speech.length, hr.length - i)), i);
  const lr = decimate(hr, 2);
  const model = proposed();
  const t0 = performance.now();
  const y = await superResolve(model, lr, { scale: 2, mode: 'chunked' });
  const seconds = (performance.now() - t0) / 1000;
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify({
      minutes,
      samples: y.length,
      seconds,
      rtf: seconds / (minutes * 60),
      maxRssMiB,
      numTensors: tf.memory().numTensors,
    }),
  );
  model.dispose();
}

async function main(): Promise<void> {
  const rows: ReportRow[] = [];
  await pickBackend('wasm', { log: () => {} });
  const model = proposed();
  const B = 32;
  const x = tf.randomNormal([B, 2048, 1], 0, 1, 'float32', 1);
  const fwd = await time(
    async () => {
      const y = model.predict(x) as tf.Tensor;
      await y.data();
      y.dispose();
    },
    { runs: 5, warmup: 1 },
  );
  const tenSeconds = new Float32Array(159744);
  tenSeconds.set(Float32Array.from(benchSpeech(10).subarray(0, 159744)));
  const lr10 = decimate(benchSpeech(10), 2);
  const long = await time(
    async () => {
      const y = model.predict(tf.tensor3d(tenSeconds, [1, 159744, 1])) as tf.Tensor;
      await y.data();
      y.dispose();
    },
    { runs: 5, warmup: 1 },
  );
  const sr = await time(() => superResolve(model, lr10, { scale: 2 }), { runs: 3, warmup: 1 });
  const srChunked = await time(() => superResolve(model, lr10, { scale: 2, mode: 'chunked' }), {
    runs: 3,
    warmup: 1,
  });
  x.dispose();
  model.dispose();

  let anchorFwd = Number.NaN;
  let anchorLong = Number.NaN;
  let source = 'table: ANCHORS-torch.md (best of 5)';
  if (pythonHas('torch', 'numpy')) {
    const torchDir = join(SHARED_DIR, 'bench', 'torch');
    const res = runPython<Record<string, { median: number; best: number }>>(
      `${PY_PRELUDE}
import sys; sys.path.insert(0, ${JSON.stringify(torchDir)})
import torch
torch.set_num_threads(2)
import models as M
net = M.build('proposed').eval()
x = torch.randn(32, 1, 2048)
l = torch.randn(1, 1, 159744)
with torch.no_grad():
    a = timeit(lambda: net(x), runs=5, warmup=1)
    b = timeit(lambda: net(l), runs=5, warmup=1)
print(json.dumps({'fwd': a, 'long': b}))
`,
    );
    anchorFwd = res.fwd!.median;
    anchorLong = res.long!.median;
    source = 'side-by-side (python3-torch 1.13, 2 threads, median)';
  } else {
    const table = readFileSync(join(REPO_DIR, 'bench', 'anchors', 'ANCHORS-torch.md'), 'utf8');
    const pick = (label: string) =>
      Number(
        table
          .split('\n')
          .find((l) => l.startsWith(`| ${label}`))
          ?.split('|')[3]
          ?.trim()
          .replace(/,/g, ''),
      );
    anchorFwd = pick('forward (eval, no_grad), batch 32 x 2048');
    anchorLong = pick('inference, 1 x 159744 samples');
  }
  rows.push({
    op: 'proposed forward b32×2048 (wasm)',
    ours: fwd.median,
    anchor: anchorFwd,
    anchorSource: source,
    extra: { gflops: +((0.7732 * B) / (fwd.median / 1000)).toFixed(1) },
  });
  rows.push({
    op: 'proposed forward 1×159744 (wasm)',
    ours: long.median,
    anchor: anchorLong,
    anchorSource: source,
  });
  rows.push({
    op: 'superResolve whole, 10 s @ 8 kHz → 16 kHz (wasm)',
    ours: sr.median,
    anchor: anchorLong,
    anchorSource: `${source}; anchor = forward only`,
  });
  rows.push({
    op: 'superResolve chunked, 10 s (wasm)',
    ours: srChunked.median,
    anchor: anchorLong,
    anchorSource: `${source}; anchor = forward only`,
  });

  const minutes = (process.env.BENCH_RSS_MINUTES ?? '1,10')
    .split(',')
    .map(Number)
    .filter((m) => m > 0);
  for (const m of minutes) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', SELF, '--rss', String(m)], {
      encoding: 'utf8',
      cwd: PKG_DIR,
      maxBuffer: 1 << 24,
    });
    const last = r.stdout.trim().split('\n').pop() ?? '';
    if (r.status !== 0 || !last.startsWith('{')) {
      console.error(`rss child (${m} min) failed: ${r.stderr.slice(-2000)}`);
      continue;
    }
    const j = JSON.parse(last) as { seconds: number; rtf: number; maxRssMiB: number };
    rows.push({
      op: `superResolve chunked, ${m} min file (wasm, fresh process)`,
      ours: j.seconds * 1000,
      anchor: Number.NaN,
      anchorSource: 'none (memory-bound check)',
      extra: { rtf: +j.rtf.toFixed(3), peakRssMiB: Math.round(j.maxRssMiB) },
    });
  }
  report(PKG_DIR, 'models', 'median', rows);
}

const rssArg = process.argv.indexOf('--rss');
if (rssArg >= 0) await childRss(Number(process.argv[rssArg + 1]));
else await main();
