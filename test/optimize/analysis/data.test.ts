import { describe, expect, it } from 'vitest';
import { candlesFromRows, type Candles } from '../../../framework/data/candles.ts';
import { firstDifference, indicatorColumns, sameNumber } from '../../../framework/optimize/analysis/compare.ts';
import { knownInformative, timerangeRows, windowOf, type AnalysisData } from '../../../framework/optimize/analysis/data.ts';
import { DataFrame } from '../../../framework/frame/index.ts';

const H = 3_600_000;
const M5 = 300_000;
const T0 = Date.UTC(2023, 0, 1);

/** n candles of `step` ms from T0, close = row number. */
function candles(n: number, step: number): Candles {
  return candlesFromRows(Array.from({ length: n }, (_, i) => [T0 + i * step, i, i, i, i, 1]));
}

describe('what a truncated run may see', () => {
  it('informative candles: from the window start, only those closed when the last candle closes', () => {
    const hourly = candles(10, H);
    // The 5m candle opening 02:55 closes at 03:00: the 1h candles of 00:00, 01:00, 02:00 have closed.
    let v = knownInformative(hourly, H, T0, T0 + 2 * H + 55 * 60_000 + M5);
    expect(Array.from(v.timestamp)).toEqual([T0, T0 + H, T0 + 2 * H]);
    // One 5m candle earlier (02:50, closes 02:55) the 02:00 candle is still forming.
    v = knownInformative(hourly, H, T0, T0 + 2 * H + 50 * 60_000 + M5);
    expect(v.timestamp.length).toBe(2);
    // A window starting 00:30 does not see the 00:00 candle (a backtest from 00:30 would not load it).
    v = knownInformative(hourly, H, T0 + 30 * 60_000, T0 + 3 * H);
    expect(Array.from(v.timestamp)).toEqual([T0 + H, T0 + 2 * H]);
    // Nothing closed yet: empty, not negative.
    expect(knownInformative(hourly, H, T0, T0 + M5).timestamp.length).toBe(0);
  });

  it('a window hands each run the informatives known at its last row', () => {
    const main = candles(48, M5); // 00:00 .. 03:55
    const hourly = candles(4, H);
    const data: AnalysisData = {
      timeframe: '5m',
      main: new Map([['BTC/USDT', main]]),
      series: new Map([
        ['BTC/USDT|5m', main],
        ['BTC/USDT|1h', hourly],
      ]),
    };
    const w = windowOf(data, 'BTC/USDT', main, 0);
    expect(w.sourceAt(11)('BTC/USDT', '1h').timestamp.length).toBe(1); // 00:55 closes 01:00
    expect(w.sourceAt(10)('BTC/USDT', '1h').timestamp.length).toBe(0);
    expect(w.sourceAt(47)('BTC/USDT', '1h').timestamp.length).toBe(4);
    const tail = w.from(24); // from 02:00
    expect(tail.candles.timestamp[0]).toBe(T0 + 2 * H);
    expect(Array.from(tail.sourceAt(23)('BTC/USDT', '1h').timestamp)).toEqual([T0 + 2 * H, T0 + 3 * H]);
    expect(() => w.sourceAt(47)('ETH/USDT', '1h')).toThrow(/download-data --pairs ETH\/USDT --timeframes 1h/);
  });

  it('timerange rows: inclusive ends, startup candles before the start, clamped at the first candle', () => {
    const c = candles(100, M5);
    expect(timerangeRows(c, { startMs: T0 + 50 * M5, endMs: T0 + 59 * M5 }, 20, 'x')).toEqual({ start: 30, first: 50, end: 60 });
    expect(timerangeRows(c, { startMs: T0 + 5 * M5 }, 20, 'x')).toEqual({ start: 0, first: 5, end: 100 });
    expect(timerangeRows(c, {}, 0, 'x')).toEqual({ start: 0, first: 0, end: 100 });
    expect(() => timerangeRows(c, { startMs: T0 + 200 * M5 }, 0, 'BTC/USDT 5m')).toThrow(/BTC\/USDT 5m: no candles in the timerange \(stored: 2023-01-01T00:00:00.000Z/);
  });
});

describe('comparing frames', () => {
  it('NaN equals NaN, everything else bit for bit unless a relative tolerance is given', () => {
    expect(sameNumber(NaN, NaN, 0)).toBe(true);
    expect(sameNumber(NaN, 1, 0)).toBe(false);
    expect(sameNumber(1, 1 + 2 ** -52, 0)).toBe(false);
    expect(sameNumber(1, 1 + 2 ** -52, 1e-12)).toBe(true);
    expect(sameNumber(100, 100.01, 1e-5)).toBe(false);
    expect(sameNumber(Infinity, Infinity, 0)).toBe(true);
    expect(sameNumber(Infinity, 1e308, 0.5)).toBe(false);
  });

  it('first difference per column; a column missing on one side differs at once', () => {
    const a = new DataFrame({ date: new Float64Array([1, 2, 3]), x: new Float64Array([1, NaN, 3]), t: ['a', null, 'c'] });
    const b = new DataFrame({ date: new Float64Array([1, 2, 3]), x: new Float64Array([1, NaN, 4]), t: ['a', null, 'd'] });
    expect(firstDifference(a, b, 'x', 0, 3, 0)).toBe(2);
    expect(firstDifference(a, b, 'x', 0, 2, 0)).toBe(-1);
    expect(firstDifference(a, b, 't', 0, 3, 0)).toBe(2);
    b.set('y', 1);
    expect(firstDifference(a, b, 'y', 0, 3, 0)).toBe(0);
    expect(indicatorColumns(b)).toEqual(['x', 't', 'y']);
  });
});
