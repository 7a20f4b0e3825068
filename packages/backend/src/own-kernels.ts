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
  prelu_f32(x: number, out: number, n: number, a: number): void;
  greater_scalar_f32(x: number, out: number, n: number, s: number): void;
  select_f32(c: number, t: number, e: number, out: number, n: number): void;
  sum_rows_f64(x: number, acc: number, rows: number, c: number): void;
  sum_f64(x: number, n: number): number;
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

/** Elements per chunk streamed through the own instance (4 arrays of 64 KiB stay in L2). */
const CHUNK = 16384;

/**
 * Elementwise kernels on the tfjs wasm heap (`h`: its HEAPF32, offsets in float elements unless named
 * `…Byte`), streamed through the own SIMD instance in cache-sized chunks. Each returns false when the
 * own kernels are not loaded (the caller then runs its plain loop).
 */
export const ownElementwise = {
  /** `out = x < 0 ? a·x : x` */
  prelu(h: Float32Array, xi: number, oi: number, n: number, a: number): boolean {
    const o = own;
    if (o === undefined) return false;
    const [xAt, oAt] = layout(o, [CHUNK, CHUNK]) as [number, number];
    const mem = new Float32Array(o.memory.buffer);
    for (let i = 0; i < n; i += CHUNK) {
      const m = Math.min(CHUNK, n - i);
      mem.set(h.subarray(xi + i, xi + i + m), xAt / 4);
      o.prelu_f32(xAt, oAt, m, a);
      h.set(mem.subarray(oAt / 4, oAt / 4 + m), oi + i);
    }
    return true;
  },
  /** `out[i] = x[i] > s` as bool bytes at byte offset `outByte` */
  greaterScalar(h: Float32Array, xi: number, outByte: number, n: number, s: number): boolean {
    const o = own;
    if (o === undefined) return false;
    const [xAt, oAt] = layout(o, [CHUNK, CHUNK / 4]) as [number, number];
    const mem = new Float32Array(o.memory.buffer);
    const mem8 = new Uint8Array(o.memory.buffer);
    const h8 = new Uint8Array(h.buffer);
    for (let i = 0; i < n; i += CHUNK) {
      const m = Math.min(CHUNK, n - i);
      mem.set(h.subarray(xi + i, xi + i + m), xAt / 4);
      o.greater_scalar_f32(xAt, oAt, m, s);
      h8.set(mem8.subarray(oAt, oAt + m), outByte + i);
    }
    return true;
  },
  /** `out[i] = c[i] ? t[i] : e[i]`, `c` bool bytes at byte offset `cByte` */
  select(h: Float32Array, cByte: number, ti: number, ei: number, oi: number, n: number): boolean {
    const o = own;
    if (o === undefined) return false;
    const [cAt, tAt, eAt, oAt] = layout(o, [CHUNK / 4, CHUNK, CHUNK, CHUNK]) as [
      number,
      number,
      number,
      number,
    ];
    const mem = new Float32Array(o.memory.buffer);
    const mem8 = new Uint8Array(o.memory.buffer);
    const h8 = new Uint8Array(h.buffer);
    for (let i = 0; i < n; i += CHUNK) {
      const m = Math.min(CHUNK, n - i);
      mem8.set(h8.subarray(cByte + i, cByte + i + m), cAt);
      mem.set(h.subarray(ti + i, ti + i + m), tAt / 4);
      mem.set(h.subarray(ei + i, ei + i + m), eAt / 4);
      o.select_f32(cAt, tAt, eAt, oAt, m);
      h.set(mem.subarray(oAt / 4, oAt / 4 + m), oi + i);
    }
    return true;
  },
  /** `out[j] = Σ_r x[r·c + j]` over `rows` rows, float64 accumulation in row order, stored as float32 */
  sumRows(h: Float32Array, xi: number, rows: number, c: number, oi: number): boolean {
    const o = own;
    if (o === undefined) return false;
    const per = Math.max(1, Math.floor(CHUNK / c));
    const [xAt, accAt] = layout(o, [per * c, 2 * c]) as [number, number];
    const mem = new Float32Array(o.memory.buffer);
    const acc = new Float64Array(o.memory.buffer, accAt, c);
    acc.fill(0);
    for (let r = 0; r < rows; r += per) {
      const k = Math.min(per, rows - r);
      mem.set(h.subarray(xi + r * c, xi + (r + k) * c), xAt / 4);
      o.sum_rows_f64(xAt, accAt, k, c);
    }
    h.set(acc, oi);
    return true;
  },
  /** `Σ x[xi .. xi + n)` in float64, or undefined when the own kernels are not loaded */
  sum(h: Float32Array, xi: number, n: number): number | undefined {
    const o = own;
    if (o === undefined) return undefined;
    const [xAt] = layout(o, [CHUNK]) as [number];
    const mem = new Float32Array(o.memory.buffer);
    let s = 0;
    for (let i = 0; i < n; i += CHUNK) {
      const m = Math.min(CHUNK, n - i);
      mem.set(h.subarray(xi + i, xi + i + m), xAt / 4);
      s += o.sum_f64(xAt, m);
    }
    return s;
  },
};
