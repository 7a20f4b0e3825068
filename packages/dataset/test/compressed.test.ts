import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError } from '@speechsr/core';
import { expectAllClose, fixtures } from '@speechsr/test-utils';
import { afterAll, describe, expect, test } from 'vitest';
import { decodeAudio, loadAudio, PatchFile, prepareCorpus, readAudio } from '../src/index.js';

const fx = fixtures(import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'speechsr-flac-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const wav = () => readAudio(fx.path('dsp/audio/trim_input.wav')).samples;

describe('FLAC and Ogg Vorbis input (decoded by content)', () => {
  test('FLAC (flac 1.4.2 --best of trim_input.wav) gives exactly the WAV samples, int16 / 32768', async () => {
    const a = await loadAudio(fx.path('audio/trim_input.flac'));
    expect([a.sampleRate, a.channels, a.bitDepth]).toEqual([16000, 1, '16']);
    expectAllClose(a.samples, wav(), { atol: 0, rtol: 0 });
  });
  test('a FLAC file named .wav is read as FLAC (LibriSpeech in the seed)', async () => {
    copyFileSync(fx.path('audio/trim_input.flac'), join(dir, 'renamed.wav'));
    expectAllClose((await loadAudio(join(dir, 'renamed.wav'))).samples, wav(), { atol: 0, rtol: 0 });
  });
  test('Ogg Vorbis (oggenc -q 4, lossy): same length, SNR above 15 dB against the WAV', async () => {
    const a = await loadAudio(fx.path('audio/trim_input.ogg'));
    const x = wav();
    expect(a.samples.length).toBe(x.length);
    let e = 0;
    let p = 0;
    for (let i = 0; i < x.length; i++) {
      e += (a.samples[i]! - x[i]!) ** 2;
      p += x[i]! ** 2;
    }
    expect(10 * Math.log10(p / e)).toBeGreaterThan(15);
  });
  test('WAV still goes through decodeWav; corrupt FLAC is a FileFormatError naming the file', async () => {
    expectAllClose((await decodeAudio(readFileSync(fx.path('dsp/audio/trim_input.wav')))).samples, wav(), {
      atol: 0,
      rtol: 0,
    });
    const bad = readFileSync(fx.path('audio/trim_input.flac')).subarray(0, 40);
    await expect(decodeAudio(bad, 'cut.flac')).rejects.toThrow(FileFormatError);
    await expect(decodeAudio(bad, 'cut.flac')).rejects.toThrow(/^cut\.flac: /);
    await expect(loadAudio(join(dir, 'none.flac'))).rejects.toThrow(
      /none\.flac: cannot read the file \(ENOENT\)/,
    );
  });
  test('prepareCorpus takes FLAC files and gives the WAV result', async () => {
    copyFileSync(fx.path('audio/trim_input.flac'), join(dir, 'a.flac'));
    copyFileSync(fx.path('dsp/audio/trim_input.wav'), join(dir, 'a.wav'));
    const run = (f: string) =>
      prepareCorpus({
        files: [f],
        root: dir,
        out: join(dir, `${f}.h5`),
        workers: 0,
        progress: false,
        batchSize: 1,
      });
    const [s1, s2] = [await run('a.flac'), await run('a.wav')];
    expect(s1.count).toBe(s2.count);
    const [p1, p2] = [
      await PatchFile.open(join(dir, 'a.flac.h5')),
      await PatchFile.open(join(dir, 'a.wav.h5')),
    ];
    expectAllClose(p1.read().data, p2.read().data, { atol: 0, rtol: 0 });
    p1.close();
    p2.close();
  });
});
