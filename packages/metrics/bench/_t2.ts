import { decimate, resamplePoly, splineUpsample } from '@speechsr/dsp';
import { benchSpeech } from '../../../bench/harness.js';
import { pesq } from '../src/pesq/index.js';
import { __T } from '../src/pesq/time-align.js';
const x = benchSpeech(60);
const y = splineUpsample(decimate(x, 2), 2).subarray(0, x.length);
const x8 = resamplePoly(x, 1, 2), y8 = resamplePoly(y, 1, 2);
for (const nb of [false, true]) for (let i = 0; i < 3; i++) {
  __T.crude = 0; __T.hist = 0; __T.nc = 0; __T.sizes.clear();
  const t = performance.now();
  if (nb) pesq(x8, y8, { sampleRate: 8000, mode: 'nb' }); else pesq(x, y, { sampleRate: 16000, mode: 'wb' });
  console.log(nb ? 'nb' : 'wb', (performance.now() - t).toFixed(0), 'hist', __T.hist.toFixed(0), 'crude', __T.crude.toFixed(0), __T.nc, [...__T.sizes]);
}
