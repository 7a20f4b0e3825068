import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError } from '@speechsr/core';
import { expectAllClose, fixtures } from '@speechsr/test-utils';
import h5wasm from 'h5wasm/node';
import { afterAll, describe, expect, test } from 'vitest';
import { PatchFile, PatchWriter, patchFileName, writePatchFile } from '../src/index.js';

const fx = fixtures(import.meta.url);
const expected = fx.json('h5/expected.json');
// expected.json tolerance: "sample values exact (they are float32 widened to float64); mean/std/sum_of_squares
// were accumulated in float64: <= 1e-9 relative"
const STAT_RTOL = 1e-9;
const dir = mkdtempSync(join(tmpdir(), 'speechsr-h5-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HAS_H5PY = spawnSync('/usr/bin/python3', ['-c', 'import h5py'], { stdio: 'ignore' }).status === 0;

function stats(a: Float32Array) {
  let s = 0;
  let ss = 0;
  let mn = Infinity;
  let mx = -Infinity;
  for (const v of a) {
    s += v;
    ss += v * v;
    mn = Math.min(mn, v);
    mx = Math.max(mx, v);
  }
  const mean = s / a.length;
  return { mean, std: Math.sqrt(ss / a.length - mean * mean), min: mn, max: mx, ss };
}

describe('PatchFile reads the seed sample exactly as expected.json states', () => {
  for (const name of ['data', 'label'] as const) {
    test(name, async () => {
      const e = expected.datasets[name];
      const pf = await PatchFile.open(fx.path('h5/vctk-speaker1-val.2.2048.1024.h5'));
      try {
        expect([pf.count, pf.dimension, 1]).toEqual(e.shape);
        expect(pf.layout(name)).toEqual({ shape: e.shape, chunks: null, dtype: '<f4' });
        expect(pf.attrs).toEqual({});
        const all = pf.read()[name];
        const at = (p: number, i: number) => all[p * 2048 + i]!;
        expect([0, 1, 2, 3, 4].map((i) => at(0, i))).toEqual(e['first5_of_[0,:,0]']);
        expect([2043, 2044, 2045, 2046, 2047].map((i) => at(0, i))).toEqual(e['last5_of_[0,:,0]']);
        expect([0, 1, 2, 3, 4].map((i) => at(95, i))).toEqual(e['first5_of_[95,:,0]']);
        expect([1000, 1001, 1002, 1003, 1004].map((i) => at(17, i))).toEqual(e['values_[17,1000:1005,0]']);
        const s = stats(all);
        expect(s.min).toBe(e.min);
        expect(s.max).toBe(e.max);
        expect(Math.abs(s.mean - e.mean) / Math.abs(e.mean)).toBeLessThan(STAT_RTOL);
        expect(Math.abs(s.std - e.std) / e.std).toBeLessThan(STAT_RTOL);
        expect(Math.abs(s.ss - e.sum_of_squares) / e.sum_of_squares).toBeLessThan(STAT_RTOL);
        // a streamed slice equals the same rows of the full read
        const part = pf.read(17, 19)[name];
        expectAllClose(part, all.subarray(17 * 2048, 19 * 2048), { atol: 0, rtol: 0 });
      } finally {
        pf.close();
      }
    });
  }
  test('consecutive label patches overlap by 1024 as stated', async () => {
    const pf = await PatchFile.open(fx.path('h5/vctk-speaker1-val.2.2048.1024.h5'));
    const { label } = pf.read();
    pf.close();
    let n = 0;
    for (let p = 0; p < 95; p++) {
      const a = label.subarray(p * 2048 + 1024, p * 2048 + 2048);
      const b = label.subarray((p + 1) * 2048, (p + 1) * 2048 + 1024);
      if (a.every((v, i) => v === b[i])) n++;
    }
    expect(n).toBe(expected.semantics.consecutive_label_patches_overlapping_by_1024);
  });
  test('missing file and non-HDF5 file give FileFormatError naming the file', async () => {
    await expect(PatchFile.open(join(dir, 'nope.h5'))).rejects.toThrow(FileFormatError);
    await expect(PatchFile.open(fx.path('h5/expected.json'))).rejects.toThrow(
      /expected\.json: cannot open as HDF5/,
    );
  });
});

function makePatches(count: number, dimension: number, seed: number) {
  const data = new Float32Array(count * dimension);
  const label = new Float32Array(count * dimension);
  for (let i = 0; i < data.length; i++) {
    data[i] = Math.fround(Math.sin(i * 0.01 + seed));
    label[i] = Math.fround(Math.cos(i * 0.013 + seed));
  }
  return { data, label, count, dimension };
}

/** Independent check: h5py when importable, else h5wasm's low-level metadata. */
function independentLayout(path: string): {
  shape: number[];
  dtype: string;
  chunks: number[] | null;
  attrs: Record<string, unknown>;
  sums: number[];
} {
  if (HAS_H5PY) {
    const out = execFileSync('/usr/bin/python3', [
      '-c',
      `import h5py, json, sys, numpy as np
f = h5py.File(sys.argv[1], 'r'); d = f['data']; l = f['label']
print(json.dumps({'shape': list(d.shape), 'dtype': d.dtype.str, 'chunks': list(d.chunks) if d.chunks else None,
  'attrs': {k: (v.item() if hasattr(v, 'item') else (v.decode() if isinstance(v, bytes) else v)) for k, v in f.attrs.items()},
  'sums': [float(np.asarray(d, np.float64).sum()), float(np.asarray(l, np.float64).sum())]}))`,
      path,
    ]);
    return JSON.parse(out.toString());
  }
  const f = new h5wasm.File(path, 'r');
  const d = f.get('data') as InstanceType<typeof h5wasm.Dataset>;
  const l = f.get('label') as InstanceType<typeof h5wasm.Dataset>;
  const md = d.metadata;
  const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);
  const attrs: Record<string, unknown> = {};
  for (const [k, a] of Object.entries(f.attrs)) attrs[k] = a.value;
  const r = {
    shape: d.shape!,
    dtype: `<f${md.size}`,
    chunks: md.chunks ?? null,
    attrs,
    sums: [sum(d.value as Float32Array), sum(l.value as Float32Array)],
  };
  f.close();
  return r;
}

describe('writing patch files', () => {
  test('patchFileName follows the seed rule', () => {
    expect(patchFileName({ corpus: 'timit', lowPass: 'decimating', state: 'train', scale: 2 })).toBe(
      'timit-decimating-train.2.2048.1024.h5',
    );
  });
  test(`writePatchFile: contiguous round trip, independent reader (${HAS_H5PY ? 'h5py' : 'h5wasm low-level'})`, async () => {
    const p = makePatches(64, 2048, 1);
    const path = join(dir, 'a.h5');
    await writePatchFile(path, p, { attrs: { sr: 16000, scale: 2, scheme: 'decimating', seed: 0 } });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const pf = await PatchFile.open(path);
    const back = pf.read();
    expect(pf.layout('data')).toEqual({ shape: [64, 2048, 1], chunks: null, dtype: '<f4' });
    expect(pf.attrs).toMatchObject({ sr: 16000, scale: 2, scheme: 'decimating', seed: 0 });
    pf.close();
    expectAllClose(back.data, p.data, { atol: 0, rtol: 0 });
    expectAllClose(back.label, p.label, { atol: 0, rtol: 0 });
    const ind = independentLayout(path);
    expect(ind.shape).toEqual([64, 2048, 1]);
    expect(ind.dtype).toBe('<f4');
    expect(ind.chunks).toBeNull();
    expect(ind.attrs).toMatchObject({ sr: 16000, scale: 2, scheme: 'decimating' });
    const sd = p.data.reduce((s, v) => s + v, 0);
    expect(Math.abs(ind.sums[0]! - sd)).toBeLessThan(1e-6 * 64 * 2048);
  });
  test('PatchWriter: streamed appends, truncate to a batch multiple, extras, atomic rename', async () => {
    const path = join(dir, 'b.h5');
    const w = await PatchWriter.create(path, { attrs: { sr: 16000 } });
    const a = makePatches(40, 2048, 2);
    const b = makePatches(30, 2048, 3);
    w.append(a, { speaker: 225, scheme: 2 });
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.tmp`)).toBe(true);
    w.append(b, { speaker: 226, scheme: 3 });
    w.truncate(64);
    w.close();
    expect(existsSync(`${path}.tmp`)).toBe(false);
    const pf = await PatchFile.open(path);
    expect(pf.count).toBe(64);
    expectAllClose(pf.read(0, 40).data, a.data, { atol: 0, rtol: 0 });
    expectAllClose(pf.read(40, 64).label, b.label.subarray(0, 24 * 2048), { atol: 0, rtol: 0 });
    expect(Array.from(pf.readExtra('speaker')!.subarray(38, 42))).toEqual([225, 225, 226, 226]);
    expect(pf.readExtra('scheme')!.length).toBe(64);
    pf.close();
    const ind = independentLayout(path);
    expect(ind.shape).toEqual([64, 2048, 1]);
    expect(ind.dtype).toBe('<f4');
  });
  test('PatchWriter.abort leaves no file behind', async () => {
    const path = join(dir, 'c.h5');
    const w = await PatchWriter.create(path);
    w.append(makePatches(3, 2048, 0));
    w.abort();
    expect(existsSync(path) || existsSync(`${path}.tmp`)).toBe(false);
  });
  test('files beyond 2 GiB: streamed write and sliced reads past the 2^31-byte offset', {
    tags: ['slow'],
  }, async () => {
    const path = join(dir, 'big.h5');
    const per = 1024;
    const data = new Float32Array(per * 2048);
    const label = new Float32Array(per * 2048);
    const w = await PatchWriter.create(path);
    for (let k = 0; k < 136; k++) {
      data.fill(k);
      label.fill(-k);
      w.append({ data, label, count: per, dimension: 2048 });
    }
    w.close();
    try {
      const pf = await PatchFile.open(path);
      expect(pf.count).toBe(136 * per); // 2 × 1.06 GiB of float32 patches: label lies past 2^31 bytes
      const last = pf.read(pf.count - 1);
      expect([last.data[0], last.label[2047]]).toEqual([135, -135]);
      expect(pf.read(100 * per + 7, 100 * per + 8).label[9]).toBe(-100);
      pf.close();
    } finally {
      rmSync(path, { force: true });
    }
  });
});
