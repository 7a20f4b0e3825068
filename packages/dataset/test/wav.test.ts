import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError, ParameterError } from '@speechsr/core';
import { resamplePoly } from '@speechsr/dsp';
import { expectAllClose, fixtures } from '@speechsr/test-utils';
import wavefile from 'wavefile';
import { afterAll, describe, expect, test } from 'vitest';
import { decodeWav, encodeWav, readAudio, writeWav } from '../src/index.js';

const fx = fixtures(import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'speechsr-wav-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function wav(channels: number, rate: number, depth: string, samples: ArrayLike<number>[]): Uint8Array {
  const w = new wavefile.WaveFile();
  w.fromScratch(channels, rate, depth, channels === 1 ? samples[0]! : samples);
  return w.toBuffer();
}

describe('decodeWav', () => {
  test('16-bit PCM is int16 / 32768 (same values as the test-utils decoder)', () => {
    const ref = fx.wav('dsp/audio/trim_input.wav');
    const a = readAudio(fx.path('dsp/audio/trim_input.wav'));
    expect(a.sampleRate).toBe(16000);
    expectAllClose(a.samples, ref.samples, { atol: 0, rtol: 0 });
  });
  test('24/32-bit PCM and 32/64-bit float, multi-channel averaged to mono', () => {
    expect(Array.from(decodeWav(wav(1, 16000, '24', [[4194304, -8388608]])).samples)).toEqual([0.5, -1]);
    expect(Array.from(decodeWav(wav(1, 16000, '32', [[1073741824]])).samples)).toEqual([0.5]);
    expect(
      Array.from(
        decodeWav(
          wav(2, 16000, '32f', [
            [0.5, 1],
            [0.25, -1],
          ]),
        ).samples,
      ),
    ).toEqual([0.375, 0]);
    expect(Array.from(decodeWav(wav(3, 16000, '64', [[0.3], [0.6], [0.9]])).samples)[0]).toBeCloseTo(0.6, 15);
    expect(Array.from(decodeWav(wav(2, 16000, '16', [[16384], [-16384]])).samples)).toEqual([0]);
  });
  test('other rates are resampled with resamplePoly(up, down) (48 kHz → 16 kHz = 1/3)', () => {
    const x = Float64Array.from({ length: 4800 }, (_, i) => 0.5 * Math.sin(i / 7));
    const a = decodeWav(wav(1, 48000, '64', [x]), 'x48.wav');
    expect(a.fileSampleRate).toBe(48000);
    expectAllClose(a.samples, resamplePoly(x, 1, 3), { atol: 0, rtol: 0 });
    expect(decodeWav(wav(1, 48000, '64', [x]), 'x', { sampleRate: null }).samples.length).toBe(4800);
  });
  test('bad files: FileFormatError naming the file and the problem', () => {
    const good = readFileSync(fx.path('dsp/audio/trim_input.wav'));
    expect(() => decodeWav(new Uint8Array(0), 'e.wav')).toThrow(
      new FileFormatError('e.wav', 'empty file (0 bytes), expected a RIFF/WAVE file.'),
    );
    expect(() => decodeWav(good.subarray(0, 30), 'h.wav')).toThrow(
      /^h\.wav: truncated or malformed WAV header/,
    );
    expect(() => decodeWav(good.subarray(0, 1000), 't.wav')).toThrow(
      /^t\.wav: truncated data chunk: header declares 150432 bytes, the file holds 956/,
    );
    expect(() => decodeWav(new TextEncoder().encode('fLaC....'), 'f.wav')).toThrow(
      /^f\.wav: not a WAV file: expected "RIFF" at byte 0, got "fLaC"/,
    );
    expect(() => decodeWav(wav(1, 16000, '8', [[128, 130]]), 'u8.wav')).toThrow(
      /^u8\.wav: unsupported sample format \(audioFormat 1, 8 bits\)/,
    );
    expect(() => decodeWav(wav(1, 16000, '32f', [[0.1, Number.NaN]]), 'n.wav')).toThrow(
      /^n\.wav: non-finite sample NaN at sample 1/,
    );
    expect(() => decodeWav(wav(1, 16000, '16', [[]]), 'z.wav')).toThrow(/^z\.wav: no samples/);
    expect(() => readAudio(join(dir, 'nope.wav'))).toThrow(/nope\.wav: cannot read the file \(ENOENT\)/);
    expect(() => decodeWav(good, 'x', { sampleRate: 0 })).toThrow(ParameterError);
  });
});

describe('encodeWav / writeWav', () => {
  test('16-bit PCM round trip is exact for int16/32768 values; float32 keeps float32 values', () => {
    const x = Float64Array.from([0, 0.5, -1, 12345 / 32768, 2]);
    const back = decodeWav(encodeWav(x)).samples;
    expect(Array.from(back)).toEqual([0, 0.5, -1, 12345 / 32768, 32767 / 32768]);
    const y = Float64Array.from([0.1, -0.7, 3]);
    writeWav(join(dir, 'f.wav'), y, { format: 'float32', sampleRate: 8000 });
    const a = readAudio(join(dir, 'f.wav'), { sampleRate: null });
    expect(a.sampleRate).toBe(8000);
    expect(a.bitDepth).toBe('32f');
    expect(Array.from(a.samples)).toEqual(Array.from(y, Math.fround));
  });
  test('rejects a bad format', () => {
    expect(() => encodeWav(new Float64Array(2), { format: 'pcm8' as 'pcm16' })).toThrow(
      /encodeWav: options.format must be one of "pcm16", "float32", got "pcm8"/,
    );
  });
});
