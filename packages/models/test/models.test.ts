import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectNoLeak } from '@speechsr/test-utils/leak';
import {
  audioUNet,
  audioUNetGeometry,
  getModelMetadata,
  proposed,
  proposedGeometry,
  superResolve,
} from '../src/index.js';
import { SMALL_PROPOSED, SMALL_UNET, testSignal, useCpu } from './setup.js';

beforeAll(useCpu);

function layerNames(m: tfl.LayersModel): string[] {
  return m.layers.map((l) => l.name);
}

describe('proposed (small config, full 8-level geometry)', () => {
  let m: tfl.LayersModel;
  beforeAll(() => {
    m = proposed(SMALL_PROPOSED);
  });
  afterAll(() => m.dispose());

  test('output shape equals input shape for 2048 and 4096', () => {
    for (const T of [2048, 4096]) {
      const y = tf.tidy(() => m.predict(tf.zeros([2, T, 1])) as tf.Tensor);
      expect(y.shape).toEqual([2, T, 1]);
      y.dispose();
    }
  });

  test('block structure: dropout after D2, D5, bottleneck, U5, U2; one PReLU α per layer (17)', () => {
    const names = layerNames(m);
    expect(names.filter((n) => n.endsWith('_dropout'))).toEqual([
      'down2_dropout',
      'down5_dropout',
      'bottleneck_dropout',
      'up5_dropout',
      'up2_dropout',
    ]);
    const prelus = m.layers.filter((l) => l.getClassName() === 'PReLU');
    expect(prelus).toHaveLength(17);
    for (const p of prelus) expect(p.countParams()).toBe(1);
    // α initialised to 0.2 in D/B blocks and 0 in U blocks
    expect(m.getLayer('down0_prelu').getWeights()[0]!.dataSync()[0]).toBeCloseTo(0.2, 7);
    expect(m.getLayer('bottleneck_prelu').getWeights()[0]!.dataSync()[0]).toBeCloseTo(0.2, 7);
    expect(m.getLayer('up7_prelu').getWeights()[0]!.dataSync()[0]).toBe(0);
    // U block order: conv → prelu → subpixel → dropout → concat (up-sampled first, skip second)
    const i = names.indexOf('up5_conv');
    expect(names.slice(i, i + 5)).toEqual([
      'up5_conv',
      'up5_prelu',
      'up5_subpixel',
      'up5_dropout',
      'up5_concat',
    ]);
    const concat = m.getLayer('up5_concat');
    const inbound = (
      concat as unknown as { inboundNodes: { inboundLayers: { name: string }[] }[] }
    ).inboundNodes[0]!.inboundLayers.map((l) => l.name);
    expect(inbound).toEqual(['up5_dropout', 'down5_dropout']);
  });

  test('final conv starts near zero, so the network starts near the identity (residual add)', () => {
    const k = m.getLayer('final_conv').getWeights()[0]!;
    const sd = tf.tidy(() => tf.sqrt(tf.mean(tf.square(k))).dataSync()[0]!);
    expect(sd).toBeGreaterThan(3e-4);
    expect(sd).toBeLessThan(3e-3);
    const x = tf.tensor3d(Float32Array.from(testSignal(2048)), [1, 2048, 1]);
    const y = m.predict(x) as tf.Tensor;
    const rel = tf.tidy(() => tf.div(tf.norm(tf.sub(y, x)), tf.norm(x)).dataSync()[0]!);
    expect(rel).toBeLessThan(0.05);
    tf.dispose([x, y]);
  });

  test('same seed → same weights; different seed → different weights', () => {
    const a = proposed(SMALL_PROPOSED);
    const b = proposed({ ...SMALL_PROPOSED, seed: 8 });
    const wa = m.getWeights().map((w) => Array.from(w.dataSync()));
    expect(a.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(wa);
    expect(Array.from(b.getWeights()[0]!.dataSync())).not.toEqual(wa[0]);
    a.dispose();
    b.dispose();
  });

  test('metadata: stride 512 and the receptive field from the config', () => {
    const meta = getModelMetadata(m)!;
    expect(meta.model).toBe('proposed');
    expect(meta.totalStride).toBe(512);
    expect(meta.receptiveField).toBe(proposedGeometry(SMALL_PROPOSED).receptiveField);
    // the default geometry: at least the sum of (k − 1)·resolution over the deepest path
    const lower = 10 * (255 + 256 + 1022) + 8 * 2 + 1;
    expect(proposedGeometry().receptiveField).toBeGreaterThanOrEqual(lower);
  });

  test('predict does not leak', async () => {
    const x = tf.zeros([1, 1024, 1]);
    await expectNoLeak(() => tf.dispose(m.predict(x) as tf.Tensor));
    x.dispose();
  });

  test('invalid configs throw ParameterError naming the key', () => {
    expect(() => proposed({ dropout: 1 })).toThrow(/proposed: dropout must be a number in \[0, 1\), got 1\./);
    expect(() => proposed({ filters: [] })).toThrow(
      /proposed: filters must be an array of at least 1 positive integers/,
    );
    expect(() => proposed({ kernelSize: 2.5 })).toThrow(
      /proposed: kernelSize must be an integer in \[1, 1025\], got 2\.5/,
    );
    expect(() => proposed({ nf: 3 } as never)).toThrow(
      /proposed: unknown config key "nf"\. Known keys: filters, kernelSize/,
    );
    expect(() => proposed({ dropout: 1 })).toThrow(expect.objectContaining({ name: 'ParameterError' }));
  });
});

describe('proposed (default = seed code)', { tags: ['slow'] }, () => {
  let m: tfl.LayersModel;
  beforeAll(() => {
    m = proposed();
  }, 300_000);
  afterAll(() => m?.dispose());

  test('10,279,315 parameters (10,279,298 conv + 17 PReLU α)', () => {
    expect(m.countParams()).toBe(10_279_315);
    const prelu = m.layers
      .filter((l) => l.getClassName() === 'PReLU')
      .reduce((s, l) => s + l.countParams(), 0);
    expect(prelu).toBe(17);
  });

  test('output shapes for 2048 and 4096; odd-length whole file gives exactly len·r samples', async () => {
    for (const T of [2048, 4096]) {
      const y = tf.tidy(() => m.predict(tf.zeros([1, T, 1])) as tf.Tensor);
      expect(y.shape).toEqual([1, T, 1]);
      y.dispose();
    }
    const lr = testSignal(2501); // odd length at 8 kHz → 5002 samples at 16 kHz (network runs on 5120)
    const y = await superResolve(m, lr, { scale: 2 });
    expect(y).toBeInstanceOf(Float32Array);
    expect(y.length).toBe(5002);
  });

  test('finalKernelSize 17 reproduces the seed README count 10,281,363', () => {
    const m17 = proposed({ finalKernelSize: 17 });
    expect(m17.countParams()).toBe(10_281_363);
    m17.dispose();
  });
});

describe('audioUNet (small config)', () => {
  test('shapes, dropout placement, stride 8', () => {
    const m = audioUNet(SMALL_UNET);
    for (const T of [2048, 4096]) {
      const y = tf.tidy(() => m.predict(tf.zeros([1, T, 1])) as tf.Tensor);
      expect(y.shape).toEqual([1, T, 1]);
      y.dispose();
    }
    expect(layerNames(m).filter((n) => n.endsWith('_dropout'))).toEqual([
      'bottleneck_dropout',
      'up1_dropout',
      'up0_dropout',
    ]);
    expect(getModelMetadata(m)!.totalStride).toBe(8);
    // conv params: D0 9·1·8+8, D1 5·8·16+16, B 5·16·16+16, U1 5·16·32+32, U0 9·(16+16)·16+16, final 9·(8+8)·2+2
    expect(m.countParams()).toBe(80 + 656 + 1296 + 2592 + 4624 + 290);
    m.dispose();
  });

  test('filters shorter than layers is rejected', () => {
    expect(() => audioUNet({ layers: 3, filters: [8, 8] })).toThrow(
      /filters and kernelSizes must have at least layers = 3 entries, got 2 and 9/,
    );
  });

  test('default geometry: stride 32', () => {
    expect(audioUNetGeometry().totalStride).toBe(32);
  });
});

describe('audioUNet (default, L = 4)', { tags: ['slow'] }, () => {
  test('70,977,154 parameters and [B, T, 1] output for 2048', () => {
    const m = audioUNet();
    expect(m.countParams()).toBe(70_977_154);
    const y = tf.tidy(() => m.predict(tf.zeros([1, 2048, 1])) as tf.Tensor);
    expect(y.shape).toEqual([1, 2048, 1]);
    y.dispose();
    m.dispose();
  }, 600_000);
});
