import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmOps } from './wasm-internals.js';

/**
 * The second core: a Node worker thread with its own stock wasm backend. Each large convolution cuts
 * its batch (dimension 0) into up to 8 chunks; this thread and the worker claim chunks from a shared
 * counter (`Atomics.compareExchange`), so when other processes starve the worker, this thread simply
 * does more of the chunks. Every output row is computed by the same XNNPACK kernel as on one core,
 * so the results equal the one-core results. Data goes through one SharedArrayBuffer (input, filter
 * in; the worker's output chunks out).
 */

/** Runs in the worker (CommonJS, `eval: true`); tfjs is loaded from the paths the main thread resolved. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const tf = require(workerData.core);
require(workerData.wasm);
const ready = tf.setBackend('wasm').then((ok) => parentPort.postMessage({ ready: ok }));
// ctrl[0]: claim word (request id << 16 | next chunk), ctrl[1]: chunks this worker is busy with,
// ctrl[2]: set to 1 when the worker failed.
function claim(ctrl, id, nChunks) {
  for (;;) {
    const v = Atomics.load(ctrl, 0);
    if (v >>> 16 !== id || (v & 0xffff) >= nChunks) return -1;
    if (Atomics.compareExchange(ctrl, 0, v, v + 1) === v) return v & 0xffff;
  }
}
// y = conv2d(x, f) copied into sab at the float offset offsetOf(y.size).
function convInto(m, x, f, offsetOf) {
  const { sab, strides, dilations, pad } = m;
  const y = tf.conv2d(x, f, strides, [[0, 0], [pad[0], pad[1]], [pad[2], pad[3]], [0, 0]], 'NHWC', dilations);
  const be = tf.backend();
  const at = be.dataIdMap.get(y.dataId).memoryOffset / 4;
  new Float32Array(sab, offsetOf(y.size) * 4, y.size).set(be.wasm.HEAPF32.subarray(at, at + y.size));
  y.dispose();
}
// Claims chunks until none is left, running work(i) for each; tells the main thread about a failure.
// ctrl[1] counts chunks in progress (plus one for this call until it returns).
function runChunks(ctrl, id, count, work) {
  try {
    for (;;) {
      Atomics.add(ctrl, 1, 1);
      const i = claim(ctrl, id, count);
      if (i < 0) break;
      work(i);
      Atomics.sub(ctrl, 1, 1);
      Atomics.notify(ctrl, 1);
    }
  } catch (e) {
    Atomics.store(ctrl, 2, 1);
    parentPort.postMessage({ error: String((e && e.stack) || e) });
  }
}
parentPort.on('message', async (m) => {
  await ready;
  const { sab, ctrl, id, n, chunk, xShape, fShape, fOff, oOff, groups } = m;
  const fSize = fShape[0] * fShape[1] * fShape[2] * fShape[3];
  let x = null;
  let f = null;
  if (groups > 0) {
    // output-channel groups: chunk g = the conv of the whole input with filter group g (group-major in sab)
    runChunks(ctrl, id, groups, (g) => {
      if (x === null) x = tf.tensor4d(new Float32Array(sab, 0, xShape[0] * xShape[1] * xShape[2] * xShape[3]), xShape);
      const fg = tf.tensor4d(new Float32Array(sab, (fOff + g * fSize) * 4, fSize), fShape);
      convInto(m, x, fg, (size) => oOff + g * size);
      fg.dispose();
    });
  } else {
    // batch chunks: chunk i = samples [i·chunk, (i+1)·chunk) with the whole filter
    const rowIn = xShape[1] * xShape[2] * xShape[3];
    runChunks(ctrl, id, Math.ceil(n / chunk), (i) => {
      if (f === null) f = tf.tensor4d(new Float32Array(sab, fOff * 4, fSize), fShape);
      const b0 = i * chunk;
      const nb = Math.min(chunk, n - b0);
      const xb = tf.tensor4d(new Float32Array(sab, b0 * rowIn * 4, nb * rowIn), [nb, xShape[1], xShape[2], xShape[3]]);
      convInto(m, xb, f, (size) => oOff + b0 * (size / nb));
      xb.dispose();
    });
  }
  if (x !== null) x.dispose();
  if (f !== null) f.dispose();
  Atomics.sub(ctrl, 1, 1);
  Atomics.notify(ctrl, 1);
});
`;

interface WorkerLike {
  postMessage(m: unknown): void;
  on(ev: string, fn: (m: never) => void): void;
  unref(): void;
  terminate(): Promise<number>;
}

interface Pool {
  worker: WorkerLike;
  ctrl: Int32Array;
  sab: SharedArrayBuffer;
  lastError: string | undefined;
}

let pool: Pool | undefined;

/** Convolutions below this many multiply-adds stay on one core (hand-off costs ~0.1–0.5 ms). */
export const SPLIT_MIN_MACS = 4_000_000;

/** Chunks per convolution (at most; never more than the batch). */
const CHUNKS = 8;

/**
 * Starts the worker thread that gives the wasm backend's convolutions a second core.
 * {@link pickBackend} calls it for `wasm` unless `secondCore: false`.
 * @returns true when the worker's wasm backend is ready; false where there is no second core or no
 *   Node `worker_threads` (browsers), and then everything runs on one core. Idempotent.
 * @example await startSecondCore();
 */
export async function startSecondCore(): Promise<boolean> {
  if (pool !== undefined) return true;
  const g = globalThis as unknown as { process?: { versions?: { node?: string } } };
  if (g.process?.versions?.node === undefined) return false;
  // Specifiers through variables: the build has no Node types, and browsers never reach this line.
  const nodeOs = 'node:os';
  const os = (await import(nodeOs)) as unknown as { availableParallelism(): number };
  if (os.availableParallelism() < 2) return false;
  const workerThreads = 'node:worker_threads';
  const nodeModule = 'node:module';
  const wt = (await import(workerThreads)) as unknown as {
    Worker: new (src: string, opts: unknown) => WorkerLike;
  };
  const { createRequire } = (await import(nodeModule)) as unknown as {
    createRequire(url: string): { resolve(id: string): string };
  };
  const req = createRequire((import.meta as unknown as { url: string }).url);
  const worker = new wt.Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      core: req.resolve('@tensorflow/tfjs-core'),
      wasm: req.resolve('@tensorflow/tfjs-backend-wasm'),
    },
  });
  const p: Pool = {
    worker,
    ctrl: new Int32Array(new SharedArrayBuffer(12)),
    sab: new SharedArrayBuffer(1 << 20),
    lastError: undefined,
  };
  const ok = await new Promise<boolean>((resolve) => {
    worker.on('message', (m: { ready?: boolean; error?: string }) => {
      if (m.ready !== undefined) resolve(m.ready);
      if (m.error !== undefined) p.lastError = m.error;
    });
    worker.on('error', (e: Error) => {
      p.lastError = String(e);
      resolve(false);
    });
  });
  worker.unref();
  if (!ok) {
    await worker.terminate();
    return false;
  }
  pool = p;
  return true;
}

/**
 * Stops the worker; later convolutions run on one core.
 * @returns when the worker has exited
 * @example await stopSecondCore();
 */
export async function stopSecondCore(): Promise<void> {
  const p = pool;
  pool = undefined;
  if (p !== undefined) await p.worker.terminate();
}

/**
 * Whether large wasm convolutions currently split their batch with the worker thread.
 * @returns true after a successful {@link startSecondCore}
 * @example if (!secondCoreActive()) console.warn('one core only');
 */
export function secondCoreActive(): boolean {
  return pool !== undefined;
}

/** Claims the next chunk of request `id`, or -1 when none is left (same rule as the worker's). */
function claim(ctrl: Int32Array, id: number, nChunks: number): number {
  for (;;) {
    const v = Atomics.load(ctrl, 0);
    if (v >>> 16 !== id || (v & 0xffff) >= nChunks) return -1;
    if (Atomics.compareExchange(ctrl, 0, v, v + 1) === v) return v & 0xffff;
  }
}

let requestId = 0;

/**
 * Conv2D (NHWC, explicit pads `[top, bottom, left, right]`) with dimension 0 cut into chunks that
 * this thread and the worker claim from a shared counter (so a worker starved by other processes
 * costs at most one chunk); falls back to one stock call when there is no worker or the conv is small.
 */
export function conv2dSplit(
  ops: WasmOps,
  x: TensorInfo,
  filter: TensorInfo,
  strides: [number, number],
  dilations: [number, number],
  pad: [number, number, number, number],
  single: () => TensorInfo,
): TensorInfo {
  const p = pool;
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const [fh, fw, , co] = filter.shape as [number, number, number, number];
  const oh = Math.floor((h + pad[0] + pad[1] - dilations[0] * (fh - 1) - 1) / strides[0]) + 1;
  const ow = Math.floor((w + pad[2] + pad[3] - dilations[1] * (fw - 1) - 1) / strides[1]) + 1;
  const macs = n * oh * ow * fh * fw * c * co;
  if (p === undefined || macs < SPLIT_MIN_MACS || oh <= 0 || ow <= 0) return single();
  // A filter larger than the input (the bottleneck: kernel 11 x 512 x 512 over 4-16 steps): split the
  // output channels, so each thread packs only its part of the filter and keeps all rows of its GEMM.
  const groups = co % 4 === 0 && co >= 128 ? 4 : co % 2 === 0 && co >= 64 ? 2 : 0;
  if (groups > 0 && n >= 2 && fh * fw * c * co >= 4 * n * h * w * c)
    return conv2dByGroups(ops, p, x, filter, strides, dilations, pad, [oh, ow], groups);
  if (n < 2) return single();
  const chunk = Math.ceil(n / Math.min(n, CHUNKS));
  const nChunks = Math.ceil(n / chunk);
  const rowIn = h * w * c;
  const rowOut = oh * ow * co;
  const fSize = fh * fw * c * co;
  const fOff = n * rowIn;
  const oOff = fOff + fSize;
  const need = (oOff + n * rowOut) * 4;
  if (p.sab.byteLength < need) p.sab = new SharedArrayBuffer(Math.max(need, p.sab.byteLength * 2));
  const shared = new Float32Array(p.sab);
  let heap = ops.heap();
  const xAt = ops.offset(x);
  const fAt = ops.offset(filter);
  shared.set(heap.subarray(xAt, xAt + n * rowIn), 0);
  shared.set(heap.subarray(fAt, fAt + fSize), fOff);
  const id = postRequest(p, {
    n,
    chunk,
    xShape: [n, h, w, c],
    fShape: filter.shape,
    fOff,
    oOff,
    strides,
    dilations,
    pad,
  });
  const out = ops.backend.makeOutput([n, oh, ow, co], 'float32');
  const mine: number[] = [];
  for (;;) {
    const i = claim(p.ctrl, id, nChunks);
    if (i < 0) break;
    const b0 = i * chunk;
    const nb = Math.min(chunk, n - b0);
    // A view on x's rows (no copy), one stock call, copied into place.
    const view = ops.backend.makeOutput([nb, h, w, c], 'float32', (xAt + b0 * rowIn) * 4);
    let y: TensorInfo;
    try {
      y = ops.conv2dSingle(view, filter, strides, dilations, pad);
    } finally {
      ops.disposeView(view);
    }
    heap = ops.heap();
    const yAt = ops.offset(y);
    const oAt = ops.offset(out);
    heap.copyWithin(oAt + b0 * rowOut, yAt, yAt + nb * rowOut);
    ops.dispose(y);
    mine.push(i);
  }
  // Wait for chunks the worker is still computing.
  try {
    waitForWorker(p);
  } catch (e) {
    ops.dispose(out);
    throw e;
  }
  heap = ops.heap();
  const oAt = ops.offset(out);
  const done = new Set(mine);
  for (let i = 0; i < nChunks; i++) {
    if (done.has(i)) continue;
    const b0 = i * chunk;
    const nb = Math.min(chunk, n - b0);
    heap.set(shared.subarray(oOff + b0 * rowOut, oOff + (b0 + nb) * rowOut), oAt + b0 * rowOut);
  }
  return out;
}

/** {@link conv2dSplit} over `groups` blocks of output channels (same protocol, chunk = group). */
function conv2dByGroups(
  ops: WasmOps,
  p: Pool,
  x: TensorInfo,
  filter: TensorInfo,
  strides: [number, number],
  dilations: [number, number],
  pad: [number, number, number, number],
  [oh, ow]: [number, number],
  groups: number,
): TensorInfo {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const [fh, fw, , co] = filter.shape as [number, number, number, number];
  const cg = co / groups;
  const xSize = n * h * w * c;
  const taps = fh * fw * c;
  const fg = taps * cg;
  const pixels = n * oh * ow;
  const og = pixels * cg;
  const fOff = xSize;
  const oOff = fOff + taps * co;
  const need = (oOff + pixels * co) * 4;
  if (p.sab.byteLength < need) p.sab = new SharedArrayBuffer(Math.max(need, p.sab.byteLength * 2));
  const shared = new Float32Array(p.sab);
  let heap = ops.heap();
  const xAt = ops.offset(x);
  shared.set(heap.subarray(xAt, xAt + xSize), 0);
  // Filter [fh, fw, c, co] -> groups [g][fh, fw, c, cg]: rows of cg channels.
  const fAt = ops.offset(filter);
  for (let g = 0; g < groups; g++) {
    const dst = fOff + g * fg;
    for (let t = 0; t < taps; t++) {
      const from = fAt + t * co + g * cg;
      shared.set(heap.subarray(from, from + cg), dst + t * cg);
    }
  }
  const id = postRequest(p, {
    n,
    chunk: 0,
    xShape: [n, h, w, c],
    fShape: [fh, fw, c, cg],
    fOff,
    oOff,
    strides,
    dilations,
    pad,
    groups,
  });
  const out = ops.backend.makeOutput([n, oh, ow, co], 'float32');
  const mine = new Set<number>();
  try {
    for (;;) {
      const g = claim(p.ctrl, id, groups);
      if (g < 0) break;
      const f = ops.backend.makeOutput([fh, fw, c, cg], 'float32');
      heap = ops.heap();
      heap.set(shared.subarray(fOff + g * fg, fOff + (g + 1) * fg), ops.offset(f));
      let y: TensorInfo;
      try {
        y = ops.conv2dSingle(x, f, strides, dilations, pad);
      } finally {
        ops.dispose(f);
      }
      heap = ops.heap();
      scatterGroup(heap, ops.offset(y), ops.offset(out), pixels, cg, co, g);
      ops.dispose(y);
      mine.add(g);
    }
    waitForWorker(p);
  } catch (e) {
    ops.dispose(out);
    throw e;
  }
  heap = ops.heap();
  const oAt = ops.offset(out);
  for (let g = 0; g < groups; g++) {
    if (mine.has(g)) continue;
    const src = oOff + g * og;
    for (let q = 0; q < pixels; q++)
      heap.set(shared.subarray(src + q * cg, src + (q + 1) * cg), oAt + q * co + g * cg);
  }
  return out;
}

/** Copies a `[pixels, cg]` group result into channels `g·cg …` of a `[pixels, co]` output on the heap. */
function scatterGroup(
  heap: Float32Array,
  from: number,
  to: number,
  pixels: number,
  cg: number,
  co: number,
  g: number,
): void {
  for (let q = 0; q < pixels; q++) {
    const s = from + q * cg;
    heap.copyWithin(to + q * co + g * cg, s, s + cg);
  }
}

/** Starts a request: a new id, the claim word reset to (id, chunk 0), the message posted; returns the id. */
function postRequest(p: Pool, message: Record<string, unknown>): number {
  requestId = (requestId + 1) & 0x7fff;
  const id = requestId;
  Atomics.store(p.ctrl, 0, id << 16);
  p.worker.postMessage({ sab: p.sab, ctrl: p.ctrl, id, ...message });
  return id;
}

/** Waits until the worker has finished its chunks of the current request; throws on its failure. */
function waitForWorker(p: Pool): void {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const busy = Atomics.load(p.ctrl, 1);
    if (busy <= 0) break;
    if (Date.now() > deadline)
      throw new Error(`@speechsr/backend: second-core conv timed out ${p.lastError ?? ''}`);
    Atomics.wait(p.ctrl, 1, busy, 1000);
  }
  if (Atomics.load(p.ctrl, 2) !== 0)
    throw new Error(`@speechsr/backend: second-core conv failed in the worker ${p.lastError ?? ''}`);
}
