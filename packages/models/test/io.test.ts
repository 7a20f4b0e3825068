import { mkdtempSync, readFileSync, rmSync, truncateSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  audioUNet,
  getModelMetadata,
  loadFromMemory,
  proposed,
  saveToMemory,
  superResolve,
} from '../src/index.js';
import { fileHandler, loadModel, saveModel } from '../src/node.js';
import { SMALL_PROPOSED, SMALL_UNET, testSignal, useCpu } from './setup.js';

beforeAll(useCpu);

function predictBits(m: tfl.LayersModel, x: Float32Array): Uint32Array {
  const y = tf.tidy(() => m.predict(tf.tensor3d(x, [1, x.length, 1])) as tf.Tensor);
  const bits = new Uint32Array(y.dataSync().slice().buffer);
  y.dispose();
  return bits;
}

describe('save → load → predict is bit-identical', () => {
  const dir = mkdtempSync(join(tmpdir(), 'speechsr-models-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const x = Float32Array.from(testSignal(2048, 4));

  for (const [name, build] of [
    ['proposed', () => proposed(SMALL_PROPOSED)],
    ['audioUNet', () => audioUNet(SMALL_UNET)],
  ] as const) {
    test(`${name}: memory handlers`, async () => {
      const m = build();
      const art = await saveToMemory(m);
      const json = JSON.stringify(art.modelTopology);
      expect(json).toContain('SpeechSrSubPixel1D');
      expect(json).toContain('SpeechSrOrthogonal');
      const back = await loadFromMemory(art);
      expect(predictBits(back, x)).toEqual(predictBits(m, x));
      expect(getModelMetadata(back)).toEqual(getModelMetadata(m));
      const wa = m.getWeights().map((w) => Array.from(w.dataSync()));
      expect(back.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(wa);
      m.dispose();
      back.dispose();
    });

    test(`${name}: file IOHandler (temp dir + rename), superResolve identical after load`, async () => {
      const m = build();
      const target = join(dir, name, 'best');
      await saveModel(m, target);
      expect(readdirSync(join(dir, name)).filter((f) => f.includes('.tmp-'))).toEqual([]);
      expect(existsSync(join(target, 'model.json'))).toBe(true);
      const back = await loadModel(target);
      expect(predictBits(back, x)).toEqual(predictBits(m, x));
      const lr = testSignal(1500, 3);
      expect(Array.from(await superResolve(back, lr, { scale: 2 }))).toEqual(
        Array.from(await superResolve(m, lr, { scale: 2 })),
      );
      // saving again over an existing model replaces it atomically
      await m.save(fileHandler(target));
      expect(readdirSync(join(dir, name)).sort()).toEqual(['best']);
      m.dispose();
      back.dispose();
    });
  }

  test('file handler errors name the file', async () => {
    const m = proposed(SMALL_PROPOSED);
    const target = join(dir, 'broken');
    await saveModel(m, target);
    const w = join(target, 'weights.bin');
    truncateSync(w, 100);
    await expect(loadModel(target)).rejects.toThrow(
      new RegExp(`${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: holds 100 bytes, the manifest needs \\d+`),
    );
    await expect(loadModel(join(dir, 'missing'))).rejects.toThrow(
      /model\.json: cannot read a tfjs model\.json/,
    );
    expect(() => fileHandler('')).toThrow(/fileHandler: dir must be a non-empty path string/);
    expect(
      JSON.parse(readFileSync(join(target, 'model.json'), 'utf8')).userDefinedMetadata.speechsr.model,
    ).toBe('proposed');
    m.dispose();
  });
});
