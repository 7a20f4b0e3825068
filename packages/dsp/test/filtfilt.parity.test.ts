import { expectAllClose, fixtures } from '@speechsr/test-utils';
import { describe, expect, test } from 'vitest';
import { filtfilt, lfilterZi } from '../src/index.js';

const fx = fixtures(import.meta.url);
const ff = fx.json('dsp/filtfilt.json');
// filtfilt.json tolerance: "max |y - y_ref| <= 1e-9; lfilter_zi to 1e-10 relative"
const ATOL = 1e-9;
const ZI_RTOL = 1e-10;

type Case = { b: number[]; a: number[]; padtype: string; padlen: number; lfilter_zi: number[]; y: number[] };

describe('filtfilt parity with scipy.signal.filtfilt defaults (filtfilt.json)', () => {
  const x = Float64Array.from(ff.x as number[]);
  for (const [name, c] of Object.entries(ff.cases as Record<string, Case>)) {
    test(`${name}: padtype odd, padlen 27`, () => {
      expect(c.padtype).toBe('odd');
      expect(c.padlen).toBe(27);
      expectAllClose(filtfilt(c.b, c.a, x), c.y, { atol: ATOL, rtol: 0, label: name });
    });
    test(`${name}: lfilterZi`, () => {
      const scale = Math.max(...c.lfilter_zi.map(Math.abs));
      expectAllClose(lfilterZi(c.b, c.a), c.lfilter_zi, { atol: ZI_RTOL * scale, rtol: 0, label: name });
    });
  }
});
