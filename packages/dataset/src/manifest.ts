import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { assertInt, assertNumber, FileFormatError, ParameterError } from '@speechsr/core';
import { writeFileAtomic } from './atomic.js';
import { createRng, shuffled } from './rng.js';

/**
 * Normalises one list line: Windows separators `\` become `/`, a leading `./` is removed,
 * surrounding whitespace is trimmed (dsp.md §10: `.\TIMIT\TRAIN\...wav` → `TIMIT/TRAIN/...wav`).
 * @param line - a line of a file list
 * @returns the normalised relative path ('' for a blank line)
 * @example normalizeListLine('.\\TIMIT\\TRAIN\\SA1.WAV.wav'); // 'TIMIT/TRAIN/SA1.WAV.wav'
 */
export function normalizeListLine(line: string): string {
  let s = line.trim().replace(/\\/g, '/');
  while (s.startsWith('./')) s = s.slice(2);
  return s;
}

/**
 * Parses a file list (one path per line, the seed's format); blank lines are skipped.
 * @param text - list content
 * @returns normalised relative paths, in list order
 * @example parseFileList('.\\a\\b.wav\r\nc.wav\n'); // ['a/b.wav', 'c.wav']
 */
export function parseFileList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map(normalizeListLine)
    .filter((s) => s.length > 0);
}

/**
 * Reads a file list from disk; see {@link parseFileList}.
 * @param path - list file (paths inside are relative to the audio root, usually the list's folder)
 * @returns normalised relative paths
 * @throws {@link @speechsr/core!FileFormatError} when the list cannot be read
 * @example const files = readFileList('corpora/slt/slt-train-files.txt');
 */
export function readFileList(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new FileFormatError(
      path,
      `cannot read the file list (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`,
      { cause: err },
    );
  }
  return parseFileList(text);
}

/**
 * Writes a file list (sorted as given, `/` separators, trailing newline) atomically.
 * @param path - output path
 * @param files - relative paths
 * @returns nothing
 * @example writeFileList('out/train.txt', ['a.wav']);
 */
export function writeFileList(path: string, files: readonly string[]): void {
  writeFileAtomic(path, files.map((f) => `${f}\n`).join(''));
}

/** Options of {@link scanFolder}. */
export interface ScanOptions {
  /** File extensions to keep (lower case, with the dot). @defaultValue ['.wav'] */
  extensions?: readonly string[];
}

/**
 * Lists the audio files under `dir` (recursively) as sorted relative paths with `/` separators.
 * @param dir - corpus folder
 * @param options - {@link ScanOptions}
 * @returns sorted relative paths (code-unit order, like Python's `sorted`)
 * @throws {@link @speechsr/core!FileFormatError} when the folder cannot be read
 * @example const manifest = scanFolder('corpora/slt');
 */
export function scanFolder(dir: string, options: ScanOptions = {}): string[] {
  const { extensions = ['.wav'] } = options;
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true }) as string[];
  } catch (err) {
    throw new FileFormatError(
      dir,
      `cannot scan the folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`,
      { cause: err },
    );
  }
  return entries
    .filter((e) => extensions.some((ext) => e.toLowerCase().endsWith(ext)))
    .map((e) => relative(dir, join(dir, e)).split(sep).join('/'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Options of {@link splitFiles}. */
export interface SplitOptions {
  /** PRNG seed (see {@link createRng}). @defaultValue 0 */
  seed?: number;
  /** Fraction of units in val. @defaultValue 0.1 */
  val?: number;
  /** Fraction of units in test. @defaultValue 0.1 */
  test?: number;
  /**
   * Speaker-disjoint mode: a RegExp whose first capture group (or whole match) names the speaker
   * of a path, e.g. `/p(\d{3})\//` for VCTK. Units are then speakers, not files.
   * @defaultValue undefined (split by file)
   */
  speakerPattern?: RegExp;
}

/** Result of {@link splitFiles}: three disjoint, sorted lists. */
export interface Splits {
  /** Training paths, sorted: every unit left after the val and test blocks. */
  train: string[];
  /** Validation paths, sorted: those of the first round(val·n) shuffled units. */
  val: string[];
  /** Test paths, sorted: those of the next round(test·n) shuffled units. */
  test: string[];
}

/**
 * Seeded train/val/test split: the units (files, or speakers in speaker-disjoint mode) are sorted,
 * shuffled with {@link shuffled}(units, createRng(seed)), then cut into consecutive blocks
 * `[val | test | train]` of round(val·n) and round(test·n) units; each list is returned sorted.
 * (The corpora's committed lists used numpy's generator; this split is reproducible with the
 * documented PRNG instead, dsp.md §10 [decision].)
 * @param files - relative paths
 * @param options - {@link SplitOptions}
 * @returns {@link Splits}
 * @throws {@link @speechsr/core!ParameterError} for fractions outside [0, 1) that sum to ≥ 1, or a path the speaker pattern does not match
 * @example const { train, val, test } = splitFiles(scanFolder(dir), { seed: 0 });
 */
export function splitFiles(files: readonly string[], options: SplitOptions = {}): Splits {
  const { seed = 0, val = 0.1, test = 0.1, speakerPattern } = options;
  assertInt(seed, 'splitFiles', 'options.seed');
  assertNumber(val, 'splitFiles', 'options.val', { min: 0, max: 1, maxExclusive: true });
  assertNumber(test, 'splitFiles', 'options.test', { min: 0, max: 1, maxExclusive: true });
  if (val + test >= 1)
    throw new ParameterError(
      `splitFiles: options.val + options.test must be < 1, got ${val + test}. Leave some data for training.`,
    );
  const byUnit = new Map<string, string[]>();
  for (const f of files) {
    let unit = f;
    if (speakerPattern) {
      const m = speakerPattern.exec(f);
      if (!m)
        throw new ParameterError(
          `splitFiles: options.speakerPattern must match every path, got no match for ${JSON.stringify(f)}. Fix the pattern or the list.`,
        );
      unit = m[1] ?? m[0];
    }
    const list = byUnit.get(unit);
    if (list) list.push(f);
    else byUnit.set(unit, [f]);
  }
  const units = shuffled([...byUnit.keys()].sort(), createRng(seed));
  const nVal = Math.round(val * units.length);
  const nTest = Math.round(test * units.length);
  const take = (u: string[]) => u.flatMap((k) => byUnit.get(k)!).sort();
  return {
    val: take(units.slice(0, nVal)),
    test: take(units.slice(nVal, nVal + nTest)),
    train: take(units.slice(nVal + nTest)),
  };
}

/**
 * Writes `<corpus>-train-files.txt`, `-val-`, `-test-` into `dir` (next to the data).
 * @param dir - folder (usually the corpus folder: paths are relative to it)
 * @param splits - from {@link splitFiles}
 * @param corpus - list prefix @defaultValue the folder's name
 * @returns the three paths written
 * @example writeSplits('corpora/slt', splitFiles(scanFolder('corpora/slt')));
 */
export function writeSplits(
  dir: string,
  splits: Splits,
  corpus: string = basename(dir),
): {
  /** Path of `<corpus>-train-files.txt`. */
  train: string;
  /** Path of `<corpus>-val-files.txt`. */
  val: string;
  /** Path of `<corpus>-test-files.txt`. */
  test: string;
} {
  const out = {
    train: join(dir, `${corpus}-train-files.txt`),
    val: join(dir, `${corpus}-val-files.txt`),
    test: join(dir, `${corpus}-test-files.txt`),
  };
  writeFileList(out.train, splits.train);
  writeFileList(out.val, splits.val);
  writeFileList(out.test, splits.test);
  return out;
}
