import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ParameterError } from '@speechsr/core';
import { expectAllClose } from '@speechsr/test-utils';
import { expectNoLeak } from '@speechsr/test-utils/leak';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  evaluateLoss,
  fLoss,
  mae,
  packedLoss,
  packTargets,
  tpcmLoss,
  trainStep,
  withInputPassthrough,
} from '../src/index.js';
import { randn } from './reference.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const B = 4;
const T = 1024;

/** A tiny residual time-domain net `ŷ = x + f(x)` with deterministic weights. */
function tinyNet(seed = 1): tfl.LayersModel {
  const input = tfl.input({ shape: [null, 1] });
  const h = tfl.layers
    .conv1d({
      filters: 4,
      kernelSize: 9,
      padding: 'same',
      activation: 'tanh',
      kernelInitializer: tfl.initializers.glorotNormal({ seed }),
    })
    .apply(input) as tfl.SymbolicTensor;
  const r = tfl.layers
    .conv1d({
      filters: 1,
      kernelSize: 9,
      padding: 'same',
      kernelInitializer: tfl.initializers.glorotNormal({ seed: seed + 1 }),
    })
    .apply(h) as tfl.SymbolicTensor;
  const out = tfl.layers.add().apply([input, r]) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out, name: 'tiny' });
}

/** Band-limited-ish inputs x and targets y = x + high-frequency detail. */
function data(seed: number): { x: tf.Tensor3D; y: tf.Tensor3D } {
  const n = randn(B * T, seed);
  const x = new Float32Array(B * T);
  const y = new Float32Array(B * T);
  for (let i = 0; i < B * T; i++) {
    x[i] = 0.5 * (n[i]! + (i % T > 0 ? n[i - 1]! : 0));
    y[i] = n[i]!;
  }
  return { x: tf.tensor3d(x, [B, T, 1]), y: tf.tensor3d(y, [B, T, 1]) };
}

describe('packedLoss / packTargets / withInputPassthrough (model.compile path)', () => {
  test('packed T-PCM equals T-PCM called with x', () => {
    const { x, y } = data(3);
    const p = tf.tidy(() => tf.add(y, tf.mul(tf.randomNormal([B, T, 1], 0, 0.1, 'float32', 5), 1)));
    const direct = tpcmLoss()(y, p, x);
    const packedT = packTargets(y, x);
    const packedP = tf.concat([p, x], 2);
    const viaPack = packedLoss(tpcmLoss())(packedT, packedP);
    expect(viaPack.shape).toEqual([B]);
    expectAllClose(viaPack.dataSync(), direct.dataSync(), { atol: 0, rtol: 0 });
    expect(packedLoss(tpcmLoss()).name).toBe('tpcm_packed');
    tf.dispose([x, y, p, direct, packedT, packedP, viaPack]);
  });

  test('the passthrough view outputs [ŷ, x] and shares every weight with the network', () => {
    const net = tinyNet();
    const view = withInputPassthrough(net);
    const { x, y } = data(4);
    const out = view.predict(x) as tf.Tensor;
    const own = net.predict(x) as tf.Tensor;
    expect(out.shape).toEqual([B, T, 2]);
    const [p, xs] = tf.split(out, 2, 2);
    expectAllClose(p!.dataSync(), own.dataSync(), { atol: 0, rtol: 0 });
    expectAllClose(xs!.dataSync(), x.dataSync(), { atol: 0, rtol: 0 });
    expect(view.trainableWeights.length).toBe(net.trainableWeights.length);
    for (const [i, w] of view.trainableWeights.entries()) expect(w).toBe(net.trainableWeights[i]);
    tf.dispose([x, y, out, own, p!, xs!]);
  });

  test('fit() with packedLoss(tpcmLoss()) lowers T-PCM and trains the original network', async () => {
    const net = tinyNet(7);
    const view = withInputPassthrough(net);
    view.compile({ optimizer: tf.train.adam(1e-2), loss: packedLoss(tpcmLoss()) });
    const { x, y } = data(8);
    const targets = packTargets(y, x);
    const before = tf.tidy(() => tf.mean(tpcmLoss()(y, net.predict(x) as tf.Tensor, x)).dataSync()[0]!);
    const hist = await view.fit(x, targets, { batchSize: B, epochs: 6, verbose: 0, shuffle: false });
    const after = tf.tidy(() => tf.mean(tpcmLoss()(y, net.predict(x) as tf.Tensor, x)).dataSync()[0]!);
    const losses = hist.history.loss as number[];
    // numTensors does not grow from one epoch to the next
    await view.fit(x, targets, { batchSize: B, epochs: 1, verbose: 0 });
    const n1 = tf.memory().numTensors;
    await view.fit(x, targets, { batchSize: B, epochs: 1, verbose: 0 });
    expect(tf.memory().numTensors).toBe(n1);
    expect(losses[0]).toBeCloseTo(before, 5);
    expect(after).toBeLessThan(0.9 * before);
    tf.dispose([x, y, targets]);
    view.optimizer.dispose();
  });

  test('a loss without x goes straight into compile(): fit() reports the mean per-example loss', async () => {
    const net = tinyNet(41);
    net.compile({ optimizer: tf.train.sgd(0), loss: fLoss() });
    const { x, y } = data(42);
    const want = tf.tidy(() => tf.mean(fLoss()(y, net.predict(x) as tf.Tensor)).dataSync()[0]!);
    const hist = await net.fit(x, y, { batchSize: B, epochs: 1, verbose: 0 });
    expect((hist.history.loss as number[])[0]).toBeCloseTo(want, 6);
    tf.dispose([x, y]);
    net.optimizer.dispose();
  });

  test('packedLoss rejects unpacked tensors with a hint', () => {
    const a = tf.zeros([2, 1024, 1]);
    expect(() => packedLoss(tpcmLoss())(a, a)).toThrow(ParameterError);
    expect(() => packedLoss(tpcmLoss())(a, a)).toThrow(
      /packedLoss: yPred must have shape \[batch, time, 2\], got \[2, 1024, 1\]\. Train withInputPassthrough\(model\)/,
    );
    expect(() => packTargets(a, tf.zeros([2, 512, 1]))).toThrow(
      /packTargets: y and x must both have shape \[batch, time, 1\]/,
    );
    expect(() => packedLoss(3 as unknown as typeof mae)).toThrow(/packedLoss: loss must be a loss function/);
    const in2 = tfl.input({ shape: [null, 2] });
    const two = tfl.model({
      inputs: in2,
      outputs: tfl.layers.dense({ units: 1 }).apply(in2) as tfl.SymbolicTensor,
    });
    expect(() => withInputPassthrough(two)).toThrow(
      /withInputPassthrough: model input and output must be \[batch, time, 1\]/,
    );
    a.dispose();
  });
});

describe('trainStep (custom loop path)', () => {
  test('one SGD step equals one fit() step on the packed view', async () => {
    const { x, y } = data(11);
    const netA = tinyNet(21);
    const netB = tinyNet(21);
    const optA = tf.train.sgd(0.05);
    const lossA = trainStep(netA, optA, tpcmLoss(), x, y);
    const view = withInputPassthrough(netB);
    view.compile({ optimizer: tf.train.sgd(0.05), loss: packedLoss(tpcmLoss()) });
    const targets = packTargets(y, x);
    const hist = await view.fit(x, targets, { batchSize: B, epochs: 1, verbose: 0, shuffle: false });
    expect(lossA.dataSync()[0]).toBeCloseTo((hist.history.loss as number[])[0]!, 6);
    netA.trainableWeights.forEach((w, i) => {
      expectAllClose(w.read().dataSync(), netB.trainableWeights[i]!.read().dataSync(), {
        atol: 1e-6,
        rtol: 1e-5,
        label: w.name,
      });
    });
    tf.dispose([x, y, targets, lossA]);
    optA.dispose();
  });

  test('trainStep lowers the loss and leaks no tensors per step', async () => {
    const { x, y } = data(12);
    const net = tinyNet(31);
    const opt = tf.train.adam(1e-2);
    const first = trainStep(net, opt, tpcmLoss(), x, y);
    const v0 = first.dataSync()[0]!;
    first.dispose();
    await expectNoLeak(() => tf.dispose(trainStep(net, opt, tpcmLoss(), x, y)), 2);
    for (let i = 0; i < 3; i++) tf.dispose(trainStep(net, opt, tpcmLoss(), x, y));
    const last = trainStep(net, opt, mae, x, y); // plain TfLoss works too
    last.dispose();
    const v1 = tf.tidy(() => tf.mean(tpcmLoss()(y, net.predict(x) as tf.Tensor, x)).dataSync()[0]!);
    expect(v1).toBeLessThan(0.9 * v0);
    tf.dispose([x, y]);
    opt.dispose();
  });
});

describe('evaluateLoss (validation loss, spec/losses.md §5)', () => {
  test('mean over complete batches with dropout off; the last incomplete batch is dropped', async () => {
    const input = tfl.input({ shape: [null, 1] });
    const d = tfl.layers.dropout({ rate: 0.5 }).apply(input) as tfl.SymbolicTensor;
    const out = tfl.layers
      .conv1d({ filters: 1, kernelSize: 3, padding: 'same', kernelInitializer: 'ones' })
      .apply(d);
    const net = tfl.model({ inputs: input, outputs: out as tfl.SymbolicTensor });
    const n = 10;
    const xs = tf.tensor3d(randn(n * 1024, 50), [n, 1024, 1]);
    const ys = tf.tensor3d(randn(n * 1024, 51), [n, 1024, 1]);
    const loss = tpcmLoss();
    const want = tf.tidy(() => {
      const per = loss(ys, net.predict(xs) as tf.Tensor, xs).dataSync(); // predict: dropout off
      const b0 = (per[0]! + per[1]! + per[2]! + per[3]!) / 4;
      const b1 = (per[4]! + per[5]! + per[6]! + per[7]!) / 4;
      return (b0 + b1) / 2; // examples 8, 9 form an incomplete batch: dropped
    });
    const got = await evaluateLoss(net, loss, xs, ys, { batchSize: 4 });
    expect(got).toBeCloseTo(want, 6);
    await expectNoLeak(() => evaluateLoss(net, loss, xs, ys, { batchSize: 4 }));
    await expect(evaluateLoss(net, loss, xs, ys, { batchSize: 11 })).rejects.toThrow(
      /evaluateLoss: x must hold at least batchSize \(11\) patches, got 10/,
    );
    await expect(evaluateLoss(net, loss, xs, ys, { batchSize: 0 })).rejects.toThrow(
      /evaluateLoss: batchSize must be an integer >= 1, got 0/,
    );
    tf.dispose([xs, ys]);
  });
});
