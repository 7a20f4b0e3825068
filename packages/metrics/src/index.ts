// Public API of @speechsr/metrics: named re-exports only.
export { EPS, snr } from './snr.js';
export {
  SNRSEG_MAX_DB,
  SNRSEG_MIN_DB,
  SNRSEG_PYSEPM_DEFAULTS,
  SNRSEG_SEED,
  snrSeg,
  snrSegFrames,
} from './snr-seg.js';
export type { SnrSegOptions } from './snr-seg.js';
export { LSD_CONVENTIONS, lsd, lsdKuleshov, lsdProtocol } from './lsd.js';
export type {
  LsdBand,
  LsdConvention,
  LsdConventionSpec,
  LsdOptions,
  LsdPadMode,
  LsdProtocol,
} from './lsd.js';
export { evaluateFiles, evaluatePair, evaluationProtocol } from './evaluate.js';
export type {
  AudioInput,
  EvaluateOptions,
  EvaluationPair,
  EvaluationProtocol,
  EvaluationSummary,
  MetricName,
  MetricSummary,
  PairEvaluation,
  PesqFunction,
  PesqScore,
} from './evaluate.js';
export {
  parseResults,
  RESULTS_JSON_SCHEMA,
  RESULTS_SCHEMA_ID,
  RESULTS_SCHEMA_VERSION,
  stringifyResults,
  toResultsFile,
} from './schema.js';
export type { ResultsContext, ResultsFile, ResultsMetric, ResultsRow } from './schema.js';
// --- pesq exports (owned by the pesq helper) ---
export {
  PESQ_MAX_UTTERANCES,
  PesqError,
  pesq,
  pesqAggregate,
  pesqAlignmentSignal,
  pesqCrudeDelay,
  pesqDetailed,
  pesqFrameRange,
  pesqInputFilter,
  pesqLevelAlign,
  pesqLoadBuffers,
  pesqMapScore,
  pesqPerceptualModel,
  pesqRate,
  pesqSplitUtterances,
  pesqUtteranceSearch,
  pesqVad,
} from './pesq/index.js';
export type {
  PesqAggregate,
  PesqAlignInputs,
  PesqBadInterval,
  PesqBuffers,
  PesqDetailedOptions,
  PesqDetails,
  PesqErrorCode,
  PesqFrameDetail,
  PesqFrameRange,
  PesqLevelAlignment,
  PesqLevelAlignOptions,
  PesqMode,
  PesqModelSignals,
  PesqOptions,
  PesqPerceptual,
  PesqRate,
  PesqResult,
  PesqSampleRate,
  PesqSplitSearch,
  PesqUtterances,
  PesqVad,
} from './pesq/index.js';
