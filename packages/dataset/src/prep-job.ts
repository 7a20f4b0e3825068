import { join } from 'node:path';
import type { TrimOptions } from '@speechsr/dsp';
import { type DeterministicLowPass, extractPatches, fullUtterance, preprocess } from './pipeline.js';
import { loadAudio } from './compressed.js';

/** One file's preparation request (plain data: it crosses the worker boundary). @internal */
export interface PrepJob {
  index: number;
  file: string;
  root: string;
  scale: number;
  lowPass: DeterministicLowPass;
  trim: TrimOptions | false;
  mvn: boolean;
  sampleRate: number;
  /** Patch length, or −1 for full (unpatched) mode. */
  dimension: number;
  stride: number;
  fullMultiple: number;
}

/** One file's result. @internal */
export interface PrepResult {
  index: number;
  file: string;
  ok: boolean;
  /** Why the file was skipped (ok = false). */
  error?: string;
  data?: Float32Array;
  label?: Float32Array;
  /** Patches (or 1 utterance in full mode, 0 when too short). */
  count: number;
  /** Seconds of audio read (at the target rate). */
  seconds: number;
}

/**
 * Reads and prepares one file; never throws (errors become `{ ok: false, error }`). @internal
 * @param job - {@link PrepJob}
 * @returns a promise of {@link PrepResult}
 */
export async function runPrepJob(job: PrepJob): Promise<PrepResult> {
  const base = { index: job.index, file: job.file };
  let seconds = 0;
  try {
    const audio = await loadAudio(join(job.root, job.file), { sampleRate: job.sampleRate });
    seconds = audio.samples.length / job.sampleRate;
    const pre = preprocess(audio.samples, {
      scale: job.scale,
      lowPass: job.lowPass,
      trim: job.trim,
      mvn: job.mvn,
      sampleRate: job.sampleRate,
    });
    if (job.dimension === -1) {
      const u = fullUtterance(pre, job.fullMultiple);
      return { ...base, ok: true, data: u.data, label: u.label, count: u.data.length > 0 ? 1 : 0, seconds };
    }
    const p = extractPatches(pre.hr, pre.lrUp, job.dimension, job.stride);
    return { ...base, ok: true, data: p.data, label: p.label, count: p.count, seconds };
  } catch (err) {
    return { ...base, ok: false, error: (err as Error).message, count: 0, seconds };
  }
}
