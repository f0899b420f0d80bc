import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../framework/core/errors.ts';
import { candlesFromRows, sliceCandles, type Candles } from '../../framework/data/candles.ts';
import { importCandles } from '../../framework/data/importers/index.ts';
import { resampleCandles } from '../../framework/data/resample.ts';
import { expectSameCandles } from '../helpers/candle-asserts.ts';
import { sharedDataPath } from '../helpers/shared-data.ts';

const M5 = 300_000;
const H1 = 3_600_000;
const D1 = 86_400_000;
const rows = (c: Candles): number[][] =>
  Array.from(c.timestamp, (t, i) => [t, c.open[i]!, c.high[i]!, c.low[i]!, c.close[i]!, c.volume[i]!]);

describe('resampleCandles, hand-computed', () => {
  it('5m -> 15m: first open, max high, min low, last close, summed volume; incomplete last bucket dropped', () => {
    const c = candlesFromRows([
      [0, 10, 12, 9, 11, 1],
      [M5, 11, 15, 10, 14, 2],
      [2 * M5, 14, 14, 8, 9, 3],
      [3 * M5, 9, 10, 9, 10, 4],
      [4 * M5, 10, 11, 7, 8, 5],
      [5 * M5, 8, 9, 8, 9, 6],
      [6 * M5, 9, 9, 9, 9, 7], // alone in the third bucket (which would need up to 8*M5): dropped
    ]);
    expect(rows(resampleCandles(c, '5m', '15m'))).toEqual([
      [0, 10, 15, 8, 9, 6],
      [3 * M5, 9, 11, 7, 9, 15],
    ]);
  });

  it('buckets on UTC boundaries: a series starting mid-hour gives a partial first bucket, kept', () => {
    const start = Date.UTC(2023, 0, 1, 0, 50);
    const c = candlesFromRows(Array.from({ length: 14 }, (_, i) => [start + i * M5, 100 + i, 101 + i, 99 + i, 100.5 + i, 1]));
    const r = resampleCandles(c, '5m', '1h');
    expect(rows(r)).toEqual([
      [Date.UTC(2023, 0, 1, 0, 0), 100, 102, 99, 101.5, 2], // 00:50, 00:55 only
      [Date.UTC(2023, 0, 1, 1, 0), 102, 114, 101, 113.5, 12], // 01:00 .. 01:55 complete
    ]);
  });

  it('a bucket with a gap inside is kept; the last bucket is complete when its final candle is there', () => {
    const c = candlesFromRows([
      [0, 1, 2, 1, 2, 1],
      [2 * M5, 2, 3, 2, 3, 1], // M5 missing: bucket [0, 15m) still emitted
      [3 * M5, 3, 4, 3, 4, 1],
      [5 * M5, 4, 5, 4, 5, 1], // 4*M5 missing but 5*M5 closes the bucket [15m, 30m): kept
    ]);
    expect(rows(resampleCandles(c, '5m', '15m'))).toEqual([
      [0, 1, 3, 1, 3, 2],
      [3 * M5, 3, 5, 3, 5, 2],
    ]);
  });

  it('1d -> 1w buckets start on Monday 00:00 UTC', () => {
    // 2023-01-02 was a Monday; start on Thursday 2022-12-29.
    const start = Date.UTC(2022, 11, 29);
    const c = candlesFromRows(Array.from({ length: 4 + 7 + 3 }, (_, i) => [start + i * D1, i + 1, i + 2, i + 0.5, i + 1.5, 1]));
    const r = resampleCandles(c, '1d', '1w');
    expect(rows(r)).toEqual([
      [Date.UTC(2022, 11, 26), 1, 5, 0.5, 4.5, 4],
      [Date.UTC(2023, 0, 2), 5, 12, 4.5, 11.5, 7],
    ]);
  });

  it('refuses a target that is not a whole multiple, a lower target, months, and unsorted input', () => {
    const c = candlesFromRows([[0, 1, 1, 1, 1, 1]]);
    expect(() => resampleCandles(c, '5m', '7m')).toThrow(UsageError);
    expect(() => resampleCandles(c, '1h', '5m')).toThrow(/whole multiple/);
    expect(() => resampleCandles(c, '1d', '1M')).toThrow(/calendar months/);
    expect(() => resampleCandles(candlesFromRows([[M5, 1, 1, 1, 1, 1], [0, 1, 1, 1, 1, 1]]), '5m', '15m')).toThrow(/sort and dedupe/);
  });
});

describe('resample real BTC/USDT 5m 2023 against a straightforward reference', () => {
  let c: Candles;
  beforeAll(async () => {
    c = await importCandles(sharedDataPath('binance_5m_2023', 'BTC_USDT-5m.feather'));
  });

  /** Group by Math.floor(t / target) with a Map: obviously right, slow, allocates per row. */
  function reference(src: Candles, targetMs: number): Candles {
    const groups = new Map<number, number[]>();
    for (let i = 0; i < src.timestamp.length; i++) {
      const key = Math.floor(src.timestamp[i]! / targetMs) * targetMs;
      const g = groups.get(key) ?? [];
      g.push(i);
      groups.set(key, g);
    }
    const out: number[][] = [];
    for (const [key, idx] of groups) {
      out.push([
        key,
        src.open[idx[0]!]!,
        Math.max(...idx.map((i) => src.high[i]!)),
        Math.min(...idx.map((i) => src.low[i]!)),
        src.close[idx[idx.length - 1]!]!,
        idx.reduce((s, i) => s + src.volume[i]!, 0),
      ]);
    }
    const lastTs = src.timestamp[src.timestamp.length - 1]!;
    if (out.length > 0 && lastTs + M5 < out[out.length - 1]![0]! + targetMs) out.pop();
    return candlesFromRows(out);
  }

  it('5m -> 1h equals the reference bit for bit; the outage leaves no 13:00 candle on 2023-03-24', () => {
    const r = resampleCandles(c, '5m', '1h');
    expectSameCandles(r, reference(c, H1));
    // 364 days = 8,736 hours, all complete (the data ends at 23:55), less the hour 13:00 of
    // 2023-03-24, which the 12:40-13:55 gap empties entirely.
    expect(r.timestamp.length).toBe(8735);
    expect(r.timestamp.indexOf(Date.UTC(2023, 2, 24, 13))).toBe(-1);
    // 12:00-12:35 were the outage's flat zero-volume candles.
    const noon = r.timestamp.indexOf(Date.UTC(2023, 2, 24, 12));
    expect([r.open[noon], r.high[noon], r.low[noon], r.close[noon], r.volume[noon]]).toEqual([28080, 28080, 28080, 28080, 0]);
  });

  it('5m -> 1d and 5m -> 4h equal the reference; a truncated series drops its incomplete last day', () => {
    expectSameCandles(resampleCandles(c, '5m', '4h'), reference(c, 4 * H1));
    expectSameCandles(resampleCandles(c, '5m', '1d'), reference(c, D1));
    const cut = sliceCandles(c, 0, c.timestamp.length - 1); // ends 23:50: the last day is incomplete
    const days = resampleCandles(cut, '5m', '1d');
    expect(days.timestamp.length).toBe(363);
    expect(days.timestamp[362]).toBe(Date.UTC(2023, 11, 29));
  });
});
