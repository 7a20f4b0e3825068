/**
 * Corpus preparation throughput (seconds of audio prepared per second of wall time), ours with two
 * worker threads vs the same pipeline in Python/scipy (bench/prep_py.py, single process like the
 * seed), side by side on ../shared/corpora (all four corpora, 15 min of speech); plus the bounded-memory
 * run on a generated 2 h corpus (peak RSS, child process). Uses the built dist/.
 * Run: `npm run build -w @speechsr/dataset && npm run bench -w @speechsr/dataset`
 * (BENCH_RUNS, default 3; BENCH_BIG_HOURS, default 2).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON, pythonHas, report, type ReportRow } from '../../../bench/harness.js';

const PKG = dirname(dirname(fileURLToPath(import.meta.url)));
// The built package (dist/, what users run; `npm run build` first — turbo's bench task does): its worker
// threads load plain JS. Types come from the sources.
const DIST = join(PKG, 'dist', 'index.js');
const {
  encodeWav,
  PatchFile,
  prepareCorpus,
  readAudio,
  readFileList,
  writeFileList,
}: typeof import('../src/index.js') = await import(DIST);
const CORPORA = join(PKG, '..', '..', '..', 'shared', 'corpora');
const NAMES = ['asterisk-en', 'ru-nsh', 'slt', 'espeak'];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BIG_HOURS = Number(process.env.BENCH_BIG_HOURS ?? 2);
const tmp = mkdtempSync(join(tmpdir(), 'speechsr-prep-bench-'));

const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Ours: all corpora into one file per corpus, one after the other (workers started per corpus). */
async function ours(scheme: 'decimating' | 'subsampling') {
  const t0 = performance.now();
  let audio = 0;
  let patches = 0;
  for (const c of NAMES) {
    const s = await prepareCorpus({
      files: readFileList(join(CORPORA, c, 'manifest.txt')),
      root: join(CORPORA, c),
      out: join(tmp, `ours-${c}.h5`),
      lowPass: scheme,
      progress: false,
    });
    audio += s.audioSeconds;
    patches += s.count;
  }
  return { seconds: (performance.now() - t0) / 1000, audio, patches };
}

function python(scheme: string) {
  const results = NAMES.map((c) => {
    const lists = join(tmp, `py-${c}.json`);
    writeFileSync(
      lists,
      JSON.stringify([[join(CORPORA, c), readFileList(join(CORPORA, c, 'manifest.txt'))]]),
    );
    return JSON.parse(
      execFileSync(PYTHON, [join(PKG, 'bench', 'prep_py.py'), lists, join(tmp, `py-${c}.h5`), scheme, '2'], {
        encoding: 'utf8',
      })
        .trim()
        .split('\n')
        .pop()!,
    );
  });
  return {
    seconds: results.reduce((s, r) => s + r.seconds, 0),
    audio: results.reduce((s, r) => s + r.audio_seconds, 0),
    patches: results.reduce((s, r) => s + r.patches, 0),
  };
}

/** Max |ours − python| over all patches (both float32 files), via h5py. */
function compareWithPython(): number {
  let worst = 0;
  for (const c of NAMES) {
    const out = execFileSync(
      PYTHON,
      [
        '-c',
        `import h5py,numpy as np,sys;a=h5py.File(sys.argv[1]);b=h5py.File(sys.argv[2]);assert a['data'].shape==b['data'].shape,(a['data'].shape,b['data'].shape);print(max(float(np.abs(a[k][...].astype(np.float64)-b[k][...]).max()) for k in ('data','label')))`,
        join(tmp, `ours-${c}.h5`),
        join(tmp, `py-${c}.h5`),
      ],
      { encoding: 'utf8' },
    );
    worst = Math.max(worst, Number(out.trim()));
  }
  return worst;
}

async function bigCorpus() {
  // 2 h of real speech: corpus utterances concatenated into 30 s files (alternating sign, so files differ).
  const dir = join(tmp, 'big');
  mkdirSync(dir);
  const pool = NAMES.flatMap((c) =>
    readFileList(join(CORPORA, c, 'manifest.txt')).map((f) => readAudio(join(CORPORA, c, f)).samples),
  );
  const files: string[] = [];
  const per = 30 * 16000;
  let k = 0;
  for (let i = 0; i < (BIG_HOURS * 3600) / 30; i++) {
    const x = new Float64Array(per);
    for (let p = 0; p < per; ) {
      const u = pool[k++ % pool.length]!;
      const n = Math.min(u.length, per - p);
      for (let j = 0; j < n; j++) x[p + j] = (i % 2 ? -1 : 1) * u[j]!;
      p += n;
    }
    const name = `f${String(i).padStart(4, '0')}.wav`;
    writeFileSync(join(dir, name), encodeWav(x));
    files.push(name);
  }
  writeFileList(join(dir, 'list.txt'), files);
  const out = execFileSync(
    process.execPath,
    [join(PKG, 'bench', 'prep-big.mjs'), dir, join(dir, 'list.txt'), join(tmp, 'big.h5')],
    { encoding: 'utf8' },
  );
  const r = JSON.parse(out.trim().split('\n').pop()!);
  const pf = await PatchFile.open(join(tmp, 'big.h5'));
  r.fileGiB = (pf.count * 2048 * 4 * 2) / 2 ** 30;
  pf.close();
  rmSync(join(tmp, 'big.h5'));
  if (pythonHas('scipy', 'h5py')) {
    // The same corpus through the Python pipeline (which, like the seed, holds every patch in memory).
    const lists = join(tmp, 'py-big.json');
    writeFileSync(lists, JSON.stringify([[dir, files]]));
    const py = JSON.parse(
      execFileSync(
        PYTHON,
        [join(PKG, 'bench', 'prep_py.py'), lists, join(tmp, 'py-big.h5'), 'decimating', '2'],
        { encoding: 'utf8' },
      )
        .trim()
        .split('\n')
        .pop()!,
    );
    r.python = py;
    rmSync(join(tmp, 'py-big.h5'));
  }
  rmSync(dir, { recursive: true, force: true });
  return r;
}

try {
  const rows: ReportRow[] = [];
  const havePy = pythonHas('scipy', 'h5py');
  for (const scheme of ['decimating', 'subsampling'] as const) {
    await ours(scheme); // warm-up
    const o: Awaited<ReturnType<typeof ours>>[] = [];
    for (let i = 0; i < RUNS; i++) o.push(await ours(scheme));
    const oursRate = median(o.map((r) => r.audio / r.seconds));
    let pyRate = Number.NaN;
    let maxDiff = Number.NaN;
    if (havePy) {
      const p = Array.from({ length: RUNS }, () => python(scheme));
      pyRate = median(p.map((r) => r.audio / r.seconds));
      maxDiff = compareWithPython();
      if (p[0]!.patches !== o[0]!.patches)
        throw new Error(`patch counts differ: ours ${o[0]!.patches}, python ${p[0]!.patches}`);
    }
    // The harness reports ms; we report ms per second of audio, so ratio = ours / python (< 1 faster),
    // and throughput (audio s per wall s) in extra.
    rows.push({
      op: `prep ${scheme} r=2, ${NAMES.length} corpora (${o[0]!.audio.toFixed(0)} s audio, ${o[0]!.patches} patches)`,
      ours: 1000 / oursRate,
      anchor: 1000 / pyRate,
      anchorSource: havePy
        ? 'side-by-side python3 scipy 1.10 + h5py (bench/prep_py.py, 1 process)'
        : 'none (python3-scipy/h5py missing)',
      extra: {
        oursAudioSecPerSec: oursRate.toFixed(1),
        pythonAudioSecPerSec: pyRate.toFixed(1),
        speedup: (oursRate / pyRate).toFixed(2),
        maxAbsDiffVsPython: maxDiff.toExponential(2),
        workers: 2,
      },
    });
  }
  const big = await bigCorpus();
  rows.push({
    op: `prep decimating r=2, generated ${BIG_HOURS} h corpus (${big.count} patches, ${big.fileGiB.toFixed(2)} GiB of patches)`,
    ours: (1000 * big.elapsedSeconds) / big.audioSeconds,
    anchor: big.python ? (1000 * big.python.seconds) / big.python.audio_seconds : Number.NaN,
    anchorSource: big.python
      ? 'side-by-side bench/prep_py.py, one run each (child processes, cold start included for ours)'
      : 'none',
    extra: {
      oursPeakRssMiB: big.maxRssMiB.toFixed(0),
      oursAudioSecPerSec: (big.audioSeconds / big.elapsedSeconds).toFixed(1),
      pythonPeakRssMiB: big.python ? big.python.max_rss_mib.toFixed(0) : '—',
      pythonAudioSecPerSec: big.python ? (big.python.audio_seconds / big.python.seconds).toFixed(1) : '—',
      speedup: big.python
        ? (big.audioSeconds / big.elapsedSeconds / (big.python.audio_seconds / big.python.seconds)).toFixed(2)
        : '—',
    },
  });
  report(PKG, 'prep', 'median', rows);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
