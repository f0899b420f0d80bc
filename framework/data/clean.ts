/**
 * Repairs applied when candles are loaded: order by time, drop duplicate timestamps, and
 * Freqtrade's gap filling. Each function returns its input unchanged (no copy) when there is
 * nothing to repair, which is the usual case for data from our own store.
 */
import { DataError } from '../core/errors.ts';
import { allocateCandles, type Candles } from './candles.ts';

export interface SortDedupeResult {
  candles: Candles;
  /** True when the rows were not in ascending time order. */
  reordered: boolean;
  /** Rows dropped because a later row had the same timestamp. */
  duplicatesRemoved: number;
}

/** True when timestamps strictly increase (sorted, no duplicates). */
export function isStrictlyIncreasing(ts: Float64Array): boolean {
  for (let i = 1; i < ts.length; i++) if (!(ts[i]! > ts[i - 1]!)) return false;
  return true;
}

/** Row order that sorts by timestamp; rows with equal timestamps keep their file order. */
export function sortOrder(ts: Float64Array): Uint32Array {
  const order = new Uint32Array(ts.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => ts[a]! - ts[b]! || a - b);
  return order;
}

/**
 * Sort by timestamp and keep the LAST row of each timestamp (a later row in a file is a
 * later download or correction, as in Freqtrade's `drop_duplicates(keep="last")`).
 */
export function sortAndDedupe(c: Candles): SortDedupeResult {
  const ts = c.timestamp;
  const n = ts.length;
  if (isStrictlyIncreasing(ts)) return { candles: c, reordered: false, duplicatesRemoved: 0 };
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(ts[i])) throw new DataError(`row ${i}: timestamp is NaN; cannot sort`);
  }
  let reordered = false;
  for (let i = 1; i < n; i++) {
    if (ts[i]! < ts[i - 1]!) {
      reordered = true;
      break;
    }
  }
  const order = reordered ? sortOrder(ts) : undefined;
  // Keep position k of the sorted order when the next sorted row has a different timestamp.
  let kept = 0;
  for (let k = 0; k < n; k++) {
    const i = order ? order[k]! : k;
    const j = k + 1 < n ? (order ? order[k + 1]! : k + 1) : -1;
    if (j < 0 || ts[j] !== ts[i]) kept++;
  }
  const out = allocateCandles(kept);
  let w = 0;
  for (let k = 0; k < n; k++) {
    const i = order ? order[k]! : k;
    const j = k + 1 < n ? (order ? order[k + 1]! : k + 1) : -1;
    if (j >= 0 && ts[j] === ts[i]) continue;
    out.timestamp[w] = ts[i]!;
    out.open[w] = c.open[i]!;
    out.high[w] = c.high[i]!;
    out.low[w] = c.low[i]!;
    out.close[w] = c.close[i]!;
    out.volume[w] = c.volume[i]!;
    w++;
  }
  return { candles: out, reordered, duplicatesRemoved: n - kept };
}

/** Sort by timestamp without dropping anything (stable: equal timestamps keep file order). */
export function sortCandles(c: Candles): Candles {
  const ts = c.timestamp;
  let sorted = true;
  for (let i = 1; i < ts.length; i++) {
    if (ts[i]! < ts[i - 1]!) {
      sorted = false;
      break;
    }
  }
  if (sorted) return c;
  const order = sortOrder(ts);
  const out = allocateCandles(ts.length);
  const src = [c.timestamp, c.open, c.high, c.low, c.close, c.volume];
  const dst = [out.timestamp, out.open, out.high, out.low, out.close, out.volume];
  for (let col = 0; col < 6; col++) {
    const s = src[col]!;
    const d = dst[col]!;
    for (let k = 0; k < order.length; k++) d[k] = s[order[k]!]!;
  }
  return out;
}

export interface FillGapsResult {
  candles: Candles;
  /** Candles inserted. */
  filled: number;
}

/**
 * Freqtrade's gap filling: every missing candle between the first and the last becomes
 * open = high = low = close = previous close, volume 0. Input must be sorted and free of
 * duplicates (run sortAndDedupe first). Candles are inserted at previous + k * timeframe, so
 * aligned data stays aligned.
 */
export function fillGaps(c: Candles, timeframeMs: number): FillGapsResult {
  if (!(timeframeMs > 0)) throw new DataError(`fillGaps: timeframe must be positive, got ${timeframeMs} ms`);
  const ts = c.timestamp;
  const n = ts.length;
  let missing = 0;
  for (let i = 1; i < n; i++) {
    const step = ts[i]! - ts[i - 1]!;
    if (!(step > 0)) {
      throw new DataError(`fillGaps: rows ${i - 1} and ${i} are not in strictly increasing time order; sort and dedupe first`);
    }
    if (step > timeframeMs) missing += Math.ceil(step / timeframeMs) - 1;
  }
  if (missing === 0) return { candles: c, filled: 0 };
  const out = allocateCandles(n + missing);
  let w = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      const prevTs = ts[i - 1]!;
      const prevClose = c.close[i - 1]!;
      for (let t = prevTs + timeframeMs; t < ts[i]!; t += timeframeMs) {
        out.timestamp[w] = t;
        out.open[w] = prevClose;
        out.high[w] = prevClose;
        out.low[w] = prevClose;
        out.close[w] = prevClose;
        out.volume[w] = 0;
        w++;
      }
    }
    out.timestamp[w] = ts[i]!;
    out.open[w] = c.open[i]!;
    out.high[w] = c.high[i]!;
    out.low[w] = c.low[i]!;
    out.close[w] = c.close[i]!;
    out.volume[w] = c.volume[i]!;
    w++;
  }
  return { candles: out, filled: missing };
}
