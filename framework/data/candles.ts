/**
 * The one in-memory representation of market data: columnar OHLCV candles in typed arrays.
 * Timestamps are candle open times in epoch milliseconds, held as float64 (exact up to 2^53)
 * so every column is a Float64Array and the backtest loop indexes them uniformly.
 */
export interface Candles {
  readonly timestamp: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export const CANDLE_COLUMNS = ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const;
export type CandleColumn = (typeof CANDLE_COLUMNS)[number];

export function candleCount(c: Candles): number {
  return c.timestamp.length;
}

export function allocateCandles(n: number): Candles {
  return {
    timestamp: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
}

/** A view of rows [start, end) sharing memory with `c`. */
export function sliceCandles(c: Candles, start: number, end: number): Candles {
  return {
    timestamp: c.timestamp.subarray(start, end),
    open: c.open.subarray(start, end),
    high: c.high.subarray(start, end),
    low: c.low.subarray(start, end),
    close: c.close.subarray(start, end),
    volume: c.volume.subarray(start, end),
  };
}

/**
 * open, high, low, close of row i at 4i..4i+3: the layout the backtest loop reads (one memory
 * stream instead of four), also stored in the column cache. Written into `out` when given.
 */
export function interleaveOhlc(c: Candles, out: Float64Array = new Float64Array(4 * c.timestamp.length)): Float64Array {
  const n = c.timestamp.length;
  const o = c.open;
  const h = c.high;
  const l = c.low;
  const cl = c.close;
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    out[j] = o[i]!;
    out[j + 1] = h[i]!;
    out[j + 2] = l[i]!;
    out[j + 3] = cl[i]!;
  }
  return out;
}

/** Build candles from Freqtrade-style rows [ms, open, high, low, close, volume]. */
export function candlesFromRows(rows: ArrayLike<ArrayLike<number>>): Candles {
  const n = rows.length;
  const c = allocateCandles(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    c.timestamp[i] = r[0]!;
    c.open[i] = r[1]!;
    c.high[i] = r[2]!;
    c.low[i] = r[3]!;
    c.close[i] = r[4]!;
    c.volume[i] = r[5]!;
  }
  return c;
}

/** Rows in timestamp range [startMs, endMs) as a zero-copy view; input must be sorted. */
export function candlesInRange(c: Candles, startMs: number, endMs: number): Candles {
  const ts = c.timestamp;
  return sliceCandles(c, lowerBound(ts, startMs), lowerBound(ts, endMs));
}

/** First index whose value is >= target (binary search over a sorted array). */
export function lowerBound(sorted: Float64Array, target: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
