export { SpeechSrError, ParameterError, SignalError, FileFormatError, BackendError } from './errors.js';
export {
  assertSignal,
  assertNumber,
  assertInt,
  assertOneOf,
  describeValue,
  isFiniteSignal,
} from './checks.js';
export type { SignalCheckOptions, NumberCheckOptions } from './checks.js';
export type { Signal, FloatArrayConstructor } from './types.js';
