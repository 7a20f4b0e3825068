import { decimate, resamplePoly, splineUpsample } from '@speechsr/dsp';
import { benchSpeech } from '../../../bench/harness.js';
import * as P from '../src/pesq/index.js';
import { pesqRate } from '../src/pesq/rate.js';
const x = benchSpeech(60);
const y = splineUpsample(decimate(x, 2), 2).subarray(0, x.length);
const x8 = resamplePoly(x, 1, 2);
const y8 = resamplePoly(y, 1, 2);
const mode = (process.argv[2] ?? 'wb') as 'wb' | 'nb';
const [r, d, fs] = mode === 'wb' ? [x, y, 16000] as const : [x8, y8, 8000] as const;
const acc = new Map<string, number[]>();
for (let it = 0; it < 6; it++) {
  let t = performance.now();
  const lap = (k: string) => { const n = performance.now(); if (it > 0) { const a = acc.get(k) ?? []; a.push(n - t); acc.set(k, a); } t = n; };
  const rate = pesqRate(fs);
  // precheck
  const one = (s: Float32Array | Float64Array) => {
    const b = P.pesqLoadBuffers(s, [], rate);
    const len = s.length + 2 * rate.sd;
    const model = P.pesqInputFilter(b.ref, len, rate, mode, { float64: true });
    return { vad: P.pesqVad(P.pesqAlignmentSignal(model, len, rate), len, rate), len };
  };
  one(r); one(d); lap('precheck');
  const buffers = P.pesqLoadBuffers(r, d, rate); lap('load');
  const level = P.pesqLevelAlign(buffers, rate, { keepSpectra: mode === 'nb' }); lap('level');
  const modelRef = P.pesqInputFilter(level.ref, buffers.lenRef, rate, mode, { spectrum: level.spectrumRef, spectrumScale: Math.fround(level.scaleRef) });
  const modelDeg = P.pesqInputFilter(level.deg, buffers.lenDeg, rate, mode, { spectrum: level.spectrumDeg, spectrumScale: Math.fround(level.scaleDeg) }); lap('inputFilter');
  const alignRef = P.pesqAlignmentSignal(modelRef, buffers.lenRef, rate);
  const alignDeg = P.pesqAlignmentSignal(modelDeg, buffers.lenDeg, rate); lap('alignSig');
  const vadRef = P.pesqVad(alignRef, buffers.lenRef, rate);
  const vadDeg = P.pesqVad(alignDeg, buffers.lenDeg, rate); lap('vad');
  const crudeDelay = P.pesqCrudeDelay(vadRef.logVad, vadDeg.logVad, rate); lap('crude');
  const ai = { vadRef: vadRef.vad, logVadRef: vadRef.logVad, logVadDeg: vadDeg.logVad, alignRef, alignDeg, lenRef: buffers.lenRef, lenDeg: buffers.lenDeg, crudeDelay };
  const before = P.pesqUtteranceSearch(ai, rate); lap('uttSearch');
  const ss: P.PesqSplitSearch[] = [];
  const utt = P.pesqSplitUtterances(ai, structuredClone(before), rate, ss); lap('split');
  const perc = P.pesqPerceptualModel({ ref: modelRef, deg: modelDeg, maxLen: buffers.maxLen }, utt, rate); lap('perceptual');
  const ag = P.pesqAggregate(perc.dFrame, perc.aFrame, perc.audibleRef, perc.range.startFrame, perc.range.stopFrame, buffers.maxLen, rate); lap('aggregate');
  if (it === 0) console.log(before.count, utt.count, ss.length, perc.badFrame, perc.badIntervals.length, ag.raw, perc.range.stopFrame);
}
let tot = 0;
for (const [k, a] of acc) { const m = Math.min(...a); tot += m; console.log(k.padEnd(12), m.toFixed(1), a.map((v) => v.toFixed(0)).join(' ')); }
console.log('sum of min', tot.toFixed(1));
