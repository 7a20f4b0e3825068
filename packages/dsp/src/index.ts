// Public API of @speechsr/dsp: named re-exports only.
// --- filters (IIR design, lfilter/filtfilt, SOS, decimate, subsample, resamplePoly) ---
export { cheby1, butter, bessel } from './iir-design.js';
export type { Sos, FilterCoefficients, IirOutput, IirDesignOptions, BesselOptions } from './iir-design.js';
export { lfilter, lfilterZi } from './lfilter.js';
export type { Coefficients, LfilterOptions, FilterResult } from './lfilter.js';
export { filtfilt } from './filtfilt.js';
export type { FiltfiltOptions, FiltfiltPadType } from './filtfilt.js';
export { sosfilt, sosfiltZi, sosfiltfilt } from './sos.js';
export type { SosfiltOptions } from './sos.js';
export { decimate } from './decimate.js';
export type { DecimateOptions } from './decimate.js';
export { subsample } from './subsample.js';
export type { SubsampleOptions } from './subsample.js';
export { firwin } from './firwin.js';
export type { FirWindow, FirwinOptions } from './firwin.js';
export { resamplePoly } from './resample-poly.js';
export type { ResamplePolyOptions, ResamplePolyPadType } from './resample-poly.js';
// --- spectral (FFT, resample, spline, mvn, trim, windows, STFT, frame/overlap-add, fftConvolve) ---
export { createComplexFft, createFft, rfft, irfft } from './fft.js';
export type { ComplexFftPlan, FftPlan, RealSpectrum } from './fft.js';
export { resample } from './resample.js';
export { splineUpsample } from './spline.js';
export { mvn } from './mvn.js';
export { trim, TRIM_SEED } from './trim.js';
export type { TrimOptions, TrimResult } from './trim.js';
export { getWindow } from './window.js';
export type { WindowName, WindowOptions } from './window.js';
export { createStft, stft, magnitude, powerToDb, istft } from './stft.js';
export type { StftOptions, StftPlan, Spectrogram, PowerToDbOptions, IstftOptions, PadMode } from './stft.js';
export { frame, overlapAdd } from './frame.js';
export type { Frames } from './frame.js';
export { fftConvolve } from './fft-convolve.js';
export type { FftConvolveOptions } from './fft-convolve.js';
export type { Signal } from '@speechsr/core';
