import { readFileSync } from 'node:fs';
import { assertInt, assertOneOf, assertSignal, FileFormatError, type Signal } from '@speechsr/core';
import { resamplePoly } from '@speechsr/dsp';
import wavefile from 'wavefile';
import { writeFileAtomic } from './atomic.js';

/** A decoded, mono, float64 audio signal. */
export interface Audio {
  /** Mono samples, float64; PCM scaled as int / 2^(bits−1) (int16 / 32768), float kept as is. */
  samples: Float64Array;
  /** Sample rate of `samples` in Hz (after resampling, if any). */
  sampleRate: number;
  /** Sample rate stored in the file, in Hz. */
  fileSampleRate: number;
  /** Number of channels in the file (they were averaged to mono). */
  channels: number;
  /** Sample format in the file: `'16'`, `'24'`, `'32'` (PCM) or `'32f'`, `'64'` (IEEE float). */
  bitDepth: string;
}

/** Options of {@link decodeWav} / {@link readAudio}. */
export interface ReadAudioOptions {
  /**
   * Target sample rate in Hz (librosa's `sr`); other rates are converted with
   * `resamplePoly(x, fs_out/g, fs_in/g)` (dsp.md §1). `null` keeps the file's rate.
   * @defaultValue 16000 (the seed's `librosa.load(path, sr=16000)`)
   */
  sampleRate?: number | null;
}

const SUPPORTED = ['16', '24', '32', '32f', '64'] as const;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Sum of the channels (not yet scaled). wavefile parses the container; for little-endian 16-bit PCM
 * and 32-bit float, the common corpus formats, the samples are read straight from the data-chunk
 * bytes wavefile exposes (`wav.data.samples`) through a typed-array view — `getSamples` unpacks
 * sample by sample and was ~12× slower, half the preparation time. Other formats use `getSamples`.
 */
function toMono(
  wav: InstanceType<typeof wavefile.WaveFile>,
  bitDepth: string,
  channels: number,
  bigEndian: boolean,
): Float64Array {
  const bytes = (wav.data as { samples: Uint8Array }).samples;
  if (!bigEndian && (bitDepth === '16' || bitDepth === '32f')) {
    const width = bitDepth === '16' ? 2 : 4;
    const frames = Math.floor(bytes.length / (width * channels));
    const aligned = bytes.byteOffset % width === 0 ? bytes : bytes.slice();
    const len = frames * channels;
    const view =
      bitDepth === '16'
        ? new Int16Array(aligned.buffer, aligned.byteOffset, len)
        : new Float32Array(aligned.buffer, aligned.byteOffset, len);
    const mono = new Float64Array(frames);
    if (channels === 1) mono.set(view);
    else for (let i = 0, j = 0; i < frames; i++) for (let c = 0; c < channels; c++) mono[i]! += view[j++]!;
    return mono;
  }
  const raw = wav.getSamples(false, Float64Array) as unknown as Float64Array | Float64Array[];
  const chans = Array.isArray(raw) ? raw : [raw];
  const mono = new Float64Array(chans[0]!.length);
  for (const ch of chans) for (let i = 0; i < mono.length; i++) mono[i]! += ch[i]!;
  return mono;
}

/**
 * Decodes a WAV file held in memory: PCM 16/24/32-bit or IEEE float 32/64-bit, any channel count
 * (averaged to mono), resampled to `sampleRate` when the file's rate differs.
 * Mirrors: `librosa.load(path, sr=16000)` (mono, int16/32768 scaling), computed in float64.
 * @param buf - the file's bytes
 * @param file - name used in error messages
 * @param options - {@link ReadAudioOptions}
 * @returns {@link Audio} with a fresh Float64Array
 * @throws {@link @speechsr/core!FileFormatError} naming the file for an empty file, a truncated or malformed header,
 *   an unsupported sample format, a data chunk shorter than declared, zero samples or a non-finite sample
 * @example const { samples } = decodeWav(readFileSync('a.wav'), 'a.wav');
 */
export function decodeWav(buf: Uint8Array, file = 'wav', options: ReadAudioOptions = {}): Audio {
  const { sampleRate = 16000 } = options;
  if (sampleRate !== null) assertInt(sampleRate, 'decodeWav', 'options.sampleRate', { min: 1 });
  if (buf.length === 0) throw new FileFormatError(file, 'empty file (0 bytes), expected a RIFF/WAVE file.');
  const magic = String.fromCharCode(...buf.subarray(0, 4));
  if (magic !== 'RIFF' && magic !== 'RIFX' && magic !== 'RF64') {
    throw new FileFormatError(
      file,
      `not a WAV file: expected "RIFF" at byte 0, got ${JSON.stringify(magic)}. FLAC and Ogg Vorbis are read by loadAudio / decodeAudio.`,
    );
  }
  let wav: InstanceType<typeof wavefile.WaveFile>;
  try {
    wav = new wavefile.WaveFile(buf);
  } catch (err) {
    throw new FileFormatError(file, `truncated or malformed WAV header (${(err as Error).message}).`, {
      cause: err,
    });
  }
  const fmt = wav.fmt as {
    sampleRate: number;
    numChannels: number;
    audioFormat: number;
    bitsPerSample: number;
  };
  const bitDepth = (wav as unknown as { bitDepth: string }).bitDepth;
  if (!(SUPPORTED as readonly string[]).includes(bitDepth)) {
    throw new FileFormatError(
      file,
      `unsupported sample format (audioFormat ${fmt.audioFormat}, ${fmt.bitsPerSample} bits); supported: PCM 16/24/32-bit and IEEE float 32/64-bit.`,
    );
  }
  const data = wav.data as { chunkSize: number; samples: Uint8Array };
  if (data.samples.length < data.chunkSize) {
    throw new FileFormatError(
      file,
      `truncated data chunk: header declares ${data.chunkSize} bytes, the file holds ${data.samples.length}.`,
    );
  }
  const channels = fmt.numChannels;
  if (!(channels >= 1))
    throw new FileFormatError(file, `invalid channel count ${channels} in the fmt chunk.`);
  const scale = bitDepth === '32f' || bitDepth === '64' ? 1 : 2 ** (fmt.bitsPerSample - 1);
  const mono = toMono(wav, bitDepth, channels, magic === 'RIFX');
  const n = mono.length;
  if (n === 0) throw new FileFormatError(file, 'no samples (the data chunk is empty).');
  const k = 1 / (scale * channels);
  for (let i = 0; i < n; i++) {
    const v = mono[i]! * k;
    if (!Number.isFinite(v)) throw new FileFormatError(file, `non-finite sample ${v} at sample ${i}.`);
    mono[i] = v;
  }
  let samples: Float64Array = mono;
  let rate = fmt.sampleRate;
  if (sampleRate !== null && rate !== sampleRate) {
    const g = gcd(sampleRate, rate);
    samples = resamplePoly(mono, sampleRate / g, rate / g);
    rate = sampleRate;
  }
  return { samples, sampleRate: rate, fileSampleRate: fmt.sampleRate, channels, bitDepth };
}

/**
 * Reads a WAV file from disk; see {@link decodeWav}.
 * Mirrors: `librosa.load(path, sr=16000)`.
 * @param path - file path
 * @param options - {@link ReadAudioOptions}
 * @returns {@link Audio} (mono float64)
 * @throws {@link @speechsr/core!FileFormatError} when the file is missing or cannot be decoded (message starts with the path)
 * @example const { samples, sampleRate } = readAudio('corpus/a.wav');
 */
export function readAudio(path: string, options: ReadAudioOptions = {}): Audio {
  let buf: Uint8Array;
  try {
    buf = readFileSync(path);
  } catch (err) {
    throw new FileFormatError(
      path,
      `cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`,
      { cause: err },
    );
  }
  return decodeWav(buf, path, options);
}

/** Options of {@link encodeWav} / {@link writeWav}. */
export interface WriteWavOptions {
  /** Sample rate in Hz (scipy's `fs`). @defaultValue 16000 */
  sampleRate?: number;
  /**
   * Sample format: `'pcm16'` (round(x·32768), clipped to int16, like the seed's 16-bit output) or
   * `'float32'` (IEEE float, values kept). @defaultValue 'pcm16'
   */
  format?: 'pcm16' | 'float32';
}

/**
 * Encodes a mono signal as a WAV file (canonical 44-byte header).
 * @param x - samples in [−1, 1) for PCM (not modified)
 * @param options - {@link WriteWavOptions}
 * @returns the file's bytes
 * @throws {@link @speechsr/core!ParameterError} for a bad format or sample rate; {@link @speechsr/core!SignalError} for non-finite samples
 * @example writeFileSync('y.wav', encodeWav(y, { format: 'float32' }));
 */
export function encodeWav(x: Signal, options: WriteWavOptions = {}): Uint8Array {
  const { sampleRate = 16000, format = 'pcm16' } = options;
  assertSignal(x, 'encodeWav', 'x');
  assertInt(sampleRate, 'encodeWav', 'options.sampleRate', { min: 1 });
  assertOneOf(format, 'encodeWav', 'options.format', ['pcm16', 'float32'] as const);
  const wav = new wavefile.WaveFile();
  if (format === 'pcm16') {
    const s = new Int16Array(x.length);
    for (let i = 0; i < x.length; i++) s[i] = Math.max(-32768, Math.min(32767, Math.round(x[i]! * 32768)));
    wav.fromScratch(1, sampleRate, '16', s);
  } else {
    wav.fromScratch(1, sampleRate, '32f', Float32Array.from(x));
  }
  return wav.toBuffer();
}

/**
 * Writes a mono WAV file atomically (`<path>.tmp`, then rename).
 * @param path - output path
 * @param x - samples (not modified)
 * @param options - {@link WriteWavOptions}
 * @returns nothing
 * @throws as {@link encodeWav}
 * @example writeWav('out.wav', y, { sampleRate: 16000 });
 */
export function writeWav(path: string, x: Signal, options: WriteWavOptions = {}): void {
  writeFileAtomic(path, encodeWav(x, options));
}
