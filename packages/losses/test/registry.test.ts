import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { ParameterError } from '@speechsr/core';
import { expectAllClose } from '@speechsr/test-utils';
import { beforeAll, describe, expect, test } from 'vitest';
import { createLoss, LOSS_NAMES, tfLoss, tpcmLoss } from '../src/index.js';
import type { InputLoss } from '../src/index.js';
import { randomCase } from './cases.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('createLoss', () => {
  test('creates each of the eight losses; only PCM and T-PCM need x', () => {
    expect(LOSS_NAMES).toEqual(['MAE', 'MSE', 'F', 'RI', 'TF', 'RI-MAG', 'PCM', 'T-PCM']);
    const c = randomCase(1, 2048, 2);
    for (const name of LOSS_NAMES) {
      const e = createLoss(name);
      expect(e.name).toBe(name);
      expect(e.needsInput).toBe(name === 'PCM' || name === 'T-PCM');
      const v = tf.tidy(() =>
        (e.fn as InputLoss)(
          tf.tensor3d(c.y, [1, 2048, 1]),
          tf.tensor3d(c.p, [1, 2048, 1]),
          tf.tensor3d(c.x, [1, 2048, 1]),
        ).dataSync(),
      );
      expect(v[0]).toBeGreaterThan(0);
    }
  });

  test('accepts the seed spellings and passes the options on', () => {
    expect(createLoss('t_pcm').name).toBe('T-PCM');
    expect(createLoss('RI_MAG').name).toBe('RI-MAG');
    const c = randomCase(2, 1024, 4);
    const run = (fn: InputLoss) =>
      tf.tidy(() =>
        fn(
          tf.tensor3d(c.y, [2, 1024, 1]),
          tf.tensor3d(c.p, [2, 1024, 1]),
          tf.tensor3d(c.x, [2, 1024, 1]),
        ).dataSync(),
      );
    expectAllClose(run(createLoss('T-PCM', { beta: 0.3 }).fn as InputLoss), run(tpcmLoss({ beta: 0.3 })), {
      atol: 0,
      rtol: 0,
    });
    expectAllClose(
      run(createLoss('TF', { alpha: 0.2, seedCompat: true }).fn as InputLoss),
      run(tfLoss({ alpha: 0.2, seedCompat: true })),
      {
        atol: 0,
        rtol: 0,
      },
    );
  });

  test('rejects unknown names and options that the loss does not take', () => {
    expect(() => createLoss('SDR')).toThrow(ParameterError);
    expect(() => createLoss('SDR')).toThrow(
      /createLoss: name must be one of "MAE", "MSE", "F", "RI", "TF", "RI-MAG", "PCM", "T-PCM", got "SDR"/,
    );
    expect(() => createLoss('L2')).toThrow(
      /got "L2"\. The seed's default --loss_func L2 fell through to T-PCM/,
    );
    expect(() => createLoss('MAE', { alpha: 0.5 })).toThrow(
      /createLoss: option alpha is not an option of MAE.*MAE takes seedCompat\./,
    );
    expect(() => createLoss('T-PCM', { beta: 2 })).toThrow(
      /tpcmLoss: beta must be a finite number >= 0 and <= 1, got 2/,
    );
  });
});
