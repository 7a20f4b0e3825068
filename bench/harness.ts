/**
 * Benchmark harness shared by every package's `bench/*.bench.ts`.
 * Ratios, not bare numbers: each row is `ours / anchor`, where the anchor is measured side by side
 * (Debian python3-scipy / python3-torch run from here) when it installs, and otherwise read from the
 * anchor tables in `bench/anchors/` (copies of ../shared/bench, the record).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeWav } from '@speechsr/test-utils';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = dirname(BENCH_DIR);
export const DEMO_CORPUS = join(REPO_DIR, 'examples', 'demo', 'corpus');
/** The project's shared material (anchor scripts, corpora), checked out beside the repository. */
export const SHARED_DIR = join(REPO_DIR, '..', 'shared');
export const PYTHON = '/usr/bin/python3';

/**
 * The benchmark input: `seconds` of real 16 kHz speech, the demo corpus files in manifest order
 * concatenated (and looped if needed), float64. 60 s matches the anchors' input length.
 */
export function benchSpeech(seconds = 60): Float64Array {
  const n = Math.round(seconds * 16000);
  const names = readFileSync(join(DEMO_CORPUS, 'manifest.txt'), 'utf8').split('\n').filter(Boolean);
  const out = new Float64Array(n);
  let pos = 0;
  while (pos < n) {
    for (const name of names) {
      const s = decodeWav(readFileSync(join(DEMO_CORPUS, name)), name).samples;
      const take = Math.min(s.length, n - pos);
      out.set(s.subarray(0, take), pos);
      pos += take;
      if (pos >= n) break;
    }
  }
  return out;
}

export interface Timing {
  median: number;
  best: number;
  runs: number;
}

/** Runs `fn` `warmup` times, then `runs` times; returns median and best wall time in ms. */
export async function time(
  fn: () => unknown | Promise<unknown>,
  { runs = 7, warmup = 2 } = {},
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  const mid = ts.length >> 1;
  const median = ts.length % 2 ? ts[mid]! : (ts[mid - 1]! + ts[mid]!) / 2;
  return { median, best: ts[0]!, runs };
}

/** True when `/usr/bin/python3` can import every module named. */
export function pythonHas(...modules: string[]): boolean {
  const r = spawnSync(PYTHON, ['-c', modules.map((m) => `import ${m}`).join(';')], { stdio: 'ignore' });
  return r.status === 0;
}

/**
 * Runs a Python snippet side by side. Each input is written as raw little-endian float64 to
 * `<dir>/<name>.f64`; the snippet sees the folder as `INPUT_DIR` and must print one JSON object
 * (e.g. `{"op": {"median": ms, "best": ms}}`) as its last line.
 */
export function runPython<T = Record<string, Timing>>(
  code: string,
  inputs: Record<string, Float64Array> = {},
  timeoutMs = 600_000,
): T {
  const dir = mkdtempSync(join(tmpdir(), 'speechsr-bench-'));
  try {
    for (const [name, x] of Object.entries(inputs)) {
      writeFileSync(join(dir, `${name}.f64`), new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
    }
    const out = execFileSync(PYTHON, ['-c', code], {
      env: { ...process.env, INPUT_DIR: dir },
      encoding: 'utf8',
      timeout: timeoutMs,
      maxBuffer: 64 << 20,
    });
    const last = out.trim().split('\n').pop() ?? '{}';
    return JSON.parse(last) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Python prelude for `runPython`: `load(name)` reads an input, `timeit(fn)` returns median/best ms. */
export const PY_PRELUDE = `
import json, os, statistics, time
import numpy as np
def load(name):
    return np.fromfile(os.path.join(os.environ['INPUT_DIR'], name + '.f64'), dtype='<f8')
def timeit(fn, runs=7, warmup=2):
    for _ in range(warmup): fn()
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter(); fn(); ts.append((time.perf_counter() - t0) * 1e3)
    return {'median': statistics.median(ts), 'best': min(ts), 'runs': runs}
`;

/** One row of an anchor table: `operation` → best and median ms. */
export interface AnchorRow {
  operation: string;
  call: string;
  best: number;
  median: number;
}

/** Parses the markdown table of `bench/anchors/<file>` (columns: operation | call | … | best | median). */
export function anchorTable(file: string): Map<string, AnchorRow> {
  const rows = new Map<string, AnchorRow>();
  for (const line of readFileSync(join(BENCH_DIR, 'anchors', file), 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 6) continue;
    const best = Number(cells[cells.length - 3]);
    const median = Number(cells[cells.length - 2]);
    if (!Number.isFinite(best) || !Number.isFinite(median)) continue;
    rows.set(cells[1]!, { operation: cells[1]!, call: cells[2]!, best, median });
  }
  return rows;
}

export interface ReportRow {
  op: string;
  /** Our time, ms (the statistic named in `stat`). */
  ours: number;
  /** The anchor's time, ms, same statistic; NaN when none. */
  anchor: number;
  /** Where the anchor figure comes from: 'side-by-side (scipy 1.10.1)' or 'table: ANCHORS-dsp.md'. */
  anchorSource: string;
  /** Optional extra figures (GFLOP/s, RSS …). */
  extra?: Record<string, number | string>;
}

/** Machine description printed with every report. */
export function machine(): Record<string, string | number> {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString(),
  };
}

/**
 * Prints `op | ours (ms) | anchor (ms) | ratio | anchor source` and writes
 * `<packageDir>/bench/results/<topic>.json` (temp file + rename).
 */
export function report(packageDir: string, topic: string, stat: 'median' | 'best', rows: ReportRow[]): void {
  const m = machine();
  console.log(`\n${topic} — ${stat} of runs, ratio = ours / anchor (< 1: we are faster)`);
  console.log(`machine: ${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB, Node ${m.node}`);
  console.log('| op | ours (ms) | anchor (ms) | ratio | anchor |');
  console.log('|---|---:|---:|---:|---|');
  for (const r of rows) {
    const ratio = r.ours / r.anchor;
    console.log(
      `| ${r.op} | ${r.ours.toFixed(2)} | ${Number.isFinite(r.anchor) ? r.anchor.toFixed(2) : '—'} | ` +
        `${Number.isFinite(ratio) ? ratio.toFixed(3) : '—'} | ${r.anchorSource} |` +
        (r.extra
          ? ` ${Object.entries(r.extra)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')}`
          : ''),
    );
  }
  const dir = join(packageDir, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${topic}.json`);
  const json = {
    topic,
    statistic: stat,
    machine: m,
    rows: rows.map((r) => ({ ...r, ratio: r.ours / r.anchor })),
  };
  writeFileSync(`${file}.tmp`, `${JSON.stringify(json, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
