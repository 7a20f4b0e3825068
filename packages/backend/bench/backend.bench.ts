/**
 * Proposed network (10.28 M parameters) on the trainable wasm backend vs PyTorch on CPU, side by side:
 * forward at batch 1/8/32, training step (MAE + Adam 3e-4) at batch 8/32, 10 s whole-file inference,
 * peak RSS of a training step, and the wasm ceiling (stock XNNPACK single-core GFLOP/s on the
 * network's largest conv layer, times the cores used).
 *
 *   npm run bench -w @speechsr/backend
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import {
  PY_PRELUDE,
  pythonHas,
  type ReportRow,
  report,
  runPython,
  SHARED_DIR,
  time,
} from '../../../bench/harness.js';
import { pickBackend, secondCoreActive, startSecondCore, stopSecondCore } from '../src/index.js';
import { proposedNet } from '../test/proposed-net.js';
import { makeStep } from './train-step.js';

const PKG = join(dirname(fileURLToPath(import.meta.url)), '..');
const TORCH_DIR = join(SHARED_DIR, 'bench', 'torch');
const PATCH = 2048;
const LONG = 160_000 - (160_000 % 512); // 10 s at 16 kHz cropped to a multiple of 512 (159,744)
const RUNS = { runs: 5, warmup: 2 };

/** Conv FLOPs per forward pass as ANCHORS-torch.md counts them: Σ 2·K·Cin·Cout·Lout over conv layers. */
function convLayers(model: tfl.LayersModel): Array<{
  name: string;
  k: number;
  cin: number;
  cout: number;
  lin: number;
  lout: number;
  stride: number;
  flops: number;
}> {
  return model.layers
    .filter((l) => l.getClassName() === 'Conv1D')
    .map((l) => {
      const [k, cin, cout] = (l.getWeights()[0] as tf.Tensor).shape as [number, number, number];
      const lin = (l.inputSpec?.[0]?.shape?.[1] ?? (l.input as tfl.SymbolicTensor).shape[1]) as number;
      const lout = (l.outputShape as number[])[1] as number;
      return { name: l.name, k, cin, cout, lin, lout, stride: lin / lout, flops: 2 * k * cin * cout * lout };
    });
}

function vmHwmKiB(): number {
  const m = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : Number.NaN;
}


/** Child mode: peak RSS of a training step at batch 32 (peak reset after building model + Adam). */
async function rssChild(): Promise<void> {
  await pickBackend('wasm', { log: () => {} });
  const model = proposedNet(PATCH);
  const { step } = makeStep(model, 32, PATCH);
  await step();
  const built = vmHwmKiB();
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    /* older kernels: the peak then includes the build */
  }
  for (let i = 0; i < 5; i++) await step();
  console.log(JSON.stringify({ hwmBuildKiB: built, hwmKiB: vmHwmKiB(), numTensors: tf.memory().numTensors }));
  process.exit(0);
}

/** Medians of the proposed section of bench/anchors/ANCHORS-torch.md (quiet machine, for context). */
function tableMedians(): Record<string, number> {
  const text = readFileSync(join(PKG, '..', '..', 'bench', 'anchors', 'ANCHORS-torch.md'), 'utf8');
  const section = text.slice(text.indexOf('## proposed'), text.indexOf('## audiounet'));
  const keys: Array<[string, RegExp]> = [
    ['fwd_b1', /^\| forward \(eval, no_grad\), batch 1 x 2048 \| ([\d.,]+) \| ([\d.,]+) /m],
    ['fwd_b8', /^\| forward \(eval, no_grad\), batch 8 x 2048 \| ([\d.,]+) \| ([\d.,]+) /m],
    ['fwd_b32', /^\| forward \(eval, no_grad\), batch 32 x 2048 \| ([\d.,]+) \| ([\d.,]+) /m],
    ['long', /^\| inference, 1 x 159744 samples[^|]*\| ([\d.,]+) \| ([\d.,]+) /m],
    ['train_b8', /^\| train step [^|]*batch 8 x 2048 \| ([\d.,]+) \| ([\d.,]+) /m],
    ['train_b32', /^\| train step [^|]*batch 32 x 2048 \| ([\d.,]+) \| ([\d.,]+) /m],
  ];
  const out: Record<string, number> = {};
  for (const [k, re] of keys) {
    const m = re.exec(section);
    if (m) out[k] = Number((m[2] as string).replace(/,/g, ''));
  }
  return out;
}

const TORCH_CODE = `${PY_PRELUDE}
import sys, subprocess, json
sys.path.insert(0, ${JSON.stringify(TORCH_DIR)})
import torch, benchlib, models as M
torch.set_num_threads(2); torch.manual_seed(0)
def ms(r): return {'median': 1e3 * r['median_s'], 'best': 1e3 * r['best_s'], 'runs': len(r['times_s'])}
out = {}
model = M.build('proposed'); model.eval()
for b in (1, 8, 32):
    x = torch.randn(b, 1, 2048)
    with torch.no_grad():
        out[f'fwd_b{b}'] = ms(benchlib.timed(lambda: model(x)))
x = torch.randn(1, 1, ${LONG})
with torch.no_grad():
    out['long'] = ms(benchlib.timed(lambda: model(x)))
for b in (8, 32):
    m = M.build('proposed'); m.train()
    step, _, _ = benchlib.make_train_step(m, b)
    out[f'train_b{b}'] = ms(benchlib.timed(step))
p = subprocess.run([sys.executable, 'benchlib.py', '--probe-mem', 'proposed', 'train', '32'], cwd=${JSON.stringify(TORCH_DIR)}, capture_output=True, text=True)
out['rss_train_b32_kib'] = json.loads(p.stdout.strip().split('\\n')[-1])['vm_hwm_kib'] if p.returncode == 0 else None
out['torch'] = torch.__version__
print(json.dumps(out))
`;

async function main(): Promise<void> {
  if (process.argv.includes('--rss-child')) return rssChild();
  const load0 = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const choice = await pickBackend('wasm');
  const cores = choice.secondCore ? 2 : 1;
  const model = proposedNet(PATCH);
  const layers = convLayers(model);
  const flopsPatch = layers.reduce((a, l) => a + l.flops, 0);
  console.log(
    `params ${model.countParams()}, conv FLOPs per patch ${flopsPatch} (ANCHORS-torch.md: 773193728)`,
  );
  const ours: Record<string, number> = {};
  const gflops: Record<string, number> = {};

  for (const b of [1, 8, 32]) {
    const x = tf.randomNormal([b, PATCH, 1]);
    const t = await time(async () => {
      const y = tf.tidy(() => model.apply(x, { training: false }) as tf.Tensor);
      await y.data();
      y.dispose();
    }, RUNS);
    x.dispose();
    ours[`fwd_b${b}`] = t.median;
    gflops[`fwd_b${b}`] = (flopsPatch * b) / t.median / 1e6;
    console.log(`forward b${b}: ${t.median.toFixed(1)} ms`);
  }
  {
    const long = proposedNet(LONG);
    long.setWeights(model.getWeights());
    const x = tf.randomNormal([1, LONG, 1]);
    const t = await time(
      async () => {
        const y = tf.tidy(() => long.apply(x, { training: false }) as tf.Tensor);
        await y.data();
        y.dispose();
      },
      { runs: 3, warmup: 1 },
    );
    x.dispose();
    long.dispose();
    ours.long = t.median;
    gflops.long = (flopsPatch * (LONG / PATCH)) / t.median / 1e6;
    console.log(`10 s inference: ${t.median.toFixed(1)} ms`);
  }
  const trainVariants: Array<[string, number, boolean]> = [
    ['train_b8', 8, true],
    ['train_b32', 32, true],
    ['train_b32_1core', 32, false],
  ];
  let leak = 0;
  for (const [key, b, two] of trainVariants) {
    if (two) await startSecondCore();
    else await stopSecondCore();
    const m = proposedNet(PATCH);
    const { step, dispose } = makeStep(m, b, PATCH);
    await step();
    const n0 = tf.memory().numTensors;
    const t = await time(step, RUNS);
    leak = Math.max(leak, tf.memory().numTensors - n0);
    dispose();
    m.dispose();
    ours[key] = t.median;
    gflops[key] = (3 * flopsPatch * b) / t.median / 1e6;
    console.log(`${key}: ${t.median.toFixed(1)} ms (${secondCoreActive() ? 2 : 1} cores)`);
  }
  // Ceiling: stock XNNPACK forward on the largest conv layer, one core, batch 32.
  await stopSecondCore();
  const big = layers.reduce((a, l) => (l.flops > a.flops ? l : a));
  const xb = tf.randomNormal([32, big.lin, big.cin]) as tf.Tensor3D;
  const wb = tf.randomNormal([big.k, big.cin, big.cout]) as tf.Tensor3D;
  const tc = await time(async () => {
    const y = tf.conv1d(xb, wb, big.stride, 'same');
    await y.data();
    y.dispose();
  }, RUNS);
  tf.dispose([xb, wb]);
  const ceiling1 = (big.flops * 32) / tc.median / 1e6;
  const ceiling = ceiling1 * cores;
  await startSecondCore();
  console.log(
    `ceiling: ${big.name} (k${big.k}, ${big.cin}->${big.cout}, L ${big.lout}) ${ceiling1.toFixed(1)} GFLOP/s x ${cores} cores`,
  );

  const child = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--rss-child'],
    { encoding: 'utf8' },
  );
  const rss = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as { hwmKiB?: number };
  const rssMiB = (rss.hwmKiB ?? Number.NaN) / 1024;

  let torch: Record<string, { median: number } | number | string | null> = {};
  let source = 'side-by-side (python3-torch)';
  if (pythonHas('torch')) {
    torch = runPython(TORCH_CODE) as typeof torch;
    source = `side-by-side (torch ${torch.torch as string}, 2 threads)`;
  } else {
    source = 'table: ANCHORS-torch.md (torch not importable)';
    torch = Object.fromEntries(Object.entries(tableMedians()).map(([k, v]) => [k, { median: v }]));
    torch.rss_train_b32_kib = null;
  }
  const load1 = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const table = tableMedians();
  const anchor = (k: string) => (torch[k] as { median: number } | undefined)?.median ?? Number.NaN;
  const label: Record<string, string> = {
    fwd_b1: 'forward, batch 1 x 2048',
    fwd_b8: 'forward, batch 8 x 2048',
    fwd_b32: 'forward, batch 32 x 2048',
    long: 'inference, 1 x 159744 (10 s)',
    train_b8: 'train step (MAE + Adam), batch 8',
    train_b32: 'train step (MAE + Adam), batch 32',
    train_b32_1core: 'train step, batch 32, one core',
  };
  const rows: ReportRow[] = Object.keys(label).map((k) => ({
    op: label[k] as string,
    ours: ours[k] as number,
    anchor: k === 'train_b32_1core' ? anchor('train_b32') : anchor(k),
    anchorSource: source,
    extra: {
      gflops: Number((gflops[k] as number).toFixed(1)),
      vsTable: Number(
        ((ours[k] as number) / (table[k === 'train_b32_1core' ? 'train_b32' : k] ?? Number.NaN)).toFixed(2),
      ),
      ...(k.startsWith('train')
        ? {
            ofCeiling: `${((100 * (gflops[k] as number)) / (k.endsWith('1core') ? ceiling1 : ceiling)).toFixed(0)}%`,
          }
        : {}),
      ...(k === 'long' ? { rtf: Number(((ours.long as number) / 1000 / (LONG / 16000)).toFixed(4)) } : {}),
    },
  }));
  const torchRss = (torch.rss_train_b32_kib as number | null) ?? Number.NaN;
  rows.push({
    op: 'peak RSS, train step batch 32 (MiB)',
    ours: rssMiB,
    anchor: torchRss / 1024,
    anchorSource: `${source}, VmHWM after build`,
  });
  console.log(
    `wasm ceiling: ${ceiling1.toFixed(1)} GFLOP/s x ${cores} = ${ceiling.toFixed(1)} GFLOP/s; ` +
      `tensor leak per step: ${leak}; load average before ${load0}, after ${load1}`,
  );
  report(PKG, 'backend', 'median', rows);
  const file = join(PKG, 'bench', 'results', 'backend.json');
  const json = JSON.parse(readFileSync(file, 'utf8'));
  json.ceiling = { layer: big, gflopsOneCore: ceiling1, cores, gflops: ceiling };
  json.load = { before: load0, after: load1 };
  json.numTensorsGrowthPerStep = leak;
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  process.exit(0);
}

await main();
