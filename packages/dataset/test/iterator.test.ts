import { mkdtempSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectAllClose, fixtures } from '@speechsr/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, describe, expect, test } from 'vitest';
import {
  extractPatches,
  h5Batches,
  manifestBatches,
  type PatchBatch,
  PatchFile,
  preprocess,
  readAudio,
} from '../src/index.js';

const fx = fixtures(import.meta.url);
const H5 = fx.path('h5/vctk-speaker1-val.2.2048.1024.h5');
const dir = mkdtempSync(join(tmpdir(), 'speechsr-it-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(it: AsyncGenerator<PatchBatch>) {
  const out: PatchBatch[] = [];
  for await (const b of it) out.push(b);
  return out;
}
/** Multiset key of every patch pair, to check an epoch is a permutation of the file. */
function keys(data: Float32Array, label: Float32Array, n: number) {
  return Array.from(
    { length: n },
    (_, i) => `${data[i * 2048 + 100]},${label[i * 2048 + 2000]},${data[i * 2048 + 1500]}`,
  ).sort();
}

describe('h5Batches', () => {
  test('one epoch visits every patch once, seeded order, bounded blocks', async () => {
    const pf = await PatchFile.open(H5);
    const all = pf.read();
    pf.close();
    const a = await collect(h5Batches(H5, { batchSize: 10, seed: 1, blockPatches: 25 }));
    expect(a.map((b) => b.size)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 6]);
    const cat = (k: 'data' | 'label') => {
      const o = new Float32Array(96 * 2048);
      let p = 0;
      for (const b of a) {
        o.set(b[k], p);
        p += b[k].length;
      }
      return o;
    };
    expect(keys(cat('data'), cat('label'), 96)).toEqual(keys(all.data, all.label, 96));
    const again = await collect(h5Batches(H5, { batchSize: 10, seed: 1, blockPatches: 25 }));
    expectAllClose(again[3]!.data, a[3]!.data, { atol: 0, rtol: 0 });
    const other = await collect(h5Batches(H5, { batchSize: 10, seed: 2, blockPatches: 25 }));
    expect(other[0]!.data.some((v, i) => v !== a[0]!.data[i])).toBe(true);
    const plain = await collect(h5Batches(H5, { batchSize: 32, shuffle: false }));
    expectAllClose(plain[1]!.label, all.label.subarray(32 * 2048, 64 * 2048), { atol: 0, rtol: 0 });
    expect(
      (await collect(h5Batches([H5, H5], { batchSize: 50, dropRemainder: true }))).map((b) => b.size),
    ).toEqual([50, 50, 50]);
  });
  test('feeds a tfjs loop batch by batch without leaking tensors', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    let sum = 0;
    for await (const b of h5Batches(H5, { batchSize: 32, seed: 0 })) {
      const x = tf.tensor3d(b.data, [b.size, b.dimension, 1]);
      const s = tf.sum(x);
      try {
        sum += (await s.data())[0]!;
      } finally {
        tf.dispose([x, s]);
      }
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(Number.isFinite(sum)).toBe(true);
  });
});

describe('manifestBatches', () => {
  test('prepares files on the fly, caches them, skips bad ones', async () => {
    copyFileSync(fx.path('dsp/audio/trim_input.wav'), join(dir, 'a.wav'));
    const pre = preprocess(readAudio(join(dir, 'a.wav')).samples, { lowPass: 'decimating' });
    const p = extractPatches(pre.hr, pre.lrUp);
    const skipped: string[] = [];
    const cache = new Map();
    const opts = {
      root: dir,
      lowPass: 'decimating' as const,
      batchSize: 16,
      seed: 3,
      cache,
      onSkip: (f: string) => skipped.push(f),
    };
    const a = await collect(manifestBatches(['a.wav', 'missing.wav', 'a.wav'], opts));
    expect(skipped).toEqual(['missing.wav']);
    expect(a.reduce((s, b) => s + b.size, 0)).toBe(2 * p.count);
    expect(cache.size).toBe(1);
    const first = a.flatMap((b) => keys(b.data, b.label, b.size)).sort();
    expect(first).toEqual([...keys(p.data, p.label, p.count), ...keys(p.data, p.label, p.count)].sort());
    const b = await collect(manifestBatches(['a.wav', 'a.wav'], { ...opts, onSkip: undefined }));
    expect(b.reduce((s, x) => s + x.size, 0)).toBe(2 * p.count);
  });
});
