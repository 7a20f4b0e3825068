import { FileFormatError, ParameterError, SignalError } from '@speechsr/core';
import { describe, expect, test } from 'vitest';
import {
  evaluateFiles,
  type PesqFunction,
  parseResults,
  RESULTS_JSON_SCHEMA,
  RESULTS_SCHEMA_ID,
  stringifyResults,
  toResultsFile,
} from '../src/index.js';

const noise = (n: number, seed: number): Float64Array => {
  const x = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 2 ** 32 - 0.5;
  }
  return x;
};
const pesqImpl: PesqFunction = (r) => {
  if (r.length < 3000) throw new SignalError('pesq: no utterances detected.');
  return { mosLqo: 3, raw: 2.9 };
};
const evaluation = () =>
  evaluateFiles(
    [
      { id: 'a.wav', reference: noise(4000, 1), estimate: noise(4100, 2) },
      { id: 'short.wav', reference: noise(2000, 3), estimate: noise(2000, 4) },
    ],
    { pesq: 'wb', pesqImpl, lsdVariants: { lsdHf: { convention: 'apbwe', band: 'hf', r: 2 } } },
  );

describe('results schema', () => {
  test('the file records the protocol next to the numbers: conventions, sample rate, scale, scheme, alignment', () => {
    const file = toResultsFile(evaluation(), {
      scale: 2,
      scheme: 'decimate',
      model: 'proposed',
      testCorpus: 'VCTK',
    });
    expect(file.schema).toBe(RESULTS_SCHEMA_ID);
    expect(file.protocol).toMatchObject({
      sampleRate: 16000,
      scale: 2,
      scheme: 'decimate',
      alignment: { mode: 'truncate' },
    });
    expect(file.protocol.metrics.lsd).toMatchObject({
      name: 'seed',
      nFft: 512,
      padMode: 'constant',
      log: 'log10',
    });
    expect(file.protocol.metrics.lsdVariants.lsdHf).toMatchObject({ name: 'apbwe', band: 'hf', r: 2 });
    expect(file.protocol.metrics.pesq).toMatchObject({ mode: 'wb', unit: 'MOS-LQO' });
    expect(file.context).toEqual({ model: 'proposed', testCorpus: 'VCTK' });
    expect(file.summary.snr).toMatchObject({ unit: 'dB', definition: '#/protocol/metrics/snr', count: 2 });
    expect(file.summary.lsd!.unit).toMatch(/^B /);
    expect(file.summary['lsdVariants.lsdHf']!.definition).toBe('#/protocol/metrics/lsdVariants/lsdHf');
    expect(file.summary.pesq).toMatchObject({ mean: 3, count: 1, excluded: [{ id: 'short.wav' }] });
    expect(file.rows[1]!.values.snrSeg).toBeNull(); // NaN → null, reason kept
    expect(file.rows[1]!.nanReasons.snrSeg).toMatch(/fewer than two/);
    expect(file.rows[0]).toMatchObject({
      id: 'a.wav',
      length: 4000,
      referenceLength: 4000,
      estimateLength: 4100,
    });
  });
  test('round trip: stringify → parse gives the same object, numbers bit-exact', () => {
    const file = toResultsFile(evaluation(), { scale: 4, scheme: 'subsample' });
    const back = parseResults(stringifyResults(file), 'results.json');
    expect(back).toEqual(file);
    expect(back.rows[0]!.values.lsd).toBe(file.rows[0]!.values.lsd);
  });
  test('the JSON Schema names every required top-level field', () => {
    const file = toResultsFile(evaluation(), { scale: 2, scheme: 'decimate' });
    expect(Object.keys(file).sort()).toEqual([...RESULTS_JSON_SCHEMA.required].sort());
  });
  test('scale and scheme are required', () => {
    const ev = evaluation();
    expect(() => toResultsFile(ev, { scheme: 'decimate' } as never)).toThrow(ParameterError);
    expect(() => toResultsFile(ev, { scale: 2, scheme: '' })).toThrow(
      /context.scheme must be a non-empty string/,
    );
  });
  test('stringify refuses NaN where a number is expected', () => {
    const file = toResultsFile(evaluation(), { scale: 2, scheme: 'decimate' });
    file.rows[0]!.values.snr = Number.NaN;
    expect(() => stringifyResults(file)).toThrow(
      /stringifyResults: snr must be a finite number or null, got NaN/,
    );
  });
  test('parse errors are FileFormatErrors naming the file and the field', () => {
    const text = stringifyResults(toResultsFile(evaluation(), { scale: 2, scheme: 'decimate' }));
    expect(() => parseResults('{', 'r.json')).toThrow(FileFormatError);
    expect(() => parseResults('{', 'r.json')).toThrow(/^r.json: not valid JSON/);
    const wrong = JSON.parse(text);
    wrong.version = 2;
    expect(() => parseResults(JSON.stringify(wrong), 'r.json')).toThrow(
      /r.json: field "version" must be 1, got 2/,
    );
    const noDef = JSON.parse(text);
    delete noDef.protocol.metrics.lsdVariants.lsdHf;
    expect(() => parseResults(JSON.stringify(noDef), 'r.json')).toThrow(
      /"summary.lsdVariants.lsdHf" has no definition/,
    );
    const badValue = JSON.parse(text);
    badValue.rows[0].values.lsd = 'x';
    expect(() => parseResults(JSON.stringify(badValue), 'r.json')).toThrow(
      /rows\[0\].values.lsd" must be a number or null/,
    );
  });
});
