import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocateCandles, candlesFromRows, type Candles } from '../../framework/data/candles.ts';
import { fillGaps, fillGapsAt, findGaps, forEachRun, sortAndDedupe, sortCandles, writeGapRows } from '../../framework/data/clean.ts';
import { importCandles } from '../../framework/data/importers/index.ts';
import { checkCandles } from '../../framework/data/quality.ts';
import { expectSameCandles } from '../helpers/candle-asserts.ts';
import { sharedDataPath } from '../helpers/shared-data.ts';

const M5 = 300_000;
const rows = (c: ReturnType<typeof candlesFromRows>): number[][] =>
  Array.from(c.timestamp, (t, i) => [t, c.open[i]!, c.high[i]!, c.low[i]!, c.close[i]!, c.volume[i]!]);

describe('sortAndDedupe', () => {
  it('returns clean input as is, without copying', () => {
    const c = candlesFromRows([[0, 1, 1, 1, 1, 1], [M5, 2, 2, 2, 2, 2]]);
    const r = sortAndDedupe(c);
    expect(r.candles).toBe(c);
    expect([r.reordered, r.duplicatesRemoved]).toEqual([false, 0]);
  });

  it('sorts and keeps the last row of each duplicated timestamp (file order)', () => {
    const c = candlesFromRows([
      [2 * M5, 30, 31, 29, 30, 3],
      [0, 10, 11, 9, 10, 1],
      [M5, 20, 21, 19, 20, 2],
      [0, 12, 13, 11, 12, 5], // a later row for t=0: wins
      [2 * M5, 32, 33, 31, 32, 6], // a later row for t=2*M5: wins
    ]);
    const r = sortAndDedupe(c);
    expect([r.reordered, r.duplicatesRemoved]).toEqual([true, 2]);
    expect(rows(r.candles)).toEqual([
      [0, 12, 13, 11, 12, 5],
      [M5, 20, 21, 19, 20, 2],
      [2 * M5, 32, 33, 31, 32, 6],
    ]);
  });

  it('drops duplicates in already sorted data', () => {
    const r = sortAndDedupe(candlesFromRows([[0, 1, 1, 1, 1, 1], [0, 2, 2, 2, 2, 2], [M5, 3, 3, 3, 3, 3]]));
    expect([r.reordered, r.duplicatesRemoved]).toEqual([false, 1]);
    expect(rows(r.candles).map((x) => x[1])).toEqual([2, 3]);
  });

  it('sortCandles keeps duplicates and their order', () => {
    const c = sortCandles(candlesFromRows([[M5, 1, 1, 1, 1, 1], [0, 2, 2, 2, 2, 2], [M5, 3, 3, 3, 3, 3]]));
    expect(rows(c).map((x) => x[1])).toEqual([2, 1, 3]);
  });
});

describe('fillGaps (Freqtrade: flat at the previous close, volume 0)', () => {
  it('fills a hand-computed example', () => {
    const c = candlesFromRows([
      [0, 10, 12, 9, 11, 100],
      [M5, 11, 13, 10, 12.5, 50],
      [4 * M5, 12, 14, 11, 13, 70], // two missing before it
      [5 * M5, 13, 13, 12, 12, 20],
      [7 * M5, 12, 12, 11, 11.5, 10], // one missing before it
    ]);
    const r = fillGaps(c, M5);
    expect(r.filled).toBe(3);
    expect(rows(r.candles)).toEqual([
      [0, 10, 12, 9, 11, 100],
      [M5, 11, 13, 10, 12.5, 50],
      [2 * M5, 12.5, 12.5, 12.5, 12.5, 0],
      [3 * M5, 12.5, 12.5, 12.5, 12.5, 0],
      [4 * M5, 12, 14, 11, 13, 70],
      [5 * M5, 13, 13, 12, 12, 20],
      [6 * M5, 12, 12, 12, 12, 0],
      [7 * M5, 12, 12, 11, 11.5, 10],
    ]);
  });

  it('returns gap-free input as is', () => {
    const c = candlesFromRows([[0, 1, 1, 1, 1, 1], [M5, 1, 1, 1, 1, 1]]);
    expect(fillGaps(c, M5)).toEqual({ candles: c, filled: 0 });
  });

  it('refuses unsorted input', () => {
    expect(() => fillGaps(candlesFromRows([[M5, 1, 1, 1, 1, 1], [0, 1, 1, 1, 1, 1]]), M5)).toThrow(/sort and dedupe first/);
  });

  it('real BTC/USDT 5m 2023: 16 candles at the previous close 28080, then no gaps and nothing else changed', async () => {
    const c = await importCandles(sharedDataPath('binance_5m_2023', 'BTC_USDT-5m.feather'));
    const r = fillGaps(c, M5);
    expect(r.filled).toBe(16);
    const f = r.candles;
    expect(f.timestamp.length).toBe(104_832);
    for (let i = 23768; i < 23784; i++) {
      expect([f.open[i], f.high[i], f.low[i], f.close[i], f.volume[i]]).toEqual([28080, 28080, 28080, 28080, 0]);
    }
    expect(new Date(f.timestamp[23768]!).toISOString()).toBe('2023-03-24T12:40:00.000Z');
    expect(new Date(f.timestamp[23784]!).toISOString()).toBe('2023-03-24T14:00:00.000Z');
    // Regular 5m steps from first to last, and the original rows unchanged around the fill.
    for (let i = 1; i < f.timestamp.length; i++) if (f.timestamp[i]! - f.timestamp[i - 1]! !== M5) expect.fail(`step at ${i}`);
    const { sliceCandles } = await import('../../framework/data/candles.ts');
    expectSameCandles(sliceCandles(f, 0, 23768), sliceCandles(c, 0, 23768));
    expectSameCandles(sliceCandles(f, 23784, f.timestamp.length), sliceCandles(c, 23768, c.timestamp.length));
    // No gap any more; the fill extends the outage's 14 flat candles (11:30-12:35) to a run of 30.
    expect(checkCandles(f, M5).findings).toMatchObject([{ check: 'stale_run', row: 23754, endRow: 23783, length: 30 }]);
  });
});

/** The per-row gap filling fillGaps did before it copied blocks: the reference it must equal. */
function fillGapsRowByRow(c: Candles, tf: number): { candles: Candles; filled: number } {
  const ts = c.timestamp;
  const n = ts.length;
  let missing = 0;
  for (let i = 1; i < n; i++) if (ts[i]! - ts[i - 1]! > tf) missing += Math.ceil((ts[i]! - ts[i - 1]!) / tf) - 1;
  if (missing === 0) return { candles: c, filled: 0 };
  const out = allocateCandles(n + missing);
  let w = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      for (let t = ts[i - 1]! + tf; t < ts[i]!; t += tf) {
        const p = c.close[i - 1]!;
        out.timestamp[w] = t;
        out.open[w] = p;
        out.high[w] = p;
        out.low[w] = p;
        out.close[w] = p;
        out.volume[w] = 0;
        w++;
      }
    }
    for (const k of ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const) out[k][w] = c[k][i]!;
    w++;
  }
  return { candles: out, filled: missing };
}

describe('findGaps / fillGapsAt (block copies)', () => {
  it('equal the row-by-row filling on the real data with extra gaps of every kind cut in', async () => {
    const c = await importCandles(sharedDataPath('binance_5m_2023', 'BTC_USDT-5m.feather'));
    // Cut rows out: at the start, one row, long runs, next to the real gap, misaligned steps.
    const keep = new Uint8Array(c.timestamp.length).fill(1);
    for (const [a, b] of [[1, 2], [500, 501], [10_000, 10_700], [23_766, 23_768], [23_769, 23_770], [104_000, 104_814]] as const) keep.fill(0, a, b);
    const cut = allocateCandles(keep.reduce((s, v) => s + v, 0));
    for (let i = 0, w = 0; i < keep.length; i++) {
      if (!keep[i]) continue;
      for (const k of ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const) cut[k][w] = c[k][i]!;
      w++;
    }
    cut.timestamp[5000] = cut.timestamp[5000]! + 1234; // off the grid: ceil(step / tf) - 1 candles before and after
    for (const data of [c, cut]) {
      const want = fillGapsRowByRow(data, M5);
      const gaps = findGaps(data.timestamp, M5);
      const got = fillGapsAt(data, M5, gaps);
      expect(got.filled).toBe(want.filled);
      expectSameCandles(got.candles, want.candles);
      expectSameCandles(fillGaps(data, M5).candles, want.candles);
    }
    expect(findGaps(c.timestamp, M5)).toEqual([23768, 16]);
  });

  it('forEachRun and writeGapRows place the stored rows and fill the rest, interleaved prices included', () => {
    const c = candlesFromRows([
      [0, 10, 12, 9, 11, 100],
      [3 * M5, 11, 13, 10, 12.5, 50],
      [4 * M5, 12, 14, 11, 13, 70],
      [6 * M5, 13, 13, 12, 12, 20],
    ]);
    const gaps = findGaps(c.timestamp, M5);
    expect(gaps).toEqual([1, 2, 3, 1]);
    const runs: number[][] = [];
    forEachRun(4, gaps, (from, to, at) => runs.push([from, to, at]));
    expect(runs).toEqual([[0, 1, 0], [1, 3, 3], [3, 4, 6]]);
    const out = allocateCandles(7);
    const ohlc = new Float64Array(28);
    for (const [from, to, at] of runs) {
      for (const k of ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const) out[k].set(c[k].subarray(from!, to!), at!);
      for (let i = from!; i < to!; i++) ohlc.set([c.open[i]!, c.high[i]!, c.low[i]!, c.close[i]!], 4 * (at! + i - from!));
    }
    writeGapRows(out, M5, gaps, ohlc);
    expectSameCandles(out, fillGapsRowByRow(c, M5).candles);
    expect(Array.from(ohlc)).toEqual(rows(out).flatMap((r) => r.slice(1, 5)));
  });

  it('findGaps refuses unsorted, duplicated or NaN timestamps', () => {
    for (const ts of [[M5, 0], [0, 0], [0, NaN]]) expect(() => findGaps(Float64Array.from(ts), M5)).toThrow(/sort and dedupe first/);
    expect(() => findGaps(Float64Array.from([0, M5]), 0)).toThrow(/timeframe must be positive/);
  });
});
