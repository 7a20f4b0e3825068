/**
 * Spectral half of @speechsr/dsp against scipy/numpy on 60 s of 16 kHz speech.
 * Run: `npx tsx packages/dsp/bench/spectral.bench.ts` (from the repo root).
 * Python runs side by side (same input, same statistic) when /usr/bin/python3 has numpy + scipy;
 * otherwise the ratios use bench/anchors/ANCHORS-dsp.md.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  PY_PRELUDE,
  type ReportRow,
  type Timing,
  anchorTable,
  benchSpeech,
  pythonHas,
  report,
  runPython,
  time,
} from '../../../bench/harness.js';
import { TRIM_SEED, createStft, magnitude, mvn, resample, splineUpsample, trim } from '../src/index.js';

const PKG = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = { runs: 9, warmup: 2 };

const x = benchSpeech(60);
const x2 = Float64Array.from({ length: x.length / 2 }, (_, i) => x[2 * i]!);
const x4 = Float64Array.from({ length: x.length / 4 }, (_, i) => x[4 * i]!);
const stftPlan = createStft({ nFft: 512, hopLength: 256, window: 'hann' });
const nFr = stftPlan.frameCount(x.length);
const specOut = {
  re: new Float64Array(nFr * 257),
  im: new Float64Array(nFr * 257),
  nBins: 257,
  nFrames: nFr,
};
const magOut = new Float64Array(nFr * 257);

interface Op {
  op: string;
  /** row name in ANCHORS-dsp.md (fallback) */
  anchor: string;
  run: () => unknown;
  /** python key in the side-by-side JSON */
  py: string;
  /** our timing key when two rows share one python figure */
  key?: string;
}

const ops: Op[] = [
  {
    op: 'resample (FFT) q=2, 960000 → 480000',
    anchor: 'resample (FFT) q=2',
    py: 'resample',
    run: () => resample(x, x.length / 2),
  },
  {
    op: 'spline upsample r=2, 480000 → 960000',
    anchor: 'spline upsample r=2',
    py: 'spline2',
    run: () => splineUpsample(x2, 2),
  },
  {
    op: 'spline upsample r=4, 240000 → 960000',
    anchor: 'spline upsample r=4',
    py: 'spline4',
    run: () => splineUpsample(x4, 4),
  },
  {
    op: 'trim (seed params 13.01 dB, 2048/1024)',
    anchor: 'trim (seed params)',
    py: 'trim_seed',
    run: () => trim(x, TRIM_SEED),
  },
  {
    op: 'trim (librosa defaults 60 dB, 2048/512)',
    anchor: 'trim (librosa defaults)',
    py: 'trim_default',
    run: () => trim(x),
  },
  { op: 'mvn', anchor: 'mvn', py: 'mvn', run: () => mvn(x) },
  {
    op: 'stft 512/256 hann, centred, complex (plan reused)',
    anchor: '',
    py: 'stft_complex',
    run: () => stftPlan.run(x),
  },
  {
    op: '|stft| 512/256 hann, centred: plan.spectrogram(x)',
    anchor: '',
    py: 'stft',
    key: 'stft_spectrogram',
    run: () => stftPlan.spectrogram(x),
  },
  {
    op: '|stft| 512/256 hann, centred: magnitude(plan.run(x))',
    anchor: '',
    py: 'stft',
    run: () => magnitude(stftPlan.run(x)),
  },
  {
    op: '|stft| 512/256 hann, centred (plan + output arrays reused)',
    anchor: '',
    py: 'stft',
    key: 'stft_out',
    run: () => magnitude(stftPlan.run(x, { out: specOut }), { out: magOut }),
  },
];

const PY = `${PY_PRELUDE}
import scipy, scipy.signal, scipy.interpolate
x = load('x'); x2 = x[::2].copy(); x4 = x[::4].copy()
def spline(xl, r):
    n = len(xl) * r
    tck = scipy.interpolate.splrep(np.arange(0, n, r), xl)
    return scipy.interpolate.splev(np.arange(n), tck)
def trim(y, top_db, fl, hop):
    # numpy re-implementation of librosa.effects.trim (as in ANCHORS-dsp.md): constant pad, float32 rms
    yp = np.pad(y, fl // 2)
    nf = 1 + (len(yp) - fl) // hop
    fr = np.lib.stride_tricks.as_strided(yp, shape=(nf, fl), strides=(hop * yp.itemsize, yp.itemsize))
    rms = np.sqrt(np.mean(np.square(fr, dtype=np.float32), axis=-1))
    p = rms ** 2
    db = 10 * np.log10(np.maximum(1e-10, p)) - 10 * np.log10(max(1e-10, p.max()))
    nz = np.flatnonzero(db > -top_db)
    if nz.size == 0: return y[0:0]
    return y[nz[0] * hop: min(len(y), (nz[-1] + 1) * hop)]
win = scipy.signal.get_window('hann', 512, fftbins=True)
def stft_mag(y):
    # librosa.stft(y, n_fft=512, hop_length=256) re-implemented with numpy's rfft on a strided frame view
    return np.abs(stft_complex(y))
def stft_complex(y):
    yp = np.pad(y, 256)
    nf = 1 + (len(yp) - 512) // 256
    fr = np.lib.stride_tricks.as_strided(yp, shape=(nf, 512), strides=(256 * yp.itemsize, yp.itemsize))
    return np.fft.rfft(fr * win, axis=-1)
R = dict(runs=${RUNS.runs}, warmup=${RUNS.warmup})
def cpu_best(fn, runs=${RUNS.runs}):
    # process CPU time (less sensitive to other processes on a shared machine than wall time)
    b = 1e9
    for _ in range(runs):
        t0 = time.process_time(); fn(); b = min(b, (time.process_time() - t0) * 1e3)
    return b
F = {
  'resample': lambda: scipy.signal.resample(x, len(x) // 2),
  'spline2': lambda: spline(x2, 2),
  'spline4': lambda: spline(x4, 4),
  'trim_seed': lambda: trim(x, -10 * np.log10(0.05), 2048, 1024),
  'trim_default': lambda: trim(x, 60.0, 2048, 512),
  'mvn': lambda: (x - x.mean()) / x.std(),
  'stft': lambda: stft_mag(x),
  'stft_complex': lambda: stft_complex(x),
}
out = {
  'resample': timeit(lambda: scipy.signal.resample(x, len(x) // 2), **R),
  'spline2': timeit(lambda: spline(x2, 2), **R),
  'spline4': timeit(lambda: spline(x4, 4), **R),
  'trim_seed': timeit(lambda: trim(x, -10 * np.log10(0.05), 2048, 1024), **R),
  'trim_default': timeit(lambda: trim(x, 60.0, 2048, 512), **R),
  'mvn': timeit(lambda: (x - x.mean()) / x.std(), **R),
  'stft': timeit(lambda: stft_mag(x), **R),
  'stft_complex': timeit(lambda: stft_complex(x), **R),
  'versions': {'numpy': np.__version__, 'scipy': scipy.__version__},
  'cpu': {k: cpu_best(f) for k, f in F.items()},
}
print(json.dumps(out))
`;

/** Best process CPU time (user + system) over `runs` calls, ms. */
function cpuBest(fn: () => unknown, runs = RUNS.runs): number {
  let b = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t0 = process.cpuUsage();
    fn();
    const d = process.cpuUsage(t0);
    b = Math.min(b, (d.user + d.system) / 1000);
  }
  return b;
}

async function main(): Promise<void> {
  const ours: Record<string, Timing> = {};
  const oursCpu: Record<string, number> = {};
  for (const o of ops) {
    ours[o.key ?? o.py] = await time(o.run, RUNS);
    oursCpu[o.key ?? o.py] = cpuBest(o.run);
  }
  let side: Record<string, Timing> | null = null;
  let source = '';
  let pyCpu: Record<string, number> = {};
  if (pythonHas('numpy', 'scipy')) {
    const res = runPython<Record<string, Timing & Record<string, string>>>(PY, { x });
    pyCpu = res.cpu as unknown as Record<string, number>;
    const v = res.versions as unknown as Record<string, string>;
    source = `side-by-side (numpy ${v.numpy}, scipy ${v.scipy})`;
    side = res;
  }
  const table = anchorTable('ANCHORS-dsp.md');
  const rows: ReportRow[] = ops.map((o) => {
    const mine = ours[o.key ?? o.py]!.median;
    const oc = oursCpu[o.key ?? o.py]!;
    const pc = pyCpu[o.py];
    const extra: Record<string, string> =
      pc === undefined
        ? { cpuBestOursMs: oc.toFixed(2) }
        : { cpuBestOursMs: oc.toFixed(2), cpuBestPyMs: pc.toFixed(2), cpuRatio: (oc / pc).toFixed(3) };
    if (side?.[o.py])
      return { op: o.op, ours: mine, anchor: side[o.py]!.median, anchorSource: source, extra };
    const a = o.anchor ? table.get(o.anchor) : undefined;
    return {
      op: o.op,
      ours: mine,
      anchor: a ? a.median : Number.NaN,
      anchorSource: a ? 'table: ANCHORS-dsp.md' : 'none (no python here)',
    };
  });
  report(PKG, 'spectral', 'median', rows);
}

await main();
