import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FileFormatError, ParameterError } from '@speechsr/core';
import { patchFileName } from './h5.js';
import { readFileList } from './manifest.js';
import { LOW_PASS_SCHEMES, type LowPass } from './pipeline.js';
import { type PrepareCorpusOptions, type PrepareSummary, prepareCorpus } from './prepare.js';

/** One resolved argument set of a `dataset.json` entry (the seed's `prep_dataset.py` arguments). */
export interface DatasetArgs {
  /** Corpus name, the prefix of its file lists (`timit`, `vctk-speaker1`, …; seed `--corpus`, default `timit`). */
  corpus: string;
  /** How the LR input is made from the HR signal (seed `--low_pass`, default `subsampling`). */
  lowPass: LowPass;
  /** Up-sampling factor r, HR rate / LR rate (seed `--scale`, default 2). */
  scale: number;
  /** Patch length d in HR samples (seed `--dimension`, default 2048; −1 = full utterances). */
  dimension: number;
  /** Hop between patch starts in HR samples (seed `--stride`, default 1024 = 50 % overlap). */
  stride: number;
  /** Patch count is cut to a multiple of this (seed `--batch_size`, default 32). */
  batchSize: number;
  /** HR sampling rate in Hz the audio is resampled to (seed `--sr`, default 16000). */
  sampleRate: number;
  /** File-level keep fraction in [0, 1]: each listed file is kept with this probability (seed `--sam`, default 1 = all). */
  sam: number;
}

/** `prep_dataset.py`'s defaults, the starting point of the accumulation (dsp.md §9). */
export const SEED_DATASET_DEFAULTS: Readonly<DatasetArgs> = Object.freeze({
  corpus: 'timit',
  lowPass: 'subsampling',
  scale: 2,
  dimension: 2048,
  stride: 1024,
  batchSize: 32,
  sampleRate: 16000,
  sam: 1,
});

const KEYS: Record<string, keyof DatasetArgs> = {
  corpus: 'corpus',
  low_pass: 'lowPass',
  lowPass: 'lowPass',
  scale: 'scale',
  dimension: 'dimension',
  stride: 'stride',
  batch_size: 'batchSize',
  batchSize: 'batchSize',
  sr: 'sampleRate',
  sampleRate: 'sampleRate',
  sam: 'sam',
};
/** Seed keys accepted and ignored (always true / not supported otherwise, dsp.md §7). */
const IGNORED = new Set(['interpolate', 'in_dir', 'out', 'file_list']);

/** One preparation the batch config asks for. */
export interface DatasetJob {
  /** Entry key in `dataset.json` ("1" … "12"). */
  entry: string;
  /** Split the job builds (each entry yields a `train` and a `val` job; no test HDF5). */
  state: 'train' | 'val';
  /** Arguments in effect for this entry, after accumulation over the earlier entries. */
  args: DatasetArgs;
  /** Seed output file name (patchFileName). */
  out: string;
}

/**
 * Expands a `dataset.json` object with the seed's **accumulating** semantics: entries are taken in
 * numeric key order and each overrides only the keys it names; everything else is inherited from
 * the previous entry (not reset). Each entry yields a `train` and a `val` job (no test HDF5).
 * Keys may be the seed's (`low_pass`, `batch_size`, `sr`) or camelCase.
 * Mirrors: the seed's `data/dataset.json` driver.
 * @param config - parsed `dataset.json` (`{ "1": { "corpus": "timit", ... }, "2": {...} }`)
 * @param base - starting arguments @defaultValue SEED_DATASET_DEFAULTS
 * @returns jobs in order
 * @throws {@link @speechsr/core!ParameterError} for an unknown key or an invalid `low_pass`
 * @example expandDatasetConfig({ '1': { corpus: 'slt' }, '2': { low_pass: 'fft' } }); // 4 jobs, entry 2 keeps corpus slt
 */
export function expandDatasetConfig(
  config: Record<string, Record<string, unknown>>,
  base: DatasetArgs = SEED_DATASET_DEFAULTS,
): DatasetJob[] {
  const keys = Object.keys(config).sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0));
  let cur: DatasetArgs = { ...base };
  const jobs: DatasetJob[] = [];
  for (const entry of keys) {
    const next = { ...cur } as Record<string, unknown>;
    for (const [k, v] of Object.entries(config[entry] ?? {})) {
      if (IGNORED.has(k)) continue;
      const key = KEYS[k];
      if (!key)
        throw new ParameterError(
          `expandDatasetConfig: entry ${entry} key must be one of ${Object.keys(KEYS).join(', ')}, got ${JSON.stringify(k)}.`,
        );
      next[key] = v;
    }
    if (!(LOW_PASS_SCHEMES as readonly unknown[]).includes(next.lowPass)) {
      throw new ParameterError(
        `expandDatasetConfig: entry ${entry} low_pass must be one of ${LOW_PASS_SCHEMES.join(', ')}, got ${JSON.stringify(next.lowPass)}.`,
      );
    }
    cur = next as unknown as DatasetArgs;
    for (const state of ['train', 'val'] as const) {
      jobs.push({ entry, state, args: { ...cur }, out: patchFileName({ ...cur, state }) });
    }
  }
  return jobs;
}

/**
 * Finds a job's file list: `<corpusDir>/<corpus>-<state>-files.txt` (the seed's layout, audio root
 * = corpusDir) or `<corpusDir>/<corpus>/<corpus>-<state>-files.txt` (our corpora, root = that folder).
 * @param corpusDir - folder holding the corpora
 * @param corpus - corpus name
 * @param state - split
 * @returns `{ list, root }`
 * @throws {@link @speechsr/core!FileFormatError} when neither list exists
 */
export function locateList(
  corpusDir: string,
  corpus: string,
  state: string,
): {
  /** Path of the `<corpus>-<state>-files.txt` list that was found. */
  list: string;
  /** Audio root its lines are relative to (the list's folder). */
  root: string;
} {
  const name = `${corpus}-${state}-files.txt`;
  for (const list of [join(corpusDir, name), join(corpusDir, corpus, name)])
    if (existsSync(list)) return { list, root: dirname(list) };
  throw new FileFormatError(
    join(corpusDir, name),
    `file list not found (also looked in ${join(corpusDir, corpus)}).`,
  );
}

/**
 * Runs every job of a `dataset.json` (see {@link expandDatasetConfig}) with {@link prepareCorpus}.
 * @param configPath - path of `dataset.json`
 * @param options - `corpusDir` (lists + audio), `outDir`, and any prepareCorpus option
 * @returns one summary per job
 * @throws {@link @speechsr/core!FileFormatError} for an unreadable config or a missing list
 * @example await runDatasetConfig('dataset.json', { corpusDir: 'corpora', outDir: 'h5' });
 */
export async function runDatasetConfig(
  configPath: string,
  options: { corpusDir: string; outDir: string } & Omit<PrepareCorpusOptions, 'files' | 'root' | 'out'>,
): Promise<
  {
    /** The expanded job that was run. */
    job: DatasetJob;
    /** What {@link prepareCorpus} reported for it. */
    summary: PrepareSummary;
  }[]
> {
  let config: Record<string, Record<string, unknown>>;
  try {
    config = JSON.parse(readFileSync(configPath, 'utf8'));
  } catch (err) {
    throw new FileFormatError(configPath, `cannot read the dataset config (${(err as Error).message}).`, {
      cause: err,
    });
  }
  const { corpusDir, outDir, ...rest } = options;
  const results: { job: DatasetJob; summary: PrepareSummary }[] = [];
  for (const job of expandDatasetConfig(config)) {
    const { list, root } = locateList(corpusDir, job.args.corpus, job.state);
    const summary = await prepareCorpus({
      ...rest,
      ...job.args,
      files: readFileList(list),
      root,
      out: join(outDir, job.out),
      attrs: { source_list: list },
    });
    results.push({ job, summary });
  }
  return results;
}
