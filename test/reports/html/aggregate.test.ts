import { describe, expect, it } from 'vitest';
import { candlesFromRows } from '../../../framework/data/candles.ts';
import { aggregateCandles, baseSpacingMs, chooseBucketMs, timeframeLabel } from '../../../framework/reports/html/aggregate.ts';
import { readBinance5m } from '../../helpers/shared-data.ts';

const MIN = 60_000;
const btc = readBinance5m('BTC');

describe('timeframeLabel / baseSpacingMs', () => {
  it('names spans the way timeframes are written', () => {
    expect(timeframeLabel(5 * MIN)).toBe('5m');
    expect(timeframeLabel(60 * MIN)).toBe('1h');
    expect(timeframeLabel(240 * MIN)).toBe('4h');
    expect(timeframeLabel(1440 * MIN)).toBe('1d');
    expect(timeframeLabel(10080 * MIN)).toBe('1w');
    expect(timeframeLabel(90 * MIN)).toBe('90m');
    expect(timeframeLabel(1500)).toBe('1500ms');
  });

  it('reads the candle spacing of the real series (its gap does not fool it)', () => {
    expect(baseSpacingMs(btc.timestamp)).toBe(5 * MIN);
    expect(baseSpacingMs(Float64Array.of(0))).toBe(0);
  });
});

describe('chooseBucketMs', () => {
  it('picks the finest standard timeframe that fits the limit', () => {
    // 104,816 5m candles: 15m gives 34,939 buckets, 30m 17,470, 1h 8,735.
    expect(chooseBucketMs(btc.timestamp, 5 * MIN, 50_000)).toBe(15 * MIN);
    expect(chooseBucketMs(btc.timestamp, 5 * MIN, 20_000)).toBe(30 * MIN);
    expect(chooseBucketMs(btc.timestamp, 5 * MIN, 10_000)).toBe(60 * MIN);
    expect(chooseBucketMs(btc.timestamp, 5 * MIN, 400)).toBe(1440 * MIN);
    // Nothing fits: the coarsest (1w: 53 weeks in 2023).
    expect(chooseBucketMs(btc.timestamp, 5 * MIN, 10)).toBe(10080 * MIN);
  });

  it('only uses multiples of the data timeframe', () => {
    // 2m candles: 3m, 5m and 15m are not multiples of 2m; 30m is the first ladder step that is.
    const ts = new Float64Array(1000).map((_, i) => i * 2 * MIN);
    expect(chooseBucketMs(ts, 2 * MIN, 100)).toBe(30 * MIN);
  });
});

describe('aggregateCandles', () => {
  it('builds buckets from the real rows: first open, extreme high/low, last close, summed volume, last indicator value', () => {
    const indicator = new Float64Array(btc.timestamp.length).map((_, i) => i);
    const agg = aggregateCandles(btc, { idx: indicator }, 60 * MIN);
    expect(agg.candles.timestamp.length).toBe(8735);
    // First hour of 2023: rows 0..11.
    let high = -Infinity;
    let low = Infinity;
    let volume = 0;
    for (let i = 0; i < 12; i++) {
      high = Math.max(high, btc.high[i]!);
      low = Math.min(low, btc.low[i]!);
      volume += btc.volume[i]!;
    }
    expect(agg.candles.timestamp[0]).toBe(Date.parse('2023-01-01T00:00:00Z'));
    expect(agg.candles.open[0]).toBe(btc.open[0]);
    expect(agg.candles.high[0]).toBe(high);
    expect(agg.candles.low[0]).toBe(low);
    expect(agg.candles.close[0]).toBe(btc.close[11]);
    expect(agg.candles.volume[0]).toBeCloseTo(volume, 9);
    expect(agg.columns.idx![0]).toBe(11);
    // The hour of the outage (12:40-13:55 missing) still has its 8 candles of 12:00-12:35.
    const noon = (Date.parse('2023-03-24T12:00:00Z') - Date.parse('2023-01-01T00:00:00Z')) / (60 * MIN);
    expect(agg.candles.timestamp[noon]).toBe(Date.parse('2023-03-24T12:00:00Z'));
    expect(agg.candles.timestamp[noon + 1]).toBe(Date.parse('2023-03-24T14:00:00Z'));
    // The last bucket is kept even though it is complete only by chance; the last row is its close.
    expect(agg.candles.close[agg.candles.close.length - 1]).toBe(btc.close[btc.close.length - 1]);
    expect(agg.columns.idx![agg.columns.idx!.length - 1]).toBe(btc.timestamp.length - 1);
  });

  it('keeps a partial last bucket', () => {
    const c = candlesFromRows([
      [0, 1, 2, 0.5, 1.5, 10],
      [MIN, 1.5, 3, 1, 2, 20],
      [2 * MIN, 2, 2.5, 1.8, 2.2, 5],
    ]);
    const agg = aggregateCandles(c, {}, 2 * MIN);
    expect(Array.from(agg.candles.timestamp)).toEqual([0, 2 * MIN]);
    expect(Array.from(agg.candles.high)).toEqual([3, 2.5]);
    expect(Array.from(agg.candles.low)).toEqual([0.5, 1.8]);
    expect(Array.from(agg.candles.close)).toEqual([2, 2.2]);
    expect(Array.from(agg.candles.volume)).toEqual([30, 5]);
  });
});
