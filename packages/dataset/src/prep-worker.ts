// Worker entry of prepareCorpus: prepares the files it is sent and posts the patches back
// (buffers transferred, not copied). Loaded by pool.ts; not part of the public API.
import { parentPort } from 'node:worker_threads';
import { type PrepJob, runPrepJob } from './prep-job.js';

parentPort!.on('message', async (job: PrepJob) => {
  const r = await runPrepJob(job);
  const transfer: ArrayBuffer[] = [];
  if (r.data) transfer.push(r.data.buffer as ArrayBuffer);
  if (r.label) transfer.push(r.label.buffer as ArrayBuffer);
  parentPort!.postMessage(r, transfer);
});
