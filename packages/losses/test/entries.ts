import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { fLoss, mae, mse, pcmLoss, riLoss, riMagLoss, tfLoss, tpcmLoss } from '../src/index.js';
import type { InputLoss, TfLoss } from '../src/index.js';
import type { Case } from './cases.js';
import {
  fRef,
  maeRef,
  mseRef,
  pcmRef,
  riMagRef,
  riRef,
  row,
  tfRef,
  tpcmRef,
  type ValueGrad,
} from './reference.js';

// Every canonical loss (and a few option combinations) with its float64 reference.
export type Ref = (y: Float64Array, p: Float64Array, x: Float64Array) => ValueGrad;
export interface Entry {
  name: string;
  loss: TfLoss | InputLoss;
  ref: Ref;
}

export const ENTRIES: Entry[] = [
  { name: 'MAE', loss: mae, ref: (y, p) => maeRef(y, p) },
  { name: 'MSE', loss: mse, ref: (y, p) => mseRef(y, p) },
  { name: 'F', loss: fLoss(), ref: (y, p) => fRef(y, p, 'l1') },
  { name: 'F complex', loss: fLoss({ magnitude: 'complex' }), ref: (y, p) => fRef(y, p, 'complex') },
  { name: 'RI', loss: riLoss(), ref: (y, p) => riRef(y, p) },
  { name: 'TF', loss: tfLoss(), ref: (y, p) => tfRef(y, p) },
  {
    name: 'TF alpha 0.5 rmse complex',
    loss: tfLoss({ alpha: 0.5, timeTerm: 'rmse', magnitude: 'complex' }),
    ref: (y, p) => tfRef(y, p, 0.5, 'complex', 'rmse'),
  },
  { name: 'RI-MAG', loss: riMagLoss(), ref: (y, p) => riMagRef(y, p) },
  { name: 'PCM', loss: pcmLoss(), ref: (y, p, x) => pcmRef(y, p, x, 'l1') },
  {
    name: 'PCM complex',
    loss: pcmLoss({ magnitude: 'complex' }),
    ref: (y, p, x) => pcmRef(y, p, x, 'complex'),
  },
  { name: 'T-PCM', loss: tpcmLoss(), ref: (y, p, x) => tpcmRef(y, p, x) },
  {
    name: 'T-PCM beta 0.3 rmse',
    loss: tpcmLoss({ beta: 0.3, timeTerm: 'rmse' }),
    ref: (y, p, x) => tpcmRef(y, p, x, 0.3, 'l1', 'rmse'),
  },
];

/** Per-example loss values from the tensor implementation. */
export async function lossValues(loss: TfLoss | InputLoss, c: Case): Promise<Float32Array> {
  const y = tf.tensor3d(c.y, [c.b, c.t, 1]);
  const p = tf.tensor3d(c.p, [c.b, c.t, 1]);
  const x = tf.tensor3d(c.x, [c.b, c.t, 1]);
  const v = (loss as InputLoss)(y, p, x);
  expect(v.shape).toEqual([c.b]);
  const d = (await v.data()) as Float32Array;
  tf.dispose([y, p, x, v]);
  return d;
}

/** Per-example float64 reference values. */
export function refValues(ref: Ref, c: Case): Float64Array {
  return Float64Array.from(
    { length: c.b },
    (_, i) => ref(row(c.y, i, c.t), row(c.p, i, c.t), row(c.x, i, c.t)).value,
  );
}
