import { hashCandles } from '../../data/candle-hash.ts';
import { interleaveOhlc, type Candles } from '../../data/candles.ts';
import type { LoadedData } from '../../engine/backtest/prepare-data.ts';

/**
 * Candles loaded once in the main thread and shared with every worker: each column lives in a
 * SharedArrayBuffer, and posting the descriptor to a worker shares the memory (structured clone
 * of a SharedArrayBuffer passes a reference), so N workers cost one copy of the data, not N.
 *
 * One buffer per series (six columns back to back) keeps the number of shared objects small.
 */

/** A candle series as it travels to a worker: one buffer, `length` rows per column. */
export interface SharedCandles {
  buffer: SharedArrayBuffer;
  length: number;
}

export interface SharedLoadedData {
  /**
   * Per pair also what every epoch's backtest derives from the candles alone: the OHLC columns
   * interleaved for the loop (PreparedPair.ohlc, 4 x 8 bytes per candle, shared too) and the
   * candles' hash (PreparedPair.dataHash).
   */
  pairs: Array<{ pair: string; filled: number; candles: SharedCandles; ohlc: SharedArrayBuffer; dataHash: string }>;
  /** Informative candles by `pair|timeframe`. */
  informative: Array<{ key: string; candles: SharedCandles }>;
}

const COLUMNS = 6;

/** Copy candles into one SharedArrayBuffer (the only copy the run makes). */
export function shareCandles(c: Candles): SharedCandles {
  const n = c.timestamp.length;
  const buffer = new SharedArrayBuffer(Math.max(1, n * COLUMNS * 8));
  const all = new Float64Array(buffer, 0, n * COLUMNS);
  all.set(c.timestamp, 0);
  all.set(c.open, n);
  all.set(c.high, 2 * n);
  all.set(c.low, 3 * n);
  all.set(c.close, 4 * n);
  all.set(c.volume, 5 * n);
  return { buffer, length: n };
}

/** interleaveOhlc's layout, in shared memory. */
function shareOhlc(c: Candles): SharedArrayBuffer {
  const n = c.timestamp.length;
  const buffer = new SharedArrayBuffer(Math.max(8, n * 32));
  interleaveOhlc(c, new Float64Array(buffer, 0, 4 * n));
  return buffer;
}

/** Per pair, the interleaved OHLC (a view over the shared memory) and the data hash, for EpochAnalysis. */
export function pairDerivedFromShared(shared: SharedLoadedData): Map<string, { ohlc: Float64Array; dataHash: string }> {
  return new Map(shared.pairs.map((p) => [p.pair, { ohlc: new Float64Array(p.ohlc, 0, 4 * p.candles.length), dataHash: p.dataHash }]));
}

/** Views over a shared series (no copy). */
export function sharedCandleViews(s: SharedCandles): Candles {
  const n = s.length;
  const col = (k: number): Float64Array => new Float64Array(s.buffer, k * n * 8, n);
  return { timestamp: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) };
}

export function shareLoadedData(data: LoadedData): SharedLoadedData {
  return {
    pairs: data.pairs.map((p) => ({ pair: p.pair, filled: p.filled, candles: shareCandles(p.candles), ohlc: shareOhlc(p.candles), dataHash: hashCandles(p.candles) })),
    informative: [...data.informative].map(([key, c]) => ({ key, candles: shareCandles(c) })),
  };
}

/** LoadedData for runBacktest({ loaded }) over the shared memory. */
export function loadedFromShared(shared: SharedLoadedData): LoadedData {
  return {
    pairs: shared.pairs.map((p) => ({ pair: p.pair, filled: p.filled, candles: sharedCandleViews(p.candles) })),
    informative: new Map(shared.informative.map((i) => [i.key, sharedCandleViews(i.candles)])),
  };
}

/** Bytes of shared candle memory (for the run's log line and the benchmark). */
export function sharedBytes(shared: SharedLoadedData): number {
  let b = 0;
  for (const p of shared.pairs) b += p.candles.buffer.byteLength + p.ohlc.byteLength;
  for (const i of shared.informative) b += i.candles.buffer.byteLength;
  return b;
}
