import { availableParallelism } from 'node:os';
import { renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { assertInt, assertNumber, assertOneOf, ParameterError } from '@speechsr/core';
import { TRIM_SEED, type TrimOptions } from '@speechsr/dsp';
import cliProgress from 'cli-progress';
import h5wasm from 'h5wasm/node';
import { tmpPath } from './atomic.js';
import { type PatchAttributes, PatchWriter } from './h5.js';
import { type DeterministicLowPass, LOW_PASS_SCHEMES, type LowPass, SCHEME_CODES } from './pipeline.js';
import { runJobs } from './pool.js';
import type { PrepJob, PrepResult } from './prep-job.js';
import { createRng } from './rng.js';

/** Options of {@link prepareCorpus}; defaults are the seed's `prep_dataset.py` arguments. */
export interface PrepareCorpusOptions {
  /** Relative paths of the audio files, in list order (see readFileList). */
  files: readonly string[];
  /** Audio root the paths are relative to (the seed's `--in-dir`; the list's folder for our corpora). */
  root: string;
  /** Output `.h5` path (see patchFileName for the seed's naming rule). */
  out: string;
  /** Scale r. @defaultValue 2 */
  scale?: number;
  /** LR scheme; `random` draws subsampling/decimating/fft per file from the seeded PRNG. @defaultValue 'subsampling' */
  lowPass?: LowPass;
  /** Silence trim, or false. @defaultValue TRIM_SEED */
  trim?: TrimOptions | false;
  /** MVN per file. @defaultValue true */
  mvn?: boolean;
  /** Target sample rate in Hz (librosa's `sr`); other rates are resampled. @defaultValue 16000 */
  sampleRate?: number;
  /** Patch length; −1 = full (unpatched) mode. @defaultValue 2048 */
  dimension?: number;
  /** Hop between patches. @defaultValue 1024 */
  stride?: number;
  /** Keep the first floor(N/batchSize)·batchSize patches. @defaultValue 32 */
  batchSize?: number;
  /** File-level keep probability (`--sam`): file skipped when u > sam, u ~ U[0,1) drawn in list order. @defaultValue 1 */
  sam?: number;
  /** Seed of the PRNG for `sam` and the `random` scheme. @defaultValue 0 */
  seed?: number;
  /** Full mode: utterance lengths are cut to a multiple of this. @defaultValue 512 */
  fullMultiple?: number;
  /** Worker threads; 0 prepares in this thread. @defaultValue min(2, availableParallelism()) */
  workers?: number;
  /** Show a progress bar with ETA on stderr. @defaultValue process.stderr.isTTY */
  progress?: boolean;
  /** Speaker id from a path (first capture group, parsed as an integer) → optional `speaker` dataset. */
  speakerPattern?: RegExp;
  /** Extra root attributes (e.g. `source_list`). */
  attrs?: PatchAttributes;
  /** Abort: the temp output is deleted, nothing is left behind. */
  signal?: AbortSignal;
}

/** What {@link prepareCorpus} did. */
export interface PrepareSummary {
  /** Output path (absolute). */
  out: string;
  /** Patches (or utterances in full mode) written. */
  count: number;
  /** Patches before the cut to a multiple of the batch size. */
  countBeforeBatchCut: number;
  /** Files prepared (including those too short for a patch). */
  prepared: number;
  /** Files dropped by `sam`. */
  sampledOut: number;
  /** Files that yielded no patch (shorter than one patch after trimming). */
  tooShort: string[];
  /** Files skipped because of an error, with the reason. */
  skipped: {
    /** The list entry (path relative to the audio root) that failed. */
    file: string;
    /** Error message of the failure (read, decode or preprocessing). */
    reason: string;
  }[];
  /** Seconds of input audio prepared (at the target rate). */
  audioSeconds: number;
  /** Wall time in seconds. */
  elapsedSeconds: number;
}

/**
 * Prepares a corpus into one HDF5 patch file (dsp.md §0–§8): each file is read, trimmed,
 * normalised, cropped, low-passed by the scheme, spline-upsampled and cut into patches on worker
 * threads; patches are appended in list order to `<out>.tmp` by a streaming {@link PatchWriter}
 * (bounded memory), cut to a multiple of `batchSize`, and the file is renamed to `out` at the end.
 * Files that fail (missing, corrupt, silent, …) are skipped and listed in the summary; an
 * interrupted run (abort signal, error) deletes the temp file.
 * Root attributes written: `sr`, `scale`, `scheme`, `seed`, `dimension`, `stride`, `batch_size`, `sam`,
 * `protocol` (`'speechsr-dataset/1'`), plus `attrs`. With `random`, a uint8 `scheme` dataset (1 subsampling,
 * 2 decimating, 3 fft) records each patch's scheme.
 * Mirrors: `prep_dataset.py` (`add_data` + `create`).
 * @param options - {@link PrepareCorpusOptions}
 * @returns {@link PrepareSummary}
 * @throws {@link @speechsr/core!ParameterError} for invalid options; errors from writing the output
 * @example const s = await prepareCorpus({ files: readFileList('slt/slt-train-files.txt'), root: 'slt', out: 'slt-decimating-train.2.2048.1024.h5', lowPass: 'decimating' });
 */
export async function prepareCorpus(options: PrepareCorpusOptions): Promise<PrepareSummary> {
  const {
    files,
    root,
    out,
    scale = 2,
    lowPass = 'subsampling',
    trim = TRIM_SEED,
    mvn = true,
    sampleRate = 16000,
    dimension = 2048,
    stride = 1024,
    batchSize = 32,
    sam = 1,
    seed = 0,
    fullMultiple = 512,
    workers = Math.min(2, availableParallelism()),
    progress = Boolean(process.stderr.isTTY),
    speakerPattern,
    attrs = {},
    signal,
  } = options;
  const fn = 'prepareCorpus';
  if (!Array.isArray(files))
    throw new ParameterError(`${fn}: options.files must be an array of paths, got ${typeof files}.`);
  assertInt(scale, fn, 'options.scale', { min: 1 });
  assertOneOf(lowPass, fn, 'options.lowPass', LOW_PASS_SCHEMES);
  assertInt(sampleRate, fn, 'options.sampleRate', { min: 1 });
  if (dimension !== -1)
    assertInt(dimension, fn, 'options.dimension', { min: 1 }, 'Use -1 for full (unpatched) mode.');
  assertInt(stride, fn, 'options.stride', { min: 1 });
  assertInt(batchSize, fn, 'options.batchSize', { min: 1 });
  assertNumber(sam, fn, 'options.sam', { min: 0, max: 1 });
  assertInt(seed, fn, 'options.seed');
  assertInt(workers, fn, 'options.workers', { min: 0 });
  const t0 = performance.now();
  const samRng = createRng(seed);
  const schemeRng = createRng((seed ^ 0x5eed5eed) | 0);
  const jobs: PrepJob[] = [];
  let sampledOut = 0;
  files.forEach((file, index) => {
    if (samRng() > sam) {
      sampledOut++;
      return;
    }
    const scheme: DeterministicLowPass =
      lowPass === 'random'
        ? (['subsampling', 'decimating', 'fft'] as const)[Math.floor(schemeRng() * 3)]!
        : lowPass;
    jobs.push({
      index,
      file,
      root: resolve(root),
      scale,
      lowPass: scheme,
      trim,
      mvn,
      sampleRate,
      dimension,
      stride,
      fullMultiple,
    });
  });
  const summary: PrepareSummary = {
    out: resolve(out),
    count: 0,
    countBeforeBatchCut: 0,
    prepared: 0,
    sampledOut,
    tooShort: [],
    skipped: [],
    audioSeconds: 0,
    elapsedSeconds: 0,
  };
  const rootAttrs: PatchAttributes = {
    protocol: 'speechsr-dataset/1',
    sr: sampleRate,
    scale,
    scheme: lowPass,
    seed,
    dimension,
    stride,
    batch_size: batchSize,
    sam,
    ...attrs,
  };
  const bar = progress
    ? new cliProgress.SingleBar(
        {
          format: 'prep {bar} {percentage}% | {value}/{total} files | {audio} s audio | ETA {eta_formatted}',
          etaBuffer: 20,
          noTTYOutput: true,
          notTTYSchedule: 2000,
          stream: process.stderr,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(jobs.length, 0, { audio: '0' });
  const account = (r: PrepResult) => {
    summary.audioSeconds += r.seconds;
    if (!r.ok) summary.skipped.push({ file: r.file, reason: r.error ?? 'unknown error' });
    else {
      summary.prepared++;
      if (r.count === 0) summary.tooShort.push(r.file);
    }
    bar?.increment(1, { audio: summary.audioSeconds.toFixed(0) });
  };
  const schemeOf = new Map(jobs.map((j) => [j.index, SCHEME_CODES[j.lowPass]]));
  const speakerOf = (file: string): number | undefined => {
    if (!speakerPattern) return undefined;
    const m = speakerPattern.exec(file);
    const v = m ? Number.parseInt(m[1] ?? m[0], 10) : Number.NaN;
    return Number.isFinite(v) ? v : -1;
  };
  try {
    if (dimension === -1) await prepareFull(jobs, workers, account, summary, rootAttrs, signal);
    else {
      const writer = await PatchWriter.create(summary.out, { dimension, attrs: rootAttrs });
      try {
        await runJobs(
          jobs,
          workers,
          (r) => {
            account(r);
            if (r.ok && r.count > 0) {
              writer.append(
                { data: r.data!, label: r.label!, count: r.count, dimension },
                {
                  scheme: lowPass === 'random' ? schemeOf.get(r.index) : undefined,
                  speaker: speakerOf(r.file),
                },
              );
            }
          },
          signal,
        );
        summary.countBeforeBatchCut = writer.count;
        writer.truncate(Math.floor(writer.count / batchSize) * batchSize);
        summary.count = writer.count;
        writer.close();
      } catch (err) {
        writer.abort();
        throw err;
      }
    }
  } finally {
    bar?.stop();
  }
  summary.elapsedSeconds = (performance.now() - t0) / 1000;
  return summary;
}

/** Full mode (dsp.md §7 [decision]): groups `data` / `label` with one dataset `<k>` [len, 1] per utterance. */
async function prepareFull(
  jobs: PrepJob[],
  workers: number,
  account: (r: PrepResult) => void,
  summary: PrepareSummary,
  attrs: PatchAttributes,
  signal?: AbortSignal,
): Promise<void> {
  await h5wasm.ready;
  const tmp = tmpPath(summary.out);
  const f = new h5wasm.File(tmp, 'w');
  try {
    const gd = f.create_group('data');
    const gl = f.create_group('label');
    for (const [k, v] of Object.entries(attrs)) f.create_attribute(k, v);
    let k = 0;
    await runJobs(
      jobs,
      workers,
      (r) => {
        account(r);
        if (r.ok && r.count > 0) {
          gd.create_dataset({ name: String(k), data: r.data!, shape: [r.data!.length, 1], dtype: '<f4' });
          gl.create_dataset({ name: String(k), data: r.label!, shape: [r.label!.length, 1], dtype: '<f4' });
          k++;
        }
      },
      signal,
    );
    summary.count = summary.countBeforeBatchCut = k;
    f.close();
    renameSync(tmp, summary.out);
  } catch (err) {
    try {
      f.close();
    } catch {
      // already closed
    }
    rmSync(tmp, { force: true });
    throw err;
  }
}
