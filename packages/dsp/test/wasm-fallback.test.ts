import { expectAllClose } from '@speechsr/test-utils';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { spectralKernel } from '../src/fft.js';
import { decimate, magnitude, resamplePoly, rfft, stft } from '../src/index.js';
import { wasmKernels } from '../src/wasm-kernels.js';

type Dsp = typeof import('../src/index.js');

function noise(n: number, seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

/** Everything that can run on the two embedded modules (filter and spectral kernels). */
function runAll(dsp: Dsp, x: Float64Array) {
  const s = dsp.stft(x, { nFft: 512, hopLength: 128 });
  return {
    decimate: dsp.decimate(x, 2),
    resamplePoly: dsp.resamplePoly(x, 1, 3),
    rfft: dsp.rfft(x.subarray(0, 6000)), // mixed radix 2·3·4·5·5·5: the WebAssembly stages
    stftRe: s.re,
    stftIm: s.im,
    stftScale: Math.max(...Array.from(dsp.magnitude(s))),
  };
}

describe('embedded WebAssembly modules: instantiation failures fall back to JavaScript', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  test("Chrome's main-thread RangeError for synchronous compiles over 4 KB gives the JavaScript paths, same results", async () => {
    expect(wasmKernels(), 'filter kernels load on Node >= 20').not.toBeNull();
    expect(spectralKernel(), 'spectral kernels load on Node >= 20').not.toBeNull();
    const x = noise(20000, 7);
    const viaWasm = runAll({ decimate, resamplePoly, rfft, stft, magnitude } as Dsp, x);

    // What Chrome throws for `new WebAssembly.Module(bytes)` with bytes > 4 KB on the main thread.
    const real = (globalThis as unknown as { WebAssembly: Record<string, unknown> }).WebAssembly;
    let compiles = 0;
    class RefusingModule {
      constructor() {
        compiles++;
        throw new RangeError(
          'WebAssembly.Module(): Buffer size is over 4KB, use WebAssembly.compile() or compile on a worker thread',
        );
      }
    }
    vi.stubGlobal('WebAssembly', { Module: RefusingModule, Memory: real.Memory, Instance: real.Instance });
    vi.resetModules();
    const fresh = (await import('../src/index.js')) as Dsp;
    const freshFft = await import('../src/fft.js');
    const freshFilters = await import('../src/wasm-kernels.js');

    const viaJs = runAll(fresh, x);
    expect(compiles, 'both modules tried to compile').toBe(2);
    expect(freshFft.spectralKernel()).toBeNull();
    expect(freshFilters.wasmKernels()).toBeNull();

    expectAllClose(viaJs.decimate, viaWasm.decimate, { atol: 0, rtol: 0, label: 'decimate (bit-identical)' });
    expectAllClose(viaJs.resamplePoly, viaWasm.resamplePoly, { atol: 1e-14, rtol: 0, label: 'resamplePoly' });
    const fftTol = 1e-13 * Math.sqrt(6000);
    expectAllClose(viaJs.rfft.re, viaWasm.rfft.re, { atol: fftTol, rtol: 0, label: 'rfft re' });
    expectAllClose(viaJs.rfft.im, viaWasm.rfft.im, { atol: fftTol, rtol: 0, label: 'rfft im' });
    const stftTol = 1e-13 * viaWasm.stftScale;
    expectAllClose(viaJs.stftRe, viaWasm.stftRe, { atol: stftTol, rtol: 0, label: 'stft re' });
    expectAllClose(viaJs.stftIm, viaWasm.stftIm, { atol: stftTol, rtol: 0, label: 'stft im' });
  });

  test('no WebAssembly at all (e.g. a CSP or an old engine): the JavaScript paths run, nothing throws', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    vi.resetModules();
    const fresh = (await import('../src/index.js')) as Dsp;
    const x = noise(3000, 3);
    expect(fresh.decimate(x, 2)).toHaveLength(1500);
    expect(fresh.rfft(x).re).toHaveLength(1501);
    expect((await import('../src/fft.js')).spectralKernel()).toBeNull();
    expect((await import('../src/wasm-kernels.js')).wasmKernels()).toBeNull();
  });
});
