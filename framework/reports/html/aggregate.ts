/**
 * Coarser candles for the chart when a pair has more candles than the page should carry:
 * the smallest standard timeframe that fits the limit (15m, 1h, 4h ...), buckets on UTC
 * boundaries (weeks from Monday), indicator columns sampled at each bucket's last candle
 * (the value known when the bucket closes). Unlike data/resample.ts the last, partial bucket
 * is kept: the chart must reach the end of the backtest.
 */
import { floorToTimeframe } from '../../core/timeframe.ts';
import { allocateCandles, type Candles } from '../../data/candles.ts';

const MINUTE = 60_000;
/** Timeframes tried, finest first. */
const LADDER_MS = [1, 3, 5, 15, 30, 60, 120, 240, 360, 480, 720, 1440, 4320, 10080].map((m) => m * MINUTE);

/** 300000 -> '5m', 3600000 -> '1h', 86400000 -> '1d'; other spans in seconds. */
export function timeframeLabel(ms: number): string {
  const units: Array<[number, string]> = [
    [604_800_000, 'w'],
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1000, 's'],
  ];
  for (const [size, unit] of units) if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

/** The smallest positive spacing of the timestamps (the candle timeframe); 0 for < 2 candles. */
export function baseSpacingMs(ts: Float64Array): number {
  let min = Infinity;
  for (let i = 1; i < ts.length; i++) {
    const d = ts[i]! - ts[i - 1]!;
    if (d > 0 && d < min) min = d;
  }
  return min === Infinity ? 0 : min;
}

function bucketCount(ts: Float64Array, bucketMs: number): number {
  let count = 0;
  let bucket = NaN;
  for (let i = 0; i < ts.length; i++) {
    const b = floorToTimeframe(ts[i]!, bucketMs);
    if (b !== bucket) {
      bucket = b;
      count++;
    }
  }
  return count;
}

/**
 * The finest ladder timeframe coarser than `baseMs` (and a multiple of it) that gives at
 * most `maxCandles` buckets; the coarsest one tried when none does.
 */
export function chooseBucketMs(ts: Float64Array, baseMs: number, maxCandles: number): number {
  let last = 0;
  for (const ms of LADDER_MS) {
    if (ms <= baseMs || ms % baseMs !== 0) continue;
    last = ms;
    if (bucketCount(ts, ms) <= maxCandles) return ms;
  }
  return last === 0 ? baseMs : last;
}

export interface Aggregated {
  candles: Candles;
  columns: Record<string, Float64Array>;
}

/** Candles and indicator columns in buckets of `bucketMs`; the bucket's time is its start. */
export function aggregateCandles(c: Candles, columns: Readonly<Record<string, Float64Array>>, bucketMs: number): Aggregated {
  const ts = c.timestamp;
  const n = ts.length;
  const out = allocateCandles(bucketCount(ts, bucketMs));
  const names = Object.keys(columns);
  const outCols: Record<string, Float64Array> = {};
  for (const name of names) outCols[name] = new Float64Array(out.timestamp.length);
  let b = -1;
  let bucket = NaN;
  for (let i = 0; i < n; i++) {
    const start = floorToTimeframe(ts[i]!, bucketMs);
    if (start !== bucket) {
      bucket = start;
      b++;
      out.timestamp[b] = start;
      out.open[b] = c.open[i]!;
      out.high[b] = c.high[i]!;
      out.low[b] = c.low[i]!;
      out.volume[b] = 0;
    } else {
      if (c.high[i]! > out.high[b]!) out.high[b] = c.high[i]!;
      if (c.low[i]! < out.low[b]!) out.low[b] = c.low[i]!;
    }
    out.close[b] = c.close[i]!;
    out.volume[b] = out.volume[b]! + c.volume[i]!;
    for (const name of names) outCols[name]![b] = columns[name]![i]!;
  }
  return { candles: out, columns: outCols };
}
