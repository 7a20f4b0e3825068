import { expectAllClose, fixtures } from '@speechsr/test-utils';
import { describe, expect, test } from 'vitest';
import { subsample } from '../src/index.js';

const fx = fixtures(import.meta.url);
const ss = fx.json('dsp/subsample.json');
// subsample.json tolerance: "max |y - y_ref| <= 1e-9"
const ATOL = 1e-9;

describe("subsample parity with the seed's scheme (cheby1 + lfilter + [::q], subsample.json)", () => {
  const inputs = {
    random: Float64Array.from(ss.random.x as number[]),
    speech: fx.wav(ss.speech.x_wav as string).samples,
  };
  for (const kind of ['random', 'speech'] as const) {
    for (const q of [2, 4]) {
      test(`${kind}, q=${q} (Wn = ${ss[kind][`q${q}`].Wn})`, () => {
        const ref = ss[kind][`q${q}`];
        const y = subsample(inputs[kind], q, { sampleRate: 16000 });
        expect(y).toHaveLength(ref.length);
        expectAllClose(y, ref.y, { atol: ATOL, rtol: 0, label: `${kind} q${q}` });
      });
    }
  }
});
