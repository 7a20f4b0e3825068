import { decimate, resamplePoly, splineUpsample } from '@speechsr/dsp';
import { benchSpeech } from '../../../bench/harness.js';
import { pesq } from '../src/pesq/index.js';
const x = benchSpeech(60);
const y = splineUpsample(decimate(x, 2), 2).subarray(0, x.length);
console.log(x.length);
for (const nb of [false, true]) {
(globalThis as any).__hf = [];
if (nb) pesq(resamplePoly(x, 1, 2), resamplePoly(y, 1, 2), { sampleRate: 8000, mode: 'nb' }); else pesq(x, y, { sampleRate: 16000, mode: 'wb' });
const hf: [number, number][] = (globalThis as any).__hf;
const rs = new Set(hf.map((v) => v[0])); const ds = new Set(hf.map((v) => v[1])); const ps = new Set(hf.map((v) => v[0] + ',' + v[1]));
console.log('calls', hf.length, 'distinct r0', rs.size, 'distinct d0', ds.size, 'pairs', ps.size);
}
