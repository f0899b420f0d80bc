/**
 * Bit-exact comparisons of float64 columns and candle sets. Object.is/=== would hide a NaN
 * payload change and toEqual a -0/+0 flip; comparing the raw bytes hides neither, and is fast
 * on 100k-row columns (vitest's deep equality on large typed arrays is very slow).
 */
import { expect } from 'vitest';
import { CANDLE_COLUMNS, type Candles } from '../../framework/data/candles.ts';

function bytes(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Bits of each element (a Float64Array's byteOffset is always a multiple of 8, so this is a view). */
function bits(a: Float64Array): BigUint64Array {
  return new BigUint64Array(a.buffer, a.byteOffset, a.length);
}

/** First row whose bits differ in two equally long columns, or -1 when all bits are equal. */
function firstDifferentRow(a: Float64Array, b: Float64Array): number {
  if (bytes(a).equals(bytes(b))) return -1;
  const ai = bits(a);
  const bi = bits(b);
  for (let i = 0; i < ai.length; i++) if (ai[i] !== bi[i]) return i;
  return -1;
}

/** null when `a` and `b` are equal bit for bit, else a description of the first difference. */
export function firstBitDifference(a: Float64Array, b: Float64Array): string | null {
  if (a.length !== b.length) return `lengths differ: ${a.length} vs ${b.length}`;
  const i = firstDifferentRow(a, b);
  if (i < 0) return null;
  return `row ${i}: ${a[i]} (0x${bits(a)[i]!.toString(16)}) vs ${b[i]} (0x${bits(b)[i]!.toString(16)})`;
}

/** Bit-for-bit equality of two candle sets (every column, every float64), with a readable first difference. */
export function expectSameCandles(actual: Candles, expected: Candles): void {
  expect(actual.timestamp.length, 'candle count').toBe(expected.timestamp.length);
  for (const col of CANDLE_COLUMNS) {
    const diff = firstBitDifference(actual[col], expected[col]);
    if (diff !== null) {
      const i = firstDifferentRow(actual[col], expected[col]);
      expect.fail(`column ${col} differs first at ${diff}${i >= 0 ? ` (ts ${expected.timestamp[i]})` : ''}`);
    }
  }
}

/** Timestamps strictly increasing (no duplicates, sorted). */
export function expectStrictlyIncreasing(c: Candles): void {
  for (let i = 1; i < c.timestamp.length; i++) {
    if (!(c.timestamp[i]! > c.timestamp[i - 1]!)) expect.fail(`timestamp at row ${i} (${c.timestamp[i]}) is not after row ${i - 1}`);
  }
}
