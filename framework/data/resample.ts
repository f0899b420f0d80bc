/**
 * Resample candles to a higher timeframe. Buckets start at floorToTimeframe(t, target) (UTC
 * boundaries; weeks start Monday as on Binance): open = first open, high = max, low = min,
 * close = last close, volume = sum. A bucket with missing source candles inside is still
 * emitted (as pandas and Freqtrade do), but the LAST bucket is dropped when the data ends
 * before that bucket does: its candle is still forming and would not match the exchange's.
 */
import { DataError, UsageError } from '../core/errors.ts';
import { floorToTimeframe, timeframeToMs, type Timeframe } from '../core/timeframe.ts';
import { allocateCandles, sliceCandles, type Candles } from './candles.ts';

export function resampleCandles(c: Candles, from: Timeframe, to: Timeframe): Candles {
  const fromMs = timeframeToMs(from);
  const toMs = timeframeToMs(to);
  if (to.endsWith('M') || from.endsWith('M')) {
    throw new UsageError(`cannot resample ${from} to ${to}: calendar months have no fixed length`);
  }
  if (toMs < fromMs || toMs % fromMs !== 0) {
    throw new UsageError(`cannot resample ${from} to ${to}: the target timeframe must be a whole multiple of the source`);
  }
  return resampleByMs(c, fromMs, toMs);
}

/** As resampleCandles, with timeframes in milliseconds. Input must be sorted by time. */
export function resampleByMs(c: Candles, fromMs: number, toMs: number): Candles {
  const ts = c.timestamp;
  const n = ts.length;
  // First pass: validate order and count buckets, so the output is allocated once at its size.
  let buckets = 0;
  let bucket = NaN;
  for (let i = 0; i < n; i++) {
    const t = ts[i]!;
    if (i > 0 && !(t > ts[i - 1]!)) {
      throw new DataError(`resample: row ${i} (${t}) is not after row ${i - 1}; sort and dedupe first`);
    }
    const start = floorToTimeframe(t, toMs);
    if (start !== bucket) {
      bucket = start;
      buckets++;
    }
  }
  const out = allocateCandles(buckets);
  let b = -1;
  bucket = NaN;
  for (let i = 0; i < n; i++) {
    const start = floorToTimeframe(ts[i]!, toMs);
    if (start !== bucket) {
      bucket = start;
      b++;
      out.timestamp[b] = start;
      out.open[b] = c.open[i]!;
      out.high[b] = c.high[i]!;
      out.low[b] = c.low[i]!;
      out.close[b] = c.close[i]!;
      out.volume[b] = c.volume[i]!;
    } else {
      if (c.high[i]! > out.high[b]!) out.high[b] = c.high[i]!;
      if (c.low[i]! < out.low[b]!) out.low[b] = c.low[i]!;
      out.close[b] = c.close[i]!;
      out.volume[b] = out.volume[b]! + c.volume[i]!;
    }
  }
  let count = b + 1;
  // The last bucket is complete when the last source candle closes exactly at its end.
  if (count > 0 && ts[n - 1]! + fromMs < out.timestamp[b]! + toMs) count--;
  return sliceCandles(out, 0, count);
}
