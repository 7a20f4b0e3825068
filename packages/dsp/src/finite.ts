import { assertSignal, type Signal } from '@speechsr/core';

/**
 * `assertSignal(x, fn, name)` with a faster finiteness scan (internal): the type and length checks are
 * core's; the scan runs one monomorphic loop per array type with four accumulators (`v·0` is 0 for a
 * finite sample and NaN otherwise). On a non-finite sample core's check runs and throws its own error.
 */
export function assertFiniteSignal(x: unknown, fn: string, name: string): asserts x is Signal {
  assertSignal(x, fn, name, { finite: false });
  const ok = x instanceof Float64Array ? finite64(x) : finite32(x as Float32Array);
  if (!ok) assertSignal(x, fn, name);
}

function finite64(x: Float64Array): boolean {
  const n = x.length;
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    a0 += x[i]! * 0;
    a1 += x[i + 1]! * 0;
    a2 += x[i + 2]! * 0;
    a3 += x[i + 3]! * 0;
  }
  for (; i < n; i++) a0 += x[i]! * 0;
  return a0 + a1 + a2 + a3 === 0;
}

function finite32(x: Float32Array): boolean {
  const n = x.length;
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    a0 += x[i]! * 0;
    a1 += x[i + 1]! * 0;
    a2 += x[i + 2]! * 0;
    a3 += x[i + 3]! * 0;
  }
  for (; i < n; i++) a0 += x[i]! * 0;
  return a0 + a1 + a2 + a3 === 0;
}
