/**
 * Filters benchmark: decimate, subsample and resamplePoly on 60 s of 16 kHz speech, compared with
 * scipy side by side (same input, same statistic) when /usr/bin/python3 has scipy, else with the
 * anchor table. Run: `npx tsx packages/dsp/bench/filters.bench.ts` (writes bench/results/filters.json).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
import { decimate, resamplePoly, subsample } from '../src/index.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const x = benchSpeech(60);
const RUNS = { runs: 7, warmup: 2 };

const ONLY = process.env.BENCH_ONLY;
/** op name (as in ANCHORS-dsp.md) → our call and the equivalent Python expression. */
const ops0: { op: string; ours: () => unknown; py: string }[] = [
  { op: 'decimate q=2', ours: () => decimate(x, 2), py: 'signal.decimate(x, 2)' },
  { op: 'decimate q=4', ours: () => decimate(x, 4), py: 'signal.decimate(x, 4)' },
  {
    op: 'seed subsample q=2',
    ours: () => subsample(x, 2),
    py: 'signal.lfilter(*signal.cheby1(8, 1, 0.5), x)[::2]',
  },
  {
    op: 'seed subsample q=4',
    ours: () => subsample(x, 4),
    py: 'signal.lfilter(*signal.cheby1(8, 1, 0.25), x)[::4]',
  },
  { op: 'resample_poly 1/2', ours: () => resamplePoly(x, 1, 2), py: 'signal.resample_poly(x, 1, 2)' },
  { op: 'resample_poly 1/4', ours: () => resamplePoly(x, 1, 4), py: 'signal.resample_poly(x, 1, 4)' },
];
// BENCH_ONLY=resample_poly (a substring) runs only the matching ops; results then hold only those rows.
const ops = ONLY ? ops0.filter((o) => o.op.includes(ONLY)) : ops0;

// Side by side, interleaved: for each op, ROUNDS rounds of (scipy, then ours), so both see the same
// machine load (the 2-core machine is shared). Each side's figure is the median of its round medians.
const ROUNDS = 3;
const side = pythonHas('scipy', 'numpy');
const table = side ? undefined : anchorTable('ANCHORS-dsp.md');
let source = 'table: ANCHORS-dsp.md';
const median = (v: number[]): number => {
  const s = [...v].sort((p, q) => p - q);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
};
const rows: ReportRow[] = [];
for (const o of ops) {
  const pyMed: number[] = [];
  const ourMed: number[] = [];
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < ROUNDS; r++) {
    if (side) {
      const code = `${PY_PRELUDE}
import scipy
from scipy import signal
x = load('x')
r = timeit(lambda: ${o.py}, runs=${RUNS.runs}, warmup=${RUNS.warmup})
r['version'] = scipy.__version__
print(json.dumps({'r': r}))`;
      const res = runPython<{ r: Timing & { version: string } }>(code, { x });
      pyMed.push(res.r.median);
      source = `side-by-side (scipy ${res.r.version})`;
    }
    const t = await time(o.ours, RUNS);
    ourMed.push(t.median);
    best = Math.min(best, t.best);
  }
  const anchor = side ? median(pyMed) : (table?.get(o.op)?.median ?? Number.NaN);
  rows.push({
    op: o.op,
    ours: median(ourMed),
    anchor,
    anchorSource: source,
    extra: { bestMs: Number(best.toFixed(2)) },
  });
}
report(packageDir, 'filters', 'median', rows);
