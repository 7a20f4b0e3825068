/**
 * PESQ speed: one WB score of 60 s of 16 kHz speech and one NB score at 8 kHz, best of 5, as a ratio to
 * the python `pesq` package (ITU-T P.862 C code, in-process) from the anchor table
 * (../shared/bench/ANCHORS-dsp.md: 723.4 ms WB, 361.1 ms NB). The C reference cannot run here.
 * Input, as in the anchor: benchSpeech(60) vs its spline-upsampled decimate(q = 2) version; NB uses
 * resamplePoly(., 1, 2) of both. Run: `npx tsx packages/metrics/bench/pesq.bench.ts`.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decimate, resamplePoly, splineUpsample } from '@speechsr/dsp';
import { anchorTable, benchSpeech, type ReportRow, report, time } from '../../../bench/harness.js';
import { pesq } from '../src/pesq/index.js';

const PACKAGE_DIR = dirname(dirname(fileURLToPath(import.meta.url)));

const x = benchSpeech(60);
const y = splineUpsample(decimate(x, 2), 2).subarray(0, x.length);
const x8 = resamplePoly(x, 1, 2);
const y8 = resamplePoly(y, 1, 2);

const anchors = anchorTable('ANCHORS-dsp.md');
const rows: ReportRow[] = [];
const cases = [
  {
    op: 'PESQ WB 16 kHz, 60 s',
    anchor: 'PESQ WB 16 kHz (python pesq)',
    fallback: 723.4,
    run: () => pesq(x, y, { sampleRate: 16000, mode: 'wb' }),
  },
  {
    op: 'PESQ NB 8 kHz, 60 s',
    anchor: 'PESQ NB 8 kHz (python pesq)',
    fallback: 361.1,
    run: () => pesq(x8, y8, { sampleRate: 8000, mode: 'nb' }),
  },
];
for (const c of cases) {
  const score = c.run();
  const cpu0 = process.cpuUsage();
  const t = await time(c.run, { runs: 5, warmup: 1 });
  const cpu = process.cpuUsage(cpu0);
  const a = anchors.get(c.anchor);
  rows.push({
    op: c.op,
    ours: t.best,
    anchor: a?.best ?? c.fallback,
    anchorSource: a ? 'table: ANCHORS-dsp.md (in-process python pesq, best of 5)' : 'issue #11 figure',
    extra: {
      median: Number(t.median.toFixed(1)),
      cpuMsPerRun: Number(((cpu.user + cpu.system) / 1000 / 6).toFixed(1)),
      mosLqo: score.mosLqo,
      raw: Number.isNaN(score.raw) ? 'n/a (wb)' : score.raw,
    },
  });
}
report(PACKAGE_DIR, 'pesq', 'best', rows);
