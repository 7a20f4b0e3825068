import type { PesqRate } from './rate.js';

/** Result of {@link pesqVad}: per envelope window (length W = trunc(L/D)). */
export interface PesqVad {
  /** VAD array V: > 0 speech, 0 not speech. */
  readonly vad: Float64Array;
  /** Log-envelope Λ = ln(V/θ) where V > θ, else 0. */
  readonly logVad: Float64Array;
  /** Final threshold θ. */
  readonly threshold: number;
}

/**
 * Spec §7: envelope energies of an alignment signal, noise-threshold iteration, pruning of short and
 * weak runs, gap filling, onset/offset ramps and the log-envelope.
 * @param align - alignment signal buffer (spec §6)
 * @param len - padded length L of this signal
 * @param rate - constants of the sample rate
 * @returns {@link PesqVad}: `vad` and `logVad` (Float64Array, one value per window) and θ
 * @example const { vad, logVad } = pesqVad(alignRef, b.lenRef, rate);
 */
export function pesqVad(align: Float64Array, len: number, rate: PesqRate): PesqVad {
  const d = rate.d;
  const nw = Math.trunc(len / d);
  const e = new Float64Array(nw);
  let total = 0;
  let maxE = 0;
  for (let w = 0; w < nw; w++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const x = align[w * d + j]!;
      s += x * x;
    }
    e[w] = s / d;
    total += e[w]!;
    if (e[w]! > maxE) maxE = e[w]!;
  }
  let theta = total / nw;
  const m = maxE > 0 ? maxE * Math.fround(1e-4) : 1;
  for (let w = 0; w < nw; w++) if (e[w]! < m) e[w] = m;

  const f1001 = Math.fround(1.001);
  for (let it = 0; it < 12; it++) {
    let cnt = 0;
    let s = 0;
    for (let w = 0; w < nw; w++) {
      if (e[w]! <= theta) {
        s += e[w]!;
        cnt++;
      }
    }
    let mu = 0;
    let sigma = 0;
    if (cnt > 0) {
      mu = s / cnt;
      let v = 0;
      for (let w = 0; w < nw; w++) {
        if (e[w]! <= theta) v += (e[w]! - mu) ** 2;
      }
      sigma = Math.sqrt(v / cnt);
    }
    theta = f1001 * (mu + 2 * sigma);
  }
  let sS = 0;
  let nS = 0;
  let sN = 0;
  let nN = 0;
  for (let w = 0; w < nw; w++) {
    if (e[w]! > theta) {
      sS += e[w]!;
      nS++;
    } else {
      sN += e[w]!;
      nN++;
    }
  }
  let muS = 0;
  let muN = 1;
  if (nS > 0) muS = sS / nS;
  else theta = -1;
  if (nN > 0) muN = sN / nN;

  for (let w = 0; w < nw; w++) if (e[w]! <= theta) e[w] = -e[w]!;
  e[0] = -m;
  e[nw - 1] = -m;

  // Step 7: remove short runs.
  let start = 0;
  let finish = 0;
  for (let w = 1; w < nw; w++) {
    if (e[w]! > 0 && e[w - 1]! <= 0) start = w;
    if (e[w]! <= 0 && e[w - 1]! > 0) {
      finish = w;
      if (finish - start <= 4) for (let i = start; i < finish; i++) e[i] = -e[i]!;
    }
  }
  // Step 8: remove weak runs.
  if (muS >= 1000 * muN) {
    for (let w = 1; w < nw; w++) {
      if (e[w]! > 0 && e[w - 1]! <= 0) start = w;
      if (e[w]! <= 0 && e[w - 1]! > 0) {
        finish = w;
        let s = 0;
        for (let i = start; i < finish; i++) s += e[i]!;
        if (s < 3 * theta * (finish - start)) for (let i = start; i < finish; i++) e[i] = -e[i]!;
      }
    }
  }
  // Step 9: fill short gaps.
  start = 0;
  finish = 0;
  let anyOnset = false;
  for (let w = 1; w < nw; w++) {
    if (e[w]! > 0 && e[w - 1]! <= 0) {
      start = w;
      if (finish > 0 && start - finish <= 50) for (let i = finish; i < start; i++) e[i] = m;
    }
    if (e[w]! <= 0 && e[w - 1]! > 0) finish = w;
  }
  for (let w = 1; w < nw; w++) {
    if (e[w]! > 0 && e[w - 1]! <= 0) {
      anyOnset = true;
      break;
    }
  }
  // Step 10: nothing detected.
  if (!anyOnset) {
    for (let w = 0; w < nw; w++) e[w] = Math.abs(e[w]!);
    e[0] = -m;
    e[nw - 1] = -m;
  }
  // Step 11: onset/offset ramps.
  let w = 3;
  while (w < nw - 2) {
    if (e[w]! > 0 && e[w - 2]! <= 0) {
      e[w - 2] = 0.1 * e[w]!;
      e[w - 1] = 0.3 * e[w]!;
      w++;
    }
    if (e[w]! <= 0 && e[w - 1]! > 0) {
      e[w] = 0.3 * e[w - 1]!;
      e[w + 1] = 0.1 * e[w - 1]!;
      w += 3;
    }
    w++;
  }
  // Steps 12-13.
  for (let i = 0; i < nw; i++) if (e[i]! < 0) e[i] = 0;
  if (theta <= 0) theta = m;
  const logVad = new Float64Array(nw);
  for (let i = 0; i < nw; i++) logVad[i] = e[i]! <= theta ? 0 : Math.log(e[i]! / theta);
  return { vad: e, logVad, threshold: theta };
}
