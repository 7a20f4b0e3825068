/**
 * Instantiates the embedded WebAssembly modules (internal). Synchronous, because the DSP API is: the
 * kernels are an optional fast path, so every failure (no WebAssembly or SIMD support, a CSP without
 * `wasm-unsafe-eval`, or Chrome's refusal to compile a buffer over 4 KB synchronously on the main
 * thread, a RangeError) gives null, and the callers run their JavaScript loops instead.
 */

/** The part of the WebAssembly JS API used here (the build's lib has no DOM/WebAssembly types). */
export interface WasmMemoryLike {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApiLike {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemoryLike;
}

/** Decodes standard base64 (no `atob` or `Buffer` needed). */
export function decodeBase64(s: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const lookup = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) lookup[alphabet.charCodeAt(i)] = i;
  const clean = s.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    value = (value << 6) | lookup[clean.charCodeAt(i)]!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

/**
 * Compiles and instantiates a base64 module importing `env.memory`, with a fresh memory of
 * `initialPages` 64 KiB pages; null (never a throw) when any step fails.
 */
export function instantiateEmbedded(
  base64: string,
  initialPages: number,
): { exports: Record<string, unknown>; memory: WasmMemoryLike } | null {
  try {
    const wa = (globalThis as unknown as { WebAssembly?: WasmApiLike }).WebAssembly;
    if (!wa) return null;
    const memory = new wa.Memory({ initial: initialPages });
    const instance = new wa.Instance(new wa.Module(decodeBase64(base64)), { env: { memory } });
    return { exports: instance.exports, memory };
  } catch {
    return null;
  }
}
