import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectAllClose, fixtures } from '@speechsr/test-utils';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encodeWav, extractPatches, PatchFile, prepareCorpus, preprocess, readAudio } from '../src/index.js';

const fx = fixtures(import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'speechsr-prep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GOOD = ['a.wav', 'sub/b.wav'];
const BAD = {
  'corrupt.wav': /corrupt\.wav: not a WAV file/,
  'truncated.wav': /truncated\.wav: truncated data chunk/,
  'empty.wav': /empty\.wav: empty file \(0 bytes\)/,
  'silent.wav': /must not be constant after trimming/,
  'missing.wav': /missing\.wav: cannot read the file \(ENOENT\)/,
};

beforeAll(() => {
  const src = fx.path('dsp/audio/trim_input.wav');
  mkdirSync(join(dir, 'sub'));
  copyFileSync(src, join(dir, 'a.wav'));
  const x = readAudio(src).samples;
  writeFileSync(join(dir, 'sub/b.wav'), encodeWav(x.subarray(5000, 60000).map((v) => -v)));
  const buf = readFileSync(src);
  writeFileSync(join(dir, 'corrupt.wav'), buf.subarray(100, 5000));
  writeFileSync(join(dir, 'truncated.wav'), buf.subarray(0, 20000));
  writeFileSync(join(dir, 'empty.wav'), new Uint8Array(0));
  writeFileSync(join(dir, 'silent.wav'), encodeWav(new Float64Array(40000)));
});

function expectedPatches(files: string[]) {
  const out: Float32Array[] = [];
  for (const f of files) {
    const pre = preprocess(readAudio(join(dir, f)).samples, { lowPass: 'decimating' });
    out.push(extractPatches(pre.hr, pre.lrUp).data);
  }
  const all = new Float32Array(out.reduce((s, a) => s + a.length, 0));
  let o = 0;
  for (const a of out) {
    all.set(a, o);
    o += a.length;
  }
  return all;
}

describe('prepareCorpus', () => {
  for (const workers of [0, 2]) {
    test(`bad inputs are skipped with clear messages, the rest is prepared (workers = ${workers})`, async () => {
      const out = join(dir, `w${workers}.h5`);
      const list = [
        'corrupt.wav',
        GOOD[0]!,
        'empty.wav',
        'truncated.wav',
        'silent.wav',
        'missing.wav',
        GOOD[1]!,
      ];
      const s = await prepareCorpus({
        files: list,
        root: dir,
        out,
        lowPass: 'decimating',
        workers,
        batchSize: 8,
        progress: false,
      });
      expect(s.skipped.map((k) => k.file)).toEqual([
        'corrupt.wav',
        'empty.wav',
        'truncated.wav',
        'silent.wav',
        'missing.wav',
      ]);
      for (const { file, reason } of s.skipped) expect(reason).toMatch(BAD[file as keyof typeof BAD]);
      expect(s.prepared).toBe(2);
      const exp = expectedPatches(GOOD);
      expect(s.countBeforeBatchCut).toBe(exp.length / 2048);
      expect(s.count).toBe(Math.floor(exp.length / 2048 / 8) * 8);
      const pf = await PatchFile.open(out);
      expect(pf.attrs).toMatchObject({
        protocol: 'speechsr-dataset/1',
        sr: 16000,
        scale: 2,
        scheme: 'decimating',
        seed: 0,
        batch_size: 8,
      });
      expect(pf.read().data.length).toBe(s.count * 2048);
      expectAllClose(pf.read().data, exp.subarray(0, s.count * 2048), { atol: 0, rtol: 0 });
      pf.close();
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });
  }
  test('stereo 44.1 kHz input is mixed to mono and resampled to 16 kHz', async () => {
    const { default: wavefile } = await import('wavefile');
    const x = readAudio(fx.path('dsp/audio/trim_input.wav'), { sampleRate: 44100 }).samples;
    const w = new wavefile.WaveFile();
    const l = Int16Array.from(x, (v) => Math.round(v * 32768 * 0.5));
    const r = Int16Array.from(x, (v) => Math.round(v * 32768 * 0.3));
    w.fromScratch(2, 44100, '16', [l, r]);
    writeFileSync(join(dir, 'stereo.wav'), w.toBuffer());
    const a = readAudio(join(dir, 'stereo.wav'));
    expect(a.channels).toBe(2);
    expect(a.fileSampleRate).toBe(44100);
    expect(a.sampleRate).toBe(16000);
    expect(Math.abs(a.samples.length - (x.length * 160) / 441)).toBeLessThanOrEqual(1);
    const s = await prepareCorpus({
      files: ['stereo.wav'],
      root: dir,
      out: join(dir, 'st.h5'),
      workers: 0,
      batchSize: 1,
      progress: false,
    });
    expect(s.skipped).toEqual([]);
    expect(s.count).toBeGreaterThan(30);
  });
  test('random scheme and sam are seeded and recorded', async () => {
    const files = Array.from({ length: 6 }, (_, i) => GOOD[i % 2]!);
    const run = (out: string, seed: number) =>
      prepareCorpus({
        files,
        root: dir,
        out: join(dir, out),
        lowPass: 'random',
        sam: 0.7,
        seed,
        workers: 0,
        batchSize: 1,
        progress: false,
      });
    const s1 = await run('r1.h5', 3);
    const s2 = await run('r2.h5', 3);
    expect(s1.sampledOut).toBe(s2.sampledOut);
    const [p1, p2] = [await PatchFile.open(join(dir, 'r1.h5')), await PatchFile.open(join(dir, 'r2.h5'))];
    expectAllClose(p1.read().data, p2.read().data, { atol: 0, rtol: 0 });
    const codes = p1.readExtra('scheme')!;
    expect(codes.length).toBe(p1.count);
    expect(new Set(codes).size).toBeGreaterThan(1);
    p1.close();
    p2.close();
  });
  test('full (unpatched) mode stores one dataset per utterance, length a multiple of 512', async () => {
    const out = join(dir, 'full.h5');
    const s = await prepareCorpus({
      files: GOOD,
      root: dir,
      out,
      dimension: -1,
      workers: 0,
      progress: false,
    });
    expect(s.count).toBe(2);
    const { default: h5wasm } = await import('h5wasm/node');
    await h5wasm.ready;
    const f = new h5wasm.File(out, 'r');
    const d0 = f.get('data/0') as InstanceType<typeof h5wasm.Dataset>;
    const pre = preprocess(readAudio(join(dir, GOOD[0]!)).samples);
    expect(d0.shape).toEqual([pre.hr.length - (pre.hr.length % 512), 1]);
    f.close();
  });
  test('small generated corpus (2 min, 24 files): 2 workers give the in-order result of 0 workers', async () => {
    const x = readAudio(fx.path('dsp/audio/trim_input.wav')).samples;
    const files: string[] = [];
    mkdirSync(join(dir, 'gen'));
    for (let i = 0; i < 24; i++) {
      const y = new Float64Array(80000);
      for (let j = 0; j < y.length; j++) y[j] = (i % 2 ? -0.5 : 0.8) * x[(j + i * 997) % x.length]!;
      writeFileSync(join(dir, 'gen', `g${i}.wav`), encodeWav(y));
      files.push(`g${i}.wav`);
    }
    const run = (workers: number) =>
      prepareCorpus({
        files,
        root: join(dir, 'gen'),
        out: join(dir, `gen${workers}.h5`),
        workers,
        progress: false,
        speakerPattern: /^g(\d+)\.wav$/,
      });
    const [s0, s2] = [await run(0), await run(2)];
    expect(s2.count).toBe(s0.count);
    expect(s2.audioSeconds).toBeCloseTo(120, 9);
    const [a, b] = [await PatchFile.open(join(dir, 'gen0.h5')), await PatchFile.open(join(dir, 'gen2.h5'))];
    expect(b.count).toBe(a.count);
    const spk = Array.from(b.readExtra('speaker')!);
    expect(spk.length).toBe(b.count);
    expect(spk[0]).toBe(0);
    expect(spk.every((v, i) => i === 0 || v === spk[i - 1] || v === spk[i - 1]! + 1)).toBe(true);
    expect(spk[spk.length - 1]).toBeGreaterThan(20);
    expectAllClose(b.read().label, a.read().label, { atol: 0, rtol: 0 });
    a.close();
    b.close();
  });
  test('an aborted run leaves no output', async () => {
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    const out = join(dir, 'aborted.h5');
    await expect(
      prepareCorpus({ files: GOOD, root: dir, out, workers: 0, progress: false, signal: ac.signal }),
    ).rejects.toThrow('stop');
    expect(existsSync(out) || existsSync(`${out}.tmp`)).toBe(false);
  });
});
