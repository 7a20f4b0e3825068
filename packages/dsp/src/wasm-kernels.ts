/**
 * WebAssembly (SIMD128) kernels for resamplePoly's up = 1 path, decimate, subsample and trim, compiled from
 * `wasm/filter-kernels.c` by `npm run build:wasm` (scripts/build-wasm.sh) and embedded as base64 in
 * `wasm/filter-kernels.generated.ts`, so the package needs no build step or file loading at run time.
 * The IIR kernel repeats the JavaScript kernels' arithmetic order exactly (no FMA contraction), so both
 * paths give bit-identical results.
 * When WebAssembly or SIMD is unavailable, or instantiation fails, the callers fall back to their
 * JavaScript loops.
 */
import { type WasmMemoryLike, instantiateEmbedded } from './wasm/instantiate.js';
import { FILTER_KERNELS_WASM_BASE64 } from './wasm/filter-kernels.generated.js';

/** Loaded kernels and their linear memory (internal). */
export interface WasmKernels {
  memory: WasmMemoryLike;
  /** First free byte after the module's own data. */
  heapBase: number;
  deinterleave(x: number, n: number, q: number, out: number): void;
  firMulti(buf: number, addr: number, g: number, taps: number, y: number, i0: number, i1: number): void;
  sos4Inplace(c: number, z: number, x: number, n: number, reverse: number): void;
  df2t9Keep(c: number, z: number, x: number, y: number, n: number, keep: number): void;
  sumsqBlocksF32(x: number, nBlocks: number, out: number): void;
}

let kernel: WasmKernels | null | undefined;
let disabled = false;

/** Tests only: force the JavaScript fallbacks (true) or allow the kernel again (false) (internal). */
export function setWasmKernelsDisabled(value: boolean): void {
  disabled = value;
}

/** The kernels, instantiated on first use; null where WebAssembly SIMD is unavailable (internal). */
export function wasmKernels(): WasmKernels | null {
  if (disabled) return null;
  if (kernel !== undefined) return kernel;
  const inst = instantiateEmbedded(FILTER_KERNELS_WASM_BASE64, 2);
  if (!inst) {
    kernel = null;
    return null;
  }
  const e = inst.exports as {
    deinterleave: WasmKernels['deinterleave'];
    fir_multi: WasmKernels['firMulti'];
    sos4_inplace: WasmKernels['sos4Inplace'];
    df2t9_keep: WasmKernels['df2t9Keep'];
    sumsq_blocks_f32: WasmKernels['sumsqBlocksF32'];
    __heap_base: { value: number };
  };
  kernel = {
    memory: inst.memory,
    heapBase: e.__heap_base.value,
    deinterleave: e.deinterleave,
    firMulti: e.fir_multi,
    sos4Inplace: e.sos4_inplace,
    df2t9Keep: e.df2t9_keep,
    sumsqBlocksF32: e.sumsq_blocks_f32,
  };
  return kernel;
}

/** Largest working set (bytes) the WebAssembly paths take on; bigger inputs use the JavaScript loops. */
export const WASM_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Grows the kernel memory to at least `bytes`; false (nothing done) when that exceeds
 * {@link WASM_MAX_BYTES} or the engine refuses to grow it. The memory is kept for later calls (internal).
 */
export function ensureMemory(k: WasmKernels, bytes: number): boolean {
  if (bytes > WASM_MAX_BYTES) return false;
  const have = k.memory.buffer.byteLength;
  if (bytes <= have) return true;
  try {
    k.memory.grow(Math.ceil((bytes - have) / 65536));
    return true;
  } catch {
    return false; // the engine could not grow the memory: the JavaScript loops run
  }
}

/** Rounds a byte offset up to a multiple of 16 (internal). */
export const align16 = (v: number): number => Math.ceil(v / 16) * 16;
