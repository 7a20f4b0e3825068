import { decimate, resamplePoly, splineUpsample } from '@speechsr/dsp';
import { benchSpeech } from '../../../bench/harness.js';
import { pesq as pNew } from '../src/pesq/index.js';
import { pesq as pOld } from './_orig/index.js';
const x = benchSpeech(60);
const y = splineUpsample(decimate(x, 2), 2).subarray(0, x.length);
const x8 = resamplePoly(x, 1, 2), y8 = resamplePoly(y, 1, 2);
const n = Number(process.argv[2] ?? 5);
for (const mode of ['wb', 'nb'] as const) {
  const run = (p: typeof pNew) => mode === 'wb' ? p(x, y, { sampleRate: 16000, mode: 'wb' }) : p(x8, y8, { sampleRate: 8000, mode: 'nb' });
  const a = run(pOld), b = run(pNew);
  const t: Record<string, number[]> = { old: [], new: [] };
  for (let i = 0; i < n; i++) for (const [k, p] of [['old', pOld], ['new', pNew]] as const) {
    const t0 = performance.now(); run(p); t[k]!.push(performance.now() - t0);
  }
  const med = (v: number[]) => [...v].sort((p, q) => p - q)[v.length >> 1]!;
  console.log(mode, 'old', Math.min(...t.old).toFixed(0), med(t.old).toFixed(0), 'new', Math.min(...t.new).toFixed(0), med(t.new).toFixed(0), 'ratio(best)', (Math.min(...t.new) / Math.min(...t.old)).toFixed(3), 'Δmos', b.mosLqo - a.mosLqo, 'Δraw', b.raw - a.raw);
}
