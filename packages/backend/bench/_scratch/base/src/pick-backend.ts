import { assertOneOf, BackendError } from '@speechsr/core';
import * as tf from '@tensorflow/tfjs-core';
import { type KernelOverride, registerWasmTrainingKernels } from './kernels/register.js';
import { loadOwnKernels } from './own-kernels.js';
import { startSecondCore, stopSecondCore } from './second-core.js';

/** What {@link pickBackend} may choose. `'tensorflow'` is tfjs-node-gpu or tfjs-node (native libtensorflow). */
export type BackendPreference = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

/** The preferences {@link pickBackend} accepts, in the order `'auto'` tries the concrete ones. */
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

/** Options of {@link pickBackend}. */
export interface PickBackendOptions {
  /**
   * Where the choice and the reasons for skipping the others are written.
   * @defaultValue `console.info`; pass `() => {}` to silence it
   */
  log?: (message: string) => void;
  /**
   * For `wasm`: hand half of each large convolution's batch to a worker thread (Node, ≥ 2 cores).
   * Results equal the one-core results (each output row is computed by the same XNNPACK kernel).
   * @defaultValue true
   */
  secondCore?: boolean;
}

/** The outcome of {@link pickBackend}. */
export interface BackendChoice {
  /** The tfjs backend now active: `'tensorflow'`, `'wasm'` or `'cpu'`. */
  readonly backend: 'tensorflow' | 'wasm' | 'cpu';
  /** The npm package that provides it. */
  readonly packageName: string;
  /** Candidates tried before it, with the reason each was skipped. */
  readonly skipped: ReadonlyArray<{
    /** The npm package of the skipped candidate, e.g. `'@tensorflow/tfjs-node-gpu'`. */
    readonly packageName: string;
    /** First line of the error its import or initialisation threw. */
    readonly reason: string;
  }>;
  /** Kernels this package registered for wasm (empty for the other backends). */
  readonly overrides: readonly KernelOverride[];
  /** Whether wasm convolutions use a second core (always false for the other backends). */
  readonly secondCore: boolean;
}

interface Candidate {
  backend: BackendChoice['backend'];
  packageName: string;
}

const NODE_GPU: Candidate = { backend: 'tensorflow', packageName: '@tensorflow/tfjs-node-gpu' };
const NODE_CPU: Candidate = { backend: 'tensorflow', packageName: '@tensorflow/tfjs-node' };
const WASM: Candidate = { backend: 'wasm', packageName: '@tensorflow/tfjs-backend-wasm' };
const CPU: Candidate = { backend: 'cpu', packageName: '@tensorflow/tfjs-backend-cpu' };

const CANDIDATES: Record<BackendPreference, Candidate[]> = {
  auto: [NODE_GPU, NODE_CPU, WASM, CPU],
  tensorflow: [NODE_GPU, NODE_CPU],
  wasm: [WASM],
  cpu: [CPU],
};

/** Dynamic import through a variable: the optional peers are never resolved at build time. */
async function importOptional(packageName: string): Promise<void> {
  const specifier = packageName;
  await import(specifier);
}

async function tryCandidate(c: Candidate): Promise<void> {
  await importOptional(c.packageName);
  let ok = false;
  try {
    ok = await tf.setBackend(c.backend);
  } catch (e) {
    throw new Error(`backend '${c.backend}' failed to initialise: ${(e as Error).message}`, { cause: e });
  }
  if (!ok) throw new Error(`backend '${c.backend}' failed to initialise (tf.setBackend returned false)`);
}

/** `console.info` without the DOM/Node type libraries (the build uses neither). */
function defaultLog(message: string): void {
  (globalThis as unknown as { console: { info(m: string): void } }).console.info(message);
}

function firstLine(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0] ?? m;
}

/**
 * Chooses, loads and activates a TensorFlow.js backend, and for `wasm` registers the kernels that
 * make it trainable and fast ({@link registerWasmTrainingKernels}).
 *
 * `'auto'` tries, in order: `@tensorflow/tfjs-node-gpu`, `@tensorflow/tfjs-node` (optional peers,
 * loaded with `import()`, never required), the trainable wasm backend, then the plain `cpu` backend.
 * It logs the choice and why each earlier candidate was skipped.
 *
 * @param preference - `'auto' | 'tensorflow' | 'wasm' | 'cpu'`
 * @param options - see {@link PickBackendOptions}
 * @returns the backend chosen, what was skipped and why, and the wasm kernel overrides installed
 * @defaultValue preference `'auto'`
 * @throws {@link @speechsr/core!ParameterError} when `preference` is not one of the four names
 * @throws {@link @speechsr/core!BackendError} when a demanded backend (`'tensorflow'`, `'wasm'`, `'cpu'`) cannot load,
 *   naming the package to install
 * @example
 * const choice = await pickBackend('auto'); // logs e.g. "pickBackend: using wasm (...)"
 * console.log(choice.backend);
 */
export async function pickBackend(
  preference: BackendPreference = 'auto',
  options: PickBackendOptions = {},
): Promise<BackendChoice> {
  assertOneOf(preference, 'pickBackend', 'preference', BACKEND_PREFERENCES);
  const log = options.log ?? defaultLog;
  const skipped: Array<{ packageName: string; reason: string }> = [];
  for (const c of CANDIDATES[preference]) {
    try {
      await tryCandidate(c);
    } catch (e) {
      skipped.push({ packageName: c.packageName, reason: firstLine(e) });
      continue;
    }
    if (c.backend === 'wasm') await loadOwnKernels();
    const overrides = c.backend === 'wasm' ? registerWasmTrainingKernels() : [];
    let twoCores = false;
    if (c.backend === 'wasm') {
      if (options.secondCore ?? true) twoCores = await startSecondCore();
      else await stopSecondCore();
    }
    const why = skipped.map((s) => `${s.packageName}: ${s.reason}`).join('; ');
    log(
      `pickBackend: using ${c.backend} (${c.packageName})` +
        (c.backend === 'wasm'
          ? ` with ${overrides.length} training kernels from @speechsr/backend, ${twoCores ? 'two cores' : 'one core'}`
          : '') +
        (why === '' ? '' : `; skipped ${why}`),
    );
    return { backend: c.backend, packageName: c.packageName, skipped, overrides, secondCore: twoCores };
  }
  const detail = skipped.map((s) => `${s.packageName}: ${s.reason}`).join('; ');
  const hint =
    preference === 'tensorflow'
      ? 'Install @tensorflow/tfjs-node (or @tensorflow/tfjs-node-gpu with CUDA) where its install script can download libtensorflow, or use pickBackend("wasm"), which needs no native binary.'
      : `Install ${CANDIDATES[preference].map((c) => c.packageName).join(' / ')} (a peer dependency of @speechsr/backend).`;
  throw new BackendError(
    `pickBackend: preference must name a backend that loads, got "${preference}" (${detail}). ${hint}`,
  );
}

/**
 * Activates the fastest backend available with training support: `pickBackend('auto')`.
 * On a machine without tfjs-node that is the trainable wasm backend.
 * @param options - see {@link PickBackendOptions}
 * @returns as {@link pickBackend}
 * @throws {@link @speechsr/core!BackendError} when no backend at all can load
 * @example
 * await useFastBackend();
 * const model = proposed(); model.fit(...); // trains on wasm, no model change
 */
export async function useFastBackend(options: PickBackendOptions = {}): Promise<BackendChoice> {
  return pickBackend('auto', options);
}
