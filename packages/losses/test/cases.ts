// Shared test inputs: random patches and speech patches (fixture speech_1s.wav, CC BY-SA 3.0).
import { fixtures } from '@speechsr/test-utils';
import { randn } from './reference.js';

export const T = 2048;

export interface Case {
  label: string;
  b: number;
  t: number;
  y: Float32Array;
  p: Float32Array;
  x: Float32Array;
}

/** Random standard-normal y, ŷ, x (independent). */
export function randomCase(b = 3, t = T, seed = 1): Case {
  return {
    label: `random ${b}x${t}`,
    b,
    t,
    y: randn(b * t, seed),
    p: randn(b * t, seed + 1),
    x: randn(b * t, seed + 2),
  };
}

/**
 * Speech patches: y = speech (2048-sample patches of speech_1s.wav), x = y smoothed by a 4-tap moving
 * average (a band-limited stand-in for the interpolated LR input), ŷ = x + 0.5·(y − x) + small noise
 * (a prediction part-way between input and target).
 */
export function speechCase(url: string, b = 3): Case {
  const s = fixtures(url).wav('dsp/audio/speech_1s.wav').samples;
  const y = new Float32Array(b * T);
  const offsets = [1000, 5000, 9000, 12000].slice(0, b);
  for (const [i, o] of offsets.entries()) y.set(s.subarray(o, o + T), i * T);
  const x = new Float32Array(b * T);
  for (let i = 0; i < b; i++) {
    for (let n = 0; n < T; n++) {
      let acc = 0;
      for (let j = 0; j < 4; j++) acc += n - j >= 0 ? y[i * T + n - j]! : 0;
      x[i * T + n] = acc / 4;
    }
  }
  const noise = randn(b * T, 99, 0.01);
  const p = Float32Array.from(y, (v, n) => x[n]! + 0.5 * (v - x[n]!) + noise[n]!);
  return { label: `speech ${b}x${T}`, b, t: T, y, p, x };
}
