/**
 * WebAssembly (SIMD128) kernels for resamplePoly's up = 1 path and decimate, compiled from
 * `wasm-kernels.c` (beside this file) and embedded as base64 so the package needs no build step or file
 * loading at run time. Regenerate after editing the C source (clang 14, wasm-ld):
 *   clang --target=wasm32 -O3 -msimd128 -nostdlib -fno-builtin -ffp-contract=off -Wl,--no-entry \
 *     -Wl,--export=deinterleave -Wl,--export=fir_multi -Wl,--export=sos4_inplace \
 *     -Wl,--export=__heap_base -Wl,--import-memory -o wasm-kernels.wasm wasm-kernels.c
 *   base64 -w0 wasm-kernels.wasm   # paste below; sha256 prefix a7fd478146071bda
 * The IIR kernel repeats the JavaScript kernels' arithmetic order exactly (no FMA contraction), so both
 * paths give bit-identical results.
 * When WebAssembly or SIMD is unavailable the callers fall back to their JavaScript loops.
 */

const WASM_BASE64 =
  'AGFzbQEAAAABGgNgBH9/f38AYAd/f39/f39/AGAFf39/f38AAg8BA2VudgZtZW1vcnkCAAIDBAMAAQIGDwJ/AUGAiAQLfwBBgIgECwc5BAxkZWludGVybGVhdmUAAAlmaXJfbXVsdGkAAQxzb3M0X2lucGxhY2UAAgtfX2hlYXBfYmFzZQMBCqcUA+cDAQ9/AkAgAkEBSA0AIAJBA3QhBCACQQV0IQUgAkEEdCEGIANBCGohByAAIQhBACEJQQAhCgNAAkAgCSABTg0AAkACQEECQQEgASAJIAJqIgsgASALShsgC2siCxsgCyALQQBHIgxrIg0gAm5qIg5BAk8NACAJIQ0MAQsCQCACQQFGDQAgCSENDAELAkAgAyAKQQN0aiILIAAgCUEDdGoiD0EIaiANIAJuIg0gDGpBA3RqTw0AIA8gByAKIAxqIA1qQQN0ak8NACAJIQ0MAQsgDkF+cSIQQX5qIgxBAXZBAWoiDUEBcSERAkACQCAMDQBBACENDAELIA1BfnEhEkEAIQ0gCCEMQQAhDwNAIAsgDP0AAwD9CwMAIAtBEGogDCAGav0AAwD9CwMAIAtBIGohCyAMIAVqIQwgDUEEaiENIA9BAmoiDyASRw0ACwsCQCARRQ0AIAMgCiANakEDdGogACAJIA0gAmxqQQN0av0AAwD9CwMACyAKIBBqIQogDiAQRg0BIAkgECACbGohDQsgAyAKQQN0aiELIAAgDUEDdGohDANAIAsgDCsDADkDACALQQhqIQsgDCAEaiEMIApBAWohCiANIAJqIg0gAUgNAAsLIAhBCGohCCAJQQFqIgkgAkcNAAsLC4QJBAh/BXsBfwF8AkAgBUEDaiAGTg0AAkAgA0ECSA0AIAIgA0F+cSIHQQN0aiEIIAEgB0ECdGohCQNAIAAgBSIKQQN0IgtqIQVBASEMIAEhDSACIQ79DAAAAAAAAAAAAAAAAAAAAAAiDyEQIA8hESAPIRIDQCASIA5BCGr9CgMAIhMgBSANQQRqKAIAQQN0aiIU/QAAEP3yAf3wASESIBEgEyAU/QAAAP3yAf3wASERIBAgDv0KAwAiEyAFIA0oAgBBA3RqIhT9AAAQ/fIB/fABIRAgDyATIBT9AAAA/fIB/fABIQ8gDUEIaiENIA5BEGohDiAMQQJqIgwgA0gNAAsCQCAHIANODQAgECAI/QoDACITIAAgCSgCAEEDdGogC2oiDf0AABD98gH98AEhECAPIA39AAAAIBP98gH98AEhDwsgBCALaiINIBIgEP3wAf0LABAgDSARIA/98AH9CwAAIApBBGohBSAKQQdqIAZIDQAMAgsLAkAgA0EBRg0AIAQgBUEDdGohDSAFIQ4DQCAN/QwAAAAAAAAAAAAAAAAAAAAAIg/9CwAAIA1BEGogD/0LAAAgDUEgaiENIA5BB2ohDCAOQQRqIgUhDiAMIAZIDQAMAgsLIAAgBUEDdCINaiEOIAQgDWohDSAFIQwDQCAOIAEoAgBBA3RqIgVBEGr9AAAAIQ8gDSAF/QAAACAC/QoDACIQ/fIB/QwAAAAAAAAAAAAAAAAAAAAAIhH98AH9CwAAIA1BEGogECAP/fIBIBH98AH9CwAAIA5BIGohDiANQSBqIQ0gDEEHaiEUIAxBBGoiBSEMIBQgBkgNAAsLAkAgBSAGTg0AAkAgA0EBSA0AIANBfnEhFCADQQFxIQoDQAJAAkAgA0EBRw0ARAAAAAAAAAAAIRVBACEMDAELRAAAAAAAAAAAIRVBACEMIAEhDSACIQ4DQCAVIA4rAwAgACANKAIAIAVqQQN0aisDAKKgIA5BCGorAwAgACANQQRqKAIAIAVqQQN0aisDAKKgIRUgDUEIaiENIA5BEGohDiAUIAxBAmoiDEcNAAsLAkAgCkUNACAVIAIgDEEDdGorAwAgACABIAxBAnRqKAIAIAVqQQN0aisDAKKgIRULIAQgBUEDdGogFTkDACAFQQFqIgUgBkcNAAwCCwsCQCAGIAVrIgBBAkkNACAAQX5xIgNBfmoiDUEBdkEBaiIUQQNxIQ5BACEMAkAgDUEGSQ0AIBRBfHEhFCAEIAVBA3RqIQ1BACEMA0AgDf0MAAAAAAAAAAAAAAAAAAAAACIP/QsDACANQTBqIA/9CwMAIA1BIGogD/0LAwAgDUEQaiAP/QsDACANQcAAaiENIAxBCGohDCAUQXxqIhQNAAsLAkAgDkUNACAEIAUgDGpBA3RqIQ0DQCAN/QwAAAAAAAAAAAAAAAAAAAAA/QsDACANQRBqIQ0gDkF/aiIODQALCyAAIANGDQEgBSADaiEFCyAGIAVrIQ4gBCAFQQN0aiENA0AgDUIANwMAIA1BCGohDSAOQX9qIg4NAAsLC7UHBgJ/FXwDewF8AXsMfCOAgICAAEEQaxpBf0EBIAQbIQUgA0F/akEAIAQbIQYgASsDOCEHIAErAzAhCCABKwMoIQkgASsDICEKIAErAxghCyABKwMQIQwgASsDCCENIAErAwAhDiAAKwO4ASEPIAArA7ABIRAgACsDoAEhESAAKwOIASESIAArA4ABIRMgACsDWCEUIAArA1AhFSAAKwNAIRYgACsDKCEXIAArAyAhGCAAKwMQIRkgACsDCCEaIAArAwAhGwJAAkACQAJAAkAgAP0AAzAiHP0MAAAAAAAA8D8AAAAAAAAAQCId/UgiHv0bAkEBcUEBdCAe/RsAayAA/QoDQCAAKwNgIh/9IgH9DAAAAAAAAPA/AAAAAAAA8D/9SCIe/RsAQQFxQQJ0ciAe/RsCQQFxQQN0ciAA/QADaCIg/QwAAAAAAAAAQAAAAAAAAPA//UgiHv0bAEEBcUEEdHIgHv0bAkEBcUEFdHIgAP0AA5ABIh4gHf1IIh39GwBBAXFBBnRyIB39GwJBB3RyQf8BcQ0AIBFEAAAAAAAA8D9hDQELIANBAU4NAQwCCyADQQFIDQEgBUEDdCEEIAIgBkEDdGohAANAIAAgCCAKIAwgDiAbIAArAwAiIaKgIiKgIiOgIiSgIiU5AwAgDSAaICGiIBggIqKhoCEOIAsgIiAioCAVICOioaAhDCAJICMgI6AgEyAkoqGgIQogByAkICSgIBAgJaKhoCEIIAAgBGohACAZICGiIBcgIqKhIiYhDSAiIBQgI6KhIiEhCyAjIBIgJKKhIiMhCSAkIA8gJaKhIiIhByADQX9qIgMNAAwDCwsgBUEDdCEEIAIgBkEDdGohACAe/SEBIScgHv0hACEoICD9IQEhKSAg/SEAISogHP0hASErIBz9IQAhLANAIAAgCCAoIAogHyAMICwgDiAbIAArAwAiIaKgIiKioCIjoqAiJKKgIiU5AwAgDSAaICGiIBggIqKhoCEOIAsgKyAioiAVICOioaAhDCAJICogI6IgEyAkoqGgIQogByAnICSiIBAgJaKhoCEIIAAgBGohACAZICGiIBcgIqKhIiYhDSAWICKiIBQgI6KhIiEhCyApICOiIBIgJKKhIiMhCSARICSiIA8gJaKhIiIhByADQX9qIgMNAAwCCwsgByEiIAkhIyALISEgDSEmCyABICI5AzggASAIOQMwIAEgIzkDKCABIAo5AyAgASAhOQMYIAEgDDkDECABICY5AwggASAOOQMACwBDBG5hbWUBKAMADGRlaW50ZXJsZWF2ZQEJZmlyX211bHRpAgxzb3M0X2lucGxhY2UHEgEAD19fc3RhY2tfcG9pbnRlcgAtCXByb2R1Y2VycwEMcHJvY2Vzc2VkLWJ5AQxEZWJpYW4gY2xhbmcGMTQuMC42ABoPdGFyZ2V0X2ZlYXR1cmVzASsHc2ltZDEyOA==';

/** The part of the WebAssembly JS API used here (the build's lib has no DOM/WebAssembly types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}

/** Loaded kernels and their linear memory (internal). */
export interface WasmKernels {
  memory: WasmMemory;
  /** First free byte after the module's own data. */
  heapBase: number;
  deinterleave(x: number, n: number, q: number, out: number): void;
  firMulti(buf: number, addr: number, g: number, taps: number, y: number, i0: number, i1: number): void;
  sos4Inplace(c: number, z: number, x: number, n: number, reverse: number): void;
}

function decodeBase64(s: string): Uint8Array {
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
  try {
    const wa = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
    if (!wa) throw new Error('no WebAssembly');
    const memory = new wa.Memory({ initial: 2 });
    const instance = new wa.Instance(new wa.Module(decodeBase64(WASM_BASE64)), { env: { memory } });
    const e = instance.exports as {
      deinterleave: WasmKernels['deinterleave'];
      fir_multi: WasmKernels['firMulti'];
      sos4_inplace: WasmKernels['sos4Inplace'];
      __heap_base: { value: number };
    };
    kernel = {
      memory,
      heapBase: e.__heap_base.value,
      deinterleave: e.deinterleave,
      firMulti: e.fir_multi,
      sos4Inplace: e.sos4_inplace,
    };
  } catch {
    kernel = null;
  }
  return kernel;
}

/** Largest working set (bytes) the WebAssembly paths take on; bigger inputs use the JavaScript loops. */
export const WASM_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Grows the kernel memory to at least `bytes`; false (nothing done) when that exceeds
 * {@link WASM_MAX_BYTES}. The memory is kept for later calls (internal).
 */
export function ensureMemory(k: WasmKernels, bytes: number): boolean {
  if (bytes > WASM_MAX_BYTES) return false;
  const have = k.memory.buffer.byteLength;
  if (bytes > have) k.memory.grow(Math.ceil((bytes - have) / 65536));
  return true;
}

/** Rounds a byte offset up to a multiple of 16 (internal). */
export const align16 = (v: number): number => Math.ceil(v / 16) * 16;
