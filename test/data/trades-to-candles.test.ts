import { describe, expect, it } from 'vitest';
import { DataError } from '../../framework/core/errors.ts';
import type { Candles } from '../../framework/data/candles.ts';
import { tradesToCandles } from '../../framework/data/trades-to-candles.ts';

const M1 = 60_000;
const T = Date.UTC(2024, 0, 1, 10, 0);
const trades = (rows: [number, number, number][]) => ({
  timestamp: Float64Array.from(rows, (r) => r[0]),
  price: Float64Array.from(rows, (r) => r[1]),
  amount: Float64Array.from(rows, (r) => r[2]),
});
const rows = (c: Candles): number[][] =>
  Array.from(c.timestamp, (t, i) => [t, c.open[i]!, c.high[i]!, c.low[i]!, c.close[i]!, c.volume[i]!]);

describe('tradesToCandles', () => {
  it('builds 1m candles; buckets without trades are not emitted', () => {
    const c = tradesToCandles(
      trades([
        [T + 1_000, 100, 0.5],
        [T + 20_000, 102, 0.25],
        [T + 30_000, 99, 1],
        [T + 59_999, 101, 0.25],
        [T + 60_000, 101.5, 2], // next minute, a single trade
        [T + 3 * M1 + 5, 98, 1], // minute 2 has no trade
      ]),
      '1m',
    );
    expect(rows(c)).toEqual([
      [T, 100, 102, 99, 101, 2],
      [T + M1, 101.5, 101.5, 101.5, 101.5, 2],
      [T + 3 * M1, 98, 98, 98, 98, 1],
    ]);
  });

  it('sorts unsorted trades by time, keeping the given order of equal timestamps', () => {
    const c = tradesToCandles(
      trades([
        [T + 50_000, 105, 1],
        [T + 10_000, 100, 1],
        [T + 10_000, 101, 1], // same ms as the previous: stays after it
      ]),
      '1m',
    );
    expect(rows(c)).toEqual([[T, 100, 105, 100, 105, 3]]);
  });

  it('5m buckets over many trades match a direct per-bucket computation', () => {
    const n = 10_000;
    const ts = new Float64Array(n);
    const price = new Float64Array(n);
    const amount = new Float64Array(n);
    let p = 100;
    for (let i = 0; i < n; i++) {
      ts[i] = T + i * 997; // irregular relative to the 5m grid
      p *= 1 + Math.sin(i * 0.37) * 0.001;
      price[i] = p;
      amount[i] = 0.001 * (1 + (i % 7));
    }
    const c = tradesToCandles({ timestamp: ts, price, amount }, '5m');
    let k = -1;
    let bucket = -1;
    for (let i = 0; i < n; i++) {
      const b = Math.floor(ts[i]! / 300_000) * 300_000;
      if (b !== bucket) {
        bucket = b;
        k++;
        expect(c.timestamp[k]).toBe(b);
        expect(c.open[k]).toBe(price[i]);
      }
      expect(c.high[k]!).toBeGreaterThanOrEqual(price[i]!);
      expect(c.low[k]!).toBeLessThanOrEqual(price[i]!);
    }
    expect(c.timestamp.length).toBe(k + 1);
    expect(c.close[k]).toBe(price[n - 1]);
  });

  it('rejects bad trades naming the row', () => {
    expect(() => tradesToCandles(trades([[T, 100, 1], [T + 1, -5, 1]]), '1m')).toThrow(/row 1: price is -5/);
    expect(() => tradesToCandles(trades([[T, 100, 1], [NaN, 100, 1]]), '1m')).toThrow(DataError);
    expect(() => tradesToCandles(trades([[T, 100, -1]]), '1m')).toThrow(/row 0: amount is -1/);
    expect(() => tradesToCandles({ timestamp: new Float64Array(2), price: new Float64Array(1), amount: new Float64Array(2) }, '1m')).toThrow(/differ in length/);
  });
});
