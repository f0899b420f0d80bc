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
  return fillGapsAt(c, timeframeMs, findGaps(c.timestamp, timeframeMs));
}

/**
 * Where fillGaps inserts candles: pairs [row, missing] flattened, `row` being the first row
 * after a gap and `missing` the candles inserted before it (ceil(step / timeframe) - 1).
 * Throws when the rows are not in strictly increasing time order.
 */
export function findGaps(ts: Float64Array, timeframeMs: number): number[] {
  if (!(timeframeMs > 0)) throw new DataError(`fillGaps: timeframe must be positive, got ${timeframeMs} ms`);
  const gaps: number[] = [];
  const n = ts.length;
  for (let i = 1; i < n; i++) {
    const step = ts[i]! - ts[i - 1]!;
    // The usual step first: one comparison per row on regular data.
    if (step === timeframeMs) continue;
    if (!(step > 0)) {
      throw new DataError(`fillGaps: rows ${i - 1} and ${i} are not in strictly increasing time order; sort and dedupe first`);
    }
    if (step > timeframeMs) gaps.push(i, Math.ceil(step / timeframeMs) - 1);
  }
  return gaps;
}

/**
 * fillGaps with the gaps already found (findGaps of these candles): the rows between gaps are
 * block copies (memcpy) rather than a loop over every row, which in a fresh process runs in the
 * interpreter and costs milliseconds per 100k rows.
 */
export function fillGapsAt(c: Candles, timeframeMs: number, gaps: readonly number[]): FillGapsResult {
  if (!(timeframeMs > 0)) throw new DataError(`fillGaps: timeframe must be positive, got ${timeframeMs} ms`);
  const missing = missingRows(gaps);
  if (missing === 0) return { candles: c, filled: 0 };
  const n = c.timestamp.length;
  const out = allocateCandles(n + missing);
  const src = [c.timestamp, c.open, c.high, c.low, c.close, c.volume];
  const dst = [out.timestamp, out.open, out.high, out.low, out.close, out.volume];
  forEachRun(n, gaps, (from, to, at) => {
    for (let j = 0; j < 6; j++) dst[j]!.set(src[j]!.subarray(from, to), at);
  });
  writeGapRows(out, timeframeMs, gaps);
  return { candles: out, filled: missing };
}

/** Candles the gaps of findGaps add. */
export function missingRows(gaps: readonly number[]): number {
  let missing = 0;
  for (let k = 1; k < gaps.length; k += 2) missing += gaps[k]!;
  return missing;
}

/** The stored rows [from, to) of `n` and the row `at` where they land once the gaps are filled, in order. */
export function forEachRun(n: number, gaps: readonly number[], run: (from: number, to: number, at: number) => void): void {
  let from = 0;
  let at = 0;
  for (let k = 0; k < gaps.length; k += 2) {
    const i = gaps[k]!;
    run(from, i, at);
    at += i - from + gaps[k + 1]!;
    from = i;
  }
  run(from, n, at);
}

/**
 * The inserted candles of a filled series whose stored rows are already in place (forEachRun):
 * timestamps previous + k * timeframe, open = high = low = close = previous close, volume 0
 * (as allocated). `ohlc`: the interleaved open, high, low, close of the same rows, filled alike.
 */
export function writeGapRows(out: Candles, timeframeMs: number, gaps: readonly number[], ohlc?: Float64Array): void {
  let inserted = 0;
  for (let k = 0; k < gaps.length; k += 2) {
    const w = gaps[k]! + inserted; // first inserted row; the stored row before the gap is at w - 1
    const count = gaps[k + 1]!;
    const prevClose = out.close[w - 1]!;
    let t = out.timestamp[w - 1]! + timeframeMs;
    for (let j = 0; j < count; j++, t += timeframeMs) out.timestamp[w + j] = t;
    out.open.fill(prevClose, w, w + count);
    out.high.fill(prevClose, w, w + count);
    out.low.fill(prevClose, w, w + count);
    out.close.fill(prevClose, w, w + count);
    ohlc?.fill(prevClose, 4 * w, 4 * (w + count));
    inserted += count;
  }
}
