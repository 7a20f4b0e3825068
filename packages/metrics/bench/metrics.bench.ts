/**
 * Speed of snr, snrSeg and lsd('seed') on 60 s of 16 kHz speech against the reference
 * implementations: numpy re-implementations of compute_snr1 / pysepm.SNRseg / compute_lsd timed side
 * by side with Debian python3-numpy (same statistic, same input), plus the anchor table
 * (bench/anchors/ANCHORS-dsp.md), whose librosa row is the LSD anchor when librosa is not importable.
 * Run: npx tsx packages/metrics/bench/metrics.bench.ts
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStft, decimate, splineUpsample } from '@speechsr/dsp';
import {
  anchorTable,
  benchSpeech,
  PY_PRELUDE,
  pythonHas,
  type ReportRow,
  report,
  runPython,
  type Timing,
  time,
} from '../../../bench/harness.js';
import { lsd, snr, snrSeg } from '../src/index.js';

const PKG = join(dirname(fileURLToPath(import.meta.url)), '..');
const x = benchSpeech(60);
// The anchors' "estimate": the spline-upsampled decimate(q = 2) version of the same speech.
const y = splineUpsample(decimate(x, 2), 2).subarray(0, x.length);

// Generous warm-up: on a loaded 2-core machine V8's background compiler can take dozens of calls
// to deliver optimised code for a ~1 ms function; we time the steady state, as numpy's is.
const RUNS = { runs: 9, warmup: 5 };
const ours = {
  snr: await time(() => snr(x, y), { runs: 31, warmup: 100 }),
  snrSeg: await time(() => snrSeg(x, y), { runs: 15, warmup: 30 }),
  lsd: await time(() => lsd(x, y), RUNS),
  lsdReflect: await time(() => lsd(x, y, { padMode: 'reflect' }), RUNS),
};
// How much of lsd('seed') is the two @speechsr/dsp STFTs (the rest is our log-spectral loop).
const plan = createStft({ nFft: 512, hopLength: 256, window: 'hann', center: true, padMode: 'constant' });
const stft2 = await time(() => {
  plan.run(x);
  plan.run(y);
}, RUNS);
const values = { snr: snr(x, y), snrSeg: snrSeg(x, y), lsd: lsd(x, y) };

// numpy re-implementations with the same formulas as the anchors (strided frame views + pocketfft).
const PY = `${PY_PRELUDE}
x = load('x'); y = load('y'); EPS = np.finfo(np.float64).eps
def snr1(x, y):
    return 10*np.log10(np.square(np.linalg.norm(x)) / (np.square(np.linalg.norm(y - x)) + EPS) + EPS)
def snrseg(x, y, fs=16000, fl=0.128, ov=0.5):
    L = round(fl*fs); skip = int(np.floor((1-ov)*fl*fs))
    w = 0.5*(1 - np.cos(2*np.pi*np.arange(1, L+1)/(L+1)))
    cf = w*np.lib.stride_tricks.sliding_window_view(x, L)[::skip]
    pf = w*np.lib.stride_tricks.sliding_window_view(y, L)[::skip]
    seg = 10*np.log10(np.power(cf, 2).sum(-1)/(np.power(cf - pf, 2).sum(-1) + EPS) + EPS)
    seg = np.clip(seg, -10, 35)[:-1]
    return float(np.mean(seg))
def stft(s, n=512, hop=256, mode='constant'):
    w = 0.5 - 0.5*np.cos(2*np.pi*np.arange(n)/n)
    s = np.pad(s, (n//2, n//2), mode=mode)
    fr = np.lib.stride_tricks.sliding_window_view(s, n)[::hop].T
    return np.fft.rfft(w[:, None]*fr, axis=0)
def lsd(x, y, mode='constant'):
    l1 = np.log10(np.power(np.abs(stft(x, mode=mode)), 2) + EPS)
    l2 = np.log10(np.power(np.abs(stft(y, mode=mode)), 2) + EPS)
    return float(np.mean(np.sqrt(np.mean(np.power(l1 - l2, 2), axis=0))))
out = {'snr': timeit(lambda: snr1(x, y), 31, 10), 'snrSeg': timeit(lambda: snrseg(x, y), 9, 3),
       'lsd': timeit(lambda: lsd(x, y), 9, 3), 'lsdReflect': timeit(lambda: lsd(x, y, 'reflect'), 9, 3),
       'values': {'snr': float(snr1(x, y)), 'snrSeg': snrseg(x, y), 'lsd': lsd(x, y)}}
import numpy; out['numpy'] = numpy.__version__
print(json.dumps(out))
`;
type PyOut = Record<'snr' | 'snrSeg' | 'lsd' | 'lsdReflect', Timing> & {
  values: Record<'snr' | 'snrSeg' | 'lsd', number>;
  numpy: string;
};
const py = pythonHas('numpy') ? runPython<PyOut>(PY, { x, y: Float64Array.from(y) }) : undefined;
if (py) {
  for (const k of ['snr', 'snrSeg', 'lsd'] as const) {
    const d = Math.abs(values[k] - py.values[k]);
    console.log(`check ${k}: ours ${values[k]} numpy ${py.values[k]} |diff| ${d.toExponential(2)}`);
    if (!(d < 1e-9)) throw new Error(`bench: ${k} differs from numpy by ${d}`);
  }
}
const table = anchorTable('ANCHORS-dsp.md');
const tab = (op: string): number => table.get(op)?.median ?? Number.NaN;
const side = py ? `side-by-side (numpy ${py.numpy}, /usr/bin/python3)` : '';
const rows: ReportRow[] = [];
const add = (op: string, t: Timing, anchor: number, anchorSource: string) =>
  rows.push({ op, ours: t.median, anchor, anchorSource, extra: { oursBest: Number(t.best.toFixed(2)) } });
if (py) {
  add('snr (compute_snr1)', ours.snr, py.snr.median, side);
  add('snrSeg (pysepm.SNRseg re-impl.)', ours.snrSeg, py.snrSeg.median, side);
  add("lsd('seed', constant)", ours.lsd, py.lsd.median, `${side}, numpy re-impl. of compute_lsd`);
  rows[rows.length - 1]!.extra = {
    ...rows[rows.length - 1]!.extra,
    dspStftTwiceMs: Number(stft2.median.toFixed(2)),
  };
  add(
    "lsd('seed', reflect)",
    ours.lsdReflect,
    py.lsdReflect.median,
    `${side}, numpy re-impl. of compute_lsd`,
  );
}
add('snr (compute_snr1)', ours.snr, tab('SNR (compute_snr1)'), 'table: ANCHORS-dsp.md');
add('snrSeg', ours.snrSeg, tab('segmental SNR'), 'table: ANCHORS-dsp.md (numpy re-impl.)');
add('snrSeg', ours.snrSeg, tab('segmental SNR (pysepm)'), 'table: ANCHORS-dsp.md (pysepm itself)');
add("lsd('seed')", ours.lsd, tab('LSD'), 'table: ANCHORS-dsp.md (numpy re-impl.)');
add(
  "lsd('seed')",
  ours.lsd,
  tab('LSD (librosa, seed compute_lsd)'),
  'table: ANCHORS-dsp.md (librosa 0.11 float32)',
);
report(PKG, 'metrics', 'median', rows);
