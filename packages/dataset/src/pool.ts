import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type PrepJob, type PrepResult, runPrepJob } from './prep-job.js';

/**
 * Starts a prep worker. The entry is resolved next to this module: `prep-worker.js` in the built
 * package (dist/, production). When running from sources (vitest, tsx) only `prep-worker.ts`
 * exists: the worker then registers tsx's loader (`tsx/esm/api` `register()`, tsx is a root dev
 * dependency) before importing it (`execArgv: ['--import', 'tsx']` is not honoured by workers
 * started inside vitest's own worker threads).
 */
function startWorker(): Worker {
  const js = new URL('./prep-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js);
  const ts = new URL('./prep-worker.ts', import.meta.url).href;
  // tsx's ESM entry of `tsx/esm/api` (require.resolve gives the CJS one, which sits next to it).
  const api = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(ts)}); });`;
  return new Worker(boot, { eval: true });
}

/** Idle workers kept between runs (unref'd: they never keep the process alive). */
const idle: Worker[] = [];

/**
 * Terminates the idle prep workers kept for reuse between {@link prepareCorpus} calls. Optional:
 * they are unref'd, so a process exits without it; call it to free their memory early.
 * @returns a promise resolved when they have exited
 * @example await closePrepWorkers();
 */
export async function closePrepWorkers(): Promise<void> {
  const ws = idle.splice(0);
  await Promise.all(ws.map((w) => w.terminate()));
}

/**
 * Runs jobs on `nWorkers` worker threads (0 = in this thread), at most 2 per worker in flight,
 * and hands results to `onResult` **in job order** (a small reorder buffer), so memory stays bounded
 * by a few files' patches whatever the corpus size. Workers are reused across runs (starting one
 * costs ~0.1–0.5 s of module loading and JIT warm-up); a worker that failed is discarded.
 * @internal
 */
export async function runJobs(
  jobs: readonly PrepJob[],
  nWorkers: number,
  onResult: (r: PrepResult) => void,
  signal?: AbortSignal,
): Promise<void> {
  if (nWorkers <= 0) {
    for (const job of jobs) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      onResult(await runPrepJob(job));
      await new Promise<void>((r) => setImmediate(r)); // let progress / signals through
    }
    return;
  }
  if (signal?.aborted) throw signal.reason ?? new Error('aborted');
  const n = Math.min(nWorkers, Math.max(1, jobs.length));
  const workers = idle.splice(0, n);
  while (workers.length < n) workers.push(startWorker());
  for (const w of workers) w.ref();
  const pending = new Map<number, PrepResult>();
  const inFlight = new Map<Worker, number>();
  let nextOut = 0;
  let nextIn = 0;
  let failed = false;
  const listeners: [Worker, string, Parameters<Worker['off']>[1]][] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (err: unknown) => {
        failed = true;
        reject(err);
      };
      const onAbort = () => fail(signal?.reason ?? new Error('aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const feed = (w: Worker) => {
        while ((inFlight.get(w) ?? 0) < 2 && nextIn < jobs.length && nextIn - nextOut < 4 * workers.length) {
          w.postMessage(jobs[nextIn++]);
          inFlight.set(w, (inFlight.get(w) ?? 0) + 1);
        }
      };
      if (jobs.length === 0) return resolve();
      for (const w of workers) {
        const onMessage = (r: PrepResult) => {
          inFlight.set(w, (inFlight.get(w) ?? 1) - 1);
          pending.set(r.index, r);
          try {
            while (nextOut < jobs.length && pending.has(jobs[nextOut]!.index)) {
              const idx = jobs[nextOut]!.index;
              onResult(pending.get(idx)!);
              pending.delete(idx);
              nextOut++;
            }
          } catch (err) {
            fail(err);
            return;
          }
          if (nextOut === jobs.length) {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          } else for (const v of workers) feed(v);
        };
        const onExit = (code: number) => fail(new Error(`prep worker exited unexpectedly with code ${code}`));
        w.on('message', onMessage);
        w.on('error', fail);
        w.on('exit', onExit);
        listeners.push([w, 'message', onMessage], [w, 'error', fail], [w, 'exit', onExit]);
      }
      for (const w of workers) feed(w);
    });
  } finally {
    for (const [w, ev, fn] of listeners) w.off(ev, fn);
    if (failed) await Promise.all(workers.map((w) => w.terminate()));
    else {
      for (const w of workers) w.unref();
      idle.push(...workers);
    }
  }
}
