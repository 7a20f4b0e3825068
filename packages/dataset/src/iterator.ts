import { join } from 'node:path';
import { assertInt, ParameterError } from '@speechsr/core';
import { TRIM_SEED } from '@speechsr/dsp';
import { PatchFile } from './h5.js';
import { extractPatches, type PreprocessOptions, preprocess } from './pipeline.js';
import { createRng, type Rng, shuffled } from './rng.js';
import { loadAudio } from './compressed.js';

/** A batch of patches, row-major `[size, dimension, 1]` float32 (ready for `tf.tensor3d(data, [size, dimension, 1])`). */
export interface PatchBatch {
  /** LR input patches. */
  data: Float32Array;
  /** HR target patches. */
  label: Float32Array;
  /** Patches in this batch (≤ batchSize; equal unless the last batch and dropRemainder is false). */
  size: number;
  /** Patch length d in samples (2048 for the seed's files); each array holds `size · dimension` values. */
  dimension: number;
}

/** Options shared by {@link h5Batches} and {@link manifestBatches}. */
export interface BatchOptions {
  /** Patches per batch. @defaultValue 32 */
  batchSize?: number;
  /** Shuffle (seeded). @defaultValue true */
  shuffle?: boolean;
  /** PRNG seed; use `seed + epoch` for a new order each epoch. @defaultValue 0 */
  seed?: number;
  /** Drop a last, incomplete batch. @defaultValue false */
  dropRemainder?: boolean;
}

function* emit(
  buf: { data: Float32Array[]; label: Float32Array[] },
  d: number,
  batchSize: number,
  rng: Rng | null,
  final: boolean,
  dropRemainder: boolean,
): Generator<PatchBatch> {
  const n = buf.data.length;
  const order = rng ? shuffled([...Array(n).keys()], rng) : [...Array(n).keys()];
  let used = 0;
  for (let s = 0; s + batchSize <= n || (final && !dropRemainder && s < n); s += batchSize) {
    const size = Math.min(batchSize, n - s);
    const data = new Float32Array(size * d);
    const label = new Float32Array(size * d);
    for (let i = 0; i < size; i++) {
      data.set(buf.data[order[s + i]!]!, i * d);
      label.set(buf.label[order[s + i]!]!, i * d);
    }
    used = s + size;
    yield { data, label, size, dimension: d };
  }
  const keep = order.slice(used);
  buf.data = keep.map((i) => buf.data[i]!);
  buf.label = keep.map((i) => buf.label[i]!);
}

/**
 * One epoch of batches streamed from HDF5 patch files, without loading them whole: the files are
 * read in blocks of `blockPatches`; with `shuffle`, the block order is shuffled, then the patches of
 * each block (plus any remainder of the previous one). Memory: about 2·blockPatches patches.
 * @param paths - one or more `.h5` patch files (ours or the seed's)
 * @param options - {@link BatchOptions} and `blockPatches` (@defaultValue 4096, 64 MB at d = 2048)
 * @returns an async iterator of {@link PatchBatch}
 * @throws {@link @speechsr/core!FileFormatError} for a file that is not a patch file; {@link @speechsr/core!ParameterError} for unequal patch lengths
 * @example for await (const b of h5Batches(['train.h5'], { seed: epoch })) { const x = tf.tensor3d(b.data, [b.size, b.dimension, 1]); ... }
 */
export async function* h5Batches(
  paths: string | readonly string[],
  options: BatchOptions & { blockPatches?: number } = {},
): AsyncGenerator<PatchBatch> {
  const { batchSize = 32, shuffle = true, seed = 0, dropRemainder = false, blockPatches = 4096 } = options;
  assertInt(batchSize, 'h5Batches', 'options.batchSize', { min: 1 });
  assertInt(blockPatches, 'h5Batches', 'options.blockPatches', { min: 1 });
  const files: PatchFile[] = [];
  try {
    for (const p of typeof paths === 'string' ? [paths] : paths) files.push(await PatchFile.open(p));
    const d = files[0]?.dimension ?? 0;
    for (const f of files)
      if (f.dimension !== d)
        throw new ParameterError(
          `h5Batches: every file must have patch length ${d}, got ${f.dimension} in ${f.path}.`,
        );
    const rng = shuffle ? createRng(seed) : null;
    let blocks: [number, number][] = [];
    files.forEach((f, fi) => {
      for (let s = 0; s < f.count; s += blockPatches) blocks.push([fi, s]);
    });
    if (rng) blocks = shuffled(blocks, rng);
    const buf = { data: [] as Float32Array[], label: [] as Float32Array[] };
    for (let b = 0; b < blocks.length; b++) {
      const [fi, s] = blocks[b]!;
      const f = files[fi]!;
      const r = f.read(s, Math.min(f.count, s + blockPatches));
      for (let i = 0; i < r.count; i++) {
        buf.data.push(r.data.subarray(i * d, (i + 1) * d));
        buf.label.push(r.label.subarray(i * d, (i + 1) * d));
      }
      yield* emit(buf, d, batchSize, rng, b === blocks.length - 1, dropRemainder);
    }
  } finally {
    for (const f of files) f.close();
  }
}

/**
 * One epoch of batches prepared on the fly from audio files (no HDF5 step): each file goes through
 * the per-file pipeline (preprocess + extractPatches, same options as prepareCorpus); prepared
 * patches are kept in `cache` (pass the same Map to later epochs) up to `cacheBytes`. With
 * `shuffle`, the file order is shuffled and patches are mixed in a buffer of `bufferPatches`.
 * Files that fail are skipped and reported to `onSkip`.
 * @param files - relative paths (e.g. readFileList output)
 * @param options - {@link BatchOptions}, `root`, per-file options, `dimension` (2048), `stride` (1024),
 *   `bufferPatches` (1024), `cache`, `cacheBytes` (512 MiB), `onSkip`
 * @returns an async iterator of {@link PatchBatch}
 * @throws {@link @speechsr/core!ParameterError} for invalid sizes
 * @example const cache = new Map(); for (let e = 0; e < 10; e++) for await (const b of manifestBatches(files, { root, seed: e, cache })) ...
 */
export async function* manifestBatches(
  files: readonly string[],
  options: BatchOptions &
    PreprocessOptions & {
      root: string;
      dimension?: number;
      stride?: number;
      bufferPatches?: number;
      cache?: Map<string, { data: Float32Array; label: Float32Array; count: number }>;
      cacheBytes?: number;
      onSkip?: (file: string, reason: string) => void;
    },
): AsyncGenerator<PatchBatch> {
  const {
    batchSize = 32,
    shuffle = true,
    seed = 0,
    dropRemainder = false,
    root,
    dimension = 2048,
    stride = 1024,
    bufferPatches = 1024,
    cache,
    cacheBytes = 512 * 2 ** 20,
    onSkip,
    ...pre
  } = options;
  assertInt(batchSize, 'manifestBatches', 'options.batchSize', { min: 1 });
  assertInt(dimension, 'manifestBatches', 'options.dimension', { min: 1 });
  assertInt(bufferPatches, 'manifestBatches', 'options.bufferPatches', { min: 1 });
  const rng = shuffle ? createRng(seed) : null;
  const order = rng ? shuffled(files, rng) : files.slice();
  const key = (f: string) =>
    JSON.stringify([
      f,
      pre.scale ?? 2,
      pre.lowPass ?? 'subsampling',
      pre.trim ?? TRIM_SEED,
      pre.mvn ?? true,
      dimension,
      stride,
    ]);
  let cached = 0;
  if (cache) for (const v of cache.values()) cached += v.data.byteLength * 2;
  const buf = { data: [] as Float32Array[], label: [] as Float32Array[] };
  for (let fi = 0; fi < order.length; fi++) {
    const f = order[fi]!;
    let p = cache?.get(key(f));
    if (!p) {
      try {
        const x = (await loadAudio(join(root, f), { sampleRate: pre.sampleRate ?? 16000 })).samples;
        const r = preprocess(x, pre);
        p = extractPatches(r.hr, r.lrUp, dimension, stride);
      } catch (err) {
        onSkip?.(f, (err as Error).message);
        continue;
      }
      if (cache && cached + p.data.byteLength * 2 <= cacheBytes) {
        cache.set(key(f), p);
        cached += p.data.byteLength * 2;
      }
    }
    for (let i = 0; i < p.count; i++) {
      buf.data.push(p.data.subarray(i * dimension, (i + 1) * dimension));
      buf.label.push(p.label.subarray(i * dimension, (i + 1) * dimension));
    }
    const last = fi === order.length - 1;
    if (last || buf.data.length >= bufferPatches)
      yield* emit(buf, dimension, batchSize, rng, last, dropRemainder);
  }
  if (order.length === 0 || buf.data.length > 0)
    yield* emit(buf, dimension, batchSize, rng, true, dropRemainder);
}
