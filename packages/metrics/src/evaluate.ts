import {
  assertNumber,
  assertOneOf,
  assertSignal,
  ParameterError,
  type Signal,
  SpeechSrError,
} from '@speechsr/core';
import { type LsdOptions, type LsdProtocol, lsd, lsdProtocol } from './lsd.js';
import { type PesqMode, type PesqOptions, pesq as pesqP862 } from './pesq/index.js';
import { EPS, snr } from './snr.js';
import { SNRSEG_MAX_DB, SNRSEG_MIN_DB, type SnrSegOptions, snrSeg } from './snr-seg.js';

/** A signal, or a decoded file that carries its sample rate (e.g. `{ samples, sampleRate }` from a WAV reader). */
export type AudioInput =
  | Signal
  | {
      /** The samples (not modified). */
      readonly samples: Signal;
      /** Their sample rate, Hz. */
      readonly sampleRate: number;
    };

/** What a PESQ implementation returns: the MOS-LQO and the raw P.862 score. */
export interface PesqScore {
  /** MOS-LQO (P.862.2 for `'wb'`, P.862.1 mapping for `'nb'`). */
  mosLqo: number;
  /** Raw P.862 score (NaN where the mode defines none, as pysepm's first output for WB). */
  raw: number;
}

/**
 * Signature of a PESQ scorer (`pesq(reference, degraded, { sampleRate, mode })`). It throws a
 * `ParameterError` for a call that can never be scored (sample rate, mode) and another
 * `SpeechSrError` (e.g. `SignalError`) for an unscorable file (silent, too short, "no utterances
 * detected"); evaluate records the latter as NaN + reason (spec metrics.md §5).
 */
export type PesqFunction = (
  reference: Signal,
  degraded: Signal,
  options: { sampleRate: number; mode: PesqMode },
) => PesqScore;

// ─────────────────────────────────────────────────────────────────────────────────────────────
// PESQ HOOK — the scorer evaluate uses when `options.pesqImpl` is not given. Errors, NaN recording,
// counting and means are handled below; only this binding knows about ./pesq.
// Wired: the package's own P.862 port. Rate and mode are validated by pesq() itself (ParameterError).
const DEFAULT_PESQ: PesqFunction | undefined = (reference, degraded, options) =>
  pesqP862(reference, degraded, options as PesqOptions);
// ─────────────────────────────────────────────────────────────────────────────────────────────

/** Options of {@link evaluatePair} and {@link evaluateFiles}. */
export interface EvaluateOptions {
  /**
   * Sample rate in Hz of both signals (scipy's `fs` / librosa's `sr`). Inputs given as
   * `{ samples, sampleRate }` must agree with it and with each other.
   * @defaultValue the inputs' own rate, else 16000 (the seed evaluates at 16 kHz)
   */
  sampleRate?: number;
  /**
   * How the two lengths are reconciled: `'truncate'` cuts both to the shorter length (the seed's
   * evaluation; the prediction is usually longer by padding), `'strict'` rejects different lengths.
   * @defaultValue 'truncate'
   */
  alignment?: 'truncate' | 'strict';
  /** Segmental SNR parameters (seconds), or `false` to skip it. @defaultValue the seed's 0.128 s / 0.5 */
  snrSeg?: Omit<SnrSegOptions, 'sampleRate'> | false;
  /** LSD convention of the `lsd` column, or `false` to skip it. @defaultValue `{ convention: 'seed' }` */
  lsd?: LsdOptions | false;
  /**
   * Further LSD columns by name, e.g. `{ lsdHf: { convention: 'apbwe', band: 'hf', r: 2 } }`.
   * @defaultValue none
   */
  lsdVariants?: Readonly<Record<string, LsdOptions>>;
  /**
   * PESQ column: `'wb'` (P.862.2, 16 kHz only), `'nb'` (P.862 + P.862.1, 8 or 16 kHz) or `false`.
   * @defaultValue `'wb'` when the signals are at 16 kHz, else no PESQ column (pass `'nb'` at 8 kHz)
   */
  pesq?: PesqMode | false;
  /** PESQ scorer to use instead of the package's own (tests, other implementations). */
  pesqImpl?: PesqFunction;
}

/** Names of the metric columns that can hold NaN with a reason. */
export type MetricName = 'snr' | 'snrSeg' | 'lsd' | 'pesq' | `lsdVariants.${string}`;

/**
 * Metrics of one (reference, estimate) pair. `null` = not computed (switched off); NaN = computed but
 * undefined for this file, with the reason in `nanReasons`.
 */
export interface PairEvaluation {
  /** Global SNR, dB ({@link snr}). */
  snr: number;
  /** Segmental SNR, dB ({@link snrSeg}); NaN when fewer than two frames fit. */
  snrSeg: number | null;
  /** LSD under `options.lsd` ({@link lsd}). */
  lsd: number | null;
  /** PESQ MOS-LQO; NaN when the scorer found the file unscorable. */
  pesq: number | null;
  /** Raw P.862 score from the same PESQ run. */
  pesqRaw: number | null;
  /** Extra LSD columns, by the names given in `options.lsdVariants`. */
  lsdVariants: Record<string, number>;
  /** Samples compared (after alignment). */
  length: number;
  /** Reference length before alignment. */
  referenceLength: number;
  /** Estimate length before alignment. */
  estimateLength: number;
  /** Sample rate used, Hz. */
  sampleRate: number;
  /** Why a metric is NaN, by metric name. */
  nanReasons: Partial<Record<MetricName, string>>;
}

/** Resolved protocol of an evaluation: everything needed to interpret (and reproduce) the numbers. */
export interface EvaluationProtocol {
  /** Sample rate of the compared signals, Hz. */
  sampleRate: number;
  /** Length reconciliation. */
  alignment: {
    /** `'truncate'`: both cut to the shorter length (the seed); `'strict'`: equal lengths required. */
    mode: 'truncate' | 'strict';
    /** The same in words. */
    description: string;
  };
  /** The metrics computed, each with its parameters; `null` for a metric that was not computed. */
  metrics: {
    /** Global SNR ({@link snr}). */
    snr: {
      /** Always dB. */
      unit: 'dB';
      /** Regulariser inside the log ({@link EPS}). */
      eps: number;
      /** The formula, in words. */
      definition: string;
      /** The reference implementation it matches. */
      mirrors: string;
    };
    /** Segmental SNR ({@link snrSeg}). */
    snrSeg: {
      /** Always dB. */
      unit: 'dB';
      /** Frame length, seconds. */
      frameLength: number;
      /** Frame overlap, fraction of a frame. */
      overlap: number;
      /** Frame length in samples at the protocol's sample rate. */
      frameSamples: number;
      /** Hop between frames, samples. */
      hopSamples: number;
      /** Per-frame clamp, dB: [{@link SNRSEG_MIN_DB}, {@link SNRSEG_MAX_DB}]. */
      clamp: [number, number];
      /** pysepm drops the last frame: always true. */
      dropLastFrame: true;
      /** The formula, in words. */
      definition: string;
      /** The reference call it matches. */
      mirrors: string;
    } | null;
    /** Log-spectral distance ({@link lsd}) with its resolved convention. */
    lsd:
      | (LsdProtocol & {
          /** B (log10 power) or Np (natural log power). */
          unit: string;
        })
      | null;
    /** Extra LSD conventions, by the name they were requested under. */
    lsdVariants: Record<
      string,
      LsdProtocol & {
        /** B (log10 power) or Np (natural log power). */
        unit: string;
      }
    >;
    /** PESQ, when computed. */
    pesq: {
      /** Wide-band (P.862.2) or narrow-band (P.862 + P.862.1). */
      mode: PesqMode;
      /** Always MOS-LQO. */
      unit: 'MOS-LQO';
      /** The ITU-T recommendation it follows. */
      standard: string;
    } | null;
  };
}

interface Resolved {
  sampleRate: number | undefined;
  alignment: 'truncate' | 'strict';
  snrSeg: { frameLength: number; overlap: number } | null;
  lsd: LsdOptions | null;
  lsdVariants: [string, LsdOptions][];
  pesq: PesqMode | null;
  /** `pesq` was not given: the WB column applies only when the rate turns out to be 16 kHz. */
  pesqAuto: boolean;
  pesqImpl: PesqFunction | undefined;
}

/** The PESQ mode that applies at `sampleRate` (the default WB column only exists at 16 kHz). */
function pesqModeAt(r: Resolved, sampleRate: number): PesqMode | null {
  return r.pesqAuto && sampleRate !== 16000 ? null : r.pesq;
}

function resolve(options: EvaluateOptions, fn: string): Resolved {
  const { alignment = 'truncate', lsdVariants = {} } = options;
  const pesqAuto = options.pesq === undefined;
  const pesq = options.pesq ?? 'wb';
  assertOneOf(alignment, fn, 'alignment', ['truncate', 'strict'] as const);
  if (options.sampleRate !== undefined)
    assertNumber(options.sampleRate, fn, 'sampleRate', { min: 0, minExclusive: true });
  const snrSegOpt = options.snrSeg === false ? null : (options.snrSeg ?? {});
  const lsdOpt = options.lsd === false ? null : (options.lsd ?? {});
  if (lsdOpt) lsdProtocol(lsdOpt, fn); // validate once, up front
  const variants = Object.entries(lsdVariants);
  for (const [name, o] of variants) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
      throw new ParameterError(`${fn}: lsdVariants keys must be identifiers, got ${JSON.stringify(name)}.`);
    }
    lsdProtocol(o, `${fn}: lsdVariants.${name}`);
  }
  if (pesq !== false) assertOneOf(pesq, fn, 'pesq', ['wb', 'nb'] as const);
  const pesqImpl = options.pesqImpl ?? DEFAULT_PESQ;
  if (pesq !== false && !pesqImpl) {
    throw new ParameterError(
      `${fn}: pesq must be false in this build (no PESQ implementation is wired yet), got '${pesq}'. ` +
        'Pass pesqImpl, or pesq: false.',
    );
  }
  return {
    sampleRate: options.sampleRate,
    alignment,
    snrSeg: snrSegOpt
      ? { frameLength: snrSegOpt.frameLength ?? 0.128, overlap: snrSegOpt.overlap ?? 0.5 }
      : null,
    lsd: lsdOpt,
    lsdVariants: variants,
    pesq: pesq === false ? null : pesq,
    pesqAuto,
    pesqImpl,
  };
}

function unpack(
  a: AudioInput,
  fn: string,
  name: string,
): { samples: Signal; sampleRate: number | undefined } {
  if (ArrayBuffer.isView(a)) return { samples: a as Signal, sampleRate: undefined };
  if (a && typeof a === 'object' && 'samples' in a) {
    assertNumber(a.sampleRate, fn, `${name}.sampleRate`, { min: 0, minExclusive: true });
    return { samples: a.samples, sampleRate: a.sampleRate };
  }
  throw new ParameterError(
    `${fn}: ${name} must be a Float32Array/Float64Array or { samples, sampleRate }, got ${a === null ? 'null' : typeof a}.`,
  );
}

function sampleRateOf(
  fn: string,
  given: number | undefined,
  ref: number | undefined,
  est: number | undefined,
): number {
  if (ref !== undefined && est !== undefined && ref !== est) {
    throw new ParameterError(
      `${fn}: estimate.sampleRate must equal reference.sampleRate (${ref} Hz), got ${est} Hz. Resample the estimate first.`,
    );
  }
  const carried = ref ?? est;
  if (given !== undefined && carried !== undefined && given !== carried) {
    throw new ParameterError(
      `${fn}: the signals' sample rate must equal options.sampleRate (${given} Hz), got ${carried} Hz. Resample first or fix the option.`,
    );
  }
  return given ?? carried ?? 16000;
}

function evaluateResolved(
  reference: AudioInput,
  estimate: AudioInput,
  r: Resolved,
  fn: string,
): PairEvaluation {
  const ref = unpack(reference, fn, 'reference');
  const est = unpack(estimate, fn, 'estimate');
  const sampleRate = sampleRateOf(fn, r.sampleRate, ref.sampleRate, est.sampleRate);
  const x0 = ref.samples;
  const y0 = est.samples;
  assertSignal(x0, fn, 'reference', { finite: false });
  assertSignal(y0, fn, 'estimate', { finite: false });
  if (r.alignment === 'strict' && x0.length !== y0.length) {
    throw new ParameterError(
      `${fn}: estimate must have the same length as reference (${x0.length}) with alignment 'strict', got ${y0.length}. ` +
        "Use alignment: 'truncate' (the seed's) to compare the common part.",
    );
  }
  const n = Math.min(x0.length, y0.length);
  // Seed alignment: both truncated to the shorter length (views, no copy; inputs untouched).
  const x = x0.length === n ? x0 : (x0.subarray(0, n) as Signal);
  const y = y0.length === n ? y0 : (y0.subarray(0, n) as Signal);
  const nanReasons: Partial<Record<MetricName, string>> = {};
  const snrValue = snrChecked(x, y, fn);
  let snrSegValue: number | null = null;
  if (r.snrSeg) {
    snrSegValue = snrSeg(x, y, { ...r.snrSeg, sampleRate });
    if (Number.isNaN(snrSegValue)) {
      nanReasons.snrSeg = `fewer than two ${r.snrSeg.frameLength} s frames in ${n} samples at ${sampleRate} Hz (pysepm drops the last frame)`;
    }
  }
  const lsdValue = r.lsd ? lsd(x, y, r.lsd) : null;
  if (lsdValue !== null && !Number.isFinite(lsdValue))
    nanReasons.lsd = 'an FFT bin is exactly zero (no floor in this convention)';
  const variants: Record<string, number> = {};
  for (const [name, o] of r.lsdVariants) {
    const v = lsd(x, y, o);
    variants[name] = v;
    if (!Number.isFinite(v))
      nanReasons[`lsdVariants.${name}`] = 'an FFT bin is exactly zero (no floor in this convention)';
  }
  let pesqValue: number | null = null;
  let pesqRaw: number | null = null;
  const pesqMode = pesqModeAt(r, sampleRate);
  if (pesqMode) {
    try {
      const s = r.pesqImpl!(x, y, { sampleRate, mode: pesqMode });
      pesqValue = s.mosLqo;
      pesqRaw = s.raw;
    } catch (err) {
      // A call that can never work (wrong rate/mode) or a programming error is thrown; an
      // unscorable file (silence, "no utterances detected") is recorded as NaN (metrics.md §5).
      if (!(err instanceof SpeechSrError) || err instanceof ParameterError) throw err;
      pesqValue = Number.NaN;
      pesqRaw = Number.NaN;
      nanReasons.pesq = `${err.name}: ${err.message}`;
    }
  }
  return {
    snr: snrValue,
    snrSeg: snrSegValue,
    lsd: lsdValue,
    pesq: pesqValue,
    pesqRaw,
    lsdVariants: variants,
    length: n,
    referenceLength: x0.length,
    estimateLength: y0.length,
    sampleRate,
    nanReasons,
  };
}

/** snr() with the public-facing function name in its messages (it also checks finiteness). */
function snrChecked(x: Signal, y: Signal, fn: string): number {
  try {
    return snr(x, y);
  } catch (err) {
    if (err instanceof SpeechSrError && err.message.startsWith('snr: ')) {
      const Ctor = err.constructor as new (m: string, o?: ErrorOptions) => SpeechSrError;
      throw new Ctor(`${fn}: ${err.message.slice(5)}`, { cause: err });
    }
    throw err;
  }
}

/**
 * All metrics of one (reference, estimate) pair, after the seed's alignment: both signals truncated
 * to the shorter length (no trimming, level or delay alignment). Argument order is the seed's
 * `(reference, estimate)` for every metric.
 *
 * Columns: `snr` ({@link snr}, dB), `snrSeg` ({@link snrSeg}, dB, seed 0.128 s / 0.5), `lsd`
 * ({@link lsd}, seed convention by default), optional `lsdVariants`, and `pesq` / `pesqRaw` (PESQ-WB by
 * default at 16 kHz, or as `options.pesq` says). A metric that is undefined for the file is NaN with a reason in
 * `nanReasons` (SNRseg on < 2 frames; PESQ on unscorable input); bad input throws.
 *
 * Mirrors: the per-file body of the seed's `get_scores` / `main` (`src/metrics.py`).
 * @param reference - clean reference, a signal or `{ samples, sampleRate }` (not modified)
 * @param estimate - estimate, same form (not modified); may be longer or shorter than the reference
 * @param options - {@link EvaluateOptions}
 * @returns a {@link PairEvaluation}; numbers are float64 JS numbers in the units above
 * @throws {@link @speechsr/core!ParameterError} on mismatched sample rates, `alignment: 'strict'` with different
 *   lengths, bad options, or `pesq` requested without an implementation
 * @throws {@link @speechsr/core!SignalError} when a signal is empty or holds NaN/±Infinity
 * @example
 * const m = evaluatePair(refWav, predWav); // { snr: 15.9, snrSeg: 23.5, lsd: 2.67, pesq: 3.04, … }
 */
export function evaluatePair(
  reference: AudioInput,
  estimate: AudioInput,
  options: EvaluateOptions = {},
): PairEvaluation {
  return evaluateResolved(reference, estimate, resolve(options, 'evaluatePair'), 'evaluatePair');
}

/** One item of {@link evaluateFiles}. */
export interface EvaluationPair {
  /** Identifier written into the per-file row (e.g. the predicted file's relative path). */
  id: string;
  /** The clean reference (high-resolution) signal. */
  reference: AudioInput;
  /** The estimate to score against it (e.g. the model's output). */
  estimate: AudioInput;
}

/** Mean and counts of one metric column over the files. */
export interface MetricSummary {
  /** Arithmetic mean over the files whose value is finite; NaN when there are none. */
  mean: number;
  /** Files that entered the mean. */
  count: number;
  /** Files whose value was NaN (or ±Infinity) and were excluded, with their reasons. */
  excluded: {
    /** The pair's id. */
    id: string;
    /** Why its value was not finite. */
    reason: string;
  }[];
}

/** Result of {@link evaluateFiles}: per-file rows, per-metric means, and the protocol. */
export interface EvaluationSummary {
  /** The resolved protocol the numbers were computed with (as {@link evaluationProtocol} returns). */
  protocol: EvaluationProtocol;
  /** One row per pair, in input order. */
  rows: (PairEvaluation & {
    /** The pair's id. */
    id: string;
  })[];
  /** Number of pairs evaluated. */
  files: number;
  /** Per-metric means; only the computed metrics appear (`lsdVariants.<name>` for variants). */
  summary: Partial<Record<MetricName, MetricSummary>>;
  /** Human-readable warnings (one per excluded value). */
  warnings: string[];
}

/**
 * The resolved protocol of an evaluation with these options (what {@link evaluateFiles} records).
 * @param options - {@link EvaluateOptions}; `sampleRate` defaults to 16000 here
 * @returns an {@link EvaluationProtocol} (plain JSON-compatible object)
 * @throws {@link @speechsr/core!ParameterError} on bad options
 * @example evaluationProtocol({ lsd: { padMode: 'reflect' } }).metrics.lsd?.padMode; // 'reflect'
 */
export function evaluationProtocol(options: EvaluateOptions = {}): EvaluationProtocol {
  const r = resolve(
    { ...options, pesqImpl: options.pesqImpl ?? (() => ({ mosLqo: 0, raw: 0 })) },
    'evaluationProtocol',
  );
  return protocolOf(r, r.sampleRate ?? 16000);
}

const LSD_UNIT = (p: LsdProtocol) =>
  p.log === 'ln' ? 'Np (natural log of power)' : 'B (log10 of power, no factor 10)';

function protocolOf(r: Resolved, sampleRate: number): EvaluationProtocol {
  const seg = r.snrSeg;
  const lsdP = r.lsd ? lsdProtocol(r.lsd) : null;
  const pesqMode = pesqModeAt(r, sampleRate);
  return {
    sampleRate,
    alignment: {
      mode: r.alignment,
      description:
        r.alignment === 'truncate'
          ? 'reference and estimate truncated to the shorter length; no trimming, level or delay alignment (seed)'
          : 'equal lengths required; no trimming, level or delay alignment',
    },
    metrics: {
      snr: {
        unit: 'dB',
        eps: EPS,
        definition: '10*log10(||x||^2 / (||y - x||^2 + eps) + eps), whole signal',
        mirrors: 'seed compute_snr1',
      },
      snrSeg: seg
        ? {
            unit: 'dB',
            frameLength: seg.frameLength,
            overlap: seg.overlap,
            frameSamples: roundHalfEven(seg.frameLength * sampleRate),
            hopSamples: Math.floor((1 - seg.overlap) * seg.frameLength * sampleRate),
            clamp: [SNRSEG_MIN_DB, SNRSEG_MAX_DB],
            dropLastFrame: true,
            definition:
              'mean over frames (last dropped) of clamp(10*log10(sum (w x)^2 / (sum (w x - w y)^2 + eps) + eps)), w[n] = 0.5(1 - cos(2 pi n/(L+1)))',
            mirrors: `pysepm.SNRseg(x, y, ${sampleRate}, ${seg.frameLength}, ${seg.overlap})`,
          }
        : null,
      lsd: lsdP ? { ...lsdP, floor: { ...lsdP.floor }, unit: LSD_UNIT(lsdP) } : null,
      lsdVariants: Object.fromEntries(
        r.lsdVariants.map(([name, o]) => {
          const p = lsdProtocol(o);
          return [name, { ...p, floor: { ...p.floor }, unit: LSD_UNIT(p) }];
        }),
      ),
      pesq: pesqMode
        ? {
            mode: pesqMode,
            unit: 'MOS-LQO',
            standard:
              pesqMode === 'wb'
                ? 'ITU-T P.862.2 (wide-band) MOS-LQO'
                : 'ITU-T P.862 with the P.862.1 mapping (MOS-LQO)',
          }
        : null,
    },
  };
}

function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  return d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
}

/**
 * Evaluates a list of (reference, estimate) pairs: per-file rows (each equal to
 * {@link evaluatePair} on that pair) plus, per metric, the arithmetic mean over files. A value
 * that is NaN for a file (SNRseg with < 2 frames, unscorable PESQ, a zero bin under `'tfnet'`) is
 * **excluded from that metric's mean only**, counted, and listed with its reason (spec metrics.md
 * §3, §5); the file's other metrics still count. Bad input (empty, non-finite, mismatched rates)
 * throws, naming the pair.
 *
 * Pairs may come from any iterable, e.g. a generator that reads files lazily, so a corpus never
 * has to be in memory at once. All pairs must share one sample rate.
 *
 * Mirrors: the seed's `main()` loop (`src/metrics.py`), which prints per-metric means over files.
 * @param pairs - iterable of {@link EvaluationPair}
 * @param options - {@link EvaluateOptions}, shared by all pairs
 * @returns an {@link EvaluationSummary}: `rows`, `summary[metric] = { mean, count, excluded }`, `protocol`, `warnings`
 * @throws {@link @speechsr/core!ParameterError} / {@link @speechsr/core!SignalError} as {@link evaluatePair} (message prefixed with the pair id), or when pairs differ in sample rate
 * @example
 * const { summary, rows } = evaluateFiles([{ id: 'p225_001', reference: ref, estimate: pred }]);
 * summary.snr?.mean; // dB
 */
export function evaluateFiles(
  pairs: Iterable<EvaluationPair>,
  options: EvaluateOptions = {},
): EvaluationSummary {
  const r = resolve(options, 'evaluateFiles');
  const rows: (PairEvaluation & { id: string })[] = [];
  let rate: number | undefined;
  let index = 0;
  for (const pair of pairs) {
    const id = pair && typeof pair.id === 'string' ? pair.id : `#${index}`;
    let row: PairEvaluation;
    try {
      row = evaluateResolved(pair.reference, pair.estimate, r, 'evaluateFiles');
    } catch (err) {
      if (err instanceof SpeechSrError && err.constructor !== SpeechSrError && !('file' in err)) {
        const Ctor = err.constructor as new (m: string, o?: ErrorOptions) => SpeechSrError;
        throw new Ctor(`${err.message} (pair ${JSON.stringify(id)}, index ${index})`, { cause: err });
      }
      throw err;
    }
    if (rate !== undefined && row.sampleRate !== rate) {
      throw new ParameterError(
        `evaluateFiles: every pair must have the same sample rate (${rate} Hz), got ${row.sampleRate} Hz for pair ${JSON.stringify(id)}. Resample first.`,
      );
    }
    rate = row.sampleRate;
    rows.push({ id, ...row });
    index++;
  }
  const sampleRate = rate ?? r.sampleRate ?? 16000;
  const protocol = protocolOf(r, sampleRate);
  const warnings: string[] = [];
  const summary: Partial<Record<MetricName, MetricSummary>> = {};
  const column = (name: MetricName, get: (row: PairEvaluation) => number | null) => {
    let sum = 0;
    let count = 0;
    const excluded: { id: string; reason: string }[] = [];
    for (const row of rows) {
      const v = get(row);
      if (v === null) return; // metric switched off
      if (Number.isFinite(v)) {
        sum += v;
        count++;
      } else {
        const reason = row.nanReasons[name] ?? `value ${v}`;
        excluded.push({ id: row.id, reason });
        warnings.push(`${name}: ${row.id} excluded from the mean (${reason})`);
      }
    }
    summary[name] = { mean: count > 0 ? sum / count : Number.NaN, count, excluded };
  };
  column('snr', (row) => row.snr);
  if (r.snrSeg) column('snrSeg', (row) => row.snrSeg);
  if (r.lsd) column('lsd', (row) => row.lsd);
  for (const [name] of r.lsdVariants) column(`lsdVariants.${name}`, (row) => row.lsdVariants[name] ?? null);
  if (pesqModeAt(r, sampleRate)) column('pesq', (row) => row.pesq);
  return { protocol, rows, files: rows.length, summary, warnings };
}
