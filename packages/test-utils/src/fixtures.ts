import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import wavefile from 'wavefile';

/** A decoded WAV fixture: samples as int / 2^(bits−1) (int16 / 32768 for 16-bit PCM), float64. */
export interface WavFixture {
  sampleRate: number;
  samples: Float64Array;
}

/** Fixture access for one test file: paths resolve against `<test dir>/fixtures/`. */
export interface Fixtures {
  /** Absolute path of a fixture file; throws when it does not exist (a missing fixture never skips). */
  path(rel: string): string;
  /** Parsed JSON fixture. */
  json<T = any>(rel: string): T;
  /** Decoded mono WAV fixture. */
  wav(rel: string): WavFixture;
}

/**
 * Fixture loader bound to the calling test file: `const fx = fixtures(import.meta.url)`.
 * The fixtures live in the repository (copied from ../shared/fixtures with their licence notes),
 * so the tests pass on any clone.
 */
export function fixtures(testFileUrl: string): Fixtures {
  const dir = join(dirname(fileURLToPath(testFileUrl)), 'fixtures');
  const path = (rel: string): string => {
    const p = join(dir, rel);
    if (!existsSync(p)) throw new Error(`fixture missing: ${p}`);
    return p;
  };
  return {
    path,
    json: (rel) => JSON.parse(readFileSync(path(rel), 'utf8')),
    wav: (rel) => decodeWav(readFileSync(path(rel)), rel),
  };
}

/** Decodes a PCM/float WAV buffer (first channel) with the same library `@speechsr/dataset` uses. */
export function decodeWav(buf: Uint8Array, name = 'wav'): WavFixture {
  const wav = new wavefile.WaveFile(buf);
  const fmt = wav.fmt as { sampleRate: number; numChannels: number; audioFormat: number; bitsPerSample: number };
  const raw = wav.getSamples(false, Float64Array) as unknown as Float64Array | Float64Array[];
  const ch = Array.isArray(raw) ? raw[0]! : raw;
  if (fmt.numChannels !== 1) throw new Error(`${name}: fixture WAVs are mono, got ${fmt.numChannels} channels`);
  const scale = fmt.audioFormat === 3 ? 1 : 2 ** (fmt.bitsPerSample - 1);
  const samples = new Float64Array(ch.length);
  for (let i = 0; i < ch.length; i++) samples[i] = ch[i]! / scale;
  return { sampleRate: fmt.sampleRate, samples };
}
