import { assertNumber, FileFormatError, ParameterError } from '@speechsr/core';
import type { EvaluationProtocol, EvaluationSummary } from './evaluate.js';

/** Value of the `schema` field of every results file. */
export const RESULTS_SCHEMA_ID = 'speechsr.metrics.results';
/** Version of the results format written by {@link toResultsFile}. */
export const RESULTS_SCHEMA_VERSION = 1;

/** What was evaluated: required so that no number is written without its experimental setting. */
export interface ResultsContext {
  /** Upsampling ratio r (e.g. 2 or 4). */
  scale: number;
  /** How the low-resolution input was made, e.g. `'decimate'` or `'subsample'` (the seed's two schemes). */
  scheme: string;
  /** Model name, e.g. `'proposed'`. */
  model?: string;
  /** Training corpus. */
  trainCorpus?: string;
  /** Test corpus. */
  testCorpus?: string;
  /** Free text. */
  notes?: string;
}

/** One metric's mean in a results file, with its unit and a pointer to its definition. */
export interface ResultsMetric {
  /** Mean over the files whose value is finite; `null` (NaN) when there were none. */
  mean: number | null;
  /** Unit of the value (dB, B = log10 power, Np = natural log power, MOS-LQO). */
  unit: string;
  /** JSON pointer to the metric's definition in this file, e.g. `#/protocol/metrics/lsd`. */
  definition: string;
  /** Files that entered the mean. */
  count: number;
  /** Files excluded because the value was NaN, with the reason. */
  excluded: {
    /** The file's id. */
    id: string;
    /** Why its value was NaN. */
    reason: string;
  }[];
}

/** One file's row in a results file. `null` in `values` stands for NaN (reason in `nanReasons`). */
export interface ResultsRow {
  /** The file's id (e.g. the predicted file's relative path). */
  id: string;
  /** Samples compared after alignment. */
  length: number;
  /** Samples in the reference before alignment. */
  referenceLength: number;
  /** Samples in the estimate before alignment. */
  estimateLength: number;
  /** Metric values by name (`snr`, `snrSeg`, `lsd`, `pesq`, `lsdVariants.<name>`); `null` for NaN. */
  values: Record<string, number | null>;
  /** Why a value is `null`, by metric name. */
  nanReasons: Record<string, string>;
}

/**
 * A self-describing results file: every number sits in a file that states the metric
 * conventions, sample rate, scale, scheme and alignment that produced it (`protocol`), and each
 * mean names its unit and points at its definition.
 */
export interface ResultsFile {
  /** Always {@link RESULTS_SCHEMA_ID}: identifies the file format. */
  schema: typeof RESULTS_SCHEMA_ID;
  /** Always {@link RESULTS_SCHEMA_VERSION}: the format version. */
  version: typeof RESULTS_SCHEMA_VERSION;
  /** ISO 8601 time of writing. */
  createdAt: string;
  /** Producer, e.g. `@speechsr/metrics`. */
  generator: string;
  /** How the numbers were computed: the evaluation protocol plus the experiment's scale and scheme. */
  protocol: EvaluationProtocol & {
    /** Upsampling ratio r (e.g. 2 for 8 → 16 kHz). */
    scale: number;
    /** How the low-resolution input was made, e.g. `'decimate'` or `'subsample'`. */
    scheme: string;
  };
  /** Free-form description of the experiment. */
  context: {
    /** Model name, e.g. `'proposed'`. */
    model?: string;
    /** Corpus the model was trained on. */
    trainCorpus?: string;
    /** Corpus the files come from. */
    testCorpus?: string;
    /** Anything else worth recording. */
    notes?: string;
  };
  /** Number of files evaluated. */
  files: number;
  /** Per-metric means: `snr`, `snrSeg`, `lsd`, `pesq`, `lsdVariants.<name>` (those computed). */
  summary: Record<string, ResultsMetric>;
  /** One row per file, in evaluation order. */
  rows: ResultsRow[];
}

function unitOf(protocol: EvaluationProtocol, name: string): string {
  const m = protocol.metrics;
  if (name === 'snr' || name === 'snrSeg') return 'dB';
  if (name === 'pesq') return 'MOS-LQO';
  if (name === 'lsd') return m.lsd?.unit ?? 'B';
  if (name.startsWith('lsdVariants.')) return m.lsdVariants[name.slice(12)]?.unit ?? 'B';
  return '';
}

function pointerOf(name: string): string {
  return name.startsWith('lsdVariants.')
    ? `#/protocol/metrics/lsdVariants/${name.slice(12)}`
    : `#/protocol/metrics/${name}`;
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * Turns an {@link evaluateFiles} result into a {@link ResultsFile} (plain JSON-compatible object;
 * NaN becomes `null`, its reason stays in `nanReasons` / `excluded`).
 * @param evaluation - the result of {@link evaluateFiles}
 * @param context - scale and scheme (required) plus optional model/corpus names
 * @returns a new {@link ResultsFile}
 * @throws {@link @speechsr/core!ParameterError} when scale is not a number > 1 or scheme is empty
 * @example
 * const file = toResultsFile(evaluateFiles(pairs), { scale: 2, scheme: 'decimate', model: 'proposed' });
 * writeFileSync('results.json', stringifyResults(file));
 */
export function toResultsFile(evaluation: EvaluationSummary, context: ResultsContext): ResultsFile {
  assertNumber(context?.scale, 'toResultsFile', 'context.scale', { min: 1 }, 'It is the upsampling ratio r.');
  if (typeof context.scheme !== 'string' || context.scheme.length === 0) {
    throw new ParameterError(
      `toResultsFile: context.scheme must be a non-empty string, got ${JSON.stringify(context.scheme)}. E.g. 'decimate' or 'subsample'.`,
    );
  }
  const { scale, scheme, ...rest } = context;
  const protocol = {
    ...(JSON.parse(JSON.stringify(evaluation.protocol)) as EvaluationProtocol),
    scale,
    scheme,
  };
  const summary: Record<string, ResultsMetric> = {};
  for (const [name, s] of Object.entries(evaluation.summary)) {
    if (!s) continue;
    summary[name] = {
      mean: finiteOrNull(s.mean),
      unit: unitOf(protocol, name),
      definition: pointerOf(name),
      count: s.count,
      excluded: s.excluded.map((e) => ({ ...e })),
    };
  }
  const rows: ResultsRow[] = evaluation.rows.map((row) => {
    const values: Record<string, number | null> = { snr: finiteOrNull(row.snr) };
    if (row.snrSeg !== null) values.snrSeg = finiteOrNull(row.snrSeg);
    if (row.lsd !== null) values.lsd = finiteOrNull(row.lsd);
    for (const [k, v] of Object.entries(row.lsdVariants)) values[`lsdVariants.${k}`] = finiteOrNull(v);
    if (row.pesq !== null) values.pesq = finiteOrNull(row.pesq);
    if (row.pesqRaw !== null) values.pesqRaw = finiteOrNull(row.pesqRaw);
    return {
      id: row.id,
      length: row.length,
      referenceLength: row.referenceLength,
      estimateLength: row.estimateLength,
      values,
      nanReasons: { ...(row.nanReasons as Record<string, string>) },
    };
  });
  return {
    schema: RESULTS_SCHEMA_ID,
    version: RESULTS_SCHEMA_VERSION,
    createdAt: new Date().toISOString(),
    generator: '@speechsr/metrics',
    protocol,
    context: rest,
    files: evaluation.files,
    summary,
    rows,
  };
}

/**
 * Serialises a results file as indented JSON (numbers as shortest round-trip decimals).
 * @param file - a {@link ResultsFile}
 * @returns the JSON text, ending in a newline
 * @throws {@link @speechsr/core!ParameterError} when a number in it is NaN or ±Infinity (use `null` + a reason)
 * @example writeFileSync('results.json', stringifyResults(file));
 */
export function stringifyResults(file: ResultsFile): string {
  return `${JSON.stringify(
    file,
    (key, value) => {
      if (typeof value === 'number' && !Number.isFinite(value)) {
        throw new ParameterError(
          `stringifyResults: ${key} must be a finite number or null, got ${value}. Build the file with toResultsFile().`,
        );
      }
      return value;
    },
    2,
  )}\n`;
}

function fail(file: string, detail: string): never {
  throw new FileFormatError(file, detail);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const numOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));

/**
 * Parses and checks a results file written by {@link stringifyResults} (structure, schema id and
 * version, that every mean and value is a number or null, that each mean points at a protocol entry).
 * @param text - the file's JSON text
 * @param file - name used in error messages @defaultValue '<results>'
 * @returns the {@link ResultsFile} (values stay `null` where NaN was recorded)
 * @throws {@link @speechsr/core!FileFormatError} naming the file and the offending field
 * @example const results = parseResults(readFileSync(path, 'utf8'), path);
 */
export function parseResults(text: string, file = '<results>'): ResultsFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new FileFormatError(file, `not valid JSON (${(err as Error).message}).`, { cause: err });
  }
  if (!isObject(data)) fail(file, 'top level must be an object.');
  if (data.schema !== RESULTS_SCHEMA_ID) {
    fail(file, `field "schema" must be "${RESULTS_SCHEMA_ID}", got ${JSON.stringify(data.schema)}.`);
  }
  if (data.version !== RESULTS_SCHEMA_VERSION) {
    fail(file, `field "version" must be ${RESULTS_SCHEMA_VERSION}, got ${JSON.stringify(data.version)}.`);
  }
  const p = data.protocol;
  if (!isObject(p)) fail(file, 'field "protocol" must be an object.');
  for (const k of ['sampleRate', 'scale'] as const) {
    if (typeof p[k] !== 'number')
      fail(file, `field "protocol.${k}" must be a number, got ${JSON.stringify(p[k])}.`);
  }
  if (typeof p.scheme !== 'string') fail(file, 'field "protocol.scheme" must be a string.');
  if (!isObject(p.alignment) || typeof p.alignment.mode !== 'string') {
    fail(file, 'field "protocol.alignment.mode" must be a string.');
  }
  if (!isObject(p.metrics)) fail(file, 'field "protocol.metrics" must be an object.');
  const metrics = p.metrics;
  if (typeof data.files !== 'number') fail(file, 'field "files" must be a number.');
  if (!isObject(data.summary)) fail(file, 'field "summary" must be an object.');
  for (const [name, s] of Object.entries(data.summary)) {
    if (!isObject(s)) fail(file, `field "summary.${name}" must be an object.`);
    if (!numOrNull(s.mean))
      fail(file, `field "summary.${name}.mean" must be a number or null, got ${JSON.stringify(s.mean)}.`);
    if (typeof s.unit !== 'string') fail(file, `field "summary.${name}.unit" must be a string.`);
    if (typeof s.count !== 'number' || !Array.isArray(s.excluded)) {
      fail(file, `fields "summary.${name}.count" and ".excluded" must be a number and an array.`);
    }
    const [head, sub] = name.startsWith('lsdVariants.') ? ['lsdVariants', name.slice(12)] : [name, undefined];
    const def =
      sub === undefined
        ? metrics[head]
        : isObject(metrics.lsdVariants)
          ? metrics.lsdVariants[sub]
          : undefined;
    if (!isObject(def)) fail(file, `field "summary.${name}" has no definition in "protocol.metrics".`);
  }
  if (!Array.isArray(data.rows)) fail(file, 'field "rows" must be an array.');
  data.rows.forEach((row: unknown, i: number) => {
    if (!isObject(row) || typeof row.id !== 'string' || !isObject(row.values)) {
      fail(file, `rows[${i}] must be an object with "id" (string) and "values" (object).`);
    }
    for (const [k, v] of Object.entries(row.values)) {
      if (!numOrNull(v))
        fail(file, `field "rows[${i}].values.${k}" must be a number or null, got ${JSON.stringify(v)}.`);
    }
  });
  return data as unknown as ResultsFile;
}

/**
 * JSON Schema (draft 2020-12) of {@link ResultsFile}, for tools outside TypeScript.
 * @example writeFileSync('results.schema.json', JSON.stringify(RESULTS_JSON_SCHEMA, null, 2));
 */
export const RESULTS_JSON_SCHEMA: Readonly<{
  /** The JSON Schema dialect: draft 2020-12. */
  $schema: string;
  /** The schema's URI. */
  $id: string;
  /** Human-readable title. */
  title: string;
  /** Always `'object'`: a results file is one JSON object. */
  type: 'object';
  /** Top-level keys every results file has (those of {@link ResultsFile}). */
  required: string[];
  /** JSON Schema of each top-level key, by key (mirrors {@link ResultsFile}). */
  properties: Readonly<Record<string, unknown>>;
}> = Object.freeze({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://speechsr.dev/schemas/metrics-results-1.json',
  title: 'speechsr metrics results',
  type: 'object',
  required: [
    'schema',
    'version',
    'createdAt',
    'generator',
    'protocol',
    'context',
    'files',
    'summary',
    'rows',
  ],
  properties: {
    schema: { const: RESULTS_SCHEMA_ID },
    version: { const: RESULTS_SCHEMA_VERSION },
    createdAt: { type: 'string', format: 'date-time' },
    generator: { type: 'string' },
    protocol: {
      type: 'object',
      required: ['sampleRate', 'scale', 'scheme', 'alignment', 'metrics'],
      properties: {
        sampleRate: { type: 'number', exclusiveMinimum: 0 },
        scale: { type: 'number', minimum: 1 },
        scheme: { type: 'string', minLength: 1 },
        alignment: {
          type: 'object',
          required: ['mode', 'description'],
          properties: { mode: { enum: ['truncate', 'strict'] }, description: { type: 'string' } },
        },
        metrics: {
          type: 'object',
          required: ['snr', 'snrSeg', 'lsd', 'lsdVariants', 'pesq'],
          properties: {
            snr: { type: 'object', required: ['unit', 'eps', 'definition'] },
            snrSeg: { type: ['object', 'null'] },
            lsd: {
              type: ['object', 'null'],
              required: [
                'name',
                'nFft',
                'hopLength',
                'padMode',
                'log',
                'floor',
                'averaging',
                'band',
                'r',
                'unit',
              ],
            },
            lsdVariants: { type: 'object', additionalProperties: { type: 'object' } },
            pesq: { type: ['object', 'null'] },
          },
        },
      },
    },
    context: { type: 'object' },
    files: { type: 'integer', minimum: 0 },
    summary: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['mean', 'unit', 'definition', 'count', 'excluded'],
        properties: {
          mean: { type: ['number', 'null'] },
          unit: { type: 'string' },
          definition: { type: 'string' },
          count: { type: 'integer', minimum: 0 },
          excluded: {
            type: 'array',
            items: { type: 'object', required: ['id', 'reason'] },
          },
        },
      },
    },
    rows: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'length', 'referenceLength', 'estimateLength', 'values', 'nanReasons'],
        properties: {
          id: { type: 'string' },
          length: { type: 'integer' },
          values: { type: 'object', additionalProperties: { type: ['number', 'null'] } },
          nanReasons: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
    },
  },
});
