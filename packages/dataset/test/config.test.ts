import { mkdtempSync, rmSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtures } from '@speechsr/test-utils';
import { afterAll, describe, expect, test } from 'vitest';
import { expandDatasetConfig, PatchFile, runDatasetConfig } from '../src/index.js';

const fx = fixtures(import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'speechsr-cfg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dataset.json batch mode', () => {
  test("the seed's 12 entries accumulate (dsp.md §9 table)", () => {
    const seedConfig = {
      '1': { corpus: 'timit', low_pass: 'subsampling' },
      '2': { low_pass: 'decimating' },
      '3': { low_pass: 'fft' },
      '4': { low_pass: 'random' },
      '5': { corpus: 'wsj', low_pass: 'subsampling' },
      '6': { corpus: 'libri' },
      '7': { corpus: 'ieee' },
      '8': { corpus: 'mixed' },
      '9': { corpus: 'vctk-speaker1' },
      '10': { scale: 4 },
      '11': { corpus: 'vctk-multispeaker', scale: 2 },
      '12': { scale: 4 },
    };
    const jobs = expandDatasetConfig(seedConfig);
    expect(jobs).toHaveLength(24);
    const train = jobs
      .filter((j) => j.state === 'train')
      .map((j) => `${j.args.corpus} ${j.args.lowPass} ${j.args.scale}`);
    expect(train).toEqual([
      'timit subsampling 2',
      'timit decimating 2',
      'timit fft 2',
      'timit random 2',
      'wsj subsampling 2',
      'libri subsampling 2',
      'ieee subsampling 2',
      'mixed subsampling 2',
      'vctk-speaker1 subsampling 2',
      'vctk-speaker1 subsampling 4',
      'vctk-multispeaker subsampling 2',
      'vctk-multispeaker subsampling 4',
    ]);
    expect(jobs[19]!.out).toBe('vctk-speaker1-subsampling-val.4.2048.1024.h5');
  });
  test('unknown keys and schemes are rejected', () => {
    expect(() => expandDatasetConfig({ '1': { colour: 'red' } })).toThrow(/entry 1 key must be one of/);
    expect(() => expandDatasetConfig({ '1': { low_pass: 'mix' } })).toThrow(
      /entry 1 low_pass must be one of subsampling, decimating, fft, random, got "mix"/,
    );
  });
  test('runDatasetConfig prepares train and val from lists in <corpusDir>/<corpus>/', async () => {
    mkdirSync(join(dir, 'corp/mini'), { recursive: true });
    copyFileSync(fx.path('dsp/audio/trim_input.wav'), join(dir, 'corp/mini/a.wav'));
    writeFileSync(join(dir, 'corp/mini/mini-train-files.txt'), '.\\a.wav\n');
    writeFileSync(join(dir, 'corp/mini/mini-val-files.txt'), 'a.wav\n');
    writeFileSync(
      join(dir, 'dataset.json'),
      JSON.stringify({ '1': { corpus: 'mini', low_pass: 'fft', batch_size: 8 } }),
    );
    const res = await runDatasetConfig(join(dir, 'dataset.json'), {
      corpusDir: join(dir, 'corp'),
      outDir: dir,
      workers: 0,
      progress: false,
    });
    expect(res.map((r) => [r.job.out, r.summary.count])).toEqual([
      ['mini-fft-train.2.2048.1024.h5', 40],
      ['mini-fft-val.2.2048.1024.h5', 40],
    ]);
    const pf = await PatchFile.open(join(dir, 'mini-fft-val.2.2048.1024.h5'));
    expect(pf.attrs).toMatchObject({ scheme: 'fft', source_list: join(dir, 'corp/mini/mini-val-files.txt') });
    pf.close();
  });
});
