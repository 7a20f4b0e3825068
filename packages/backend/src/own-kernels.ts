/**
 * Our own WebAssembly SIMD kernels (`wasm/kernels.c`, built by `scripts/build-wasm.sh`, shipped as
 * `wasm/kernels.wasm`). They run in their own small wasm instance: inputs are copied in from the tfjs
 * wasm heap, results copied back. Loaded once by {@link loadOwnKernels}; until then (or where loading
 * fails) the XNNPACK compositions are used instead.
 */

/** The few WebAssembly / URL shapes used here (the build has neither DOM nor Node type libraries). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  instantiate(bytes: ArrayBuffer | Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }>;
}
interface UrlLike {
  readonly protocol: string;
  readonly href: string;
}
const G = globalThis as unknown as {
  WebAssembly: WasmApi;
  URL: new (url: string, base: string) => UrlLike;
  fetch(url: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> }>;
};

interface OwnExports {
  memory: WasmMemory;
  __heap_base: { value: number };
  conv1d_filter_grad_small_co(
    xp: number,
    dy: number,
    acc: number,
    dw: number,
    B: number,
    Wp: number,
    Ci: number,
    Wo: number,
    Co: number,
    K: number,
    s: number,
  ): void;
}

let own: OwnExports | undefined;

/** URL of the shipped binary: `wasm/` is the sibling of both `src/` and `dist/`. */
const WASM_URL = new G.URL('../wasm/kernels.wasm', (import.meta as unknown as { url: string }).url);

async function readBinary(): Promise<ArrayBuffer | Uint8Array> {
  if (WASM_URL.protocol === 'file:') {
    const fsName = 'node:fs/promises';
    const fs = (await import(fsName)) as unknown as { readFile(u: UrlLike): Promise<Uint8Array> };
    return fs.readFile(WASM_URL);
  }
  return (await G.fetch(WASM_URL.href)).arrayBuffer();
}

/**
 * Instantiates the package's own SIMD kernels (idempotent).
 * @returns true when loaded; false when the binary cannot be read or compiled (then the
 *   XNNPACK compositions stand in, slower but equal within float32 rounding)
 * @example await loadOwnKernels(); // pickBackend('wasm') does this
 */
export async function loadOwnKernels(): Promise<boolean> {
  if (own !== undefined) return true;
  try {
    const bytes = await readBinary();
    const { instance } = await G.WebAssembly.instantiate(bytes, {});
    own = instance.exports as unknown as OwnExports;
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the own SIMD kernels are in use.
 * @returns true after a successful {@link loadOwnKernels}
 * @example if (!ownKernelsLoaded()) console.warn('wasm/kernels.wasm not found');
 */
export function ownKernelsLoaded(): boolean {
  return own !== undefined;
}

/** Byte offsets of `sizes` float32 arrays laid out from `__heap_base`, growing the memory to fit. */
function layout(o: OwnExports, sizes: number[]): number[] {
  let at = (o.__heap_base.value + 15) & ~15;
  const offs: number[] = [];
  for (const n of sizes) {
    offs.push(at);
    at += ((n * 4 + 15) & ~15) as number;
  }
  const need = at - o.memory.buffer.byteLength;
  if (need > 0) o.memory.grow(Math.ceil(need / 65536));
  return offs;
}

/**
 * Filter gradient of a 1-D conv with 1–4 output channels. `x`: `[B, W, Ci]` floats, `dy`: `[B, Wo, Co]`;
 * writes `[K, Ci, Co]` into `out`. Returns false when the kernels are not loaded.
 */
export function conv1dFilterGradSmallCo(
  x: Float32Array,
  dy: Float32Array,
  out: Float32Array,
  p: { B: number; W: number; Ci: number; Wo: number; Co: number; K: number; s: number; padLeft: number },
): boolean {
  const o = own;
  if (o === undefined || p.Co < 1 || p.Co > 4) return false;
  const { B, W, Ci, Wo, Co, K, s, padLeft } = p;
  const Wp = Math.max(W + padLeft, (Wo - 1) * s + K);
  const Ci4 = (Ci + 3) & ~3;
  const [xpAt, dyAt, accAt, dwAt] = layout(o, [B * Wp * Ci, B * Wo * Co, K * Co * Ci4, K * Ci * Co]) as [
    number,
    number,
    number,
    number,
  ];
  const mem = new Float32Array(o.memory.buffer);
  const xp = xpAt / 4;
  for (let b = 0; b < B; b++) {
    const row = xp + b * Wp * Ci;
    mem.fill(0, row, row + padLeft * Ci);
    mem.set(x.subarray(b * W * Ci, (b + 1) * W * Ci), row + padLeft * Ci);
    mem.fill(0, row + (padLeft + W) * Ci, row + Wp * Ci);
  }
  mem.set(dy, dyAt / 4);
  o.conv1d_filter_grad_small_co(xpAt, dyAt, accAt, dwAt, B, Wp, Ci, Wo, Co, K, s);
  out.set(new Float32Array(o.memory.buffer, dwAt, K * Ci * Co));
  return true;
}
