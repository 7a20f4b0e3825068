import { describe, expect, test } from 'vitest';
import {
  assertInt,
  assertNumber,
  assertOneOf,
  assertSignal,
  FileFormatError,
  ParameterError,
  SignalError,
  SpeechSrError,
} from '../src/index.js';

describe('errors', () => {
  test('name is the concrete class and FileFormatError leads with the file', () => {
    const e = new FileFormatError('a.wav', 'truncated header');
    expect(e).toBeInstanceOf(SpeechSrError);
    expect(e.name).toBe('FileFormatError');
    expect(e.message).toBe('a.wav: truncated header');
    expect(e.file).toBe('a.wav');
  });
});

describe('assertSignal', () => {
  test('accepts float arrays', () => {
    expect(() => assertSignal(new Float32Array(3), 'f', 'x')).not.toThrow();
    expect(() => assertSignal(new Float64Array(3), 'f', 'x')).not.toThrow();
  });
  test('rejects other types, empty and non-finite input with the argument named', () => {
    expect(() => assertSignal([1, 2], 'f', 'x')).toThrow(ParameterError);
    expect(() => assertSignal(new Int16Array(2), 'f', 'x')).toThrow(/f: x must be a Float32Array or Float64Array, got Int16Array\(2\)/);
    expect(() => assertSignal(new Float64Array(0), 'f', 'x')).toThrow(SignalError);
    expect(() => assertSignal(new Float64Array(0), 'f', 'x')).toThrow(/f: x must not be empty/);
    expect(() => assertSignal(Float64Array.of(0, Number.NaN), 'f', 'x')).toThrow(/got NaN at sample 1/);
    expect(() => assertSignal(new Float64Array(3), 'f', 'x', { minLength: 5 })).toThrow(/at least 5 samples, got 3/);
  });
});

describe('number checks', () => {
  test('assertInt names range and value', () => {
    expect(() => assertInt(2.5, 'decimate', 'q', { min: 1 })).toThrow(/decimate: q must be an integer >= 1, got 2.5/);
    expect(() => assertInt(0, 'decimate', 'q', { min: 1 })).toThrow(ParameterError);
    expect(() => assertInt(3, 'decimate', 'q', { min: 1 })).not.toThrow();
  });
  test('assertNumber handles exclusive bounds', () => {
    const r = { min: 0, max: 1, minExclusive: true, maxExclusive: true };
    expect(() => assertNumber(1, 'cheby1', 'Wn', r)).toThrow(/Wn must be a finite number > 0 and < 1, got 1/);
    expect(() => assertNumber(0.5, 'cheby1', 'Wn', r)).not.toThrow();
    expect(() => assertNumber(Number.NaN, 'cheby1', 'Wn', r)).toThrow(ParameterError);
  });
  test('assertOneOf lists choices', () => {
    expect(() => assertOneOf('x', 'f', 'mode', ['nb', 'wb'])).toThrow(/mode must be one of "nb", "wb", got "x"/);
  });
});
