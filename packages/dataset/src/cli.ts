// Command-line entry of @speechsr/dataset (`speechsr-dataset prep|split|batch`). The `speechsr` CLI
// of @speechsr/train will expose the same commands. Not re-exported from index.ts (no side effects there).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SpeechSrError } from '@speechsr/core';
import { runDatasetConfig } from './config.js';
import { patchFileName } from './h5.js';
import { readFileList, scanFolder, splitFiles, writeFileList, writeSplits } from './manifest.js';
import type { LowPass } from './pipeline.js';
import { type PrepareSummary, prepareCorpus } from './prepare.js';

const USAGE = `usage:
  speechsr-dataset prep  --list <files.txt> [--root <dir>] (--out <file.h5> | --out-dir <dir> --corpus <name> --state <train|val|test>)
                         [--scale 2] [--low-pass subsampling|decimating|fft|random] [--dimension 2048 | -1 (full)]
                         [--stride 1024] [--batch-size 32] [--sam 1] [--seed 0] [--workers 2] [--no-progress]
  speechsr-dataset split <corpus-dir> [--seed 0] [--val 0.1] [--test 0.1] [--speaker-pattern <regexp>] [--corpus <name>]
                         writes manifest.txt and <corpus>-{train,val,test}-files.txt into <corpus-dir>
  speechsr-dataset batch <dataset.json> --corpus-dir <dir> --out-dir <dir> [--workers 2] [--no-progress]
                         runs every entry (accumulating overrides) for train and val`;

type Out = { log: (s: string) => void; err: (s: string) => void };

function num(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n))
    throw new SpeechSrError(`speechsr-dataset: --${name} must be a number, got ${JSON.stringify(v)}.`);
  return n;
}

function report(s: PrepareSummary, out: Out): void {
  const rate = s.audioSeconds / Math.max(s.elapsedSeconds, 1e-9);
  out.log(
    `${s.out}: ${s.count} patches (${s.countBeforeBatchCut} before the batch cut) from ${s.prepared} files, ${s.audioSeconds.toFixed(1)} s of audio in ${s.elapsedSeconds.toFixed(1)} s (${rate.toFixed(1)} s/s)`,
  );
  if (s.sampledOut) out.log(`  ${s.sampledOut} files left out by --sam`);
  if (s.tooShort.length) out.log(`  ${s.tooShort.length} files shorter than one patch after trimming`);
  if (s.skipped.length) {
    out.err(`  skipped ${s.skipped.length} files:`);
    for (const k of s.skipped) out.err(`    ${k.file}: ${k.reason}`);
  }
}

/**
 * Runs the CLI.
 * @param argv - arguments after the program name
 * @param out - output sinks @defaultValue console.log / console.error
 * @returns the exit code (0 ok, 1 error, 2 usage)
 */
export async function main(
  argv: readonly string[],
  out: Out = { log: console.log, err: console.error },
): Promise<number> {
  const [cmd, ...rest] = argv;
  const ac = new AbortController();
  const onSig = () =>
    ac.abort(new SpeechSrError('speechsr-dataset: interrupted; the partial output was removed.'));
  process.once('SIGINT', onSig);
  process.once('SIGTERM', onSig);
  try {
    if (cmd === 'prep') {
      const { values: v } = parseArgs({
        args: rest,
        options: {
          list: { type: 'string' },
          root: { type: 'string' },
          out: { type: 'string' },
          'out-dir': { type: 'string' },
          corpus: { type: 'string' },
          state: { type: 'string' },
          scale: { type: 'string' },
          'low-pass': { type: 'string' },
          dimension: { type: 'string' },
          stride: { type: 'string' },
          'batch-size': { type: 'string' },
          sam: { type: 'string' },
          seed: { type: 'string' },
          workers: { type: 'string' },
          'no-progress': { type: 'boolean' },
        },
      });
      if (!v.list) throw new SpeechSrError(`speechsr-dataset prep: --list is required.\n${USAGE}`);
      const scale = num(v.scale, 'scale') ?? 2;
      const lowPass = (v['low-pass'] ?? 'subsampling') as LowPass;
      const dimension = num(v.dimension, 'dimension') ?? 2048;
      const stride = num(v.stride, 'stride') ?? 1024;
      let outPath = v.out;
      if (!outPath) {
        if (!v['out-dir'] || !v.corpus || !v.state)
          throw new SpeechSrError(
            `speechsr-dataset prep: give --out, or --out-dir with --corpus and --state.\n${USAGE}`,
          );
        mkdirSync(v['out-dir'], { recursive: true });
        outPath = join(
          v['out-dir'],
          patchFileName({ corpus: v.corpus, lowPass, state: v.state, scale, dimension, stride }),
        );
      }
      const root = v.root ?? join(v.list, '..');
      const s = await prepareCorpus({
        files: readFileList(v.list),
        root,
        out: outPath,
        scale,
        lowPass,
        dimension,
        stride,
        batchSize: num(v['batch-size'], 'batch-size'),
        sam: num(v.sam, 'sam'),
        seed: num(v.seed, 'seed'),
        workers: num(v.workers, 'workers'),
        progress: v['no-progress'] ? false : undefined,
        attrs: { source_list: v.list },
        signal: ac.signal,
      });
      report(s, out);
      return 0;
    }
    if (cmd === 'split') {
      const { values: v, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          seed: { type: 'string' },
          val: { type: 'string' },
          test: { type: 'string' },
          'speaker-pattern': { type: 'string' },
          corpus: { type: 'string' },
        },
      });
      const dir = positionals[0];
      if (!dir) throw new SpeechSrError(`speechsr-dataset split: the corpus folder is required.\n${USAGE}`);
      const files = scanFolder(dir);
      writeFileList(join(dir, 'manifest.txt'), files);
      const splits = splitFiles(files, {
        seed: num(v.seed, 'seed'),
        val: num(v.val, 'val'),
        test: num(v.test, 'test'),
        speakerPattern: v['speaker-pattern'] ? new RegExp(v['speaker-pattern']) : undefined,
      });
      const paths = writeSplits(dir, splits, v.corpus);
      out.log(
        `${files.length} files: train ${splits.train.length} → ${paths.train}, val ${splits.val.length} → ${paths.val}, test ${splits.test.length} → ${paths.test}`,
      );
      return 0;
    }
    if (cmd === 'batch') {
      const { values: v, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          'corpus-dir': { type: 'string' },
          'out-dir': { type: 'string' },
          workers: { type: 'string' },
          'no-progress': { type: 'boolean' },
        },
      });
      if (!positionals[0] || !v['corpus-dir'] || !v['out-dir'])
        throw new SpeechSrError(
          `speechsr-dataset batch: <dataset.json>, --corpus-dir and --out-dir are required.\n${USAGE}`,
        );
      mkdirSync(v['out-dir'], { recursive: true });
      const res = await runDatasetConfig(positionals[0], {
        corpusDir: v['corpus-dir'],
        outDir: v['out-dir'],
        workers: num(v.workers, 'workers'),
        progress: v['no-progress'] ? false : undefined,
        signal: ac.signal,
      });
      for (const r of res) report(r.summary, out);
      return 0;
    }
    out.err(USAGE);
    return 2;
  } catch (err) {
    out.err((err as Error).message);
    return 1;
  } finally {
    process.off('SIGINT', onSig);
    process.off('SIGTERM', onSig);
  }
}
