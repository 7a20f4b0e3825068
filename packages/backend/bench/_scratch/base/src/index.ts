export { pickBackend, useFastBackend, BACKEND_PREFERENCES } from './pick-backend.js';
export type { BackendPreference, BackendChoice, PickBackendOptions } from './pick-backend.js';
export { registerWasmTrainingKernels, installedWasmOverrides } from './kernels/register.js';
export type { KernelOverride } from './kernels/register.js';
export { startSecondCore, stopSecondCore, secondCoreActive, SPLIT_MIN_MACS } from './second-core.js';
export { loadOwnKernels, ownKernelsLoaded } from './own-kernels.js';
