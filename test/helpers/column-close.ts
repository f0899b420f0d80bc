/**
 * Comparison of two float64 columns within a tolerance, for results computed along different
 * paths (a library, a naive re-implementation): same NaN rows, close values elsewhere. (For
 * bit-exact comparisons see candle-asserts.ts.)
 */
import { expect } from 'vitest';

/** Same NaN rows and |a - b| <= rel * |b| + abs elsewhere; returns the number of values compared. */
export function expectClose(a: Float64Array, b: Float64Array, rel = 1e-9, abs = 0): number {
  expect(a.length).toBe(b.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) !== Number.isNaN(y)) expect.fail(`row ${i}: ${x} vs ${y} (NaN rows differ)`);
      continue;
    }
    if (!(Math.abs(x - y) <= rel * Math.abs(y) + abs)) expect.fail(`row ${i}: ${x} vs ${y}`);
    n++;
  }
  return n;
}
