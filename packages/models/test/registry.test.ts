import { describe, expect, test } from 'vitest';
import {
  AUDIO_UNET_DEFAULTS,
  AUDIO_UNET_RECIPE,
  PROPOSED_DEFAULTS,
  PROPOSED_RECIPE,
  createModel,
  getModelMetadata,
  listModels,
  trainingRecipe,
} from '../src/index.js';
import { SMALL_PROPOSED, useCpu } from './setup.js';

describe('registry', () => {
  test('lists the zoo with defaults, counts and recipes', () => {
    const list = listModels();
    expect(list.map((m) => m.name)).toEqual(['proposed', 'audioUNet', 'spline']);
    expect(list.map((m) => m.defaultParams)).toEqual([10_279_315, 70_977_154, 0]);
    expect(list[0]!.defaults).toBe(PROPOSED_DEFAULTS);
    expect(list[1]!.defaults).toBe(AUDIO_UNET_DEFAULTS);
    expect(list[2]!.recipe).toBeNull();
    expect(list[0]!.geometry().totalStride).toBe(512);
    expect(list[1]!.geometry().totalStride).toBe(32);
  });

  test('recipes follow the spec (training.md §1, §2, §5)', () => {
    expect(trainingRecipe('proposed')).toBe(PROPOSED_RECIPE);
    expect(PROPOSED_RECIPE.loss).toEqual({ name: 'T-PCM', options: {} });
    expect(PROPOSED_RECIPE.optimizer).toEqual({
      name: 'adam',
      learningRate: 3e-4,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
    });
    expect(PROPOSED_RECIPE.batchSize).toBe(32);
    expect(PROPOSED_RECIPE.lrSchedule).toMatchObject({ factor: 0.5, patience: 3 });
    expect(PROPOSED_RECIPE.earlyStopping).toMatchObject({ monitor: 'valLoss', patience: 6 });
    expect(PROPOSED_RECIPE.dropout).toBe(PROPOSED_DEFAULTS.dropout);
    expect(trainingRecipe('audioUNet')).toBe(AUDIO_UNET_RECIPE);
    expect(AUDIO_UNET_RECIPE.loss).toEqual({ name: 'MAE', options: { seedCompat: true } });
    expect(AUDIO_UNET_RECIPE.batchSize).toBe(64);
    expect(Object.isFrozen(PROPOSED_RECIPE)).toBe(true);
  });

  test('createModel builds by name with metadata', async () => {
    await useCpu();
    const m = createModel('proposed', SMALL_PROPOSED);
    expect(getModelMetadata(m)).toMatchObject({
      model: 'proposed',
      totalStride: 512,
      interpolation: 'spline',
      sampleRate: 16000,
    });
    expect(getModelMetadata(m)!.config).toMatchObject({
      filters: [...SMALL_PROPOSED.filters],
      kernelSize: 11,
      finalKernelSize: 9,
    });
    m.dispose();
    expect(createModel('spline').countParams()).toBe(0);
  });

  test('unknown names and bad configs throw ParameterError', () => {
    expect(() => createModel('tfnet' as never)).toThrow(
      /createModel: name must be one of "proposed", "audioUNet", "spline", got "tfnet"\. See listModels\(\)/,
    );
    expect(() => createModel('toString' as never)).toThrow(/createModel: name must be one of/);
    expect(() => createModel('audioUNet', { layers: 0 })).toThrow(
      /audioUNet: layers must be an integer in \[1, 16\], got 0/,
    );
    expect(() => createModel('proposed', 'big' as never)).toThrow(
      /proposed: config must be an object, got "big"/,
    );
    expect(() => trainingRecipe('spline')).toThrow(
      /trainingRecipe: name must be a trainable model \("proposed", "audioUNet"\), got "spline"/,
    );
  });

  test('defaults are not shared mutable state', () => {
    const a = createModel('spline');
    expect(Object.isFrozen(PROPOSED_DEFAULTS)).toBe(true);
    expect(a.name).toBe('spline');
  });
});
