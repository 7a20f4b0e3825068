import {
  ALIGNMENT_IIR_8000,
  ALIGNMENT_IIR_16000,
  BARK_8000,
  BARK_16000,
  SCALES_8000,
  SCALES_16000,
} from './tables.js';

/** PESQ sample rates (Hz). */
export type PesqSampleRate = 8000 | 16000;
/**
 * PESQ variant: `'wb'` = P.862.2 wide-band MOS-LQO (16 kHz only), `'nb'` = P.862 + P.862.1 mapping
 * (8 or 16 kHz). Only the model input filter and the final mapping differ between the two (spec §0.2).
 */
export type PesqMode = 'wb' | 'nb';

/** Rate-dependent constants of spec §0.1 (all chosen by the sample rate, never by the mode). */
export interface PesqRate {
  /** Sample rate these constants belong to, Hz (8000 or 16000). */
  readonly fs: PesqSampleRate;
  /** Envelope window length D (samples). */
  readonly d: number;
  /** Leading pad SD = 75·D (samples). */
  readonly sd: number;
  /** Trailing data padding P = 320 ms (samples). */
  readonly p: number;
  /** Alignment FFT length A. */
  readonly a: number;
  /** Half-width κ = A/64 of the triangular histogram kernel. */
  readonly kappa: number;
  /** Perceptual frame length Nf (32 ms). */
  readonly nf: number;
  /** Frame hop H = Nf/2. */
  readonly h: number;
  /** Number of Bark bands Nb. */
  readonly nb: number;
  /** Power scale factor Sp applied to each Bark band sum (float32 value; spec §13 step 5). */
  readonly sp: number;
  /** Loudness scale factor Sl (float32 value; spec §15 step 3). */
  readonly sl: number;
  /** FFT bins per Bark band, index = band 0..Nb−1; consecutive from bin 0, summing to Nf/2. */
  readonly nFftBins: readonly number[];
  /** Centre of each Bark band in Bark (z), index = band; sets the loudness exponent γ_b. */
  readonly centreBark: readonly number[];
  /** Width of each Bark band in Bark, index = band; the weights of the frame disturbance norms. */
  readonly widthBark: readonly number[];
  /** Power density correction factor per band (dimensionless), index = band; scales the band's bin sum. */
  readonly powerDensityCorrection: readonly number[];
  /** Absolute hearing threshold per band, in the units of the Bark powers, index = band. */
  readonly absThresholdPower: readonly number[];
  /** Alignment biquad cascade: one [b0, b1, b2, a1, a2] row (a0 = 1) per section (8 at 8 kHz, 12 at 16k). */
  readonly alignmentIir: readonly (readonly number[])[];
}

function make(fs: PesqSampleRate): PesqRate {
  const d = fs === 8000 ? 32 : 64;
  const a = fs === 8000 ? 512 : 1024;
  const nf = fs === 8000 ? 256 : 512;
  const bark = fs === 8000 ? BARK_8000 : BARK_16000;
  const scales = fs === 8000 ? SCALES_8000 : SCALES_16000;
  return {
    fs,
    d,
    sd: 75 * d,
    p: (320 * fs) / 1000,
    a,
    kappa: a / 64,
    nf,
    h: nf / 2,
    nb: bark.nFftBins.length,
    sp: Math.fround(scales.sp),
    sl: Math.fround(scales.sl),
    nFftBins: bark.nFftBins,
    centreBark: bark.centreBark,
    widthBark: bark.widthBark,
    powerDensityCorrection: bark.powerDensityCorrection,
    absThresholdPower: bark.absThresholdPower,
    alignmentIir: fs === 8000 ? ALIGNMENT_IIR_8000 : ALIGNMENT_IIR_16000,
  };
}

const RATES: Record<PesqSampleRate, PesqRate> = { 8000: make(8000), 16000: make(16000) };

/** The constants of one sample rate (8000 or 16000).
 * @param fs - 8000 or 16000
 * @returns {@link PesqRate}
 * @example pesqRate(16000).nb; // 49 Bark bands
 */
export function pesqRate(fs: PesqSampleRate): PesqRate {
  return RATES[fs];
}

/** Smallest power of two ≥ x (nextpow2(1) = 1). */
export function nextPow2(x: number): number {
  let k = 1;
  while (k < x) k *= 2;
  return k;
}
