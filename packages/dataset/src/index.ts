// Public API of @speechsr/dataset: named re-exports only (no worker or CLI side effects here).
export { decodeWav, readAudio, encodeWav, writeWav } from './wav.js';
export type { Audio, ReadAudioOptions, WriteWavOptions } from './wav.js';
export { decodeAudio, loadAudio } from './compressed.js';
export { writeFileAtomic } from './atomic.js';
export { createRng, shuffled } from './rng.js';
export type { Rng } from './rng.js';
export {
  normalizeListLine,
  parseFileList,
  readFileList,
  writeFileList,
  scanFolder,
  splitFiles,
  writeSplits,
} from './manifest.js';
export type { ScanOptions, SplitOptions, Splits } from './manifest.js';
export {
  LOW_PASS_SCHEMES,
  SCHEME_CODES,
  lowRes,
  preprocess,
  extractPatches,
  fullUtterance,
} from './pipeline.js';
export type { LowPass, DeterministicLowPass, PreprocessOptions, Preprocessed, Patches } from './pipeline.js';
export { patchFileName, writePatchFile, PatchWriter, PatchFile } from './h5.js';
export type { PatchAttributes, PatchExtras } from './h5.js';
export { prepareCorpus } from './prepare.js';
export { closePrepWorkers } from './pool.js';
export type { PrepareCorpusOptions, PrepareSummary } from './prepare.js';
export { SEED_DATASET_DEFAULTS, expandDatasetConfig, locateList, runDatasetConfig } from './config.js';
export type { DatasetArgs, DatasetJob } from './config.js';
export { h5Batches, manifestBatches } from './iterator.js';
export type { PatchBatch, BatchOptions } from './iterator.js';
export { convolveMir, mirTestPair } from './augment.js';
