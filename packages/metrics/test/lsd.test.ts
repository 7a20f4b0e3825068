import { ParameterError, SignalError } from '@speechsr/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { EPS, LSD_CONVENTIONS, type LsdOptions, lsd, lsdKuleshov, lsdProtocol } from '../src/index.js';

const noise = (n: number, seed: number): Float64Array => {
  const x = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 2 ** 32 - 0.5;
  }
  return x;
};

// ---- independent naive reference: direct DFT, explicit padding, formulas written out ----
function pad(x: Float64Array, p: number, mode: 'constant' | 'reflect'): Float64Array {
  const out = new Float64Array(x.length + 2 * p);
  out.set(x, p);
  if (mode === 'reflect') {
    for (let i = 1; i <= p; i++) {
      out[p - i] = x[i]!;
      out[p + x.length - 1 + i] = x[x.length - 1 - i]!;
    }
  }
  return out;
}
/** power spectrogram [frame][bin] by direct DFT (librosa stft semantics, periodic Hann) */
function naivePower(x: Float64Array, nFft: number, hop: number, mode: 'constant' | 'reflect'): number[][] {
  const xp = pad(x, nFft / 2, mode);
  const frames = 1 + Math.floor(x.length / hop);
  const out: number[][] = [];
  const cos = Array.from({ length: nFft }, (_, j) => Math.cos((2 * Math.PI * j) / nFft));
  const sin = Array.from({ length: nFft }, (_, j) => Math.sin((2 * Math.PI * j) / nFft));
  const win = cos.map((c) => 0.5 - 0.5 * c); // periodic Hann
  for (let f = 0; f < frames; f++) {
    const row: number[] = [];
    const v = win.map((w, j) => w * xp[f * hop + j]!);
    for (let k = 0; k <= nFft / 2; k++) {
      let re = 0;
      let im = 0;
      for (let j = 0; j < nFft; j++) {
        const t = (k * j) % nFft; // e^{-2πi·kj/n} from the table
        re += v[j]! * cos[t]!;
        im -= v[j]! * sin[t]!;
      }
      row.push(re * re + im * im);
    }
    out.push(row);
  }
  return out;
}
const inBand = (k: number, n: number, o: LsdOptions) =>
  o.band === 'hf' ? 2 * o.r! * k > n : o.band === 'lf' ? 2 * o.r! * k <= n : true;

function naiveLsd(x: Float64Array, y: Float64Array, o: LsdOptions): number {
  const conv = o.convention ?? 'seed';
  if (conv === 'tfnet') {
    const n = x.length;
    const pw = (s: Float64Array, k: number) => {
      let re = 0;
      let im = 0;
      for (let j = 0; j < n; j++) {
        re += s[j]! * Math.cos((2 * Math.PI * k * j) / n);
        im -= s[j]! * Math.sin((2 * Math.PI * k * j) / n);
      }
      return re * re + im * im;
    };
    let acc = 0;
    let cnt = 0;
    for (let k = 0; k < n; k++) {
      const kk = Math.min(k, n - k); // frequency of bin k is |kk|·fs/n
      if (!inBand(kk, n, o)) continue;
      const d = Math.log10(pw(x, k)) - Math.log10(pw(y, k));
      acc += d * d;
      cnt++;
    }
    return Math.sqrt(acc / cnt);
  }
  const spec = LSD_CONVENTIONS[conv];
  const mode = o.padMode ?? spec.padMode!;
  const px = naivePower(x, spec.nFft!, spec.hopLength!, mode);
  const py = naivePower(y, spec.nFft!, spec.hopLength!, mode);
  const bins = px[0]!.map((_, k) => k).filter((k) => inBand(k, spec.nFft!, o));
  if (conv === 'kuleshov') {
    const P = (p: number) => Math.log(p + 1e-8);
    let sum = 0;
    for (const k of bins) {
      let m = 0;
      for (let f = 0; f < px.length; f++) m += (P(px[f]![k]!) - P(py[f]![k]!)) ** 2 + 1e-8;
      sum += Math.sqrt(m / px.length);
    }
    return Math.min(sum / bins.length, 10);
  }
  const P =
    conv === 'seed' ? (p: number) => Math.log10(p + EPS) : (p: number) => Math.log10(Math.max(p, 1e-8));
  let total = 0;
  for (let f = 0; f < px.length; f++) {
    let m = 0;
    for (const k of bins) m += (P(px[f]![k]!) - P(py[f]![k]!)) ** 2;
    total += Math.sqrt(m / bins.length);
  }
  return total / px.length;
}

describe('lsd conventions against a naive direct-DFT reference', () => {
  const x = noise(2500, 1);
  const y = x.map((v, i) => v + 0.05 * Math.sin(0.3 * i) + 0.02 * noise(2500, 2)[i]!);
  const cases: LsdOptions[] = [
    { convention: 'seed' },
    { convention: 'seed', padMode: 'reflect', band: 'hf', r: 2 },
    { convention: 'seed', band: 'lf', r: 4 },
    { convention: 'kuleshov' },
    { convention: 'kuleshov', band: 'hf', r: 2 },
    { convention: 'apbwe' },
    { convention: 'apbwe', band: 'hf', r: 3 },
    { convention: 'apbwe', band: 'lf', r: 2, padMode: 'constant' },
  ];
  for (const o of cases) {
    test(JSON.stringify(o), () => {
      expect(Math.abs(lsd(x, y, o) - naiveLsd(x, y, o))).toBeLessThan(1e-9);
    });
  }
  test('a signal shorter than one frame is centre-padded (librosa semantics): LSD is defined, not an error', () => {
    const a = noise(300, 8);
    const b = a.map((v, i) => v + 0.1 * Math.sin(i));
    expect(Math.abs(lsd(a, b) - naiveLsd(a, b, {}))).toBeLessThan(1e-9);
    expect(Number.isFinite(lsd(a, b, { padMode: 'reflect' }))).toBe(true); // numpy-style repeated reflection
  });
  for (const n of [999, 1000]) {
    const a = noise(n, 3);
    const b = a.map((v, i) => v + 0.1 * Math.cos(i));
    for (const o of [{ convention: 'tfnet' }, { convention: 'tfnet', band: 'hf', r: 2 }] as LsdOptions[]) {
      test(`${JSON.stringify(o)} n=${n} (whole-segment FFT of any length)`, () => {
        expect(Math.abs(lsd(a, b, o) - naiveLsd(a, b, o))).toBeLessThan(1e-9);
      });
    }
  }
});

describe('lsd properties', () => {
  const all: LsdOptions[] = [];
  for (const convention of ['seed', 'kuleshov', 'tfnet', 'apbwe'] as const) {
    for (const band of ['full', 'hf', 'lf'] as const)
      all.push({ convention, band, r: band === 'full' ? undefined : 2 });
  }
  test('lsd(x, x) = 0 for every convention and band (Kuleshov: its documented floor 1e-4)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 600, max: 5000 }), fc.integer({ min: 0, max: 1e6 }), (n, seed) => {
        const x = noise(n, seed);
        for (const o of all) {
          const v = lsd(x, x, o);
          if (o.convention === 'kuleshov') expect(v).toBeCloseTo(1e-4, 15);
          else expect(v).toBe(0);
        }
      }),
      { seed: 42, numRuns: 8 },
    );
  });
  test('non-negative and symmetric', () => {
    fc.assert(
      fc.property(fc.integer({ min: 600, max: 4000 }), fc.integer({ min: 0, max: 1e6 }), (n, seed) => {
        const x = noise(n, seed);
        const y = noise(n, seed + 1);
        for (const o of all) {
          const a = lsd(x, y, o);
          expect(a).toBeGreaterThanOrEqual(0);
          expect(Math.abs(a - lsd(y, x, o))).toBeLessThan(1e-12);
        }
      }),
      { seed: 9, numRuns: 5 },
    );
  });
  test('not invariant to a common gain (documented): the floor is absolute, LSD → 0 as the gain → 0', () => {
    const x = noise(4000, 5);
    x.fill(0, 1000, 2000); // digital silence: bins at the floor
    const y = x.map((v, i) => v + (i >= 1000 && i < 2000 ? 1e-6 * Math.sin(i) : 0.1 * Math.sin(0.2 * i)));
    const base = lsd(x, y);
    const half = lsd(
      x.map((v) => v * 0.5),
      y.map((v) => v * 0.5),
    );
    expect(Math.abs(base - half)).toBeGreaterThan(1e-3); // the quiet stretch moves relative to eps
    const tiny = lsd(
      x.map((v) => v * 1e-12),
      y.map((v) => v * 1e-12),
    );
    expect(tiny).toBeLessThan(0.01 * base);
    expect(
      lsd(
        x.map((v) => v * 1e-30),
        y.map((v) => v * 1e-30),
      ),
    ).toBe(0);
  });
  test('r = 2: a high-band-only perturbation moves LSD-HF and leaves LSD-LF nearly unchanged', () => {
    const fs = 16000;
    const n = 16000;
    const x = new Float64Array(n);
    const freqs = noise(200, 77);
    for (let s = 0; s < 200; s++) {
      const f = 50 + (freqs[s]! + 0.5) * 3450; // 50 Hz … 3.5 kHz
      for (let i = 0; i < n; i++) x[i] = x[i]! + 0.01 * Math.sin((2 * Math.PI * f * i) / fs + s);
    }
    // broadband perturbation above the 4 kHz LR Nyquist only: 100 sines in 4.5 … 7.9 kHz
    const y = x.slice();
    for (let s = 0; s < 100; s++) {
      const f = 4500 + (freqs[s]! + 0.5) * 3400;
      for (let i = 0; i < n; i++) y[i] = y[i]! + 0.002 * Math.sin((2 * Math.PI * f * i) / fs + 2 * s);
    }
    for (const convention of ['seed', 'apbwe'] as const) {
      const hf = lsd(x, y, { convention, band: 'hf', r: 2 });
      const lf = lsd(x, y, { convention, band: 'lf', r: 2 });
      expect(hf).toBeGreaterThan(0.5);
      expect(lf).toBeLessThan(0.02 * hf);
    }
  });
  test('lsdKuleshov is the kuleshov convention', () => {
    const x = noise(3000, 1);
    const y = noise(3000, 2);
    expect(lsdKuleshov(x, y)).toBe(lsd(x, y, { convention: 'kuleshov' }));
    expect(lsdKuleshov(x, y, { band: 'hf', r: 2 })).toBe(
      lsd(x, y, { convention: 'kuleshov', band: 'hf', r: 2 }),
    );
  });
  test("'tfnet': an exactly-zero FFT bin gives the documented Infinity/NaN, not a hidden number", () => {
    const z = new Float64Array(64);
    expect(lsd(z, z, { convention: 'tfnet' })).toBeNaN();
    expect(lsd(noise(64, 1), z, { convention: 'tfnet' })).toBe(Number.POSITIVE_INFINITY);
  });
  test('does not modify its inputs; Float32Array accepted', () => {
    const x = Float32Array.from(noise(3000, 1));
    const y = Float32Array.from(noise(3000, 2));
    const [cx, cy] = [x.slice(), y.slice()];
    for (const o of all) lsd(x, y, o);
    expect(x).toEqual(cx);
    expect(y).toEqual(cy);
  });
  test('lsdProtocol resolves padding per convention', () => {
    expect(lsdProtocol().padMode).toBe('constant');
    expect(lsdProtocol({ convention: 'kuleshov' }).padMode).toBe('reflect');
    expect(lsdProtocol({ convention: 'apbwe', padMode: 'constant' }).padMode).toBe('constant');
    expect(lsdProtocol({ convention: 'tfnet', padMode: 'reflect' }).padMode).toBeNull();
    expect(lsdProtocol({ band: 'hf', r: 2 })).toMatchObject({ band: 'hf', r: 2, nFft: 512 });
  });
  test('bad input and options: typed errors', () => {
    const x = noise(1000, 1);
    expect(() => lsd(x, noise(999, 1))).toThrow(ParameterError);
    expect(() => lsd(x, noise(999, 1))).toThrow(
      /lsd: estimate must have the same length as reference \(1000\), got 999/,
    );
    expect(() => lsd(x, x, { band: 'hf' })).toThrow(/lsd: r must be given for band 'hf'/);
    expect(() => lsd(x, x, { band: 'lf', r: 1 })).toThrow(/lsd: r must be a finite number > 1, got 1/);
    expect(() => lsd(x, x, { convention: 'nuwave' as 'seed' })).toThrow(
      /lsd: convention must be one of "seed", "kuleshov", "tfnet", "apbwe", got "nuwave"/,
    );
    expect(() => lsd(x, x, { padMode: 'edge' as 'reflect' })).toThrow(/padMode must be one of/);
    const bad = x.slice();
    bad[10] = Number.NaN;
    expect(() => lsd(x, bad)).toThrow(SignalError);
    expect(() => lsd(x, bad)).toThrow(/lsd: estimate must be finite, got NaN at sample 10/);
    // every convention, a non-finite sample anywhere (first, middle, last) in either signal
    for (const convention of ['seed', 'kuleshov', 'tfnet', 'apbwe'] as const) {
      for (const at of [0, 517, x.length - 1]) {
        const r = x.slice();
        r[at] = Number.POSITIVE_INFINITY;
        expect(() => lsd(r, x, { convention }), `${convention} ${at}`).toThrow(
          new RegExp(`lsd: reference must be finite, got Infinity at sample ${at}`),
        );
        expect(() => lsd(x, r, { convention }), `${convention} ${at}`).toThrow(
          new RegExp(`lsd: estimate must be finite, got Infinity at sample ${at}`),
        );
      }
    }
    expect(() => lsd(new Float64Array(0), new Float64Array(0))).toThrow(/lsd: reference must not be empty/);
  });
});
