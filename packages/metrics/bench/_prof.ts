import { decimate, resamplePoly, splineUpsample } from '@speechsr/dsp';
import { benchSpeech } from '../../../bench/harness.js';
import { pesq } from '../src/pesq/index.js';
const x = benchSpeech(60);
const y = splineUpsample(decimate(x, 2), 2).subarray(0, x.length);
const x8 = resamplePoly(x, 1, 2);
const y8 = resamplePoly(y, 1, 2);
const mode = process.argv[2] ?? 'wb';
const n = Number(process.argv[3] ?? 6);
const ts: number[] = [];
for (let i = 0; i < n; i++) {
  const t0 = performance.now();
  const r = mode === 'wb' ? pesq(x, y, { sampleRate: 16000, mode: 'wb' }) : pesq(x8, y8, { sampleRate: 8000, mode: 'nb' });
  ts.push(performance.now() - t0);
  if (i === 0) console.log(r);
}
console.log(mode, ts.map((t) => t.toFixed(0)).join(' '), 'best', Math.min(...ts.slice(1)).toFixed(1));
