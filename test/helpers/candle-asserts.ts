import { expect } from 'vitest';
import { CANDLE_COLUMNS, type Candles } from '../../framework/data/candles.ts';

function bytes(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Bit-for-bit equality of two candle sets (every column, every float64), with a readable first difference. */
export function expectSameCandles(actual: Candles, expected: Candles): void {
  expect(actual.timestamp.length, 'candle count').toBe(expected.timestamp.length);
  for (const col of CANDLE_COLUMNS) {
    if (!bytes(actual[col]).equals(bytes(expected[col]))) {
      const i = actual[col].findIndex((v, k) => !Object.is(v, expected[col][k]));
      expect.fail(`column ${col} differs first at row ${i}: ${actual[col][i]} vs ${expected[col][i]} (ts ${expected.timestamp[i]})`);
    }
  }
}

/** Timestamps strictly increasing (no duplicates, sorted). */
export function expectStrictlyIncreasing(c: Candles): void {
  for (let i = 1; i < c.timestamp.length; i++) {
    if (!(c.timestamp[i]! > c.timestamp[i - 1]!)) expect.fail(`timestamp at row ${i} (${c.timestamp[i]}) is not after row ${i - 1}`);
  }
}
