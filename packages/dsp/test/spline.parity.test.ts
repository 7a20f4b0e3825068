import { expectAllClose, fixtures, maxAbs } from '@speechsr/test-utils';
import { describe, test } from 'vitest';
import { splineUpsample } from '../src/index.js';

interface SplineCase {
  name: string;
  x: number[];
  [key: `r${number}`]: { y: number[] };
}
const fx = fixtures(import.meta.url);
const data = fx.json('dsp/spline.json');
// spline.json tolerance: "max |y - y_ref| <= 1e-10 * max|x|"
const RTOL_OF_MAX_X = 1e-10;

describe('splineUpsample parity with splrep/splev (spline.json)', () => {
  for (const c of data.cases as SplineCase[]) {
    for (const r of [2, 3, 4]) {
      test(`${c.name}, r=${r}`, () => {
        const x = Float64Array.from(c.x as number[]);
        const y = splineUpsample(x, r);
        expectAllClose(y, c[`r${r}`]!.y, {
          atol: RTOL_OF_MAX_X * maxAbs(x),
          rtol: 0,
          label: `${c.name} r=${r}`,
        });
      });
    }
  }
});
