import { BackendError, ParameterError } from '@speechsr/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { installedWasmOverrides, pickBackend, useFastBackend } from '../src/index.js';

describe('pickBackend', () => {
  test("'auto' without tfjs-node picks the trainable wasm backend and says why", async () => {
    const lines: string[] = [];
    const choice = await pickBackend('auto', { log: (m) => lines.push(m) });
    expect(choice.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(choice.secondCore).toBe(true);
    expect(choice.skipped.map((s) => s.packageName)).toEqual([
      '@tensorflow/tfjs-node-gpu',
      '@tensorflow/tfjs-node',
    ]);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(choice.overrides.map((o) => o.kernelName)).toContain('Conv2DBackpropFilter');
    expect(installedWasmOverrides()).toEqual(choice.overrides);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^pickBackend: using wasm .*skipped @tensorflow\/tfjs-node-gpu: .*@tensorflow\/tfjs-node: /,
    );
  });

  test('useFastBackend is pickBackend("auto")', async () => {
    const choice = await useFastBackend({ log: () => {} });
    expect(choice.backend).toBe('wasm');
  });

  test("'cpu' activates the stock cpu backend", async () => {
    const choice = await pickBackend('cpu', { log: () => {} });
    expect(choice).toMatchObject({ backend: 'cpu', skipped: [], overrides: [], secondCore: false });
    expect(tf.getBackend()).toBe('cpu');
    await pickBackend('wasm', { log: () => {} });
    expect(tf.getBackend()).toBe('wasm');
  });

  test("a demanded 'tensorflow' that cannot load throws an actionable BackendError", async () => {
    const p = pickBackend('tensorflow', { log: () => {} });
    await expect(p).rejects.toThrow(BackendError);
    await expect(pickBackend('tensorflow', { log: () => {} })).rejects.toThrow(
      /pickBackend: preference must name a backend that loads, got "tensorflow" .*Install @tensorflow\/tfjs-node .*pickBackend\("wasm"\)/,
    );
  });

  test('an unknown preference is a ParameterError', async () => {
    await expect(pickBackend('webgpu' as never)).rejects.toThrow(ParameterError);
    await expect(pickBackend('webgpu' as never)).rejects.toThrow(
      'pickBackend: preference must be one of "auto", "tensorflow", "wasm", "cpu", got "webgpu".',
    );
  });
});
