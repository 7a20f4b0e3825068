// Public API of @speechsr/dsp: named re-exports only.
// --- filters (IIR design, lfilter/filtfilt, SOS, decimate, subsample, resamplePoly) ---
// --- spectral (FFT, resample, spline, mvn, trim, windows, STFT, frame/overlap-add, fftConvolve) ---
export type { Signal } from '@speechsr/core';
