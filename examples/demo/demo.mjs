// The speechsr main job on the bundled demo corpus (real speech, CC BY-SA 3.0, see corpus/README.md):
//   1. prepare the train/val splits into HDF5 patch files (trim → MVN → decimate → spline → 2048/1024 patches),
//   2. score the Spline baseline on the test split at r = 2 and r = 4 (SNR, SNRseg, LSD, PESQ-WB),
//      writing self-describing results JSON files.
// Re-running skips patch files that already exist (each is written atomically), so an interrupted run resumes.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  patchFileName,
  prepareCorpus,
  readAudio,
  readFileList,
  writeFileAtomic,
} from '@speechsr/dataset';
import { decimate, splineUpsample } from '@speechsr/dsp';
import { evaluateFiles, stringifyResults, toResultsFile } from '@speechsr/metrics';

export const CORPUS = resolve(import.meta.dirname, 'corpus');

/**
 * Runs the demo. `limit` caps the files per split (tests use a small one); `log` receives progress lines.
 * @returns the prepared patch files and, per scale, the Spline results summary
 */
export async function runDemo({ out, scales = [2, 4], limit = Infinity, progress = false, workers, log = console.log } = {}) {
  mkdirSync(out, { recursive: true });
  const list = (split) => readFileList(join(CORPUS, `demo-${split}-files.txt`)).slice(0, limit);
  const prepared = [];
  for (const scale of scales) {
    for (const split of ['train', 'val']) {
      const file = join(out, patchFileName({ corpus: 'demo', lowPass: 'decimating', state: split, scale }));
      if (existsSync(file)) {
        log(`prep  r=${scale} ${split}: ${file} exists, skipped (delete it to prepare again)`);
        prepared.push({ file, count: null });
        continue;
      }
      const s = await prepareCorpus({
        files: list(split),
        root: CORPUS,
        out: file,
        scale,
        lowPass: 'decimating',
        batchSize: 1,
        progress,
        ...(workers === undefined ? {} : { workers }),
      });
      log(`prep  r=${scale} ${split}: ${s.count} patches from ${s.prepared} files (${s.audioSeconds.toFixed(1)} s of audio in ${s.elapsedSeconds.toFixed(1)} s)` +
        (s.skipped.length ? `, skipped: ${s.skipped.map((k) => `${k.file} (${k.reason})`).join('; ')}` : ''));
      prepared.push({ file, count: s.count });
    }
  }

  const tests = list('test');
  const results = [];
  for (const scale of scales) {
    // Evaluation input is neither trimmed nor normalised (spec training.md §6): HR → decimate → spline.
    const pairs = tests.map((name) => {
      const hr = readAudio(join(CORPUS, name), { sampleRate: 16000 }).samples;
      const estimate = splineUpsample(decimate(hr, scale), scale);
      return { id: name, reference: { samples: hr, sampleRate: 16000 }, estimate: { samples: estimate, sampleRate: 16000 } };
    });
    const evaluation = evaluateFiles(pairs);
    const file = join(out, `spline-r${scale}.json`);
    const resultsFile = toResultsFile(evaluation, {
      scale,
      scheme: 'decimate',
      model: 'spline',
      testCorpus: 'demo (asterisk-en subset)',
      notes: 'speechsr demo: cubic-spline baseline on the bundled demo test split',
    });
    writeFileAtomic(file, stringifyResults(resultsFile));
    results.push({ scale, file, summary: evaluation.summary, rows: evaluation.rows });
  }
  return { prepared, results };
}

function fmt(m) {
  return m && Number.isFinite(m.mean) ? m.mean.toFixed(3) : 'n/a';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = resolve(process.argv[2] ?? join(process.cwd(), '.demo-out'));
  const t0 = performance.now();
  console.log(`speechsr demo — corpus: ${CORPUS}\noutput: ${out}`);
  const { results } = await runDemo({ out, progress: process.stderr.isTTY });
  console.log('\nSpline baseline on the demo test split (means over files; PESQ = P.862.2 WB MOS-LQO)');
  console.log('| r | SNR (dB) | SNRseg (dB) | LSD | PESQ-WB | results file |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const r of results) {
    const s = r.summary;
    console.log(`| ${r.scale} | ${fmt(s.snr)} | ${fmt(s.snrSeg)} | ${fmt(s.lsd)} | ${fmt(s.pesq)} | ${r.file} |`);
  }
  console.log(`\ndone in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
