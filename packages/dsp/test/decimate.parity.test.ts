import { expectAllClose, fixtures } from '@speechsr/test-utils';
import { describe, expect, test } from 'vitest';
import { decimate } from '../src/index.js';

const fx = fixtures(import.meta.url);
const dec = fx.json('dsp/decimate.json');
// decimate.json tolerance: "max |y - y_ref| <= 1e-9 for a float64 SOS implementation"
const ATOL = 1e-9;

describe('decimate parity with scipy.signal.decimate (scipy 1.10.1, decimate.json)', () => {
  const inputs = {
    random: Float64Array.from(dec.random.x as number[]),
    speech: fx.wav(dec.speech.x_wav as string).samples,
  };
  test('speech input is the 1 s WAV the fixture names', () => {
    expect(inputs.speech).toHaveLength(dec.speech.length);
  });
  for (const kind of ['random', 'speech'] as const) {
    for (const q of [2, 3, 4]) {
      test(`${kind}, q=${q}`, () => {
        const ref = dec[kind][`q${q}`];
        const y = decimate(inputs[kind], q);
        expect(y).toHaveLength(ref.length);
        expectAllClose(y, ref.y, { atol: ATOL, rtol: 0, label: `${kind} q${q}` });
      });
    }
  }
});
