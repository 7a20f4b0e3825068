import { readFile } from 'node:fs/promises';
import { assertInt, FileFormatError } from '@speechsr/core';
import { resamplePoly } from '@speechsr/dsp';
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { OggVorbisDecoder } from '@wasm-audio-decoders/ogg-vorbis';
import { type Audio, decodeWav, type ReadAudioOptions } from './wav.js';

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

interface Decoded {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
  errors: { message: string }[];
  bitDepth?: number;
}

/**
 * Decodes WAV, FLAC or Ogg Vorbis held in memory, chosen **by content** (magic bytes `RIFF` /
 * `fLaC` / `OggS`), not by file extension — LibriSpeech FLAC renamed to `.wav` (dsp.md §1) works.
 * FLAC: `@wasm-audio-decoders/flac`; its float output (int / (2^(b−1) − 1)) is brought back to the
 * integers and scaled as int / 2^(b−1), so FLAC and WAV of the same PCM give identical samples.
 * Ogg Vorbis: `@wasm-audio-decoders/ogg-vorbis` (lossy; float output kept). Channels are averaged
 * and the rate converted as in {@link decodeWav}.
 * Mirrors: `librosa.load(path, sr=16000)`.
 * @param buf - file bytes
 * @param file - name used in error messages
 * @param options - {@link ReadAudioOptions}
 * @returns a promise of {@link Audio} (float64 mono)
 * @throws {@link @speechsr/core!FileFormatError} naming the file for undecodable or empty input and non-finite samples
 * @example const a = await decodeAudio(await readFile('x.flac'), 'x.flac');
 */
export async function decodeAudio(
  buf: Uint8Array,
  file = 'audio',
  options: ReadAudioOptions = {},
): Promise<Audio> {
  const magic = String.fromCharCode(...buf.subarray(0, 4));
  if (magic !== 'fLaC' && magic !== 'OggS') return decodeWav(buf, file, options);
  const { sampleRate = 16000 } = options;
  if (sampleRate !== null) assertInt(sampleRate, 'decodeAudio', 'options.sampleRate', { min: 1 });
  const decoder = magic === 'fLaC' ? new FLACDecoder() : new OggVorbisDecoder();
  let r: Decoded;
  try {
    await decoder.ready;
    r = (await decoder.decodeFile(buf)) as unknown as Decoded;
  } catch (err) {
    throw new FileFormatError(
      file,
      `cannot decode ${magic === 'fLaC' ? 'FLAC' : 'Ogg'} data (${(err as Error).message}).`,
      { cause: err },
    );
  } finally {
    decoder.free();
  }
  const format = magic === 'fLaC' ? 'FLAC' : 'Ogg Vorbis';
  if (r.errors.length > 0)
    throw new FileFormatError(file, `corrupt ${format} data (${r.errors[0]!.message}).`);
  const chans = r.channelData;
  const n = r.samplesDecoded;
  if (chans.length === 0 || n === 0) throw new FileFormatError(file, `no samples in the ${format} stream.`);
  const mono = new Float64Array(n);
  const bits = magic === 'fLaC' ? (r.bitDepth ?? 16) : 0;
  const full = 2 ** (bits - 1);
  for (const ch of chans) {
    for (let i = 0; i < n; i++) mono[i]! += bits ? Math.round(ch[i]! * (full - 1)) / full : ch[i]!;
  }
  for (let i = 0; i < n; i++) {
    const v = mono[i]! / chans.length;
    if (!Number.isFinite(v)) throw new FileFormatError(file, `non-finite sample ${v} at sample ${i}.`);
    mono[i] = v;
  }
  let samples: Float64Array = mono;
  let rate = r.sampleRate;
  if (sampleRate !== null && rate !== sampleRate) {
    const g = gcd(sampleRate, rate);
    samples = resamplePoly(mono, sampleRate / g, rate / g);
    rate = sampleRate;
  }
  return {
    samples,
    sampleRate: rate,
    fileSampleRate: r.sampleRate,
    channels: chans.length,
    bitDepth: bits ? String(bits) : 'vorbis',
  };
}

/**
 * Reads an audio file (WAV, FLAC or Ogg Vorbis, by content) from disk; see {@link decodeAudio}.
 * Mirrors: `librosa.load(path, sr=16000)`.
 * @param path - file path
 * @param options - {@link ReadAudioOptions}
 * @returns a promise of {@link Audio}
 * @throws {@link @speechsr/core!FileFormatError} when the file is missing or cannot be decoded (message starts with the path)
 * @example const { samples } = await loadAudio('LibriSpeech/19-198-0001.flac');
 */
export async function loadAudio(path: string, options: ReadAudioOptions = {}): Promise<Audio> {
  let buf: Uint8Array;
  try {
    buf = await readFile(path);
  } catch (err) {
    throw new FileFormatError(
      path,
      `cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`,
      { cause: err },
    );
  }
  return decodeAudio(buf, path, options);
}
