// Loss throughput at the training batch (32 × 2048-sample patches of real speech), cpu and the
// trainable wasm backend, with a side-by-side numpy float32 T-PCM forward as the anchor (there is
// no anchor table row for the losses; python3-torch is not installed here, so the backward pass
// has no anchor and is reported alone).
// Run: npx tsx packages/losses/bench/losses.bench.ts
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pickBackend } from '@speechsr/backend';
import {
  benchSpeech,
  PY_PRELUDE,
  pythonHas,
  type ReportRow,
  report,
  runPython,
  time,
} from '../../../bench/harness.js';
import { fLoss, mae, patchStft, tpcmLoss } from '../src/index.js';

const PKG = join(dirname(fileURLToPath(import.meta.url)), '..');
const B = 32;
const T = 2048;

const speech = benchSpeech(60);
const y = Float32Array.from(speech.subarray(0, B * T));
// x: 4-tap moving average of y (band-limited stand-in), ŷ: half-way between x and y
const x = Float32Array.from(y, (_, n) => {
  let a = 0;
  for (let j = 0; j < 4; j++) a += n % T >= j ? y[n - j]! : 0;
  return a / 4;
});
const p = Float32Array.from(y, (v, n) => x[n]! + 0.5 * (v - x[n]!));

const rows: ReportRow[] = [];

let anchorFwd = Number.NaN;
let anchorSource = 'none (python3-numpy missing)';
if (pythonHas('numpy')) {
  const r = runPython<Record<string, { median: number; best: number; runs: number }>>(
    `${PY_PRELUDE}
B, T = ${B}, ${T}
y = load('y').astype(np.float32).reshape(B, T)
p = load('p').astype(np.float32).reshape(B, T)
x = load('x').astype(np.float32).reshape(B, T)
n = np.arange(512)
w = (0.54 - 0.46 * np.cos(2 * np.pi * n / 512)).astype(np.float32)
idx = np.arange(7)[:, None] * 256 + n[None, :]
def S(z):
    return np.fft.rfft(z[:, idx] * w, axis=-1).astype(np.complex64)
def l1mag(s):
    return np.abs(s.real) + np.abs(s.imag)
def tpcm():
    sy, sp, sx = S(y), S(p), S(x)
    f1 = np.mean(np.abs(l1mag(sp) - l1mag(sy)), axis=(1, 2))
    f2 = np.mean(np.abs(l1mag(sp - sx) - l1mag(sy - sx)), axis=(1, 2))
    return 0.6 * np.mean(np.abs(p - y), axis=1) + 0.4 * 0.5 * (f1 + f2)
print(json.dumps({'tpcm': timeit(tpcm, runs=21, warmup=3)}))
`,
    { y: Float64Array.from(y), p: Float64Array.from(p), x: Float64Array.from(x) },
  );
  anchorFwd = r.tpcm!.median;
  anchorSource = 'side-by-side numpy float32 rfft (forward only)';
}

async function measure(backend: string): Promise<void> {
  const yt = tf.tensor3d(y, [B, T, 1]);
  const pt = tf.tensor3d(p, [B, T, 1]);
  const xt = tf.tensor3d(x, [B, T, 1]);
  const tpcm = tpcmLoss();
  const f = fLoss();
  const runs = { runs: 11, warmup: 3 };
  const stftT = await time(() => {
    const s = patchStft(pt);
    tf.dispose([s.re, s.im]);
  }, runs);
  const maeT = await time(() => tf.dispose(mae(yt, pt)), runs);
  const fT = await time(() => tf.dispose(f(yt, pt)), runs);
  const fwd = await time(() => tf.dispose(tpcm(yt, pt, xt)), runs);
  const bwd = await time(() => {
    const { value, grads } = tf.valueAndGrads((v: tf.Tensor) => tf.mean(tpcm(yt, v, xt)) as tf.Scalar)([pt]);
    tf.dispose([value, ...grads]);
  }, runs);
  const na = 'no anchor';
  rows.push({
    op: `${backend}: patchStft [32, 2048]`,
    ours: stftT.median,
    anchor: Number.NaN,
    anchorSource: na,
  });
  rows.push({ op: `${backend}: MAE forward`, ours: maeT.median, anchor: Number.NaN, anchorSource: na });
  rows.push({ op: `${backend}: F forward`, ours: fT.median, anchor: Number.NaN, anchorSource: na });
  rows.push({ op: `${backend}: T-PCM forward`, ours: fwd.median, anchor: anchorFwd, anchorSource });
  rows.push({
    op: `${backend}: T-PCM value + gradient`,
    ours: bwd.median,
    anchor: Number.NaN,
    anchorSource: na,
  });
  tf.dispose([yt, pt, xt]);
}

await tf.setBackend('cpu');
await measure('cpu');
await pickBackend('wasm', { log: () => {} });
await measure('wasm');
report(PKG, 'losses', 'median', rows);
