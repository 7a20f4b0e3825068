export { fixtures, decodeWav } from './fixtures.js';
export type { Fixtures, WavFixture } from './fixtures.js';
export { expectAllClose, maxAbs } from './all-close.js';
export type { AllCloseOptions } from './all-close.js';
