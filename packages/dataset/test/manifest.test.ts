import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParameterError } from '@speechsr/core';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import {
  createRng,
  parseFileList,
  readFileList,
  scanFolder,
  shuffled,
  splitFiles,
  writeSplits,
} from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'speechsr-list-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('file lists', () => {
  test('Windows separators and a leading ./ are normalised, blank lines dropped', () => {
    expect(parseFileList('.\\TIMIT\\TRAIN\\DR1\\FCJF0\\SA1.WAV.wav\r\n\n./a/b.wav\n  c.wav  \n')).toEqual([
      'TIMIT/TRAIN/DR1/FCJF0/SA1.WAV.wav',
      'a/b.wav',
      'c.wav',
    ]);
  });
  test('the shipped corpora lists read as relative paths', () => {
    const files = readFileList(
      fileURLToPath(new URL('../../../examples/demo/corpus/demo-val-files.txt', import.meta.url)),
    );
    expect(files).toEqual([
      'conf-leaderhasleft.wav',
      'hello-world.wav',
      'vm-reachoper.wav',
      'vm-starmain.wav',
    ]);
  });
  test('scanFolder lists audio recursively, sorted, with / separators', () => {
    mkdirSync(join(dir, 'c/p226'), { recursive: true });
    mkdirSync(join(dir, 'c/p225'), { recursive: true });
    for (const f of ['p226/x.wav', 'p225/b.WAV', 'p225/a.wav', 'notes.txt'])
      writeFileSync(join(dir, 'c', f), '');
    expect(scanFolder(join(dir, 'c'))).toEqual(['p225/a.wav', 'p225/b.WAV', 'p226/x.wav']);
  });
});

describe('splits', () => {
  const files = Array.from({ length: 50 }, (_, i) => `s${i % 5}/f${String(i).padStart(2, '0')}.wav`);
  test('the PRNG is the documented mulberry32 (first values for seed 0)', () => {
    const r = createRng(0);
    expect([r(), r(), r()]).toEqual([0.26642920868471265, 0.0003297457005828619, 0.2232720274478197]);
  });
  test('seeded, disjoint, complete, sized round(0.1 n), reproducible', () => {
    const a = splitFiles(files, { seed: 7 });
    expect(splitFiles(files, { seed: 7 })).toEqual(a);
    expect(splitFiles(files, { seed: 8 })).not.toEqual(a);
    expect([a.train.length, a.val.length, a.test.length]).toEqual([40, 5, 5]);
    expect([...a.train, ...a.val, ...a.test].sort()).toEqual([...files].sort());
    expect(a.val).toEqual([...a.val].sort());
  });
  test('speaker-disjoint mode keeps each speaker in one split', () => {
    const s = splitFiles(files, { seed: 1, val: 0.2, test: 0.2, speakerPattern: /^(s\d)\// });
    const spk = (l: string[]) => new Set(l.map((f) => f.slice(0, 2)));
    const [tr, va, te] = [spk(s.train), spk(s.val), spk(s.test)];
    expect([tr.size, va.size, te.size]).toEqual([3, 1, 1]);
    for (const x of va) expect(tr.has(x) || te.has(x)).toBe(false);
    expect(() => splitFiles(['zz.wav'], { speakerPattern: /^(s\d)\// })).toThrow(
      /speakerPattern must match every path, got no match for "zz.wav"/,
    );
  });
  test('invalid fractions are rejected', () => {
    expect(() => splitFiles(files, { val: 0.5, test: 0.5 })).toThrow(ParameterError);
    expect(() => splitFiles(files, { seed: 0.5 })).toThrow(/options.seed must be an integer/);
  });
  test('shuffle is a permutation (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 60 }), fc.integer(), (xs, seed) => {
        const y = shuffled(xs, createRng(seed));
        return JSON.stringify([...y].sort()) === JSON.stringify([...xs].sort());
      }),
      { seed: 42 },
    );
  });
  test('writeSplits writes <corpus>-{train,val,test}-files.txt next to the data', () => {
    const p = writeSplits(join(dir, 'c'), splitFiles(scanFolder(join(dir, 'c')), { val: 0.34, test: 0.34 }));
    expect(p.train).toBe(join(dir, 'c', 'c-train-files.txt'));
    const all = [p.train, p.val, p.test].flatMap((f) => parseFileList(readFileSync(f, 'utf8')));
    expect(all.sort()).toEqual(['p225/a.wav', 'p225/b.WAV', 'p226/x.wav']);
  });
});
